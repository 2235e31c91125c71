package sampleserver

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// upgradeWriter is the http.ResponseWriter a WebSocket handshake gets, both
// coder/websocket's Accept and wsframe.ServerHandshake. Both take the
// connection over through Hijack; this one hands them a checkedConn instead
// of the bare connection, so every endpoint reads the client's bytes
// through the same checks and closes the same way.
type upgradeWriter struct {
	http.ResponseWriter
	linger time.Duration
	// frames: the handler writes through coder/websocket, which has sent
	// the 101 before it hijacks; its frames then go out whole, each in one
	// write (wsframe.FrameWriter). Not for wsframe.ServerHandshake, which
	// writes its 101 through the writer Hijack returns.
	frames bool
	conn   *checkedConn // set by Hijack
}

// Unwrap lets http.ResponseController find what w wraps.
func (w *upgradeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack takes the connection over from net/http and wraps it. Bytes the
// client sent right behind its request may already sit in net/http's
// buffer: the checkedConn passes them on (and checks them) first, and the
// returned reader holds nothing yet, so no byte escapes the checks.
//
// The WebSocket reads and writes through the two 4 KiB buffers net/http
// read the request with and wrote the 101 through, and keeps no others:
// memory per connection is what a server of many clients runs out of
// (docs/performance.md). A larger read buffer would let /echo see more of
// a client's burst at once and answer it in fewer, larger writes; 4 KiB
// holds a batch of 64 small messages (up to about 50 bytes each), and a
// large message is read straight into the caller's buffer, past this one.
func (w *upgradeWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	buffered, _ := brw.Reader.Peek(brw.Reader.Buffered())
	w.conn = &checkedConn{
		Conn:    conn,
		linger:  w.linger,
		pending: bytes.Clone(buffered),
		checker: wsframe.NewChecker(true),
	}
	// coder/websocket has set the 101's headers by now: when it agreed to
	// permessage-deflate, RSV1 is allowed on a message's first frame (RFC
	// 7692 §6), and the handler checks the text once inflated.
	if w.Header().Get("Sec-WebSocket-Extensions") != "" {
		w.conn.checker.AllowCompression()
		w.conn.compressed = true
	}
	brw.Reader.Reset(w.conn) // what it held is in pending
	if w.frames {
		// The frames leave through a FrameWriter that borrows its 80 KiB
		// buffer only while it gathers a frame, so a connection waiting
		// for its next message holds none of it.
		w.conn.in, w.conn.out = brw.Reader, wsframe.NewFrameWriter(conn)
		w.conn.out.LendBuffers()
		if err := brw.Writer.Flush(); err != nil { // nothing is left in it, as a rule
			return nil, nil, err
		}
		brw.Writer.Reset(w.conn.out)
	}
	return w.conn, brw, nil
}

// checkedConn is a WebSocket's connection as its handler sees it. It does
// two things net/http's connection and coder/websocket do not.
//
// Reads pass through a wsframe.Checker, which holds the client to RFC 6455
// as the bytes arrive: UTF-8 in text messages and close reasons (1007),
// masking, fragmentation, close codes and the shortest length encoding
// (1002). coder/websocket checks none of the UTF-8 and answers a close
// frame the moment it has read one, echoing its code and reason, so the
// check must come before the library sees a byte. At the first broken rule
// Read stops short of the offending byte and returns the *wsframe.Violation
// (from then on too): the library or the frame reader never acts on the
// bad frame, and the handler closes with the violation's code and reason.
//
// Close is graceful (RFC 6455 §7.1.1: the server closes the TCP connection
// once the closing handshake is over). Unless the client's close frame has
// already arrived, it first shuts down the sending side (the client reads
// our close frame, then end of stream), then reads and discards until the
// client closes, its close frame arrives, or linger passes. Closing at once
// while client data is unread would make TCP answer with a reset, and a
// reset destroys what has not reached the client yet: often the very close
// frame that said why.
type checkedConn struct {
	net.Conn
	linger time.Duration

	mu        sync.Mutex // one Read at a time; Close waits for the last
	pending   []byte     // read by net/http before the hijack, not passed on yet
	checker   *wsframe.Checker
	violation atomic.Pointer[wsframe.Violation]
	// compressed: permessage-deflate was agreed, so compressed text is
	// checked by the handler after inflating (checkInflatedText).
	compressed bool

	// With upgradeWriter.frames: the reader the library reads through,
	// and the writer its frames leave through (see echo's batches).
	in  *bufio.Reader
	out *wsframe.FrameWriter

	closing   atomic.Bool
	closeOnce sync.Once
	closeErr  error
}

// Read reads from the connection and passes on what the checker lets
// through.
func (c *checkedConn) Read(p []byte) (int, error) {
	if c.closing.Load() {
		return 0, net.ErrClosed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.violation.Load(); v != nil {
		return 0, v
	}
	var n int
	var err error
	if len(c.pending) > 0 {
		n = copy(p, c.pending)
		c.pending = c.pending[n:]
	} else {
		n, err = c.Conn.Read(p)
	}
	if k, cerr := c.checker.Check(p[:n]); cerr != nil {
		c.violation.Store(cerr.(*wsframe.Violation))
		return k, cerr
	}
	return n, err
}

// Violation is the rule the client broke, or nil.
func (c *checkedConn) Violation() *wsframe.Violation { return c.violation.Load() }

// longAgo is a deadline in the past: it makes a blocked Read return at once.
var longAgo = time.Unix(1, 0)

// Close ends the connection gracefully (see checkedConn) and returns once
// it is closed, at most linger later.
func (c *checkedConn) Close() error {
	c.closeOnce.Do(func() {
		c.closing.Store(true)
		// Wake a Read in progress and wait for it to return: from here on
		// Close is the only reader.
		c.Conn.SetReadDeadline(longAgo)
		c.mu.Lock()
		defer c.mu.Unlock()
		if !c.checker.CloseReceived() {
			c.drain()
		}
		c.closeErr = c.Conn.Close()
	})
	return c.closeErr
}

// drain sends a FIN and reads until the client closes, sends its close
// frame, or c.linger passes.
func (c *checkedConn) drain() {
	deadline := time.Now().Add(c.linger)
	c.Conn.SetWriteDeadline(deadline) // a TLS close_notify is a write
	closeWrite(c.Conn)
	c.Conn.SetReadDeadline(deadline)
	// The checker can still spot the client's close frame, unless the
	// stream already broke a rule: then only the end of the stream or the
	// deadline ends the wait.
	watch := c.violation.Load() == nil
	buf := make([]byte, 4096)
	for {
		n, err := c.Conn.Read(buf)
		if watch {
			if _, cerr := c.checker.Check(buf[:n]); cerr != nil {
				watch = false
			} else if c.checker.CloseReceived() {
				return
			}
		}
		if err != nil {
			return // EOF, a reset, the deadline, or Server.Close cut it
		}
	}
}

// closeWrite shuts down the sending side of conn: on TLS a close_notify
// alert (crypto/tls does not pass CloseWrite on to the TCP connection),
// then the TCP FIN.
func closeWrite(conn net.Conn) {
	if tc, ok := conn.(*tls.Conn); ok {
		tc.CloseWrite()
		conn = tc.NetConn()
	}
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
}
