package sampleserver

import (
	"context"
	"crypto/tls"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testTimeout bounds every wait in these tests.
const testTimeout = 10 * time.Second

// startServer starts a server for one test and closes it at the end.
func startServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testCtx is a context bounded by testTimeout and the test's end.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// dial connects to u (ws or wss; wss trusts the server's CA) and closes
// the connection at the end of the test.
func dial(t *testing.T, s *Server, u string) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(testCtx(t), u, &websocket.DialOptions{HTTPClient: httpClient(s, nil)})
	if err != nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// httpClient trusts s's CA and presents cert when not nil. Each client
// has its own transport, closed with the test, so no idle connection or
// goroutine survives it.
func httpClient(s *Server, cert *tls.Certificate) *http.Client {
	cfg := &tls.Config{RootCAs: s.CAPool()}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg, DisableKeepAlives: true}}
}

// read reads one whole message.
func read(t *testing.T, c *websocket.Conn) (websocket.MessageType, string) {
	t.Helper()
	typ, p, err := c.Read(testCtx(t))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return typ, string(p)
}

// write writes one message.
func write(t *testing.T, c *websocket.Conn, typ websocket.MessageType, p []byte) {
	t.Helper()
	if err := c.Write(testCtx(t), typ, p); err != nil {
		t.Fatalf("write: %v", err)
	}
}
