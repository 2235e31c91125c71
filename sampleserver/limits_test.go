package sampleserver

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// httpConn opens a plain TCP connection to addr for hand-made HTTP.
func httpConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// getKeepAlive sends GET / on conn and reads the whole answer, leaving the
// connection open (HTTP/1.1 keeps it alive by default).
func getKeepAlive(t *testing.T, conn net.Conn) *bufio.Reader {
	t.Helper()
	conn.SetDeadline(time.Now().Add(testTimeout))
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("GET /: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("GET /: %s, close=%v; want 200 on a connection kept alive", resp.Status, resp.Close)
	}
	return br
}

// closedByServer waits (at most testTimeout) for the server to close conn
// and reports whether it did: a read that ends with EOF or a reset, not
// with the deadline.
func closedByServer(conn net.Conn, r io.Reader) bool {
	conn.SetReadDeadline(time.Now().Add(testTimeout))
	_, err := r.Read(make([]byte, 1))
	return err != nil && !isTimeout(err)
}

// An idle keep-alive connection is closed after the idle timeout; without
// one net/http keeps it open for ever.
func TestIdleKeepAliveConnectionIsClosed(t *testing.T) {
	s := startServer(t, Config{idleTimeout: 50 * time.Millisecond})
	conn := httpConn(t, s.Addr())
	br := getKeepAlive(t, conn)
	if !closedByServer(conn, br) {
		t.Fatal("the idle keep-alive connection is still open")
	}
	assertServes(t, s)
}

// Slow loris: a client that never finishes its request headers, or never
// sends a byte, is cut after the header timeout, on every listener (on the
// TLS ones, net/http bounds the TLS handshake by the same timeout).
func TestSlowHeadersAreCut(t *testing.T) {
	// Not shorter: the same timeout bounds the TLS handshake, which took
	// up to 30 ms here on a loaded machine with -race.
	s := startServer(t, Config{readHeaderTimeout: 500 * time.Millisecond})
	cert := s.ClientCertificate()
	for _, l := range []struct {
		addr string
		tls  *tls.Config
	}{
		{s.Addr(), nil},
		{s.TLSAddr(), &tls.Config{RootCAs: s.CAPool(), ServerName: "127.0.0.1"}},
		{s.ClientAuthAddr(), &tls.Config{RootCAs: s.CAPool(), ServerName: "127.0.0.1", Certificates: []tls.Certificate{cert}}},
	} {
		var conn net.Conn = httpConn(t, l.addr)
		if l.tls != nil {
			tc := tls.Client(conn, l.tls)
			if err := tc.HandshakeContext(testCtx(t)); err != nil {
				t.Fatal(err)
			}
			conn = tc
		}
		io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1") // and never the end
		if !closedByServer(conn, conn) {
			t.Errorf("%s: a request with unfinished headers is still open", l.addr)
		}
		silent := httpConn(t, l.addr)
		if !closedByServer(silent, silent) {
			t.Errorf("%s: a connection that sends nothing is still open", l.addr)
		}
	}
	assertServes(t, s)
}

// Keep-alive connections count: the server holds at most 2×MaxConnections
// TCP connections, and when it is full it closes the connections idle the
// longest to make room. A normal client is still served.
func TestIdleConnectionsAreBounded(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 2})
	const bound = 2 * 2
	type idle struct {
		conn net.Conn
		r    *bufio.Reader
	}
	var conns []idle
	for range 3 * bound {
		conn := httpConn(t, s.Addr())
		conns = append(conns, idle{conn, getKeepAlive(t, conn)})
	}
	closed := make(chan bool, len(conns))
	for _, c := range conns {
		go func() { closed <- closedByServer(c.conn, c.r) }()
	}
	// The first len(conns)-bound were made room for; the others may stay.
	n := 0
	for range len(conns) - bound {
		if <-closed {
			n++
		}
	}
	if n != len(conns)-bound {
		t.Fatalf("%d of %d idle connections closed, want %d", n, len(conns), len(conns)-bound)
	}
	if open := s.conns.len(); open > bound {
		t.Errorf("%d TCP connections open, want at most %d", open, bound)
	}
	assertServes(t, s)
	for _, c := range conns {
		c.conn.Close() // unblock the readers still waiting
	}
	for range bound {
		<-closed
	}
}

// When the server is full of connections that are not idle (here: never
// sending a request), a further one is closed at once rather than queued.
func TestConnectionsBeyondTheBoundAreRefused(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 1})
	var waiting []net.Conn
	for range 2 {
		waiting = append(waiting, httpConn(t, s.Addr()))
	}
	waitFor(t, "the server to hold both connections", func() bool { return s.conns.len() == 2 })
	extra := httpConn(t, s.Addr())
	if !closedByServer(extra, extra) {
		t.Fatal("a connection beyond the bound is held open")
	}
	for _, c := range waiting {
		c.Close()
	}
	waitFor(t, "the connections to go", func() bool { return s.conns.len() == 0 })
	assertServes(t, s)
}
