package sampleserver

import (
	"bytes"
	"context"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"
)

// The server's HTTP timeouts default to what docs/protocol.md promises: a
// request's headers (and the TLS handshake before them) within 10 s, an
// idle keep-alive connection closed after 30 s, on every listener. The
// timeouts at work are shown with short values (TestSlowHeadersAreCut,
// TestIdleKeepAliveConnectionIsClosed); no test waits out the defaults,
// so this one holds them.
func TestHTTPTimeoutsDefaultToWhatTheDocsPromise(t *testing.T) {
	s := startServer(t, Config{})
	for i, hs := range s.httpServers {
		if hs.ReadHeaderTimeout != 10*time.Second || hs.IdleTimeout != 30*time.Second {
			t.Errorf("listener %s: headers within %s, idle for %s; want 10s and 30s", s.addrs[i], hs.ReadHeaderTimeout, hs.IdleTimeout)
		}
	}
}

// Config.Log also receives what net/http reports of a connection, such as
// a failed TLS handshake: here a client that speaks no TLS to the wss
// listener.
func TestLogReceivesNetHTTPsErrors(t *testing.T) {
	logs := newLogWatcher()
	s := startServer(t, Config{Log: logs.logger()})
	conn, err := net.DialTimeout("tcp", s.TLSAddr(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("no TLS at all\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := logs.wait("TLS handshake error"); err != nil {
		t.Error(err)
	}
}

// A listener that fails while the server runs is logged: that address is
// no longer served. (Here the test closes it under the server.) The end of
// every listener at Close is no error, and is not logged.
func TestAListenerThatFailsIsLoggedButNotTheEndAtClose(t *testing.T) {
	logs := newLogWatcher()
	s, err := Start(context.Background(), Config{Log: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.listeners[2].Close()
	if err := logs.wait("serve " + s.addrs[2] + ": "); err != nil {
		t.Fatal(err)
	}
	s.Close() // returns once every Serve has
	logs.mu.Lock()
	defer logs.mu.Unlock()
	var serve []string
	for _, l := range logs.lines {
		if strings.HasPrefix(l, "serve ") {
			serve = append(serve, l)
		}
	}
	if len(serve) != 1 {
		t.Errorf("logged %q, want only the failed listener", serve)
	}
}

// ownContext is a context of the caller's own type: context.AfterFunc
// watches one with a goroutine of its own.
type ownContext struct {
	context.Context
	done chan struct{}
}

func (c ownContext) Done() <-chan struct{} { return c.done }

// Close lets go of Start's context: a server started under a long-lived
// context (an app's, say) and closed leaves nothing behind that waits on
// it, not even the goroutine that watches a context of the caller's own
// type to close the server when it ends.
func TestCloseStopsWatchingStartsContext(t *testing.T) {
	ctx := ownContext{Context: context.Background(), done: make(chan struct{})}
	defer close(ctx.done) // only at the end: the context outlives the server
	before := goleak.IgnoreCurrent()
	s, err := Start(ctx, Config{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	goleak.VerifyNone(t, before)
}

// An open WebSocket does not hold on to net/http's goroutine for its
// connection, nor to what that goroutine holds (the request, a stack grown
// through the handshake): after the handshake the session goes on in a
// goroutine of its own, and net/http's returns (goOn). That is memory per
// connection (docs/performance.md), checked here by what runs: while the
// WebSockets stay open, no goroutine is left in net/http's serving of a
// connection.
func TestOpenWebSocketsLetNetHTTPsGoroutinesGo(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{"/echo", "/greet", "/sample"} {
		c := dial(t, s, s.URL(path))
		write(t, c, websocket.MessageText, []byte("Hello World"))
		read(t, c) // the handshake is over and the session serves
	}
	waitFor(t, "net/http's connection goroutines to end", func() bool {
		return !bytes.Contains(allStacks(), []byte("net/http.(*conn).serve("))
	})
}

// allStacks is every goroutine's stack.
func allStacks() []byte {
	buf := make([]byte, 1<<20)
	for {
		if n := runtime.Stack(buf, true); n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}
