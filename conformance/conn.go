package conformance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"
	"unicode/utf8"
)

// wsConn is one open WebSocket of a case, spoken frame by frame. Every
// frame it sends and receives is written into the case's result.
type wsConn struct {
	t  *trial
	nc net.Conn
	br *bufio.Reader
	// closeSent is set once the checker sent a close frame; sentClose is
	// its code. sentPing is set once the checker sent a ping.
	closeSent bool
	sentClose int
	sentPing  bool
	// pending, while a large write is in flight, gives its result.
	pending chan error
	// ended is set once the server ended the connection.
	ended bool
}

// send writes frames in one Write, so that a server sees them together
// (and cannot fail the connection between them), and logs each one.
// A write error is logged and returned; most cases carry on and read
// what the server said before it went away.
func (c *wsConn) send(frames ...frame) error {
	var b []byte
	for _, f := range frames { // f is a copy: a case's frames are shared by every run
		b = append(b, f.encode()...)
		c.t.sent(f.describe())
		switch f.Opcode {
		case opClose:
			c.closeSent = true
			c.sentClose, _, _ = parseClose(f.Payload)
		case opPing:
			c.sentPing = true
		}
	}
	return c.write(b)
}

// backgroundWrite is the size from which write does not wait for the
// bytes to leave: an echo server may answer the start of a large message
// while the rest is still coming, and a checker that only wrote would
// then never read, and the two would wait for each other.
const backgroundWrite = 128 << 10

// write writes raw bytes by the case's deadline, after any write still in
// flight. Large writes go on in the background (the case reads
// meanwhile); their error, if any, is logged by the next write or at the
// end of the case.
func (c *wsConn) write(b []byte) error {
	if err := c.finishWrite(); err != nil {
		return err
	}
	c.nc.SetWriteDeadline(c.t.deadline)
	if len(b) >= backgroundWrite {
		done := make(chan error, 1)
		c.pending = done
		go func() {
			_, err := c.nc.Write(b)
			done <- err
		}()
		return nil
	}
	_, err := c.nc.Write(b)
	if err != nil {
		c.t.event("writing failed: %s", endWords(err))
	}
	return err
}

// writeChops writes b in pieces of chop bytes, each in a write of its
// own, as Autobahn's chopped sends do; like write, in the background when
// b is large.
func (c *wsConn) writeChops(b []byte, chop int) error {
	if err := c.finishWrite(); err != nil {
		return err
	}
	c.nc.SetWriteDeadline(c.t.deadline)
	each := func() error {
		for i := 0; i < len(b); i += chop {
			if _, err := c.nc.Write(b[i:min(i+chop, len(b))]); err != nil {
				return err
			}
		}
		return nil
	}
	if len(b) >= backgroundWrite {
		done := make(chan error, 1)
		c.pending = done
		go func() { done <- each() }()
		return nil
	}
	err := each()
	if err != nil {
		c.t.event("writing failed: %s", endWords(err))
	}
	return err
}

// finishWrite waits for a background write to end and returns its error.
func (c *wsConn) finishWrite() error {
	if c.pending == nil {
		return nil
	}
	err := <-c.pending
	c.pending = nil
	if err != nil {
		c.t.event("writing failed: %s", endWords(err))
	}
	return err
}

// next reads the next frame from the server by the case's deadline and
// logs it. A server's ping is answered with a pong right away, as every
// client must (§5.5.2), and still returned.
func (c *wsConn) next() (inFrame, error) {
	c.nc.SetReadDeadline(c.t.deadline)
	f, err := readFrame(c.br, maxReadPayload)
	if err != nil {
		c.noteEnd(err)
		return f, err
	}
	obs := &c.t.res.Observed
	obs.Frames++
	c.t.event("← %s", f.describe())
	switch {
	case f.Opcode == opClose:
		code, reason, ok := parseClose(f.Payload)
		if !ok {
			code = 0
		}
		obs.Close = &CloseFrame{Code: code, Reason: reason}
	case !f.Opcode.IsControl():
		obs.BytesEchoed += int64(len(f.Payload))
	}
	if f.Opcode == opPing && f.problem() == "" {
		c.send(frame{Fin: true, Opcode: opPong, Payload: f.Payload})
	}
	return f, nil
}

// noteEnd logs how reading ended.
func (c *wsConn) noteEnd(err error) { c.noteEndWords(err, endWords(err)) }

// noteEndWords is noteEnd with the words given (the fuzzing server's,
// which name the ends the other way round).
func (c *wsConn) noteEndWords(err error, words string) {
	c.t.event("connection %s", words)
	if !isTimeout(err) {
		c.ended = true
	}
	if c.t.res.Observed.End == "" || !isTimeout(err) {
		c.t.res.Observed.End = words
	}
}

// endWords says how a read or write ended, in plain words.
func endWords(err error) string {
	switch {
	case err == io.EOF:
		return "closed by the server"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "closed by the server in the middle of a frame"
	case errors.Is(err, syscall.ECONNRESET):
		return "reset by the server"
	case errors.Is(err, syscall.EPIPE):
		return "already closed by the server"
	case isTimeout(err):
		return "open at the deadline"
	case errors.Is(err, net.ErrClosed):
		return "closed by the checker"
	case errors.Is(err, errFrameTooBig), errors.Is(err, errLengthMSB):
		return "an unreadable frame: " + err.Error()
	}
	return err.Error()
}

// serverClosed reports whether err means the server ended the connection
// (closed or reset it), as opposed to a deadline or the checker itself.
// It does not look for ECONNRESET by name: Windows spells it differently.
func serverClosed(err error) bool {
	return err != nil && !isTimeout(err) && !errors.Is(err, net.ErrClosed)
}

// answerClose completes a close handshake the server started: the
// checker sends its close frame (echoing a valid code, as §5.5.1
// suggests) and waits a moment for the server to close the TCP
// connection. It reports whether the server did.
func (c *wsConn) answerClose(f inFrame) bool {
	code, _, ok := parseClose(f.Payload)
	var reply []byte // an empty close answers an empty one
	switch {
	case !ok || len(f.Payload) > 0 && !sendable(code):
		// A 1-byte payload, or a code that must never be sent (1005,
		// 1006, 1015, 0–999 …): the server broke §5.5.1 / §7.4.
		reply = closePayload(codeProtocolError, "")
	case len(f.Payload) > 0:
		reply = closePayload(code, "")
	}
	c.send(frame{Fin: true, Opcode: opClose, Payload: reply})
	closed, _ := c.waitEnd(c.t.tg.scaled(closeTimeout))
	return closed
}

// closePolitely ends a connection whose case is decided: a close 1000,
// a moment for the answer, then the checker closes TCP. Nothing here is
// judged; it only spares the server an abrupt end.
func (c *wsConn) closePolitely() {
	if c.ended {
		return
	}
	if c.send(frame{Fin: true, Opcode: opClose, Payload: closePayload(codeNormal, "")}) != nil {
		return
	}
	c.waitEnd(c.t.politeWait())
}

// waitEnd reads (and drops) frames for at most d, until the server ends
// the connection. It reports whether it did, and how.
func (c *wsConn) waitEnd(d time.Duration) (bool, string) {
	until := time.Now().Add(d)
	if c.t.deadline.Before(until) {
		until = c.t.deadline
	}
	for {
		c.nc.SetReadDeadline(until)
		f, err := readFrame(c.br, maxReadPayload)
		if err != nil {
			c.noteEnd(err)
			return serverClosed(err), endWords(err)
		}
		c.t.event("← %s", f.describe())
	}
}

// skipGreeting reads the one message an endpoint sends by itself after
// the handshake (the sample's announcement), for tests.
func (c *wsConn) skipGreeting() error {
	for {
		c.nc.SetReadDeadline(c.t.deadline)
		f, err := readFrame(c.br, maxReadPayload)
		if err != nil {
			return err
		}
		c.t.event("← %s (the endpoint's greeting, skipped)", f.describe())
		if f.Fin && !f.Opcode.IsControl() {
			return nil
		}
	}
}

// quoteReason shows a close reason, marking one that is not UTF-8.
func quoteReason(reason string) string {
	if !utf8.ValidString(reason) {
		return fmt.Sprintf("%q (not valid UTF-8)", reason)
	}
	return fmt.Sprintf("%q", reason)
}
