package wsclient

import (
	"crypto/tls"
	"fmt"
	"net/http"
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
	EventPong                                    // a keep-alive ping was answered after RTT
	EventReconnecting                            // Options.Reconnect: attempt number Attempt starts after Retry
	EventReconnectCancelled                      // Stop ended the wait for a reconnect; the session is over
	EventTransferStarted                         // Stream.SendFile began: Text says what
	EventTransferDone                            // a transfer ended: Text holds its result, a line each
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
)

func (c Closer) String() string {
	switch c {
	case ClosedByClient:
		return "closed by the client"
	case ClosedByServer:
		return "closed by the server"
	default:
		return "connection lost"
	}
}

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
}

// StreamError is why the background sender or reader stopped.
type StreamError struct {
	Op  string // "write" or "read"
	Err error
}

// Error returns the message a person reads.
func (e *StreamError) Error() string {
	return fmt.Sprintf("Error during %s: %s", e.Op, e.cause())
}

func (e *StreamError) cause() string { return describeIOError(e.Err) }

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
}

// IsError reports whether the event is a failure (the sample's red status).
func (e Event) IsError() bool {
	switch e.Kind {
	case EventConnectFailed, EventWriteFailed, EventReadFailed:
		return true
	case EventClosed:
		return e.Close.By == ClosedAbnormally
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

// String is the event as the sample's output log words it.
func (e Event) String() string {
	switch e.Kind {
	case EventConnecting:
		return "Connecting to " + e.URI + "..."
	case EventNote:
		return e.Text
	case EventConnected:
		return "Connected"
	case EventWriteStarted:
		return "Background write starting."
	case EventReadStarted:
		return "Background read starting."
	case EventProgress:
		return fmt.Sprintf("Bytes sent: %d, bytes received: %d", e.Sent, e.Received)
	case EventConnectFailed, EventWriteFailed, EventReadFailed:
		if e.Err == nil {
			return "Error"
		}
		return e.Err.Error()
	case EventClosed:
		return fmt.Sprintf("Closed; Code: %d, Reason: %s [%s]", e.Close.Code, e.Close.Reason, e.Close.By)
	case EventMessage:
		return "Message Received; Type: " + string(e.Type)
	case EventPong:
		return fmt.Sprintf("Pong received; round trip %s", e.RTT.Round(10*time.Microsecond))
	case EventReconnecting:
		return fmt.Sprintf("Reconnecting in %s (attempt %d)...", e.Retry, e.Attempt)
	case EventReconnectCancelled:
		return "Reconnect cancelled."
	case EventTransferStarted, EventTransferDone:
		return e.Text
	case EventFrame:
		if e.Complete {
			return "Complete message received; Type: " + string(e.Type)
		}
		return "Partial message received; Type: " + string(e.Type)
	}
	return fmt.Sprintf("event %d", e.Kind)
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

// eventQueue delivers events in order without ever blocking the producer:
// a slow owner cannot stall the network goroutines or Stop. At most one
// pump goroutine runs, and only while events are waiting.
type eventQueue struct {
	out     chan Event
	mu      sync.Mutex
	pending []Event
	pumping bool
}

func newEventQueue() *eventQueue { return &eventQueue{out: make(chan Event, 16)} }

func (q *eventQueue) emit(e Event) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
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
		q.pending = q.pending[1:]
		q.mu.Unlock()
		q.out <- e
	}
}
