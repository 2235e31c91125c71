package sampleserver

import (
	"bufio"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// clientCloseReason is the reason the tests' clients close with. The
// server echoes whatever a client sends; any words do.
const clientCloseReason = "test done"

func asCloseError(err error, ce *websocket.CloseError) bool { return errors.As(err, ce) }

// rawConn is a hand-made WebSocket client on top of wsframe, for what
// coder/websocket does not let a test see: frames, FIN bits, the exact
// close frame the server sends.
type rawConn struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// rawDial opens a TCP connection to addr and does the opening handshake
// for path by hand.
func rawDial(t *testing.T, addr, path string) *rawConn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(testTimeout))
	return handshake(t, conn, addr, path)
}

// send writes one masked frame, as a client must.
func (c *rawConn) send(fin bool, op wsframe.Opcode, payload []byte) {
	c.t.Helper()
	var key [4]byte
	rand.Read(key[:])
	if err := wsframe.WriteFrame(c.conn, wsframe.Frame{Fin: fin, Opcode: op, Payload: payload}, &key); err != nil {
		c.t.Fatalf("send %v: %v", op, err)
	}
}

// recv reads one frame and checks the server did not mask it.
func (c *rawConn) recv() wsframe.Frame {
	c.t.Helper()
	f, err := wsframe.ReadFrame(c.r, 64<<20)
	if err != nil {
		c.t.Fatalf("recv: %v", err)
	}
	if f.Masked {
		c.t.Fatalf("the server sent a masked %v frame", f.Opcode)
	}
	return f
}

// recvClose skips data frames until the close frame and returns its code
// and reason.
func (c *rawConn) recvClose() (int, string) {
	c.t.Helper()
	for {
		if f := c.recv(); f.Opcode == wsframe.Close {
			return wsframe.ParseClosePayload(f.Payload)
		}
	}
}

// expectEOF checks the server closed the TCP connection.
func (c *rawConn) expectEOF() {
	c.t.Helper()
	if _, err := c.r.ReadByte(); err != io.EOF {
		c.t.Errorf("after the close frame: %v, want EOF", err)
	}
}

// get does a plain HTTP GET and returns the status and body.
func get(t *testing.T, u string) (int, string) {
	t.Helper()
	u = strings.Replace(u, "ws://", "http://", 1)
	hc := &http.Client{Timeout: testTimeout, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// dialStatus tries a WebSocket handshake and returns the HTTP status of a
// refusal (101 on success) and the start of the body.
func dialStatus(t *testing.T, s *Server, u string) (int, string) {
	t.Helper()
	c, resp, err := websocket.Dial(testCtx(t), u, &websocket.DialOptions{HTTPClient: httpClient(s, nil)})
	if err == nil {
		c.CloseNow()
		return http.StatusSwitchingProtocols, ""
	}
	if resp == nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
