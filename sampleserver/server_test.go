package sampleserver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// Every endpoint answers a client's close frame with the client's own code
// and reason, as the Windows sample's server did.
func TestClientCloseIsEchoed(t *testing.T) {
	s := startServer(t, Config{})
	paths := []string{"/echo", "/sample", "/partial", "/greet", "/close?after=1h", "/drop?after=1h", "/flood?rate=1K"}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			// The exact frame, seen by a hand-made client.
			raw := rawDial(t, s.Addr(), path)
			raw.send(true, wsframe.Close, wsframe.ClosePayload(4001, "bye"))
			if code, reason := raw.recvClose(); code != 4001 || reason != "bye" {
				t.Errorf("server's close frame = %d %q, want 4001 %q", code, reason, "bye")
			}
			raw.expectEOF()

			// coder/websocket's Close returns nil only when the peer's close
			// frame carries the code it sent.
			c := dial(t, s, s.URL(path))
			if err := c.Close(4001, "bye"); err != nil {
				t.Errorf("Close(4001, bye): %v", err)
			}
		})
	}
}

func TestIndexAndUnknownPath(t *testing.T) {
	s := startServer(t, Config{})
	status, body := get(t, s.URL("/"))
	if status != http.StatusOK {
		t.Fatalf("GET /: %d", status)
	}
	for _, e := range Endpoints() {
		if !strings.Contains(body, e.Example) {
			t.Errorf("index does not list %s:\n%s", e.Example, body)
		}
	}
	if status, body := get(t, s.URL("/nope")); status != http.StatusNotFound {
		t.Errorf("GET /nope: %d %q", status, body)
	}
	// A plain GET to a WebSocket endpoint is told to upgrade.
	if status, _ := get(t, s.URL("/echo")); status != http.StatusUpgradeRequired {
		t.Errorf("GET /echo without Upgrade: %d, want 426", status)
	}
	if status, _ := get(t, s.URL("/partial")); status != http.StatusUpgradeRequired {
		t.Errorf("GET /partial without Upgrade: %d, want 426", status)
	}
}

func TestMaxConnections(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 2})
	first := dial(t, s, s.URL("/echo"))
	dial(t, s, s.URL("/sample"))

	status, body := dialStatus(t, s, s.URL("/echo"))
	if status != http.StatusServiceUnavailable || body != "Too many connections: the sample server serves at most 2 at a time.\n" {
		t.Fatalf("third connection: %d %q, want 503", status, body)
	}

	// Once one leaves, there is room again (as soon as its handler ends).
	if err := first.Close(websocket.StatusNormalClosure, ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(testTimeout)
	for {
		status, _ := dialStatus(t, s, s.URL("/echo"))
		if status == http.StatusSwitchingProtocols {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d after a connection closed", status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Close with connections in every state returns promptly: WebSockets get
// 1001, a request that was never answered is cut, and (TestMain's goleak)
// no goroutine is left.
func TestCloseWithOpenConnections(t *testing.T) {
	s, err := Start(context.Background(), Config{})
	if err != nil {
		t.Fatal(err)
	}

	// An echo client that reads sees the goodbye.
	echoC := dial(t, s, s.URL("/echo"))
	readErr := make(chan error, 1)
	go func() {
		_, _, err := echoC.Read(context.Background())
		readErr <- err
	}()
	// A /silent client that never reads, a /hang request, a /partial and a
	// wss connection.
	dial(t, s, s.URL("/silent"))
	dial(t, s, s.SecureURL("/flood?rate=1K"))
	partial := rawDial(t, s.Addr(), "/partial")
	partial.recv() // announcement
	hang, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer hang.Close()
	hang.Write([]byte("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n"))
	// An idle keep-alive HTTP connection.
	idle, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()

	waitFor(t, "all handlers to start", func() bool { return len(s.slots) == 5 })

	start := time.Now()
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(testTimeout):
		t.Fatal("Close did not return")
	}
	// The grace period for clients that never answer is a second.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	select {
	case <-s.Done():
	default:
		t.Error("Done is not closed after Close returned")
	}

	err = <-readErr
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.StatusGoingAway || ce.Reason != shutdownReason {
		t.Errorf("echo client saw %v, want 1001 %q", err, shutdownReason)
	}
	if code, reason := partial.recvClose(); code != 1001 || reason != shutdownReason {
		t.Errorf("/partial client saw %d %q, want 1001", code, reason)
	}
	hang.SetReadDeadline(time.Now().Add(testTimeout))
	if n, err := hang.Read(make([]byte, 1)); n != 0 || err == nil || isTimeout(err) {
		t.Errorf("/hang client: %d bytes, %v; want the connection closed", n, err)
	}

	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// The ports are free again.
	for _, addr := range []string{s.Addr(), s.TLSAddr(), s.ClientAuthAddr()} {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("port %s still in use: %v", addr, err)
			continue
		}
		ln.Close()
	}
}

// The end of Start's context shuts the server down like Close.
func TestContextEndsServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s, s.URL("/echo"))
	readErr := make(chan error, 1)
	go func() {
		_, _, err := c.Read(context.Background())
		readErr <- err
	}()
	cancel()
	select {
	case <-s.Done():
	case <-time.After(testTimeout):
		t.Fatal("server still running after its context ended")
	}
	if err := <-readErr; websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("client saw %v, want 1001", err)
	}
	if _, _, err := websocket.Dial(testCtx(t), s.URL("/echo"), nil); err == nil {
		t.Error("dial after shutdown succeeded")
	}
}

func TestStartPortInUse(t *testing.T) {
	s := startServer(t, Config{})
	_, err := Start(context.Background(), Config{TLSAddr: s.TLSAddr()})
	if err == nil || !strings.Contains(err.Error(), s.TLSAddr()) {
		t.Fatalf("Start on a port in use: %v", err)
	}
}

func TestURLs(t *testing.T) {
	s := startServer(t, Config{})
	if got, want := s.URL("/reject?status=404"), "ws://"+s.Addr()+"/reject?status=404"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if got, want := s.SecureURL("/echo"), "wss://"+s.TLSAddr()+"/echo"; got != want {
		t.Errorf("SecureURL = %q, want %q", got, want)
	}
	if got, want := s.ClientAuthURL(), "wss://"+s.ClientAuthAddr()+"/clientauth"; got != want {
		t.Errorf("ClientAuthURL = %q, want %q", got, want)
	}
	if !strings.HasPrefix(s.Addr(), "127.0.0.1:") {
		t.Errorf("Addr = %q, want loopback", s.Addr())
	}
	for addr, want := range map[string]string{"0.0.0.0:80": "127.0.0.1:80", "[::]:80": "[::1]:80", "[::1]:80": "[::1]:80", "localhost:80": "localhost:80"} {
		if got := dialable(addr); got != want {
			t.Errorf("dialable(%q) = %q, want %q", addr, got, want)
		}
	}
}

// waitFor polls cond until it holds, failing the test after testTimeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
