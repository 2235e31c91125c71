package wsclient

import (
	"errors"
	"sync/atomic"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// MaxMessageSize bounds a message a MessageSocket reads whole, and a frame
// a FrameSocket reads; a larger one fails the connection with 1009
// (message too big).
const MaxMessageSize = 1 << 20

// tooBig is the rule a message over MaxMessageSize breaks (1009).
var tooBig = &wsframe.Violation{Code: int(websocket.StatusMessageTooBig), Reason: tooBigReason}

// MessageSocket is the sample's MessageWebSocket: whole messages, one per
// Send and one EventMessage per message received. It serves the sample's
// "UTF-8 text messages" and "Client authentication" scenarios.
//
// Like Stream it holds at most one connection at a time, reports
// everything on Events, and is safe for concurrent use.
type MessageSocket struct {
	client
	sent     atomic.Int64
	received atomic.Int64
}

// NewMessageSocket returns an idle MessageSocket with the given options.
func NewMessageSocket(opts MessageOptions) *MessageSocket {
	return &MessageSocket{client: newClient(StreamOptions{MessageOptions: opts})}
}

// SetOptions replaces the options the next connection will use; an open
// connection keeps the ones it started with.
func (m *MessageSocket) SetOptions(opts MessageOptions) {
	m.setOptions(StreamOptions{MessageOptions: opts})
}

// Events delivers every event of every connection, in order; see
// Stream.Events. Each message is an event: when maxPendingData of them wait
// for the owner, the reader waits too, and TCP slows the server down.
func (m *MessageSocket) Events() <-chan Event { return m.events.out }

// Connect checks uri and opens a connection in the background, as
// Stream.Start does.
func (m *MessageSocket) Connect(uri string) error {
	return m.start(uri, role{
		dial:   dial,
		read:   func(a *attempt, l link) error { return m.readLoop(a, l.(*websocket.Conn)) },
		totals: func() (int64, int64) { return m.sent.Load(), m.received.Load() },
	}, func() {
		m.sent.Store(0)
		m.received.Store(0)
	})
}

// Send writes text as one complete UTF-8 message and returns when it is
// written. It blocks while the peer does not read, until the connection
// ends; call it off the UI thread. Without a connection it returns
// ErrNotConnected.
func (m *MessageSocket) Send(text string) error {
	return m.sendMessage(websocket.MessageText, []byte(text))
}

// Close closes the connection with code 1000 and StopReason, within the
// bound Stream.Stop has.
func (m *MessageSocket) Close() error { return m.stop() }

// readLoop reports each message whole, until the connection ends.
// A compressed text message is checked here, once inflated (compress.go).
func (m *MessageSocket) readLoop(c *attempt, conn *websocket.Conn) error {
	conn.SetReadLimit(MaxMessageSize)
	text := newInflatedText(c.wire)
	for {
		typ, data, err := conn.Read(c.ctx)
		if errors.Is(err, websocket.ErrMessageTooBig) {
			c.broken.Store(tooBig)
		}
		if err != nil {
			c.readFailed(err)
			return err
		}
		if bad := text.whole(typ, data); bad != nil {
			c.broken.Store(bad)
			return bad
		}
		m.received.Add(int64(len(data)))
		t := TypeUtf8
		if typ == websocket.MessageBinary {
			t = TypeBinary
		}
		c.deliver(Event{Kind: EventMessage, Type: t, Text: string(data), Complete: true})
	}
}
