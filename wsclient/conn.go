package wsclient

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// client is what Stream and MessageSocket share: options, the ordered event
// queue and at most one connection at a time.
type client struct {
	opts   Options
	events *eventQueue

	mu     sync.Mutex
	active *connection
}

func newClient(opts Options) client {
	return client{opts: opts, events: newEventQueue()}
}

// role is what a kind of socket does once connected.
type role struct {
	// read runs on its own goroutine and returns the error that ended the
	// connection: the peer's close frame, the echo of ours, or the loss.
	read func(c *connection, conn *websocket.Conn) error
	// write, when set, runs on its own goroutine until the connection ends.
	write func(c *connection, conn *websocket.Conn)
	// announce emits "Background read/write starting." as the loops start.
	announce bool
	// totals are the byte counts the final event carries.
	totals func() (sent, received int64)
}

// start checks uri and, if the client is idle, opens a connection in the
// background. reset runs under the client's lock before the connection
// exists (counters go back to zero).
func (cl *client) start(uri string, r role, reset func()) error {
	u, err := ParseURI(uri)
	if err != nil {
		return err
	}
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.active != nil {
		return ErrAlreadyStarted
	}
	if reset != nil {
		reset()
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &connection{client: cl, role: r, uri: u, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	cl.active = c
	go c.run()
	return nil
}

// stop closes the current connection, if any, within its bound.
func (cl *client) stop() error {
	c := cl.current()
	if c == nil {
		return ErrNotConnected
	}
	c.stop()
	return nil
}

func (cl *client) current() *connection {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	return cl.active
}

// connection is one connect-to-close lifetime. Its context is the only one
// passed to the library, and it is cancelled only to tear the connection
// down (the library closes the connection when a context it was given ends).
type connection struct {
	client *client
	role   role
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

func (c *connection) emit(e Event) { c.client.events.emit(e) }

func (c *connection) note(text string) { c.emit(Event{Kind: EventNote, Text: text}) }

func (c *connection) isStopping() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopping
}

// open returns the connection once the handshake is done, or nil.
func (c *connection) open() *websocket.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

func (c *connection) run() {
	defer close(c.done)
	defer c.cancel()

	c.emit(Event{Kind: EventConnecting, URI: c.uri.String()})
	res, err := dial(c.ctx, c.uri, c.client.opts, c.note)
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

	if c.role.announce {
		c.emit(Event{Kind: EventReadStarted})
	}
	readErr := make(chan error, 1)
	go func() { readErr <- c.role.read(c, conn) }()
	writeDone := make(chan struct{})
	if c.role.write != nil {
		if c.role.announce {
			c.emit(Event{Kind: EventWriteStarted})
		}
		go func() { defer close(writeDone); c.role.write(c, conn) }()
	} else {
		close(writeDone)
	}

	// The reader always sees the end first: the peer's close frame, the
	// echo of ours, or the lost connection.
	err = <-readErr
	c.cancel() // stops the sender, even one blocked on a peer that never reads
	<-writeDone
	conn.CloseNow()
	c.finish(Event{Kind: EventClosed, Close: c.closeInfo(err)})
}

// finish clears the client's connection and queues the last event, in that
// order, so an owner reacting to the event can start again at once.
func (c *connection) finish(last Event) {
	c.client.mu.Lock()
	c.client.active = nil
	c.client.mu.Unlock()
	if c.role.totals != nil {
		last.Sent, last.Received = c.role.totals()
	}
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
	// No close frame: the TCP connection was lost. Note the wrapped EOF of
	// a dropped connection is not == io.EOF, and errors.Is(err, io.EOF)
	// would wrongly call it clean.
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
		timer := time.NewTimer(StopTimeout)
		defer timer.Stop()
		select {
		case <-c.done:
		case <-timer.C:
			c.note(fmt.Sprintf("The server did not finish the close handshake within %s; the connection was dropped.", StopTimeout))
			c.cancel()
			conn.CloseNow()
		}
	})
	<-c.done
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

// writeFailed records and reports a write error that is not the result of
// our own Stop or of the connection ending.
func (c *connection) writeFailed(err error) {
	if c.isStopping() || c.ctx.Err() != nil {
		return
	}
	se := &StreamError{Op: "write", Err: err}
	c.failure.Store(se)
	c.emit(Event{Kind: EventWriteFailed, Err: se})
}

// progressEvery throttles progress events; the counters themselves are
// always current.
const progressEvery = 100 * time.Millisecond

// progress emits the totals, at most once per progressEvery.
func (c *connection) progress() {
	now := time.Now().UnixNano()
	last := c.lastProgress.Load()
	if now-last < int64(progressEvery) || !c.lastProgress.CompareAndSwap(last, now) {
		return
	}
	sent, received := c.role.totals()
	c.emit(Event{Kind: EventProgress, Sent: sent, Received: received})
}
