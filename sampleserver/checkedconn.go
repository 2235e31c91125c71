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
// (docs/performance.md). What a larger read buffer gave, a view of a
// client's whole burst for /echo to answer in one batch, comes from the
// read-ahead instead (checkedConn.Read), lent only while it holds bytes.
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
		w.conn.out.LendBuffers(true)
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
	// readAhead, set by /echo while a client's messages are small: a small
	// Read takes up to aheadSize from the connection into a buffer lent
	// from aheadBufs (ahead), and pending passes the rest on (see Read).
	readAhead atomic.Bool
	ahead     *[]byte
	full      bool // the last read took all it asked for: the client may be ahead

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
	switch {
	case len(c.pending) > 0:
		n = c.takePending(p)
	case len(p) <= aheadFrom && c.readAhead.Load() && c.full && c.hasUnread():
		n, err = c.readAheadInto(p)
	default:
		n, err = c.Conn.Read(p)
		c.full = n == len(p)
	}
	if k, cerr := c.checker.Check(p[:n]); cerr != nil {
		c.violation.Store(cerr.(*wsframe.Violation))
		return k, cerr
	}
	return n, err
}

// The read-ahead. The library reads through a 4 KiB buffer (Hijack), and
// /echo answers a client's burst in one batch only as far as it can see
// it (nextMessageBuffered): a read for that buffer takes up to aheadSize
// from the connection at once, into a buffer lent only until its bytes
// are passed on. It does so only when the client seems ahead (the read
// before took all it asked for) and bytes are there already (hasUnread):
// a Read that waits for the network waits in the caller's buffer, never in
// a lent one, so a connection waiting for its next message holds none
// (lending first made each of 256 clients sending 11 B hold one: 35 KiB
// of RSS per connection instead of 28). Larger reads (the payload of a
// large message) go straight into the caller's buffer, and /echo reads
// ahead only while the messages are small: a large one would be copied
// once more and hold 64 KiB more while it passes (at 256 clients sending
// 64 KiB, 98 KiB of RSS per connection instead of 37). Bytes read ahead
// are checked when passed on, like every byte.
const (
	aheadFrom = 4 << 10  // reads up to this size read ahead
	aheadSize = 64 << 10 // how much they take at once
)

var aheadBufs = sync.Pool{New: func() any { b := make([]byte, aheadSize); return &b }}

// readAheadInto reads what the connection has, up to aheadSize, into a
// lent buffer and passes on as much as p holds; pending keeps the rest.
func (c *checkedConn) readAheadInto(p []byte) (int, error) {
	b := aheadBufs.Get().(*[]byte)
	k, err := c.Conn.Read(*b)
	if k > 0 {
		// TCP gives bytes or an error; if both came, the failure shows
		// again at the next Read, after the bytes.
		err = nil
	}
	c.ahead, c.pending = b, (*b)[:k]
	c.full = k >= aheadFrom
	return c.takePending(p), err
}

// hasUnread reports whether bytes wait in the kernel, unread: a read now
// will not wait. Over TLS they may be part of a record only.
func (c *checkedConn) hasUnread() bool {
	t := tracked(c.Conn)
	return t != nil && hasUnread(t.Conn)
}

// takePending passes on bytes read but not passed on yet, and gives the
// lent buffer back once they all are.
func (c *checkedConn) takePending(p []byte) int {
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	if len(c.pending) == 0 && c.ahead != nil {
		aheadBufs.Put(c.ahead)
		c.ahead = nil
	}
	return n
}

// unread is what has been read from the connection but not passed on yet,
// not checked either. For the goroutine that reads (the bytes may be
// reused from its next Read on).
func (c *checkedConn) unread() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending
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
	if watch && len(c.pending) > 0 { // read but never passed on: the checker sees them first
		if _, cerr := c.checker.Check(c.pending); cerr != nil {
			watch = false
		} else if c.checker.CloseReceived() {
			return
		}
	}
	// pending and its lent buffer are dropped, not given back: the reading
	// goroutine may still be looking at them (unread).
	c.pending, c.ahead = nil, nil
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
