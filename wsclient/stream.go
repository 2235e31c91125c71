package wsclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
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
	opts     Options
	events   *eventQueue
	sent     atomic.Int64
	received atomic.Int64

	mu     sync.Mutex
	active *connection
}

// NewStream returns an idle Stream with the given options.
func NewStream(opts Options) *Stream {
	return &Stream{opts: opts, events: newEventQueue()}
}

// Events delivers every event of every connection, in order. The channel is
// never closed; the owner should keep reading it. A slow reader never slows
// the connection: events wait in an unbounded queue (progress events are
// throttled to ten a second, so the queue stays short).
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
// EventConnected … EventClosed.
func (s *Stream) Start(uri string) error {
	u, err := ParseURI(uri)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.active != nil {
		return ErrAlreadyStarted
	}
	s.sent.Store(0)
	s.received.Store(0)
	ctx, cancel := context.WithCancel(context.Background())
	c := &connection{stream: s, uri: u, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	s.active = c
	go c.run()
	return nil
}

// Stop closes the connection with code 1000 and the reason "Closed due to
// user request." and returns once it is closed and EventClosed is queued.
// A peer that does not answer the close handshake is given StopTimeout,
// then the connection is dropped, so Stop returns within about two seconds
// whatever the peer does. Stop during a connect cancels it. Stop on an idle
// Stream returns ErrNotConnected; concurrent calls all wait for the close.
func (s *Stream) Stop() error {
	s.mu.Lock()
	c := s.active
	s.mu.Unlock()
	if c == nil {
		return ErrNotConnected
	}
	c.stop()
	return nil
}

// connection is one connect-to-close lifetime. Its context is the only one
// passed to the library, and it is cancelled only to tear the connection
// down (the library closes the connection when a context it was given ends).
type connection struct {
	stream *Stream
	uri    *url.URL
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when run has queued the last event

	mu       sync.Mutex
	conn     *websocket.Conn // nil until the handshake succeeds
	stopping bool            // Stop was called

	stopOnce     sync.Once
	lastProgress atomic.Int64 // UnixNano of the last progress event
	failure      atomic.Pointer[StreamError]
}

func (c *connection) emit(e Event) { c.stream.events.emit(e) }

func (c *connection) note(text string) { c.emit(Event{Kind: EventNote, Text: text}) }

func (c *connection) isStopping() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopping
}

func (c *connection) run() {
	s := c.stream
	defer close(c.done)
	defer c.cancel()

	c.emit(Event{Kind: EventConnecting, URI: c.uri.String()})
	res, err := dial(c.ctx, c.uri, s.opts, c.note)
	if err == nil {
		c.mu.Lock()
		if c.stopping { // Stop arrived while the handshake was finishing
			err = &ConnectError{Kind: KindCancelled, Detail: "stopped before the server answered", Err: context.Canceled}
			res.conn.CloseNow()
		} else {
			c.conn = res.conn
		}
		c.mu.Unlock()
	}
	if err != nil {
		c.finish(Event{Kind: EventConnectFailed, Err: err})
		return
	}
	conn := res.conn
	c.emit(Event{Kind: EventConnected, Info: res.info})

	c.emit(Event{Kind: EventReadStarted})
	readErr := make(chan error, 1)
	go func() { readErr <- c.readLoop(conn) }()
	c.emit(Event{Kind: EventWriteStarted})
	writeDone := make(chan struct{})
	go func() { defer close(writeDone); c.writeLoop(conn) }()

	// The reader always sees the end first: the peer's close frame, the
	// echo of ours, or the lost connection.
	err = <-readErr
	c.cancel() // stops the sender, even one blocked on a peer that never reads
	<-writeDone
	conn.CloseNow()
	c.finish(Event{Kind: EventClosed, Close: c.closeInfo(err)})
}

// finish clears the Stream's connection and queues the last event, in that
// order, so an owner reacting to the event can Start again at once.
func (c *connection) finish(last Event) {
	s := c.stream
	s.mu.Lock()
	s.active = nil
	s.mu.Unlock()
	last.Sent, last.Received = s.sent.Load(), s.received.Load()
	c.emit(last)
}

// closeInfo says how the connection ended, from the reader's last error.
func (c *connection) closeInfo(err error) CloseInfo {
	code := int(websocket.CloseStatus(err))
	var ce websocket.CloseError
	errors.As(err, &ce)
	switch {
	case c.isStopping() && code != -1:
		return CloseInfo{Code: code, Reason: ce.Reason, By: ClosedByClient}
	case c.isStopping():
		return CloseInfo{Code: int(websocket.StatusNormalClosure), Reason: StopReason, By: ClosedByClient}
	case code != -1:
		return CloseInfo{Code: code, Reason: ce.Reason, By: ClosedByServer}
	}
	// No close frame: the TCP connection was lost. A clean io.EOF is only
	// ever the end of one message, so any error here is abnormal; note the
	// wrapped EOF of a dropped connection is not == io.EOF.
	cause := err
	if f := c.failure.Load(); f != nil {
		cause = f.Err
	}
	return CloseInfo{Code: StatusAbnormalClosure, Reason: "connection lost: " + describeIOError(cause), By: ClosedAbnormally}
}

// stop asks for the close handshake and waits, within StopTimeout, for the
// connection to end; then it drops the connection and waits for the rest.
func (c *connection) stop() {
	c.stopOnce.Do(func() {
		c.mu.Lock()
		c.stopping = true
		conn := c.conn
		c.mu.Unlock()
		if conn == nil {
			c.cancel() // still connecting: abandon the handshake
			return
		}
		// Close blocks while it waits for the peer; run it aside. It
		// returns as soon as the connection is closed by any means.
		go conn.Close(websocket.StatusNormalClosure, StopReason)
		select {
		case <-c.done:
		case <-time.After(StopTimeout):
			c.note(fmt.Sprintf("The server did not finish the close handshake within %s; the connection was dropped.", StopTimeout))
			c.cancel()
			conn.CloseNow()
		}
	})
	<-c.done
}

// readLoop reads every message in partial reads of at most ReadSize bytes,
// text and binary alike (a stream has no message boundaries to keep), and
// returns the error that ended the connection.
func (c *connection) readLoop(conn *websocket.Conn) error {
	buf := make([]byte, c.stream.opts.readSize())
	for {
		_, r, err := conn.Reader(c.ctx)
		if err != nil {
			c.readFailed(err)
			return err
		}
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if onData := c.stream.opts.OnData; onData != nil {
					onData(buf[:n])
				}
				c.stream.received.Add(int64(n))
				c.progress()
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

// readFailed reports a read error that is neither a close frame nor the
// result of our own Stop.
func (c *connection) readFailed(err error) {
	if websocket.CloseStatus(err) != -1 || c.isStopping() || c.ctx.Err() != nil {
		return
	}
	if c.failure.Load() != nil { // the sender already said why
		return
	}
	c.emit(Event{Kind: EventReadFailed, Err: &StreamError{Op: "read", Err: err}})
}

// writeLoop sends the payload, then waits the interval, until the
// connection ends.
func (c *connection) writeLoop(conn *websocket.Conn) {
	payload, interval := c.stream.opts.payload(), c.stream.opts.interval()
	if len(payload) == 0 {
		<-c.ctx.Done()
		return
	}
	var timer *time.Timer
	if interval > 0 {
		timer = time.NewTimer(interval)
		defer timer.Stop()
	}
	for {
		if err := conn.Write(c.ctx, websocket.MessageBinary, payload); err != nil {
			if !c.isStopping() && c.ctx.Err() == nil {
				se := &StreamError{Op: "write", Err: err}
				c.failure.Store(se)
				c.emit(Event{Kind: EventWriteFailed, Err: se})
			}
			return
		}
		c.stream.sent.Add(int64(len(payload)))
		c.progress()
		if timer == nil {
			if c.ctx.Err() != nil {
				return
			}
			continue
		}
		timer.Reset(interval)
		select {
		case <-c.ctx.Done():
			return
		case <-timer.C:
		}
	}
}

// progressEvery throttles progress events; the counters themselves are
// always current.
const progressEvery = 100 * time.Millisecond

func (c *connection) progress() {
	now := time.Now().UnixNano()
	last := c.lastProgress.Load()
	if now-last < int64(progressEvery) || !c.lastProgress.CompareAndSwap(last, now) {
		return
	}
	s := c.stream
	c.emit(Event{Kind: EventProgress, Sent: s.sent.Load(), Received: s.received.Load()})
}
