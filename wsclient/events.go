package wsclient

import (
	"crypto/tls"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// EventKind says what happened.
type EventKind int

// The events a connection reports, in the order they can happen.
const (
	EventConnecting         EventKind = iota + 1 // URI is set
	EventNote                                    // Text is an informational line (certificate checks)
	EventConnectFailed                           // Err is a *ConnectError; the attempt is over
	EventConnected                               // Info describes the connection
	EventWriteStarted                            // the background sender runs
	EventReadStarted                             // the background reader runs
	EventProgress                                // Sent and Received hold the totals (at most 10 a second)
	EventWriteFailed                             // Err says why the sender stopped
	EventReadFailed                              // Err says why the reader stopped
	EventClosed                                  // Close says how it ended; always the last of a connection
	EventMessage                                 // a whole message arrived (MessageSocket): Type, Text
	EventFrame                                   // a frame arrived (FrameSocket): Type, Text, Complete (FIN)
	EventPong                                    // a keep-alive ping was answered after RTT (Stream, MessageSocket)
	EventReconnecting                            // Options.Reconnect: attempt number Attempt starts after Retry
	EventReconnectCancelled                      // Stop ended the wait for a reconnect; the session is over
	EventTransferStarted                         // Stream.SendFile began: Text says what
	EventTransferDone                            // a transfer ended: Text holds its result, a line each
	EventWire                                    // Options.WireView: Frame is a frame that passed the wire, or a count of those not shown
)

// MessageType names a message's type as the sample prints it.
type MessageType string

// The two kinds of data message.
const (
	TypeUtf8   MessageType = "Utf8"
	TypeBinary MessageType = "Binary"
)

// Closer says who ended a connection.
type Closer int

// Who closed a connection.
const (
	ClosedByClient   Closer = iota + 1 // this side (Stop)
	ClosedByServer                     // the peer sent a close frame
	ClosedAbnormally                   // the connection was lost without a close frame (1006)
	// FailedByClient: the server broke a rule of RFC 6455 (a masked frame,
	// invalid UTF-8, a bad close code, a message too big …), so the client
	// failed the connection (§7.1.7): it sent a close frame with Code and
	// Reason and dropped TCP. Code is 1002, 1007 or 1009; Reason says what
	// the server did.
	FailedByClient
)

// StatusAbnormalClosure is the code reported for a connection lost without a
// close frame; RFC 6455 reserves 1006 for exactly this and forbids sending it.
const StatusAbnormalClosure = 1006

// CloseInfo describes how a connection ended.
type CloseInfo struct {
	Code   int
	Reason string
	By     Closer
}

// ConnInfo is what is known about an open connection (the sample's
// StreamWebSocketInformation).
type ConnInfo struct {
	URI         string
	LocalAddr   string
	RemoteAddr  string
	Subprotocol string
	// StatusLine is the handshake answer, e.g. "101 Switching Protocols".
	StatusLine string
	Header     http.Header
	// TLS is the negotiated TLS state for wss, nil for ws.
	TLS *tls.ConnectionState
	// SetAside lists the certificate problems custom validation set aside.
	SetAside []string
	// Extensions is the Sec-WebSocket-Extensions the server agreed to, ""
	// for none: "permessage-deflate" (or with parameters, such as
	// "permessage-deflate; client_no_context_takeover;
	// server_no_context_takeover") when compression is on.
	Extensions string
	// Timeline is the connect step by step (DNS, TCP, TLS, HTTP, WebSocket).
	Timeline *Timeline
}

// StreamError is why the background sender or reader stopped.
type StreamError struct {
	Op  string // "write" or "read"
	Err error
}

// Unwrap returns the library's error.
func (e *StreamError) Unwrap() error { return e.Err }

// Event is one thing that happened on a connection.
type Event struct {
	Kind EventKind
	Time time.Time
	URI  string
	Text string
	Err  error
	Info *ConnInfo
	// Sent and Received are the byte totals at the time of the event.
	Sent, Received int64
	Close          CloseInfo
	// Type and Complete describe an EventMessage or EventFrame; Text holds
	// its content (binary data decoded as UTF-8, as the sample does).
	Type     MessageType
	Complete bool
	// RTT is a keep-alive ping's round-trip time (EventPong).
	RTT time.Duration
	// Retry, on EventClosed or EventConnectFailed, is the wait before a
	// reconnect (then the event is not final); on EventReconnecting, the
	// wait now starting. Attempt counts the reconnects since the loss.
	Retry   time.Duration
	Attempt int
	// Frame is an EventWire's record.
	Frame *FrameRecord
}

// Timeline is the connect attempt step by step, for EventConnected (from
// Info) and EventConnectFailed (from the *ConnectError), or nil. Every
// attempt has its own, reconnects included; Timeline().String() is the
// attempt in one line.
func (e Event) Timeline() *Timeline {
	switch e.Kind {
	case EventConnected:
		if e.Info != nil {
			return e.Info.Timeline
		}
	case EventConnectFailed:
		var ce *ConnectError
		if errors.As(e.Err, &ce) {
			return ce.Timeline
		}
	}
	return nil
}

// IsError reports whether the event is a failure (the sample's red status).
func (e Event) IsError() bool {
	switch e.Kind {
	case EventConnectFailed, EventWriteFailed, EventReadFailed:
		return true
	case EventClosed:
		return e.Close.By == ClosedAbnormally || e.Close.By == FailedByClient
	}
	return false
}

// IsFinal reports whether the event ends a connection attempt: a failed
// connect or a close. After it the Stream is idle and can Start again.
func (e Event) IsFinal() bool {
	switch e.Kind {
	case EventConnectFailed, EventClosed:
		return e.Retry == 0
	case EventReconnectCancelled:
		return true
	}
	return false
}

// Lines is the event as the output log shows it: String, followed for a
// received message by its text on a line of its own, as the sample does.
func (e Event) Lines() []string {
	switch e.Kind {
	case EventMessage, EventFrame:
		return []string{e.String(), e.Text}
	case EventTransferDone:
		return strings.Split(e.Text, "\n")
	}
	return []string{e.String()}
}

// maxPendingData is how many data events (messages, frames, pongs) may
// wait for the owner before the goroutine that produces them waits too.
// At a few hundred bytes an event this bounds the queue to well under a
// MiB, however fast the server sends.
const maxPendingData = 1024

// eventQueue delivers a connection's events to its owner, in order, with a
// policy for an owner that falls behind:
//
//   - Progress events are coalesced: a new one replaces the one still
//     waiting (and takes its place at the end), so the owner sees the
//     latest totals once, not every total since it last looked.
//   - Data events (emitData) wait, at most maxPendingData of them; beyond
//     that the goroutine emitting one waits until the owner has taken some.
//     That goroutine is the reader, so it stops reading, and TCP's flow
//     control slows the server down: back-pressure instead of memory.
//   - Every other event (connect, close, errors, notes) is queued at once
//     and never dropped; a connection has few of them.
//   - Nothing waits for the owner once the connection is being torn down
//     or stopped: Stop and Close must never depend on the owner reading.
//     A data event that would have to wait then is dropped (the library
//     likewise discards data that arrives during the close handshake).
//
// At most one pump goroutine runs, and only while events are waiting.
type eventQueue struct {
	out chan Event

	mu         sync.Mutex
	pending    []Event
	progressAt int           // index in pending of the waiting progress event, -1 if none
	data       int           // data events in pending
	room       chan struct{} // closed when data falls below the bound; nil when nobody waits
	pumping    bool
}

func newEventQueue() *eventQueue { return &eventQueue{out: make(chan Event, 16), progressAt: -1} }

// emit queues e; it never blocks.
func (q *eventQueue) emit(e Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if e.Kind == EventProgress {
		if q.progressAt >= 0 { // the owner has not seen the last totals yet
			q.pending = slices.Delete(q.pending, q.progressAt, q.progressAt+1)
		}
		q.progressAt = len(q.pending)
	}
	q.push(e)
}

// emitData queues a data event, waiting while maxPendingData are already
// waiting, until the owner catches up or done or stopped is closed; then
// the event is dropped.
func (q *eventQueue) emitData(e Event, done, stopped <-chan struct{}) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	for {
		q.mu.Lock()
		if q.data < maxPendingData {
			q.data++
			q.push(e)
			q.mu.Unlock()
			return
		}
		if q.room == nil {
			q.room = make(chan struct{})
		}
		room := q.room
		q.mu.Unlock()
		select {
		case <-room:
		case <-done:
			return
		case <-stopped:
			return
		}
	}
}

// push appends e and makes sure a pump runs; the caller holds q.mu.
func (q *eventQueue) push(e Event) {
	q.pending = append(q.pending, e)
	if !q.pumping {
		q.pumping = true
		go q.pump()
	}
}

func (q *eventQueue) pump() {
	for {
		q.mu.Lock()
		if len(q.pending) == 0 {
			q.pumping = false
			q.pending = nil // let a burst's backing array go
			q.mu.Unlock()
			return
		}
		e := q.pending[0]
		q.pending[0] = Event{} // the array outlives the event: drop its text
		q.pending = q.pending[1:]
		if q.progressAt >= 0 {
			q.progressAt-- // -1 when it was the progress event that left
		}
		if isData(e.Kind) {
			q.data--
			if q.room != nil && q.data < maxPendingData {
				close(q.room) // wake whoever waits for room
				q.room = nil
			}
		}
		q.mu.Unlock()
		q.out <- e
	}
}

// isData reports whether events of kind k are data, subject to
// back-pressure.
func isData(k EventKind) bool {
	return k == EventMessage || k == EventFrame || k == EventPong
}
