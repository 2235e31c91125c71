package wsclient

import (
	"context"
	"io"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// The write side of the wire: one write(2) per frame, and one per batch.
//
// coder/websocket masks a client's frame through a 4 KiB bufio buffer and
// hands the connection every 4 KiB it fills, so a 64 KiB message used to
// leave in 17 writes and a 1 MiB one in 257, each a system call (and over
// wss a TLS record of its own). The library has no option for the buffer's
// size. The wire under it follows the frames it is given with a
// wsframe.Parser and holds the pieces of a frame until the frame is
// complete; then it hands the kernel the whole frame in one write.
//
// Nothing is held past the end of a frame: no timer, no waiting for more,
// no Nagle. What leaves a frame's end behind unsent is only an explicit
// batch (cork … uncork), which a sender opens only when it already has the
// messages in hand; the frame that ends after uncork carries the batch
// out. A control frame (ping, pong, close, whoever writes it) ends a batch
// too, so anything held goes out in front of a close frame, never after.
// Masking, framing and every other rule stay the library's: the wire
// changes when bytes are written, never which.
//
// Memory: a frame that arrives whole in one piece (every message up to
// about 4 KiB from the library, every FrameSocket frame) is written as it
// is, without a copy. The pieces of a larger frame, or a batch, are
// gathered in a buffer of smallHold (80 KiB) that the wire keeps once it
// has needed it; a frame that announces more than that waits in a
// wireHoldMax (1 MiB) buffer lent from a pool for as long as it is
// gathered, and given back at once. So a connection holds at most about
// 1.1 MiB while a large frame is on its way, 80 KiB otherwise, and none
// if it never sent a frame over 4 KiB. (Lending every buffer from the
// pool made a busy program allocate 1 MiB afresh after each garbage
// collection, which then came the sooner.)

// wireHoldMax bounds what the wire holds: a whole MaxMessageSize message
// and its header, so a 1 MiB message leaves in one write. A larger frame
// is written a wireHoldMax piece at a time.
const wireHoldMax = MaxMessageSize + 64

// batchBytes and batchMessages bound a batch of small messages (Stream's
// continuous sends and file transfers): at most this many bytes of
// payload, or this many messages, go out in one write.
const (
	batchBytes    = 64 << 10
	batchMessages = 64
)

// smallHold is the size of the buffer the wire keeps: room for a 64 KiB
// frame, or a batch of 64 KiB of small messages, with their headers.
const smallHold = 80 << 10

// bigBufs lend the buffers larger frames wait in while they are gathered.
var bigBufs = sync.Pool{New: func() any { b := make([]byte, 0, wireHoldMax); return &b }}

// WireStats counts what a connection's client wrote to the network: how
// many frames and messages, in how many writes to the connection below
// (TCP, or TLS for wss://), and the bytes, frame headers included. Writes
// per message is the figure to watch: 1 for a message that leaves in one
// system call (over wss:// a write of up to 16 KiB is one TLS record, one
// system call), less when messages leave in batches.
type WireStats struct {
	Frames   int64 // frames written, data and control
	Messages int64 // messages written: final data frames
	Writes   int64 // writes to the connection below the WebSocket layer
	Bytes    int64 // bytes written, headers included
}

// WireStats is what the open connection has written so far; zero when
// there is none. It is safe to call at any time, from any goroutine.
func (cl *client) WireStats() WireStats {
	c := cl.current()
	if c == nil {
		return WireStats{}
	}
	c.mu.Lock()
	w := c.wire
	c.mu.Unlock()
	if w == nil {
		return WireStats{}
	}
	return w.out.stats()
}

// frameWriter is the write side of a wireConn (see above). Write is
// called by one goroutine at a time (the library and frameConn serialise
// their frames); the lock is for cork and uncork, which a sender calls
// from its own goroutine, and for stats.
type frameWriter struct {
	dst io.Writer // the connection below

	mu     sync.Mutex
	frames wsframe.Parser // follows what is written, to see where frames end
	atEnd  bool           // what was given so far ends where a frame ends
	ctrl   bool           // a control frame ended since the last write out
	corked bool           // a batch is open: frame ends do not write out
	held   []byte         // the bytes held: in small or big, nil when none
	small  []byte         // the kept buffer, made at first need
	big    *[]byte        // lent from bigBufs while a large frame is held
	unsent int            // messages whose end is held (or was lost in a failed write)
	err    error          // the first failed write; every later write fails alike

	framesN, messages, writes, bytes atomic.Int64
}

// Write takes p, the next bytes of the client's frames, and writes out
// what is held when a frame ends (outside a batch, or at a control frame).
func (f *frameWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return 0, f.err
	}
	msgEnd := f.follow(p)
	due := f.atEnd && (!f.corked || f.ctrl)
	if f.held == nil && (due || len(p) >= wireHoldMax) {
		if err := f.send(p); err != nil { // whole frames, or a piece as big as the bound: no copy
			return 0, err
		}
		return len(p), nil
	}
	n := len(p)
	for {
		if f.held == nil {
			f.held = f.buffer(len(p) + int(min(f.frames.Remaining(), wireHoldMax)))
		}
		k := min(len(p), cap(f.held)-len(f.held))
		f.held = append(f.held, p[:k]...)
		p = p[k:]
		if len(p) == 0 && !due && len(f.held) < cap(f.held) {
			if msgEnd {
				f.unsent++
			}
			return n, nil // held until its frame ends, or the batch's
		}
		if err := f.flush(); err != nil {
			return 0, err
		}
		if len(p) == 0 {
			return n, nil
		}
	}
}

// follow feeds p to the parser and notes where the frames end. It
// reports whether a message ends in p: the library ends every message
// with a flush, so a message's end is always the end of a piece.
func (f *frameWriter) follow(p []byte) (msgEnd bool) {
	for {
		n, step := f.frames.Next(p)
		p = p[n:]
		switch step {
		case wsframe.NeedMore:
			if n > 0 {
				f.atEnd = false // the start of a header
			}
			return msgEnd
		case wsframe.GotHeader:
			f.atEnd = false
		case wsframe.GotEnd:
			f.atEnd = true
			f.framesN.Add(1)
			h := f.frames.Header()
			if h.Opcode.IsControl() {
				f.ctrl = true
			} else if h.Fin {
				f.messages.Add(1)
				msgEnd = true
			}
		}
	}
}

// buffer is an empty buffer for about need bytes: the kept one, or one
// lent for a large frame.
func (f *frameWriter) buffer(need int) []byte {
	if need > smallHold {
		f.big = bigBufs.Get().(*[]byte)
		return (*f.big)[:0]
	}
	if f.small == nil {
		f.small = make([]byte, 0, smallHold)
	}
	return f.small[:0]
}

// flush writes out what is held and gives a lent buffer back.
func (f *frameWriter) flush() error {
	err := f.send(f.held)
	f.held = nil
	if f.big != nil {
		bigBufs.Put(f.big)
		f.big = nil
	}
	return err
}

// send is the one place that writes to the connection below.
func (f *frameWriter) send(p []byte) error {
	f.ctrl = false
	f.writes.Add(1)
	n, err := f.dst.Write(p)
	f.bytes.Add(int64(n))
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		f.err = err
		return err
	}
	f.unsent = 0
	return nil
}

// cork opens a batch: frame ends no longer write out, until uncork. The
// caller has the batch's messages in hand and writes them at once; a
// full buffer and control frames still write out.
func (f *frameWriter) cork() {
	f.mu.Lock()
	f.corked = true
	f.mu.Unlock()
}

// uncork closes the batch: the next frame end writes out everything held.
// The batch's last message is written after uncork, so the batch leaves
// inside the library's write of that message, under its context and with
// its error. (A batch that ends early on an error needs nothing written:
// the connection is failing.)
func (f *frameWriter) uncork() {
	f.mu.Lock()
	f.corked = false
	f.mu.Unlock()
}

// unsentMessages is how many of the messages written so far have not
// left: held in an open batch, or lost in a failed write.
func (f *frameWriter) unsentMessages() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.unsent
}

// batchSize is how many messages of size bytes a batch holds.
func batchSize(size int) int {
	return max(1, min(batchMessages, batchBytes/max(size, 1)))
}

// sendContext is the context for a sender's calls into the library, and
// the stop of the one watch that goes with it. The library watches the
// context of every call it is given (context.AfterFunc, to close the
// connection if it ends), an allocation and a few locks per message: a
// fifth of the client's time at 11 B. The sender's calls get the attempt's
// context without its end, and one watch for the whole connection closes
// the wire when the attempt ends, as the library would: a write stuck on
// a server that does not read fails at once.
func sendContext(a *attempt) (ctx context.Context, stop func() bool) {
	return context.WithoutCancel(a.ctx), context.AfterFunc(a.ctx, func() { a.wire.Close() })
}

// writeBatch writes n binary messages, msg(0) … msg(n-1), in one batch:
// all but the last with the wire corked, so that the last one's frame end
// carries them all out in one write (or a few, past wireHoldMax). It
// returns how many of them left; on an error, the ones before the failed
// one that the wire had already written out.
func writeBatch(ctx context.Context, w *wireConn, conn *websocket.Conn, n int, msg func(i int) []byte) (int, error) {
	if n > 1 {
		w.out.cork()
		defer w.out.uncork() // when a write fails before the last
	}
	for i := range n {
		if i == n-1 && n > 1 {
			w.out.uncork()
		}
		if err := conn.Write(ctx, websocket.MessageBinary, msg(i)); err != nil {
			return max(0, i-w.out.unsentMessages()), err
		}
	}
	return n, nil
}

func (f *frameWriter) stats() WireStats {
	return WireStats{Frames: f.framesN.Load(), Messages: f.messages.Load(), Writes: f.writes.Load(), Bytes: f.bytes.Load()}
}
