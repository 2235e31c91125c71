package sampleserver

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

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
	c.send(true, wsframe.Close, wsframe.ClosePayload(1000, clientCloseReason))
	if code, reason := c.recvClose(); code != 1000 || reason != clientCloseReason {
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

// RFC 6455 §7.1.1: after sending its close frame the server reads on until
// the client closes (or a deadline). Closing at once while client data is
// still unread makes TCP answer with a reset, and the reset throws away
// what the server has not transmitted yet: here the close frame, queued
// behind answers the client has not read (its receive window is full), as
// a client busy sending does not read. The client sends frames without
// reading, then one the server refuses after its header (leaving 64 KiB
// unread), and starts reading only once the server has logged its 1009.
// It must then find the 1009, every time: 20 clients at once (it was lost
// in 9 runs of 12).
func TestPartialCloseFrameSurvivesUnreadData(t *testing.T) {
	logs := newLogWatcher()
	s := startServer(t, Config{MaxMessageSize: 1000, Log: logs.logger()})
	big := frame{fin: true, op: wsframe.Binary, payload: strings.Repeat("x", 64<<10)}
	closeFrameSurvives(t, logs, 20, 1009, "ended: closed with 1009", func() *rawConn {
		c := rawDial(t, s.Addr(), "/partial")
		c.recv() // announcement
		fillReceiveWindow(t, c, 1000)
		return c
	}, big)
	assertServes(t, s)
}

// The same on the endpoints built on coder/websocket: a text frame with
// invalid UTF-8 followed by data the server never reads; the 1007 must
// arrive every time.
func TestCloseFrameSurvivesUnreadData(t *testing.T) {
	logs := newLogWatcher()
	s := startServer(t, Config{Log: logs.logger()})
	more := frame{fin: true, op: wsframe.Binary, payload: strings.Repeat("x", 64<<10)}
	for _, path := range []string{"/echo", "/sample"} {
		closeFrameSurvives(t, logs, 20, 1007, "ended: ", func() *rawConn {
			c := rawDial(t, s.Addr(), path)
			fillReceiveWindow(t, c, 1000)
			return c
		}, text(true, "\xff"), more)
	}
	assertServes(t, s)
}

// closeFrameSurvives runs n clients at once: each is set up by dial, sends
// frames without waiting, and once the server has logged the line with
// logged for it, reads until it finds a close frame, which must carry code.
// At once, because a client whose receive window was full takes TCP's
// persist timer (a few hundred milliseconds) to be served again.
func closeFrameSurvives(t *testing.T, logs *logWatcher, n, code int, logged string, dial func() *rawConn, frames ...frame) {
	t.Helper()
	var wire []byte
	for _, f := range frames {
		wire = append(wire, f.bytes()...)
	}
	errs := make(chan error, n)
	for i := range n {
		c := dial()
		go c.conn.Write(wire) // fails once the server has closed: no matter
		go func() {
			if err := logs.wait(c.conn.LocalAddr().String() + ": " + logged); err != nil {
				errs <- err
				return
			}
			got, reason := c.recvCloseOrErr()
			c.conn.Close()
			if got != code {
				errs <- fmt.Errorf("client %d saw %d %q, want the %d close frame", i+1, got, reason, code)
				return
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A character the client cuts between two frames is answered whole, in the
// frame that completes it, so each answer frame is valid UTF-8 by itself
// (RFC 6455 §8.1 binds the server's text too); a binary message is answered
// in binary frames, its bytes being no text.
func TestPartialAnswersAreValidUTF8(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/partial")
	c.recv() // announcement
	c.sendFrames(text(false, "caf\xc3"), cont(false, "\xa9 \xe2"), cont(true, "\x82\xac"))
	for _, want := range []string{`You said: "caf"`, `You said: "é "`, `You said: "€"`} {
		if f := c.recv(); string(f.Payload) != want || !utf8.Valid(f.Payload) {
			t.Errorf("answer %q, want %q", f.Payload, want)
		}
	}
	c.sendFrames(frame{op: wsframe.Binary, payload: "\xff\xfe"}, cont(true, "\x00"))
	if f := c.recv(); f.Opcode != wsframe.Binary || f.Fin || string(f.Payload) != "You said: \"\xff\xfe\"" {
		t.Errorf("answer to a binary frame: %v fin=%v %q", f.Opcode, f.Fin, f.Payload)
	}
	if f := c.recv(); f.Opcode != wsframe.Continuation || !f.Fin || string(f.Payload) != "You said: \"\x00\"" {
		t.Errorf("answer to its last frame: %v fin=%v %q", f.Opcode, f.Fin, f.Payload)
	}
}
