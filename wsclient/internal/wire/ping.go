package wire

import (
	"bytes"
	"context"
	"crypto/rand"
	"sync"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// A ping with a payload of the caller's choice, written by the wire.
//
// coder/websocket writes its pings itself, with a payload of its own (a
// counter) and no way to choose one. The wire sees every byte the library
// writes, so it can write a ping of its own in between, if it keeps to one
// rule: a control frame may go between the frames of a message, never
// inside a frame (RFC 6455 §5.4). The library writes a frame in pieces (4
// KiB at a time), so the wire waits for a frame to end:
//
//   - When nothing is being written, or what was written so far ends
//     where a frame ends, the ping is written at once, by whoever asked.
//   - When the library is inside a frame, the ping is handed over: the
//     first of the library's Writes that ends where a frame ends writes it
//     right behind, before the library can start the next frame, so a
//     long stream of large messages cannot keep it waiting. (The library
//     flushes its buffer at the end of every message; the messages
//     wsclient writes are one frame each, so that is the end of the
//     message under way.)
//
// Either way the ping is one masked frame with a fresh key (§5.3), written
// in one write through the frame writer like every other frame, so the
// wire view shows it and Stats count it. Like the library's data
// frames it waits for room in the socket as long as it takes (a deadline
// could cut it in half); the write deadline the owner had set is put
// back afterwards. Who asked waits at most for its context, whether for a
// frame to end or for room in a full socket: a frame that does not end in
// time leaves the ping unsent and the connection as it was; a write under
// way goes on, with nobody waiting for its pong, until the server reads
// or the connection is closed.
//
// The pong is matched on the read side: the Checker hands the wire every
// pong (conn.go), and pongWaiters finds the ping with the same payload
// (§5.5.3). The library reads that pong too and ignores it: its reader
// (read.go, handleControl, v1.8.15) looks the payload up among its own
// pings in flight and, finding none, drops it. The keep-alive (wsclient's
// PingInterval) pings through here too, not with the library's own Ping,
// which would wait behind the library's write lock and give no word of
// when it left: the keep-alive needs to know (wsclient/ping.go). Every
// byte read is noted too (LastRead): a peer that sends is alive, whatever
// became of a ping.

// handedPing is a ping waiting for the frame under way to end.
type handedPing struct {
	frame []byte         // the whole masked ping frame
	sent  chan pingWrite // buffered: the writer never waits for the pinger
}

// pingWrite is the outcome of a ping frame's write: when it left (the
// write completed: the frame is the kernel's), or why it failed.
type pingWrite struct {
	at  time.Time
	err error
}

// Ping writes a ping frame carrying payload (at most
// wsframe.MaxControlPayload, 125 bytes) at the next frame boundary, within
// ctx, and returns when it left: when its write completed, after any
// wait for the frame under way and for room in the socket. A round trip
// is timed from then, so that it measures the path and the peer, not the
// client's own queue. It returns ErrClosed once a
// close frame has gone out or the wire is closed. The caller registers
// the ping with ExpectPong first, so that its pong cannot be missed.
func (w *Conn) Ping(ctx context.Context, payload []byte) (time.Time, error) {
	var key [4]byte
	if _, err := rand.Read(key[:]); err != nil {
		return time.Time{}, err
	}
	var frame bytes.Buffer
	if err := wsframe.WriteFrame(&frame, wsframe.Frame{Fin: true, Opcode: wsframe.Ping, Payload: payload}, &key); err != nil {
		return time.Time{}, err
	}
	select {
	case w.turn <- struct{}{}:
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	case <-w.closed:
		return time.Time{}, ErrClosed
	}
	hp := &handedPing{frame: frame.Bytes(), sent: make(chan pingWrite, 1)}
	if w.out.Between() {
		// Write it now, aside: into a full socket the write waits for
		// room, and who asked waits at most for ctx, as for a ping
		// handed over.
		go func() {
			defer func() { <-w.turn }()
			hp.sent <- w.writePing(hp.frame)
		}()
	} else {
		// The library is inside a frame: hand the ping to its next Write.
		w.pingMu.Lock()
		w.handed = append(w.handed, hp)
		w.handedN.Store(int32(len(w.handed)))
		w.pingMu.Unlock()
		<-w.turn
	}
	var err error
	select {
	case r := <-hp.sent:
		return r.at, r.err
	case <-ctx.Done():
		err = ctx.Err()
	case <-w.closed:
		err = ErrClosed
	}
	w.withdraw(hp) // if it is being written now, it goes: harmless, nobody waits for its pong
	// (A ping written aside is not in the list: its write goes on until
	// the server reads, or until Close.)
	return time.Time{}, err
}

// sendHanded writes the pings handed over, if what was written so far
// ends where a frame ends. The caller, Write, holds the turn.
func (w *Conn) sendHanded() {
	if !w.out.Between() {
		return
	}
	w.pingMu.Lock()
	handed := w.handed
	w.handed = nil
	w.handedN.Store(0)
	w.pingMu.Unlock()
	for _, hp := range handed {
		hp.sent <- w.writePing(hp.frame)
	}
}

// withdraw takes back a handed ping that has not been written.
func (w *Conn) withdraw(hp *handedPing) {
	w.pingMu.Lock()
	defer w.pingMu.Unlock()
	for i, x := range w.handed {
		if x == hp {
			w.handed = append(w.handed[:i], w.handed[i+1:]...)
			w.handedN.Store(int32(len(w.handed)))
			return
		}
	}
}

// writePing writes a ping frame at a frame boundary, unless a close
// frame has gone out (after it a client sends nothing, §5.5.1). The
// caller holds the turn. The write has no deadline of its own, as the
// library's data writes have none: into a full socket it waits for the
// server to read, or for Close. Who asked bounds only its own wait
// (Ping's context): a write cut short by a deadline could leave half a
// frame on the wire, and the connection unable to write.
func (w *Conn) writePing(frame []byte) pingWrite {
	if w.out.CloseWritten() {
		return pingWrite{err: ErrClosed}
	}
	w.applyDeadline(time.Time{}) // not the owner's (a FrameSocket's pong may have left one)
	_, err := w.writeOut(frame)
	left := time.Now()
	w.applyDeadline(w.deadline)
	return pingWrite{at: left, err: err}
}

// ExpectPong registers a ping with payload before it is sent, so its pong
// cannot be missed. answered is closed when the pong arrives; forget
// unregisters it (call it when done waiting).
func (w *Conn) ExpectPong(payload []byte) (answered <-chan struct{}, forget func()) {
	return w.pongs.expect(payload)
}

// Handed is how many pings wait for the frame under way to end.
func (w *Conn) Handed() int { return int(w.handedN.Load()) }

// BetweenFrames reports whether what was written so far ends where a
// frame ends, as a ping would find it.
func (w *Conn) BetweenFrames() bool {
	w.turn <- struct{}{}
	defer func() { <-w.turn }()
	return w.out.Between()
}

// pongWaiters are the pings sent by Ping still waiting for their pong;
// the wire's read side calls arrived with each pong's payload. The zero
// value is ready to use.
type pongWaiters struct {
	mu      sync.Mutex
	waiting []*pongWaiter
}

type pongWaiter struct {
	payload  []byte
	answered chan struct{}
}

// expect registers a ping with payload. answered is closed when its pong
// arrives; forget unregisters it (call it when done waiting).
func (w *pongWaiters) expect(payload []byte) (answered <-chan struct{}, forget func()) {
	pw := &pongWaiter{payload: bytes.Clone(payload), answered: make(chan struct{})}
	w.mu.Lock()
	w.waiting = append(w.waiting, pw)
	w.mu.Unlock()
	return pw.answered, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		for i, x := range w.waiting {
			if x == pw {
				w.waiting = append(w.waiting[:i], w.waiting[i+1:]...)
				return
			}
		}
	}
}

// arrived answers the oldest waiting ping whose payload equals payload
// (§5.5.3: a pong carries the ping's application data); a pong nobody
// waits for is ignored.
func (w *pongWaiters) arrived(payload []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, x := range w.waiting {
		if bytes.Equal(x.payload, payload) {
			close(x.answered)
			w.waiting = append(w.waiting[:i], w.waiting[i+1:]...)
			return
		}
	}
}
