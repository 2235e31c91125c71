package sampleserver

import (
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
)

// Each frame comes back as a frame with the same FIN bit: a message sent
// in two frames is answered by a message in two frames.
func TestPartialMirrorsFrames(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/partial")

	if f := c.recv(); !f.Fin || f.Opcode != wsframe.Text || !strings.HasPrefix(string(f.Payload), "EchoWebSocket Connected at: ") {
		t.Fatalf("announcement: %+v", f)
	}

	c.send(false, wsframe.Text, []byte("Hello "))
	if f := c.recv(); f.Fin || f.Opcode != wsframe.Text || string(f.Payload) != `You said: "Hello "` {
		t.Errorf("answer to a non-final frame: fin=%v %v %q", f.Fin, f.Opcode, f.Payload)
	}
	// A ping between fragments is answered at once.
	c.send(true, wsframe.Ping, []byte("p"))
	if f := c.recv(); f.Opcode != wsframe.Pong || string(f.Payload) != "p" {
		t.Errorf("answer to a ping: %v %q", f.Opcode, f.Payload)
	}
	c.send(true, wsframe.Continuation, []byte("World"))
	if f := c.recv(); !f.Fin || f.Opcode != wsframe.Continuation || string(f.Payload) != `You said: "World"` {
		t.Errorf("answer to the final frame: fin=%v %v %q", f.Fin, f.Opcode, f.Payload)
	}
	// A complete message in one frame.
	c.send(true, wsframe.Text, []byte("Hello World"))
	if f := c.recv(); !f.Fin || f.Opcode != wsframe.Text || string(f.Payload) != `You said: "Hello World"` {
		t.Errorf("answer to a complete message: fin=%v %v %q", f.Fin, f.Opcode, f.Payload)
	}
	c.send(true, wsframe.Close, wsframe.ClosePayload(1000, "Closed due to user request."))
	if code, reason := c.recvClose(); code != 1000 || reason != "Closed due to user request." {
		t.Errorf("close = %d %q", code, reason)
	}
	c.expectEOF()
}

// Broken client frames are answered with the close code RFC 6455 asks for.
func TestPartialProtocolErrors(t *testing.T) {
	s := startServer(t, Config{MaxMessageSize: 100})
	for _, tc := range []struct {
		name string
		send func(c *rawConn)
		code int
	}{
		{"continuation first", func(c *rawConn) { c.send(true, wsframe.Continuation, []byte("x")) }, 1002},
		{"new message mid-message", func(c *rawConn) {
			c.send(false, wsframe.Text, []byte("a"))
			c.recv()
			c.send(true, wsframe.Text, []byte("b"))
		}, 1002},
		{"unmasked", func(c *rawConn) {
			wsframe.WriteFrame(c.conn, wsframe.Frame{Fin: true, Opcode: wsframe.Text, Payload: []byte("x")}, nil)
		}, 1002},
		{"reserved bit", func(c *rawConn) { c.conn.Write([]byte{0x81 | 0x40, 0x80, 0, 0, 0, 0}) }, 1002},
		{"too big", func(c *rawConn) { c.send(true, wsframe.Binary, make([]byte, 101)) }, 1009},
		{"bad close code", func(c *rawConn) { c.send(true, wsframe.Close, wsframe.ClosePayload(1005, "")) }, 1002},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := rawDial(t, s.Addr(), "/partial")
			c.recv() // announcement
			tc.send(c)
			if code, reason := c.recvClose(); code != tc.code {
				t.Errorf("close = %d %q, want %d", code, reason, tc.code)
			}
		})
	}
}

// An empty close frame is answered with an empty close frame.
func TestPartialEmptyClose(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/partial")
	c.recv()
	c.send(true, wsframe.Close, nil)
	if f := c.recv(); f.Opcode != wsframe.Close || len(f.Payload) != 0 {
		t.Errorf("answer: %v %q, want an empty close", f.Opcode, f.Payload)
	}
}
