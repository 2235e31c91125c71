package sampleserver

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// Once the closing handshake is over, the server closes the TCP
// connection at once (RFC 6455 §7.1.1), whether or not the client does.
// Here the server starts the handshake (a frame over /partial's limit:
// 1009, its payload left unread), the client answers with its close frame
// and keeps the connection open; the server must read past the payload to
// that close frame and end the connection, not wait out its linger (an
// hour here: the test's deadline is 10 s). The server's half-close (its
// FIN, sent with its close frame) shows as end of stream at once either
// way, so the test watches the server let go of the connection: the
// handler ends and its slot comes back.
func TestServerClosesTCPOnceTheCloseHandshakeIsOverRFC6455Section7_1_1(t *testing.T) {
	s := startServer(t, Config{MaxMessageSize: 1000, linger: time.Hour})
	c := rawDial(t, s.Addr(), "/partial")
	c.recv() // the announcement
	c.sendFrames(frame{fin: true, op: wsframe.Binary, payload: strings.Repeat("x", 5000)})
	if code, reason := c.recvClose(); code != 1009 {
		t.Fatalf("close %d %q, want 1009 for a frame over the limit", code, reason)
	}
	c.sendFrames(closeFrame(1009, ""))
	c.expectEOF()
	waitFor(t, "the server to end the connection", func() bool { return len(s.slots) == 0 })
}

// A client may close at once: here its close frame leaves in the same
// write as its request, so the server reads it with the request, before
// the WebSocket begins. /silent never reads; when the server shuts down
// it sends 1001, and the closing handshake is then already over: the
// server must find the client's close frame among the bytes it read with
// the request, and close the TCP connection at once (RFC 6455 §7.1.1),
// not read on for an answer that has come already until its linger (an
// hour here, and so is Close's grace for open WebSockets; the test's
// deadline is 10 s).
func TestServerSeesACloseFrameSentWithTheRequestRFC6455Section7_1_1(t *testing.T) {
	s := startServer(t, Config{linger: time.Hour, shutdownGrace: time.Hour})
	conn, err := net.DialTimeout("tcp", s.Addr(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() }) // before the server's cleanup: a server stuck reading then sees the end
	conn.SetDeadline(time.Now().Add(testTimeout))
	c := handshakeSending(t, conn, s.Addr(), "/silent", closeFrame(1000, clientCloseReason))
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	if code, reason := c.recvClose(); code != 1001 {
		t.Fatalf("close %d %q, want 1001 (going away)", code, reason)
	}
	c.expectEOF()
	select {
	case <-closed:
	case <-time.After(testTimeout):
		t.Fatal("the server reads on for a close frame it has already received: Close is still waiting for /silent")
	}
}
