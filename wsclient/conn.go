package wsclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// client is what Stream, MessageSocket and FrameSocket share: options, the
// ordered event queue and at most one connection at a time.
type client struct {
	events *eventQueue

	mu     sync.Mutex
	opts   StreamOptions // for the next Start (every kind's options fit in it); each connection keeps its own copy
	active *connection
}

// setOptions replaces the options the next connection will use; an open
// connection keeps the ones it started with.
func (cl *client) setOptions(opts StreamOptions) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	cl.opts = opts
}

func newClient(opts StreamOptions) client {
	return client{opts: opts, events: newEventQueue()}
}

// link is an open WebSocket connection as the lifecycle sees it, whatever
// speaks the protocol: the library's *websocket.Conn (Stream,
// MessageSocket) or a frameConn (FrameSocket).
type link interface {
	// Close sends a close frame with code and reason and may wait for the
	// answer; the lifecycle runs it aside and bounds it.
	Close(code websocket.StatusCode, reason string) error
	// CloseNow drops the connection without a close frame.
	CloseNow() error
}

// role is what a kind of socket does once connected.
type role struct {
	// dial opens the connection: dial (the library) or dialFrames.
	dial dialer
	// read runs on its own goroutine and returns the error that ended the
	// connection: the peer's close frame, the echo of ours, or the loss.
	read func(a *attempt, conn link) error
	// write, when set, runs on its own goroutine until the connection ends.
	write func(a *attempt, conn link)
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
	c := &connection{client: cl, opts: cl.opts, role: r, uri: u, session: ctx, endSession: cancel,
		done: make(chan struct{}), stopped: make(chan struct{})}
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
	opts       StreamOptions // as they were at Start
	role       role
	uri        *url.URL
	session    context.Context // cancelled only to end everything
	endSession context.CancelFunc
	done       chan struct{} // closed when run has queued the last event
	stopped    chan struct{} // closed when Stop begins: nothing waits for the owner any more

	mu       sync.Mutex
	conn     link       // the open connection, nil between attempts
	wire     *wire.Conn // the bytes under conn
	live     *attempt   // the attempt conn belongs to
	stopping bool       // Stop was called

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
	wire         *wire.Conn
	lastProgress atomic.Int64 // UnixNano of the last progress event
	failure      atomic.Pointer[StreamError]
	broken       atomic.Pointer[wsframe.Violation] // a rule the reader found broken above the wire (a message too big)
}

func (c *connection) emit(e Event) { c.client.events.emit(e) }

func (c *connection) note(text string) { c.emit(Event{Kind: EventNote, Text: text}) }

// deliver queues a data event (a message, a frame, a pong). When the
// owner is far behind it waits, and so does the goroutine that read the
// data, which is the back-pressure: TCP then slows the server down. It
// never waits once the attempt is over or Stop has begun.
func (a *attempt) deliver(e Event) { a.client.events.emitData(e, a.ctx.Done(), a.stopped) }

func (c *connection) isStopping() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopping
}

// open returns the connection while it is open, or nil.
func (c *connection) open() link {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// openWire returns the wire under the connection while it is open, or nil.
func (c *connection) openWire() *wire.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return nil
	}
	return c.wire
}

// library returns the open connection of a Stream or MessageSocket, or nil.
func (c *connection) library() *websocket.Conn {
	conn, _ := c.open().(*websocket.Conn)
	return conn
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
	res, err := c.role.dial(ctx, c.uri, c.opts, c.note)
	if err == nil {
		c.mu.Lock()
		if c.stopping { // Stop arrived while the handshake was finishing
			err = &ConnectError{Kind: KindCancelled, Detail: stoppedWhileConnecting, Err: context.Canceled}
			res.wire.Close()
			res.conn.CloseNow()
		} else {
			if c.opts.WireView { // before anyone can read or write
				res.wire.ShowFrames(func(r *wire.Record) { c.emit(Event{Kind: EventWire, Time: r.Time, Frame: frameRecord(r)}) })
			}
			c.conn, c.wire, c.live = res.conn, res.wire, a
			a.wire = res.wire
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
	go func() { readErr <- a.readGuarded(conn) }()
	if c.role.write != nil {
		if c.role.announce {
			c.emit(Event{Kind: EventWriteStarted})
		}
		loops.Add(1)
		go func() { defer loops.Done(); c.role.write(a, conn) }()
	}
	if c.opts.PingInterval > 0 { // never for a FrameSocket: its options have none
		loops.Add(1)
		go func() { defer loops.Done(); a.keepAlive(conn) }()
	}

	// The reader always sees the end first: the peer's close frame, the
	// echo of ours, the lost connection, or a rule the server broke.
	err = <-readErr
	if v := a.violation(); v != nil && !c.isStopping() {
		a.fail(conn, v)
	}
	cancel() // stops the other loops, even a sender blocked on a peer that never reads
	loops.Wait()
	a.drop(conn)
	c.mu.Lock()
	c.conn, c.wire, c.live = nil, nil, nil
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

// violation is the rule of RFC 6455 the server broke, or nil: found by the
// wire (framing, masking, UTF-8) or by the reader (a message too big).
func (a *attempt) violation() *wsframe.Violation {
	if v := a.wire.Violation(); v != nil {
		return v
	}
	return a.broken.Load()
}

// ending reports whether the connection is being torn down, so that the
// failures it causes are not news.
func (a *attempt) ending() bool {
	return a.isStopping() || a.ctx.Err() != nil || a.violation() != nil
}

// fail fails the connection (RFC 6455 §7.1.7) after the server broke a
// rule: a close frame with the violation's code and reason, then the TCP
// connection is dropped. Whatever the close frame waits for (a sender
// that holds the connection, a server that does not read) it gets
// StopTimeout, then the connection is dropped under it.
func (a *attempt) fail(conn link, v *wsframe.Violation) {
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		// The library's Close sends the frame and then reads for the
		// answer; the wire refuses to read on, so it returns at once.
		conn.Close(websocket.StatusCode(v.Code), v.Reason)
	}()
	timer := time.NewTimer(StopTimeout)
	defer timer.Stop()
	select {
	case <-sent:
	case <-timer.C:
	case <-a.session.Done():
	}
	a.wire.Close() // unblocks a close frame still waiting to be written
	<-sent
}

// drop closes the connection without ceremony: first the wire, which
// unblocks any read or write, then the library's own state.
func (a *attempt) drop(conn link) {
	a.wire.Close()
	conn.CloseNow()
}

// closeInfo says how the connection ended, from the reader's last error.
// This is the one place that sorts the ends of a connection.
func (a *attempt) closeInfo(err error) CloseInfo {
	if v := a.violation(); v != nil {
		return CloseInfo{Code: v.Code, Reason: v.Reason, By: FailedByClient}
	}
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
	cause := ioCause(err)
	if f := a.failure.Load(); f != nil {
		cause = f.cause()
	}
	return CloseInfo{Code: StatusAbnormalClosure, Reason: lostReason(cause), By: ClosedAbnormally}
}

// stop asks for the close handshake and waits, within StopTimeout, for the
// session to end; then it drops the connection and waits for the rest.
func (c *connection) stop() {
	c.stopOnce.Do(func() {
		close(c.stopped) // a reader waiting for the owner goes on
		c.mu.Lock()
		c.stopping = true
		conn, wire := c.conn, c.wire
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
			c.note(noteCloseDropped(StopTimeout))
			c.endSession()
			wire.Close()
			conn.CloseNow()
		}
	})
	<-c.done
}

// readFailed reports a read error that is neither a close frame nor the
// result of our own Stop or of a broken rule (the final event says that).
func (a *attempt) readFailed(err error) {
	if websocket.CloseStatus(err) != -1 || a.ending() {
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
	if a.ending() {
		return
	}
	se := &StreamError{Op: "write", Err: err}
	if a.failure.CompareAndSwap(nil, se) { // else the keep-alive already said why (it dropped the connection)
		a.emit(Event{Kind: EventWriteFailed, Err: se})
	}
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

// readGuarded runs the role's reader, turning a panic in the library into
// a lost connection rather than a crash of the program. It is there for a
// known fault: coder/websocket v1.8.15, reading a compressed message with
// context takeover, dereferences the sliding window it has just released
// when a close frame arrives in the middle of that message (a server that
// fails the connection while it streams a message back does exactly that).
// A panic of our own code is not hidden: it is re-raised.
func (a *attempt) readGuarded(conn link) (err error) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if !panicFromLibrary() {
			panic(p)
		}
		err = fmt.Errorf("%w (%v)", errLibraryPanic, p)
		a.readFailed(err)
	}()
	return a.role.read(a, conn)
}

// panicFromLibrary reports whether the panic being recovered was raised
// inside coder/websocket: its frames sit above the deferred call in the
// panicking goroutine's stack.
func panicFromLibrary() bool {
	return bytes.Contains(debug.Stack(), []byte("github.com/coder/websocket."))
}
