package wsclient_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// A transfer's first line gives its rate in megabytes (10⁶ bytes) per
// second; a transfer that took no measurable time (an empty file, on a
// clock too coarse to see it) shows 0.0, not the NaN or +Inf of a
// division by zero.
func TestTransferResultWordsItsRate(t *testing.T) {
	for _, tt := range []struct {
		r    wsclient.TransferResult
		want string
	}{
		{wsclient.TransferResult{Bytes: 3_000_000, Duration: 2 * time.Second, DiffersAt: -1}, "Sent 3000000 bytes in 2s (1.5 MB/s)"},
		{wsclient.TransferResult{Bytes: 5, DiffersAt: -1}, "Sent 5 bytes in 0s (0.0 MB/s)"},
		{wsclient.TransferResult{DiffersAt: -1}, "Sent 0 bytes in 0s (0.0 MB/s)"},
	} {
		if got := tt.r.Lines()[0]; got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.r, got, tt.want)
		}
	}
}

// OnData is called with every partial read, and only with bytes: a
// message of no bytes (RFC 6455 §5.6 allows one) adds no call, so a
// program that shows each read never shows an empty one.
func TestStreamOnDataSeesOnlyBytesRFC6455Section5_6(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		for _, m := range []string{"", "abc"} {
			if c.Write(ctx, websocket.MessageBinary, []byte(m)) != nil {
				return
			}
		}
		c.Reader(ctx) // until the client closes
	})
	var mu sync.Mutex
	var reads []string
	s, _ := connectedStream(t, wsURL(srv, "/"), wsclient.StreamOptions{Payload: []byte{}, OnData: func(p []byte) {
		mu.Lock()
		reads = append(reads, string(p))
		mu.Unlock()
	}})
	eventually(t, 5*time.Second, "both messages to be read", func() bool { return s.Received() == 3 })
	s.Stop()
	mu.Lock()
	defer mu.Unlock()
	all := ""
	for _, r := range reads {
		if r == "" {
			t.Errorf("OnData got an empty read; reads %q", reads)
		}
		all += r
	}
	if all != "abc" {
		t.Errorf("OnData saw %q, want \"abc\"", all)
	}
}
