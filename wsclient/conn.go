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
	events *eventQueue

	mu     sync.Mutex
	opts   Options // for the next Start; each connection keeps its own copy
	active *connection
}

// SetOptions replaces the options the next connection will use; an open
// connection keeps the ones it started with.
func (cl *client) SetOptions(opts Options) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	cl.opts = opts
}

func newClient(opts Options) client {
	return client{opts: opts, events: newEventQueue()}
}

// role is what a kind of socket does once connected.
type role struct {
	// read runs on its own goroutine and returns the error that ended the
	// connection: the peer's close frame, the echo of ours, or the loss.
	read func(a *attempt, conn *websocket.Conn) error
	// write, when set, runs on its own goroutine until the connection ends.
	write func(a *attempt, conn *websocket.Conn)
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
	c := &connection{client: cl, opts: cl.opts, role: r, uri: u, session: ctx, endSession: cancel, done: make(chan struct{})}
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

// connection is one Start-to-end session: a connect, the connection's life
// and, with Options.Reconnect, the attempts that follow an unexpected loss.
// Stop ends the session.
type connection struct {
	client     *client
	opts       Options // as they were at Start
	role       role
	uri        *url.URL
	session    context.Context // cancelled only to end everything
	endSession context.CancelFunc
	done       chan struct{} // closed when run has queued the last event

	mu       sync.Mutex
	conn     *websocket.Conn // the open connection, nil between attempts
	live     *attempt        // the attempt conn belongs to
	stopping bool            // Stop was called

	stopOnce sync.Once
}

// attempt is one connect-to-close lifetime within a session. Its context is
// the only one the library is given, and it is cancelled only to tear the
// connection down (the library closes the connection when a context it was
// given ends).
type attempt struct {
	*connection
	ctx          context.Context
	cancel       context.CancelFunc
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

// open returns the connection while it is open, or nil.
func (c *connection) open() *websocket.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// run connects and, after an unexpected loss, reconnects if asked to.
func (c *connection) run() {
	defer close(c.done)
	defer c.endSession()
	retries := 0
	for {
		last, wasConnected := c.attempt()
		retryable := wasConnected && last.Close.By == ClosedAbnormally ||
			retries > 0 && last.Kind == EventConnectFailed && retryableConnectError(last.Err)
		if !c.opts.Reconnect || !retryable || c.isStopping() {
			c.finish(last)
			return
		}
		if wasConnected {
			retries = 0 // a fresh loss starts the backoff again
		}
		retries++
		last.Retry = reconnectDelay(retries)
		c.emitWithTotals(last)
		c.emit(Event{Kind: EventReconnecting, Retry: last.Retry, Attempt: retries})
		timer := time.NewTimer(last.Retry)
		select {
		case <-c.session.Done():
			timer.Stop()
			c.finish(Event{Kind: EventReconnectCancelled})
			return
		case <-timer.C:
		}
	}
}

// reconnectDelay is the wait before retry n: 1 s, 2 s, 4 s … at most 30 s.
func reconnectDelay(n int) time.Duration {
	d := time.Second << min(n-1, 5)
	return min(d, 30*time.Second)
}

// retryableConnectError is true for failures that may pass by themselves
// (nothing listening yet, a timeout); a refused handshake or a certificate
// problem will not, so retrying would only hide it.
func retryableConnectError(err error) bool {
	var ce *ConnectError
	return errors.As(err, &ce) && (ce.Kind == KindCannotConnect || ce.Kind == KindOther) && ce.StatusCode == 0
}

// attempt connects once and runs the connection until it ends. It returns
// the event that ended it, not yet emitted, and whether it had connected.
func (c *connection) attempt() (Event, bool) {
	ctx, cancel := context.WithCancel(c.session)
	a := &attempt{connection: c, ctx: ctx, cancel: cancel}
	defer cancel()

	c.emit(Event{Kind: EventConnecting, URI: c.uri.String()})
	res, err := dial(ctx, c.uri, c.opts, c.note)
	if err == nil {
		c.mu.Lock()
		if c.stopping { // Stop arrived while the handshake was finishing
			err = &ConnectError{Kind: KindCancelled, Detail: "stopped before the server answered", Err: context.Canceled}
			res.conn.CloseNow()
		} else {
			c.conn, c.live = res.conn, a
		}
		c.mu.Unlock()
	}
	if err != nil {
		return Event{Kind: EventConnectFailed, Err: err}, false
	}
	conn := res.conn
	c.emit(Event{Kind: EventConnected, Info: res.info})

	var loops sync.WaitGroup
	if c.role.announce {
		c.emit(Event{Kind: EventReadStarted})
	}
	readErr := make(chan error, 1)
	go func() { readErr <- c.role.read(a, conn) }()
	if c.role.write != nil {
		if c.role.announce {
			c.emit(Event{Kind: EventWriteStarted})
		}
		loops.Add(1)
		go func() { defer loops.Done(); c.role.write(a, conn) }()
	}
	if c.opts.PingInterval > 0 {
		loops.Add(1)
		go func() { defer loops.Done(); a.keepAlive(conn) }()
	}

	// The reader always sees the end first: the peer's close frame, the
	// echo of ours, or the lost connection.
	err = <-readErr
	cancel() // stops the other loops, even a sender blocked on a peer that never reads
	loops.Wait()
	conn.CloseNow()
	c.mu.Lock()
	c.conn, c.live = nil, nil
	c.mu.Unlock()
	return Event{Kind: EventClosed, Close: a.closeInfo(err)}, true
}

// finish clears the client's connection and queues the last event, in that
// order, so an owner reacting to the event can start again at once.
func (c *connection) finish(last Event) {
	c.client.mu.Lock()
	c.client.active = nil
	c.client.mu.Unlock()
	c.emitWithTotals(last)
}

func (c *connection) emitWithTotals(e Event) {
	if c.role.totals != nil {
		e.Sent, e.Received = c.role.totals()
	}
	c.emit(e)
}

// closeInfo says how the connection ended, from the reader's last error.
func (a *attempt) closeInfo(err error) CloseInfo {
	code := int(websocket.CloseStatus(err))
	var ce websocket.CloseError
	errors.As(err, &ce)
	switch {
	case a.isStopping() && code != -1:
		return CloseInfo{Code: code, Reason: ce.Reason, By: ClosedByClient}
	case a.isStopping():
		return CloseInfo{Code: int(websocket.StatusNormalClosure), Reason: StopReason, By: ClosedByClient}
	case code != -1:
		return CloseInfo{Code: code, Reason: ce.Reason, By: ClosedByServer}
	}
	// No close frame: the TCP connection was lost. Note the wrapped EOF of
	// a dropped connection is not == io.EOF, and errors.Is(err, io.EOF)
	// would wrongly call it clean.
	cause := describeIOError(err)
	if f := a.failure.Load(); f != nil {
		cause = f.cause()
	}
	return CloseInfo{Code: StatusAbnormalClosure, Reason: "connection lost: " + cause, By: ClosedAbnormally}
}

// stop asks for the close handshake and waits, within StopTimeout, for the
// session to end; then it drops the connection and waits for the rest.
func (c *connection) stop() {
	c.stopOnce.Do(func() {
		c.mu.Lock()
		c.stopping = true
		conn := c.conn
		c.mu.Unlock()
		if conn == nil {
			c.endSession() // connecting or waiting to reconnect: give up
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
			c.endSession()
			conn.CloseNow()
		}
	})
	<-c.done
}

// readFailed reports a read error that is neither a close frame nor the
// result of our own Stop.
func (a *attempt) readFailed(err error) {
	if websocket.CloseStatus(err) != -1 || a.isStopping() || a.ctx.Err() != nil {
		return
	}
	if a.failure.Load() != nil { // the sender or keep-alive already said why
		return
	}
	a.emit(Event{Kind: EventReadFailed, Err: &StreamError{Op: "read", Err: err}})
}

// writeFailed records and reports a write error that is not the result of
// our own Stop or of the connection ending.
func (a *attempt) writeFailed(err error) {
	if a.isStopping() || a.ctx.Err() != nil {
		return
	}
	se := &StreamError{Op: "write", Err: err}
	a.failure.Store(se)
	a.emit(Event{Kind: EventWriteFailed, Err: se})
}

// progressEvery throttles progress events; the counters themselves are
// always current.
const progressEvery = 100 * time.Millisecond

// progress emits the totals, at most once per progressEvery.
func (a *attempt) progress() {
	now := time.Now().UnixNano()
	last := a.lastProgress.Load()
	if now-last < int64(progressEvery) || !a.lastProgress.CompareAndSwap(last, now) {
		return
	}
	sent, received := a.role.totals()
	a.emit(Event{Kind: EventProgress, Sent: sent, Received: received})
}
