package wsframe

import (
	"io"
	"sync"
	"sync/atomic"
)

// MaxHeld bounds what a FrameWriter holds: a whole 1 MiB frame and its
// header, so a 1 MiB message leaves in one write. A larger frame is
// written a MaxHeld piece at a time.
const MaxHeld = 1<<20 + 64

// smallHeld is the size of the buffer a FrameWriter keeps: room for a
// 64 KiB frame, or a batch of 64 KiB of small messages, with their headers.
const smallHeld = 80 << 10

// bigBufs lend the buffers larger frames wait in, for as long as they
// are gathered.
var bigBufs = sync.Pool{New: func() any { b := make([]byte, 0, MaxHeld); return &b }}

// smallBufs lend the smallHeld buffers of FrameWriters that lend rather
// than keep (LendBuffers).
var smallBufs = sync.Pool{New: func() any { b := make([]byte, 0, smallHeld); return &b }}

// FrameWriter sits between a WebSocket implementation and its connection
// and writes each frame it is given in one write: one system call, over
// TLS one Write into crypto/tls.
//
// coder/websocket writes a frame through a 4 KiB bufio.Writer and hands
// the connection every 4 KiB it fills (a client's 64 KiB message left in
// 17 writes, a 1 MiB one in 257), with no option for the buffer's size. A
// FrameWriter follows the frames with a Parser and holds the pieces of a
// frame until it is complete. It works on either side, masked frames or
// not: it only reads the headers, and changes no byte.
//
// Nothing is held past the end of a frame: no timer, no waiting for more,
// no Nagle. Only an explicit batch (Cork … Uncork), which a sender opens
// when it already has the messages in hand, leaves frame ends behind
// unsent; the frame that ends after Uncork carries the batch out. A
// control frame (ping, pong, close, whoever writes it) ends a batch too,
// so what is held goes out in front of a close frame, never after it.
//
// Memory: a frame that arrives whole in one piece (every message of up to
// about 4 KiB from the library) is written as it is, without a copy. The
// pieces of a larger frame, or a batch, are gathered in a buffer of
// smallHeld (80 KiB) that the FrameWriter keeps once it has needed it; a
// frame that announces more than that waits in a MaxHeld (1 MiB) buffer
// lent from a pool for as long as it is gathered, and given back at once.
// So a FrameWriter holds at most about 1.1 MiB while a large frame is on
// its way, and at most 80 KiB otherwise. (Lending every buffer from a pool
// made a busy client allocate afresh after each garbage collection, which
// came the sooner for it; a server of many connections lends the small
// one too, LendBuffers, and holds none between frames.)
//
// Write is for one goroutine at a time (a WebSocket implementation
// serialises its frames); Cork, Uncork, Unsent and Stats may be called
// from any goroutine.
type FrameWriter struct {
	dst io.Writer

	mu     sync.Mutex
	frames Parser
	atEnd  bool    // what was given so far ends where a frame ends
	ctrl   bool    // a control frame ended since the last write out
	closed bool    // a close frame has been given
	corked bool    // a batch is open: frame ends do not write out
	held   []byte  // the bytes held: in small or big, nil when none
	small  []byte  // the kept buffer, made at first need
	big    *[]byte // lent from bigBufs while a large frame is held
	lend   bool    // LendBuffers: the small buffer is lent too
	lent   *[]byte // lent from smallBufs while a frame or batch is held
	unsent int     // messages whose end is held (or was lost in a failed write)
	err    error   // the first failed write; every later write fails alike

	framesN, messages, writes, bytes atomic.Int64
}

// WriterStats counts what a FrameWriter wrote: frames and messages (final
// data frames), the writes to the connection they took, and the bytes,
// headers included.
type WriterStats struct {
	Frames, Messages, Writes, Bytes int64
}

// NewFrameWriter returns a FrameWriter that writes to dst.
func NewFrameWriter(dst io.Writer) *FrameWriter { return &FrameWriter{dst: dst} }

// LendBuffers(true) makes f borrow its small buffer too, for as long as a
// frame or a batch is gathered, instead of keeping it: for a server holding
// many connections that mostly wait (sampleserver), where 80 KiB kept per
// connection counts for more than an allocation after a collection.
// LendBuffers(false), the default, keeps it. Call it before the first
// Write.
func (f *FrameWriter) LendBuffers(lend bool) {
	f.mu.Lock()
	f.lend = lend
	f.mu.Unlock()
}

// Write takes p, the next bytes of a stream of frames, and writes out what
// is held when a frame ends (outside a batch, or at a control frame). A
// failed write fails this and every later Write with the same error.
func (f *FrameWriter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return 0, f.err
	}
	msgEnd := f.follow(p)
	due := f.atEnd && (!f.corked || f.ctrl)
	if f.held == nil && (due || len(p) >= MaxHeld) {
		if err := f.send(p); err != nil { // whole frames, or a piece as big as the bound: no copy
			return 0, err
		}
		return len(p), nil
	}
	n := len(p)
	for {
		if f.held == nil {
			f.held = f.buffer(len(p) + int(min(f.frames.Remaining(), MaxHeld)))
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
// reports whether a message ends in p. (A WebSocket implementation flushes
// at the end of every message, so a message's end is the end of a piece.)
func (f *FrameWriter) follow(p []byte) (msgEnd bool) {
	for {
		n, step := f.frames.Next(p)
		p = p[n:]
		switch step {
		case NeedMore:
			if n > 0 {
				f.atEnd = false // the start of a header
			}
			return msgEnd
		case GotHeader:
			f.atEnd = false
			if f.frames.Header().Opcode == Close {
				f.closed = true
			}
		case GotEnd:
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
func (f *FrameWriter) buffer(need int) []byte {
	if need > smallHeld {
		f.big = bigBufs.Get().(*[]byte)
		return (*f.big)[:0]
	}
	if f.lend {
		f.lent = smallBufs.Get().(*[]byte)
		return (*f.lent)[:0]
	}
	if f.small == nil {
		f.small = make([]byte, 0, smallHeld)
	}
	return f.small[:0]
}

// flush writes out what is held and gives a lent buffer back.
func (f *FrameWriter) flush() error {
	err := f.send(f.held)
	f.held = nil
	if f.big != nil {
		bigBufs.Put(f.big)
		f.big = nil
	}
	if f.lent != nil {
		smallBufs.Put(f.lent)
		f.lent = nil
	}
	return err
}

// send is the one place that writes to the connection.
func (f *FrameWriter) send(p []byte) error {
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

// Between reports whether what Write was given so far ends where a frame
// ends, or nothing was given: a frame written now goes between two frames,
// never inside one. That is the only place a control frame may go (RFC
// 6455 §5.4: between the fragments of a message, never inside a frame).
// It is stable only while no Write is under way: the caller serialises.
func (f *FrameWriter) Between() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.frames.Between()
}

// CloseWritten reports whether a close frame was among what Write was
// given: after it, an endpoint sends nothing more (§5.5.1).
func (f *FrameWriter) CloseWritten() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

// Cork opens a batch: frame ends no longer write out, until Uncork. The
// caller has the batch's messages in hand and writes them at once; the
// bound (MaxHeld) and control frames still write out.
func (f *FrameWriter) Cork() {
	f.mu.Lock()
	f.corked = true
	f.mu.Unlock()
}

// Uncork closes the batch: the next frame end writes out everything held.
// The caller writes the batch's last message after Uncork, so the batch
// leaves within that message's write, with its error. (A batch that ends
// early on an error needs nothing written: the connection is failing.)
func (f *FrameWriter) Uncork() {
	f.mu.Lock()
	f.corked = false
	f.mu.Unlock()
}

// Unsent is how many of the messages written so far have not left: held
// in an open batch, or lost in a failed write.
func (f *FrameWriter) Unsent() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.unsent
}

// Err is the write that failed, or nil.
func (f *FrameWriter) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Stats is what the FrameWriter has written so far.
func (f *FrameWriter) Stats() WriterStats {
	return WriterStats{Frames: f.framesN.Load(), Messages: f.messages.Load(), Writes: f.writes.Load(), Bytes: f.bytes.Load()}
}
