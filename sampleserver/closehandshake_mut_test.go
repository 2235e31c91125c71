package sampleserver

import (
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
