package wsclient

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Stream is the sample's StreamWebSocket: once connected it sends the
// payload every interval and reads whatever arrives in partial reads,
// counting bytes both ways. It reports what happens on Events.
//
// A Stream holds at most one connection at a time and can be started again
// after it has closed. All methods are safe for concurrent use.
type Stream struct {
	client
	sent     atomic.Int64
	received atomic.Int64

	// sendMu serialises the periodic payload and file transfers: a
	// transfer holds it throughout, which pauses the payload.
	sendMu    sync.Mutex
	transfer  atomic.Pointer[Transfer] // the transfer under way, if any
	echoCheck atomic.Pointer[Transfer] // the transfer whose echo the reader compares
}

// NewStream returns an idle Stream with the given options.
func NewStream(opts StreamOptions) *Stream {
	return &Stream{client: newClient(opts)}
}

// SetOptions replaces the options the next connection will use; an open
// connection keeps the ones it started with.
func (s *Stream) SetOptions(opts StreamOptions) { s.setOptions(opts) }

// Events delivers every event of every connection, in order. The channel is
// never closed; the owner should keep reading it. An owner that falls
// behind costs little: progress events (at most ten a second) are
// coalesced, so only the latest totals wait, and the few other events of a
// Stream always wait their turn. (MessageSocket and FrameSocket deliver
// data as events; past a bound their reader waits for the owner.) Stop
// never waits for the owner.
func (s *Stream) Events() <-chan Event { return s.events.out }

// Sent is the number of payload bytes written by the current (or last)
// connection, counted after each successful write.
func (s *Stream) Sent() int64 { return s.sent.Load() }

// Received is the number of bytes read by the current (or last) connection,
// text and binary messages alike.
func (s *Stream) Received() int64 { return s.received.Load() }

// Start checks uri and opens a connection in the background; it returns at
// once. A bad address returns a *URIError and nothing is sent; a Stream
// already connected or connecting returns ErrAlreadyStarted. Everything
// after that arrives as Events: EventConnecting, then EventConnectFailed or
// EventConnected … EventClosed. The counters restart from zero.
func (s *Stream) Start(uri string) error {
	return s.start(uri, role{
		dial:     dial,
		read:     func(a *attempt, l link) error { return s.readLoop(a, l.(*websocket.Conn)) },
		write:    func(a *attempt, l link) { s.writeLoop(a, l.(*websocket.Conn)) },
		announce: true,
		totals:   func() (int64, int64) { return s.sent.Load(), s.received.Load() },
	}, func() {
		s.sent.Store(0)
		s.received.Store(0)
	})
}

// Stop closes the connection with code 1000 and the reason StopReason and
// returns once it is closed and EventClosed is queued.
// A peer that does not answer the close handshake is given StopTimeout,
// then the connection is dropped, so Stop returns within about two seconds
// whatever the peer does. Stop during a connect cancels it. Stop on an idle
// Stream returns ErrNotConnected; concurrent calls all wait for the close.
func (s *Stream) Stop() error { return s.stop() }

// readLoop reads every message in partial reads of at most ReadSize bytes,
// text and binary alike (a stream has no message boundaries to keep), and
// returns the error that ended the connection. The wire has checked the
// bytes on their way (text is UTF-8, no masked frame …): a read ends in
// error where a rule was broken, after the valid bytes before it. A
// compressed text message is checked here, once inflated (compress.go).
func (s *Stream) readLoop(c *attempt, conn *websocket.Conn) error {
	buf := make([]byte, c.opts.readSize())
	// A context without an end: the library would arm a context.AfterFunc
	// on every Reader call otherwise (~300 B and a fifth of the client's
	// CPU per 11 B message). The reader always ends first in attempt(), by
	// the peer's close, our close's echo, a broken rule or wire.Close.
	readCtx := context.WithoutCancel(c.ctx)
	text := newInflatedText(c.wire)
	for {
		typ, r, err := conn.Reader(readCtx)
		if err != nil {
			c.readFailed(err)
			return err
		}
		text.begin(typ)
		for {
			n, err := r.Read(buf)
			n, bad := text.check(buf[:n])
			if bad == nil && err == io.EOF {
				bad = text.end()
			}
			if n > 0 {
				if onData := c.opts.OnData; onData != nil {
					onData(buf[:n])
				}
				if t := s.echoCheck.Load(); t != nil {
					t.compare(buf[:n])
				}
				s.received.Add(int64(n))
				c.progress()
			}
			if bad != nil { // the valid start went on; the connection fails with 1007
				c.broken.Store(bad)
				return bad
			}
			if err == io.EOF { // the end of this message, not of the connection
				break
			}
			if err != nil {
				c.readFailed(err)
				return err
			}
		}
	}
}

// writeLoop is the sample's loop: write the payload, wait the interval,
// again, until the connection ends. Each write is one binary message,
// counted in Sent once it is written; a transfer (SendFile) holds sendMu
// and so pauses the loop. Sent continuously (Interval Continuous), the
// next messages are always due at once, so writeCopies sends them in
// batches of one write each (batch.go); each is still its own message
// on the wire and in Sent.
func (s *Stream) writeLoop(c *attempt, conn *websocket.Conn) {
	ctx, stop := sendContext(c)
	defer stop()
	payload, interval := c.opts.payload(), c.opts.interval()
	if len(payload) == 0 { // an empty payload sends nothing: only reads
		<-c.ctx.Done()
		return
	}
	if interval == 0 {
		s.writeContinuously(ctx, c, conn, payload)
		return
	}
	timer := time.NewTimer(interval)
	defer timer.Stop()
	for {
		s.sendMu.Lock()
		err := conn.Write(ctx, websocket.MessageBinary, payload)
		s.sendMu.Unlock()
		if err != nil {
			c.writeFailed(err)
			return
		}
		s.sent.Add(int64(len(payload)))
		c.progress()
		timer.Reset(interval)
		select {
		case <-c.ctx.Done():
			return
		case <-timer.C:
		}
	}
}

// writeContinuously sends the payload back to back, a batch at a time,
// until the connection ends.
func (s *Stream) writeContinuously(ctx context.Context, c *attempt, conn *websocket.Conn, payload []byte) {
	for c.ctx.Err() == nil {
		s.sendMu.Lock()
		n, err := writeCopies(ctx, c, conn, payload)
		s.sendMu.Unlock()
		s.sent.Add(int64(n) * int64(len(payload)))
		if err != nil {
			c.writeFailed(err)
			return
		}
		c.progress()
	}
}
