package wsclient

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// wireConn is the one place under the library that sees the bytes. The
// dialer puts it between the upgraded connection (TCP, or TLS over TCP,
// through a proxy or not) and whatever speaks WebSocket over it: the
// library for Stream and MessageSocket, wsframe for FrameSocket. Whatever
// is above, every byte the server sends passes Read, and every byte the
// client sends passes Write.
//
// The read side holds the server to RFC 6455 as the bytes go by, with a
// wsframe.Checker: what coder/websocket lets through unchecked (a masked
// server frame, invalid UTF-8 in a text message or a close reason, a
// length in more bytes than needed) and the rest of the framing rules, so
// every client type answers a broken rule alike. When a rule is broken,
// Read hands on the bytes before the byte that broke it and then fails,
// now and on every later call, with the *wsframe.Violation: the reader
// above never gets a whole offending frame, so it cannot act on it
// (deliver a masked payload still masked, answer a bad close frame). The connection's owner then fails the
// connection (attempt.fail). When nothing is wrong this costs a few
// branches per Read and no allocation, whatever the frames.
//
// Three more jobs plug in here rather than in a second wrapper:
//
//   - one write per frame, and batches (issue 12): Write is the only way
//     out, so its frameWriter (cork.go) gathers the pieces the library
//     hands over and writes each frame whole, never holding a byte past
//     the end of a frame, or of a batch a sender opened with cork.
//   - the wire view (issue 13, wireview.go): observe, nil unless
//     Options.WireView, records every frame in both directions; only when
//     it is set does each side run a wsframe.Parser of its own (the
//     Checker's is not shared, so a view never changes what is checked).
//   - pings with a payload of the caller's choice (issue 14, wireping.go):
//     the wire writes them itself, between two of the frames above it,
//     and the Checker hands it every pong, to match them by payload.
type wireConn struct {
	rwc  io.ReadWriteCloser // the upgraded connection as net/http hands it over: it may hold bytes read past the 101
	conn net.Conn           // the same connection, for write deadlines; nil if the transport did not say

	check  *wsframe.Checker                  // the server's frames; used by the one reader only
	failed atomic.Pointer[wsframe.Violation] // the broken rule, once Read has met one

	out *wsframe.FrameWriter // the client's frames, each written whole (cork.go)

	// turn is a one-slot lock on out: whoever writes to it holds it, the
	// library's Write (or frameConn's) or a ping (wireping.go). Unlike a
	// mutex it can be waited for with a bound, so a ping gives up in time.
	// deadline is the write deadline the owner asked for (setWriteDeadline),
	// which a ping puts back after its own; guarded by turn.
	turn     chan struct{}
	deadline time.Time

	// handed are the pings waiting for the frame under way to end
	// (wireping.go), handedN their number, so Write looks at no lock
	// while there are none.
	pingMu  sync.Mutex
	handed  []*handedPing
	handedN atomic.Int32
	pongs   pongWaiters // the pings sent, waiting for their pong (ping.go)

	// compress: permessage-deflate was agreed (allowCompression, before
	// the first Read); the Checker then lets RSV1 mark compressed messages.
	compress bool

	// observe, the wire view (wireview.go), when set before the first Read
	// or Write (showFrames), records each frame read or written. Read is
	// called by one goroutine at a time (the library and frameConn
	// serialise it), and writes hold the turn, so each side's watcher
	// needs no lock.
	observe         *wireView
	inView, outView frameWatcher

	closed    chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
}

func newWireConn(rwc io.ReadWriteCloser, conn net.Conn) *wireConn {
	w := &wireConn{rwc: rwc, conn: conn, check: wsframe.NewChecker(false), out: wsframe.NewFrameWriter(rwc),
		turn: make(chan struct{}, 1), closed: make(chan struct{})}
	// Every pong passes here, whoever pinged: the library sees it too
	// and, not having sent that payload, ignores it (wireping.go).
	w.check.OnPong = w.pongs.arrived
	return w
}

// Read reads from the server and lets through only what keeps the rules.
func (w *wireConn) Read(p []byte) (int, error) {
	if v := w.failed.Load(); v != nil {
		return 0, v
	}
	n, err := w.rwc.Read(p)
	if n > 0 {
		good, cerr := w.check.Check(p[:n])
		if w.observe != nil {
			w.watch(&w.inView, false, p[:good])
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
// ends a frame, the pings handed over meanwhile follow it (wireping.go).
func (w *wireConn) Write(p []byte) (int, error) {
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
func (w *wireConn) writeOut(p []byte) (int, error) {
	if w.observe != nil {
		w.watch(&w.outView, true, p)
	}
	return w.out.Write(p)
}

// watch feeds one side's watcher with b, for the wire view.
func (w *wireConn) watch(fw *frameWatcher, sent bool, b []byte) { w.observe.follow(fw, sent, b) }

// Close drops the connection (TCP, and TLS with it). It may be called any
// number of times, from any goroutine; it unblocks a Read or Write under
// way.
func (w *wireConn) Close() error {
	w.closeOnce.Do(func() {
		close(w.closed)
		w.closeErr = w.rwc.Close()
		w.observe.flush() // the count of frames not shown, before the close event
	})
	return w.closeErr
}

// setWriteDeadline bounds the writes that follow (the zero time: no
// bound). frameConn uses it; the library bounds its writes with contexts.
// It takes the turn, so that a ping's own deadline never outlives the
// ping: the ping puts this one back.
func (w *wireConn) setWriteDeadline(t time.Time) {
	w.turn <- struct{}{}
	defer func() { <-w.turn }()
	w.deadline = t
	w.applyDeadline(t)
}

// applyDeadline sets the write deadline of the connection below, if the
// transport said what it is. The caller holds the turn.
func (w *wireConn) applyDeadline(t time.Time) {
	if w.conn != nil {
		w.conn.SetWriteDeadline(t)
	}
}

// violation is the rule the server broke, or nil.
func (w *wireConn) violation() *wsframe.Violation {
	if w == nil {
		return nil
	}
	return w.failed.Load()
}
