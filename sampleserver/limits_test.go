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

// When the server is full of connections that are at work (here: each has
// sent part of its request and waits for the rest), a further one is
// closed at once rather than queued: none of them may go to make room.
func TestConnectionsBeyondTheBoundAreRefused(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 1})
	var waiting []net.Conn
	for range 2 {
		waiting = append(waiting, partialRequest(t, s.Addr()))
	}
	waitFor(t, "the server to hold both connections, neither silent", func() bool {
		return s.conns.len() == 2 && s.conns.silentLen() == 0
	})
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

// partialRequest opens a connection that sends the start of a request and
// never the rest: a client at work, however slow.
func partialRequest(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn := httpConn(t, addr)
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\n"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// When the server is full, the connection that has sent nothing for the
// longest goes first; only when none is silent, the one idle the longest
// between two requests; never one in the middle of its request.
func TestSilentConnectionsGoFirst(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 2}) // room for 4
	getKeepAlive(t, httpConn(t, s.Addr()))         // idle between two requests
	partialRequest(t, s.Addr())
	older := httpConn(t, s.Addr())
	waitFor(t, "three connections held, one silent", func() bool { return s.conns.len() == 3 && s.conns.silentLen() == 1 })
	newer := httpConn(t, s.Addr())
	waitFor(t, "four connections held, two silent", func() bool { return s.conns.len() == 4 && s.conns.silentLen() == 2 })

	httpConn(t, s.Addr()) // full: the silent one that came first goes
	if !closedByServer(older, older) {
		t.Fatal("the connection silent the longest was not closed to make room")
	}
	httpConn(t, s.Addr()) // then the other one that came before it
	if !closedByServer(newer, newer) {
		t.Fatal("the second silent connection was not closed to make room")
	}
	waitFor(t, "four held again", func() bool { return s.conns.len() == 4 })

	// With no silent connection, the idle one goes, not the busy one.
	s2 := startServer(t, Config{MaxConnections: 1}) // room for 2
	idle2 := httpConn(t, s2.Addr())
	idle2R := getKeepAlive(t, idle2)
	partialRequest(t, s2.Addr())
	waitFor(t, "two held, none silent", func() bool { return s2.conns.len() == 2 && s2.conns.silentLen() == 0 })
	httpConn(t, s2.Addr())
	if !closedByServer(idle2, idle2R) {
		t.Fatal("with no silent connection, the idle one was not closed to make room")
	}
}
