package wsclient_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// A FrameSocket's opening handshake offers Sec-WebSocket-Protocol only
// when there are subprotocols to offer (RFC 6455 §4.1: the header, when
// present, lists one or more), in the order given.
func TestFrameSocketOffersSubprotocolsOnlyWhenAskedRFC6455Section4_1(t *testing.T) {
	var mu sync.Mutex
	var offered [][]string // the header's values in each request; nil when absent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		offered = append(offered, r.Header.Values("Sec-WebSocket-Protocol"))
		mu.Unlock()
		http.Error(w, "no", http.StatusForbidden) // the request is all this test needs
	}))
	t.Cleanup(srv.Close)
	for _, protocols := range [][]string{nil, {"chat", "superchat"}} {
		f := wsclient.NewFrameSocket(wsclient.Options{Subprotocols: protocols})
		events := f.Events()
		if err := f.Connect(wsURL(srv, "/")); err != nil {
			t.Fatal(err)
		}
		deadline := time.After(5 * time.Second)
	wait:
		for {
			select {
			case e := <-events:
				if e.IsFinal() {
					break wait
				}
			case <-deadline:
				t.Fatal("the refused handshake did not end the attempt")
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(offered) != 2 || offered[0] != nil || len(offered[1]) != 1 || offered[1][0] != "chat,superchat" {
		t.Errorf("Sec-WebSocket-Protocol offered: %q, want none, then \"chat,superchat\"", offered)
	}
}

// A FrameSocket closed while its handshake waits for the server reports
// a cancelled connect, not a failure to reach the server: the person
// stopped it.
func TestFrameSocketCloseDuringConnectCancels(t *testing.T) {
	uri := hangListener(t)
	f := wsclient.NewFrameSocket(wsclient.Options{HandshakeTimeout: time.Minute})
	events := f.Events()
	if err := f.Connect(uri); err != nil {
		t.Fatal(err)
	}
	nextOfKind(t, events, wsclient.EventConnecting)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	e := nextOfKind(t, events, wsclient.EventConnectFailed)
	var ce *wsclient.ConnectError
	if !errors.As(e.Err, &ce) || ce.Kind != wsclient.KindCancelled {
		t.Errorf("err = %v, want a cancelled connect", e.Err)
	}
}

// nextOfKind returns the next event of the kind from a FrameSocket's
// events, failing the test if none comes within 5 s.
func nextOfKind(t *testing.T, events <-chan wsclient.Event, kind wsclient.EventKind) wsclient.Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-events:
			if e.Kind == kind {
				return e
			}
		case <-deadline:
			t.Fatalf("no event of kind %d within 5 s", kind)
		}
	}
}

// A Ping whose caller gives up first (its context's deadline, shorter
// than PingTimeout) returns the caller's own error, not "no pong within
// 5s": the server was not given the time the options allow it.
func TestPingReturnsTheCallersOwnDeadline(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) { <-ctx.Done() }) // never reads: no pong
	f := wsclient.NewFrameSocket(wsclient.Options{})
	events := f.Events()
	if err := f.Connect(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	nextOfKind(t, events, wsclient.EventConnected)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.Ping(ctx, []byte("p"))
	var se *wsclient.StreamError
	if !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &se) {
		t.Errorf("Ping = %v, want the caller's context.DeadlineExceeded itself", err)
	}
}
