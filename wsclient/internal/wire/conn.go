// Package wire is the byte layer under wsclient: one small connection
// type, Conn, that the dialer puts between the upgraded connection (TCP,
// or TLS over TCP, through a proxy or not) and whatever speaks WebSocket
// over it (coder/websocket for Stream and MessageSocket, wsframe for
// FrameSocket). Every byte the server sends passes Conn.Read, and every
// byte the client sends passes Conn.Write, so four needs meet here and
// nowhere else:
//
//   - holding the server to RFC 6455 (conn.go): a wsframe.Checker follows
//     the server's frames as they pass and stops the reader at the first
//     broken rule;
//   - one write per frame, and batches (batch.go): a wsframe.FrameWriter
//     gathers the pieces the library hands over and writes each frame
//     whole, or a whole batch when a sender corks it;
//   - the wire view (view.go): every frame, both ways, as a Record;
//   - pings with a payload of the caller's choice (ping.go), written
//     between two of the library's frames, never inside one.
//
// wsclient is the only user: it keeps the words a person reads, the
// events and the lifecycle; this package keeps the bytes. Its surface is
// what wsclient calls: New, Read, Write, Close, Done, SetWriteDeadline,
// Violation, AllowCompression, Ping, ExpectPong and LastRead, ShowFrames,
// Stats, and WriteBatch. Cork, Uncork, Unsent, WriteErr, BetweenFrames and Handed
// are there for wsclient's tests of the write side, to look inside.
package wire

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// ErrClosed is returned by Ping once the connection is closed or a close
// frame has gone out (after it a client sends nothing, RFC 6455 §5.5.1).
var ErrClosed = errors.New("the connection is closed")

// ErrWriteTimeout is a write that could not go out within its bound.
var ErrWriteTimeout = errors.New("the server is not reading: a frame could not be written in time")

// ControlWriteTimeout bounds the write of a FrameSocket's pong, as the
// library bounds its own control frames. (A ping's write has no bound of
// its own: writePing.)
const ControlWriteTimeout = 5 * time.Second

// Conn is the one place under the library that sees the bytes.
//
// The read side holds the server to RFC 6455 as the bytes go by, with a
// wsframe.Checker: what coder/websocket lets through unchecked (a masked
// server frame, invalid UTF-8 in a text message or a close reason, a
// length in more bytes than needed) and the rest of the framing rules, so
// every client type answers a broken rule alike. When a rule is broken,
// Read hands on the bytes before the byte that broke it and then fails,
// now and on every later call, with the *wsframe.Violation: the reader
// above never gets a whole offending frame, so it cannot act on it
// (deliver a masked payload still masked, answer a bad close frame). The
// connection's owner then fails the connection. When nothing is wrong
// this costs a few branches per Read and no allocation, whatever the
// frames.
type Conn struct {
	rwc  io.ReadWriteCloser // the upgraded connection as net/http hands it over: it may hold bytes read past the 101
	conn net.Conn           // the same connection, for write deadlines; nil if the transport did not say

	check  *wsframe.Checker                  // the server's frames; used by the one reader only
	failed atomic.Pointer[wsframe.Violation] // the broken rule, once Read has met one

	out *wsframe.FrameWriter // the client's frames, each written whole (batch.go)

	// turn is a one-slot lock on out: whoever writes to it holds it, the
	// library's Write (or a FrameSocket's) or a ping (ping.go). Unlike a
	// mutex it can be waited for with a bound, so a ping gives up in time.
	// deadline is the write deadline the owner asked for
	// (SetWriteDeadline), which a ping puts back after its own; guarded by
	// turn.
	turn     chan struct{}
	deadline time.Time

	// handed are the pings waiting for the frame under way to end
	// (ping.go), handedN their number, so Write looks at no lock while
	// there are none.
	pingMu  sync.Mutex
	handed  []*handedPing
	handedN atomic.Int32
	pongs   pongWaiters // the pings sent, waiting for their pong

	// lastRead is when a byte last came from the server (UnixNano): a
	// sign that the peer is alive, which a ping's wait counts (LastRead).
	lastRead atomic.Int64

	// compress: permessage-deflate was agreed (AllowCompression, before
	// the first Read); the Checker then lets RSV1 mark compressed messages.
	compress bool

	// observe, the wire view (view.go), when set before the first Read
	// or Write (ShowFrames), records each frame read or written. Read is
	// called by one goroutine at a time (the library and a FrameSocket
	// serialise it), and writes hold the turn, so each side's watcher
	// needs no lock.
	observe         *view
	inView, outView frameWatcher

	closed    chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
}

// New puts a Conn over rwc, the upgraded connection; conn is the same
// connection as a net.Conn, for write deadlines (nil if unknown).
func New(rwc io.ReadWriteCloser, conn net.Conn) *Conn {
	w := &Conn{rwc: rwc, conn: conn, check: wsframe.NewChecker(false), out: wsframe.NewFrameWriter(rwc),
		turn: make(chan struct{}, 1), closed: make(chan struct{})}
	// Every pong passes here, whoever pinged: the library sees it too
	// and, not having sent that payload, ignores it (ping.go).
	w.check.OnPong = w.pongs.arrived
	return w
}

// Read reads from the server and lets through only what keeps the rules.
func (w *Conn) Read(p []byte) (int, error) {
	if v := w.failed.Load(); v != nil {
		return 0, v
	}
	n, err := w.rwc.Read(p)
	if n > 0 {
		w.lastRead.Store(time.Now().UnixNano())
		good, cerr := w.check.Check(p[:n])
		if w.observe != nil {
			w.observe.follow(&w.inView, false, p[:good])
		}
		if cerr != nil {
			v, ok := cerr.(*wsframe.Violation)
			if !ok { // Check promises a *Violation; keep the rule anyway
				v = &wsframe.Violation{Code: wsframe.ProtocolError, Reason: cerr.Error()}
			}
			w.failed.Store(v)
			if good > 0 {
				return good, nil // the good bytes first; the next Read fails
			}
			return 0, v
		}
	}
	return n, err
}

// Write sends p to the server unchanged, each frame in one write; when p
// ends a frame, the pings handed over meanwhile follow it (ping.go).
func (w *Conn) Write(p []byte) (int, error) {
	w.turn <- struct{}{} // a ping holds it for one bounded write at most
	defer func() { <-w.turn }()
	n, err := w.writeOut(p)
	if err == nil && w.handedN.Load() > 0 {
		w.sendHanded()
	}
	return n, err
}

// writeOut hands p to the frame writer, and to the wire view. The caller
// holds the turn.
func (w *Conn) writeOut(p []byte) (int, error) {
	if w.observe != nil {
		w.observe.follow(&w.outView, true, p)
	}
	return w.out.Write(p)
}

// Close drops the connection (TCP, and TLS with it). It may be called any
// number of times, from any goroutine; it unblocks a Read or Write under
// way.
func (w *Conn) Close() error {
	w.closeOnce.Do(func() {
		close(w.closed)
		w.closeErr = w.rwc.Close()
		w.observe.flush() // the count of frames not shown, before the close event
	})
	return w.closeErr
}

// Done is closed when Close has been called.
func (w *Conn) Done() <-chan struct{} { return w.closed }

// SetWriteDeadline bounds the writes that follow (the zero time: no
// bound). A FrameSocket uses it; the library bounds its writes with
// contexts. It takes the turn, so that a ping's own deadline never
// outlives the ping: the ping puts this one back.
func (w *Conn) SetWriteDeadline(t time.Time) {
	w.turn <- struct{}{}
	defer func() { <-w.turn }()
	w.deadline = t
	w.applyDeadline(t)
}

// applyDeadline sets the write deadline of the connection below, if the
// transport said what it is. The caller holds the turn.
func (w *Conn) applyDeadline(t time.Time) {
	if w.conn != nil {
		w.conn.SetWriteDeadline(t)
	}
}

// LastRead is when a byte last came from the server; the zero time
// before any has.
func (w *Conn) LastRead() time.Time {
	if n := w.lastRead.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// Violation is the rule the server broke, or nil.
func (w *Conn) Violation() *wsframe.Violation {
	if w == nil {
		return nil
	}
	return w.failed.Load()
}

// AllowCompression tells the read side that permessage-deflate was agreed
// (RFC 7692), so RSV1 may mark a compressed message. It must be called
// before the first Read.
func (w *Conn) AllowCompression() {
	w.compress = true
	w.check.AllowCompression()
}

// Compressed reports whether permessage-deflate was agreed.
func (w *Conn) Compressed() bool { return w.compress }
