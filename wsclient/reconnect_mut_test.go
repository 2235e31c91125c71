package wsclient_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// Reconnect is for a connection that was lost: a first connect that fails
// (here nothing listens on the port) ends the session at once with
// EventConnectFailed and no retry, so a wrong address is reported, not
// tried again for ever.
func TestReconnectDoesNotRetryAFirstConnectThatFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the port is free now: a connect is refused
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start("ws://" + addr + "/")
	if end := rec.waitForEnd(5 * time.Second); end.Kind != wsclient.EventConnectFailed {
		t.Errorf("end = %s, want the connect failure", end)
	}
	for _, e := range rec.seen {
		if e.Kind == wsclient.EventReconnecting {
			t.Errorf("a first connect that failed was retried: %s", e)
		}
	}
}

// After a loss, a reconnect that finds nothing listening (the server is
// gone, for now) is tried again, 2 s later: such a failure may pass by
// itself, unlike a refused handshake.
func TestReconnectRetriesWhileTheServerIsGone(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {}) // drops each connection
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	rec.waitFor(wsclient.EventClosed, 5*time.Second)
	srv.Listener.Close() // the 1 s wait has begun: the reconnect is refused
	if first := rec.waitFor(wsclient.EventReconnecting, 5*time.Second); first.Attempt != 1 {
		t.Fatalf("first reconnect: %s", first)
	}
	if failed := rec.waitFor(wsclient.EventConnectFailed, 5*time.Second); failed.IsFinal() || failed.Retry != 2*time.Second {
		t.Errorf("the refused reconnect: %s (final %v, retry %s), want a retry in 2s", failed, failed.IsFinal(), failed.Retry)
	}
	if again := rec.waitFor(wsclient.EventReconnecting, 5*time.Second); again.String() != "Reconnecting in 2s (attempt 2)..." {
		t.Errorf("second reconnect: %q", again)
	}
	s.Stop()
	rec.waitForEnd(5 * time.Second)
}
