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

// SendFile sends the file as binary messages of chunk bytes, the last
// one shorter, and nothing else (RFC 6455 §5.6): a file of whole chunks
// is exactly that many messages, and no empty one after them.
func TestSendFileSendsAFileOfWholeChunksAsThatManyMessagesRFC6455Section5_6(t *testing.T) {
	const chunk = 1000
	var sizes []int
	served := make(chan struct{})
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		defer close(served)
		for { // echo, noting each message's size, until the client's close
			typ, p, err := c.Read(ctx)
			if err != nil || c.Write(ctx, typ, p) != nil {
				return
			}
			sizes = append(sizes, len(p))
		}
	})
	path, _ := randomFile(t, 3*chunk)
	s, _ := connectedStream(t, wsURL(srv, "/"), wsclient.StreamOptions{Payload: []byte{}})
	tr := sendFile(t, s, path, chunk)
	waitDone(t, tr)
	if r := tr.Result(); !r.EchoVerified() {
		t.Fatalf("result %q", r.Lines())
	}
	s.Stop() // the server reads every message before the close frame, then returns
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not see the client's close")
	}
	if len(sizes) != 3 || sizes[0] != chunk || sizes[1] != chunk || sizes[2] != chunk {
		t.Errorf("the server got messages of %v bytes, want three of %d", sizes, chunk)
	}
}

// SendFile compares with the file only the echo of the file: the echo of
// a payload sent before the transfer, still on its way when the transfer
// begins, is let land first (for up to 2 s), not taken for the file's
// first bytes. Here the server holds the payload's echo until the
// transfer has begun.
func TestSendFileLetsAnEarlierEchoLandFirst(t *testing.T) {
	release := make(chan struct{})
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		typ, p, err := c.Read(ctx)
		if err != nil {
			return
		}
		select {
		case <-release:
		case <-ctx.Done():
			return
		}
		if c.Write(ctx, typ, p) == nil {
			echo(ctx, c)
		}
	})
	path, _ := randomFile(t, 100<<10)
	s, rec := connectedStream(t, wsURL(srv, "/"), wsclient.StreamOptions{Interval: time.Hour}) // one payload, at once
	eventually(t, 5*time.Second, "the payload to be sent", func() bool { return s.Sent() == int64(len(wsclient.DefaultPayload)) })
	tr := sendFile(t, s, path, 16<<10)
	rec.waitFor(wsclient.EventTransferStarted, 5*time.Second)
	close(release)
	waitDone(t, tr)
	if r := tr.Result(); !r.EchoVerified() {
		t.Errorf("the payload's echo was taken for the file's: %q", r.Lines())
	}
}

// A transfer whose echo differs from the file says where, to the byte:
// the offset in the file of the first byte that came back different.
// Here the server changes one byte in the middle of a message, past the
// start of the client's read that brings it.
func TestSendFileFindsTheFirstByteThatCameBackDifferent(t *testing.T) {
	const chunk, wrong = 1000, 1234
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		at := 0 // where in the echo each message begins
		for {
			typ, p, err := c.Read(ctx)
			if err != nil {
				return
			}
			if i := wrong - at; i >= 0 && i < len(p) {
				p[i]++
			}
			at += len(p)
			if c.Write(ctx, typ, p) != nil {
				return
			}
		}
	})
	path, _ := randomFile(t, 3*chunk)
	s, _ := connectedStream(t, wsURL(srv, "/"), wsclient.StreamOptions{Payload: []byte{}}) // reads of 100 bytes
	tr := sendFile(t, s, path, chunk)
	waitDone(t, tr)
	if r := tr.Result(); r.DiffersAt != wrong || r.EchoVerified() || r.Lines()[1] != "Echo differs after byte 1234" {
		t.Errorf("DiffersAt %d, lines %q; want the difference at byte %d", r.DiffersAt, r.Lines(), wrong)
	}
}

// A server that does not echo: the transfer does not wait for the echo
// for ever, nor give up on it early. Once no byte of it has come back for
// 5 s it ends, and says how much came back ("Echo incomplete"). (5 s of
// this test's time: that wait is what it checks.)
func TestSendFileGivesUpOnAnEchoThatStopsAfter5s(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		for { // reads, never echoes
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	})
	path, _ := randomFile(t, 3000)
	s, _ := connectedStream(t, wsURL(srv, "/"), wsclient.StreamOptions{Payload: []byte{}})
	start := time.Now()
	tr := sendFile(t, s, path, 1000)
	waitDone(t, tr)
	if took := time.Since(start); took < 5*time.Second {
		t.Errorf("the transfer gave up on the echo after %s, before 5s without a byte of it", took)
	}
	if r := tr.Result(); r.Lines()[1] != "Echo incomplete: 0 of 3000 bytes came back within 5s" {
		t.Errorf("lines %q", r.Lines())
	}
}

// sendFile starts sending the file at path in chunks of chunk bytes.
func sendFile(t *testing.T, s *wsclient.Stream, path string, chunk int) *wsclient.Transfer {
	t.Helper()
	tr, err := s.SendFile(path, chunk)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// waitDone waits for a transfer to end, at most 30 s.
func waitDone(t *testing.T, tr *wsclient.Transfer) {
	t.Helper()
	select {
	case <-tr.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the transfer did not end")
	}
}
