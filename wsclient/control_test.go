package wsclient_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// The handshake carries credentials, headers and subprotocols, and the
// password never shows in anything the client reports.
func TestHandshakeCarriesCredentialsHeadersAndSubprotocols(t *testing.T) {
	const password = "s3cret-pa55word"
	var mu sync.Mutex
	var user, pass, extra string
	var running handlers
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !running.enter() {
			return
		}
		defer running.leave()
		mu.Lock()
		user, pass, _ = r.BasicAuth()
		extra = r.Header.Get("X-Demo")
		mu.Unlock()
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"chat.v2"}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		echo(context.Background(), c)
	}))
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close(); running.closeAndWait() })

	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Username: "alice", Password: password, Header: http.Header{"X-Demo": {"yes"}}, Subprotocols: []string{"chat.v1", "chat.v2"}}}})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	c := rec.waitFor(wsclient.EventConnected, 5*time.Second)
	if c.Info.Subprotocol != "chat.v2" || c.Info.StatusLine != "101 Switching Protocols" {
		t.Errorf("info = %+v", c.Info)
	}
	s.Stop()
	rec.waitFor(wsclient.EventClosed, 2*time.Second)
	mu.Lock()
	defer mu.Unlock()
	if user != "alice" || pass != password || extra != "yes" {
		t.Errorf("server saw user %q pass %q X-Demo %q", user, pass, extra)
	}
	for _, line := range rec.lines() {
		if strings.Contains(line, password) {
			t.Errorf("password in the log: %q", line)
		}
	}
}

func TestKeepAliveReportsRoundTrips(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{PingInterval: 20 * time.Millisecond}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	pong := rec.waitFor(wsclient.EventPong, 5*time.Second)
	if pong.RTT <= 0 || !strings.HasPrefix(pong.String(), "Pong received; round trip ") {
		t.Errorf("pong = %v (%s)", pong.RTT, pong)
	}
	s.Stop()
	rec.waitFor(wsclient.EventClosed, 2*time.Second)
}

// A peer that stops reading never answers pings: the connection is declared
// dead and reported lost, though TCP still looks fine.
func TestKeepAliveMissedPongIsADeadConnection(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) { <-ctx.Done() })
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{PingInterval: 20 * time.Millisecond, Options: wsclient.Options{PingTimeout: 100 * time.Millisecond}}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	failed := rec.waitFor(wsclient.EventReadFailed, 5*time.Second)
	if !strings.Contains(failed.String(), "no pong: the connection is dead (none within 100ms)") {
		t.Errorf("failure = %q", failed)
	}
	closed := rec.waitFor(wsclient.EventClosed, 5*time.Second)
	if closed.Close.Code != 1006 || !strings.Contains(closed.Close.Reason, "no pong") {
		t.Errorf("close = %+v", closed.Close)
	}
}

// reconnectServer drops the first connection and keeps the later ones.
func reconnectServer(t *testing.T) (*httptest.Server, func() int) {
	var mu sync.Mutex
	n := 0
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			return // the helper drops the TCP connection: no close frame
		}
		echo(ctx, c)
	})
	return srv, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func TestReconnectAfterLossThenStop(t *testing.T) {
	srv, connections := reconnectServer(t)
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: 20 * time.Millisecond, MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	lost := rec.waitFor(wsclient.EventClosed, 5*time.Second)
	if lost.Close.Code != 1006 || lost.IsFinal() || lost.Retry != time.Second {
		t.Errorf("loss = %+v retry %s final %v; want 1006, a retry in 1s, not final", lost.Close, lost.Retry, lost.IsFinal())
	}
	again := rec.waitFor(wsclient.EventReconnecting, 5*time.Second)
	if again.String() != "Reconnecting in 1s (attempt 1)..." {
		t.Errorf("reconnecting line = %q", again)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	eventually(t, 5*time.Second, "echo after reconnect", func() bool { return s.Received() >= 11 })
	if err := s.Start(wsURL(srv, "/")); err == nil {
		t.Error("Start during a reconnecting session succeeded")
	}
	s.Stop()
	if end := rec.waitForEnd(2 * time.Second); end.Close.By != wsclient.ClosedByClient {
		t.Errorf("end = %s", end)
	}
	if n := connections(); n != 2 {
		t.Errorf("server saw %d connections, want 2", n)
	}
}

func TestStopCancelsAPendingReconnect(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {}) // always drops
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	rec.waitFor(wsclient.EventReconnecting, 5*time.Second)
	stopped := make(chan struct{})
	go func() { s.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(500 * time.Millisecond): // the wait is 1 s: Stop must not sit it out
		t.Fatal("Stop waited for the reconnect delay")
	}
	if end := rec.waitForEnd(time.Second); end.Kind != wsclient.EventReconnectCancelled || !end.IsFinal() {
		t.Errorf("end = %s", end)
	}
}

// A refused handshake is not retried: retrying cannot fix it.
func TestReconnectDoesNotRetryARefusedHandshake(t *testing.T) {
	srv := statusServer(t, 403, "no")
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	if end := rec.waitForEnd(5 * time.Second); end.Kind != wsclient.EventConnectFailed {
		t.Errorf("end = %s", end)
	}
}
