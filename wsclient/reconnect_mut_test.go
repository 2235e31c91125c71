package wsclient_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http/httptest"
	"sync/atomic"
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

// Options.Reconnect does not retry a certificate problem: after a loss,
// a reconnect that meets a certificate the client does not trust ends the
// session with that failure. Retrying would only hide it, and a server
// that changed its certificate will not change it back by itself. Here
// the server's first handshake presents a certificate the client trusts,
// every later one a stranger's, and its first connection is dropped.
func TestReconnectDoesNotRetryACertificateProblemAfterALoss(t *testing.T) {
	trusted := newPKI(t, "Trusted CA", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	stranger := newPKI(t, "Stranger CA", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	var hellos atomic.Int32
	url := wssServer(t, &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		cert := stranger.server
		if hellos.Add(1) == 1 {
			cert = trusted.server
		}
		// No session tickets: a resumed session would skip the certificate.
		return &tls.Config{Certificates: []tls.Certificate{cert}, SessionTicketsDisabled: true}, nil
	}}, func(ctx context.Context, c *websocket.Conn) {}) // drops each connection
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{
		Reconnect: true, TLSConfig: &tls.Config{RootCAs: trusted.pool}}}})
	rec := record(t, s)
	s.Start(url)
	if lost := rec.waitFor(wsclient.EventClosed, 5*time.Second); lost.IsFinal() {
		t.Fatalf("the loss ended the session: %s", lost)
	}
	failed := rec.waitFor(wsclient.EventConnectFailed, 5*time.Second)
	var ce *wsclient.ConnectError
	if !errors.As(failed.Err, &ce) || ce.Kind != wsclient.KindTLS || ce.TLS != wsclient.TLSUntrusted {
		t.Fatalf("the reconnect failed with %v, want an untrusted certificate", failed.Err)
	}
	if !failed.IsFinal() || failed.Retry != 0 {
		t.Errorf("the certificate problem is retried (final %v, retry %s): %s", failed.IsFinal(), failed.Retry, failed)
	}
	s.Stop()
}

// After a loss, a reconnect that fails for a reason the client cannot
// sort (KindOther: here the server accepts TCP and hangs up before it
// answers the handshake) is tried again, like one that finds nothing
// listening: it may pass by itself.
func TestReconnectRetriesAFailureOfNoKnownKind(t *testing.T) {
	var running handlers
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewUnstartedServer(accepting(ctx, &running, func(ctx context.Context, c *websocket.Conn) {})) // drops the connection
	srv.Listener = &hangUpAfterFirst{Listener: srv.Listener}
	srv.Start()
	t.Cleanup(func() {
		cancel()
		srv.CloseClientConnections()
		srv.Close()
		running.closeAndWait()
	})
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	rec.waitFor(wsclient.EventClosed, 5*time.Second)
	failed := rec.waitFor(wsclient.EventConnectFailed, 5*time.Second)
	var ce *wsclient.ConnectError
	if !errors.As(failed.Err, &ce) || ce.Kind != wsclient.KindOther {
		t.Fatalf("the reconnect failed with %v, want a failure of no known kind", failed.Err)
	}
	if failed.IsFinal() || failed.Retry != 2*time.Second {
		t.Fatalf("the failed reconnect: %s (final %v, retry %s), want a retry in 2s", failed, failed.IsFinal(), failed.Retry)
	}
	if again := rec.waitFor(wsclient.EventReconnecting, 5*time.Second); again.Attempt != 2 {
		t.Errorf("second reconnect: %s", again)
	}
	s.Stop()
	rec.waitForEnd(5 * time.Second)
}

// hangUpAfterFirst is a listener that serves its first connection and
// closes every later one as soon as it is accepted.
type hangUpAfterFirst struct {
	net.Listener
	accepted atomic.Int32
}

func (l *hangUpAfterFirst) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil || l.accepted.Add(1) == 1 {
			return c, err
		}
		c.Close()
	}
}
