package wsclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// MaxPingPayload is the most a ping can carry: 125 bytes, as every control
// frame (RFC 6455 §5.5).
const MaxPingPayload = wsframe.MaxControlPayload

// ErrPingPayloadTooLong is returned by Ping for a payload over
// MaxPingPayload bytes; nothing is sent.
var ErrPingPayloadTooLong = fmt.Errorf("A ping's payload can have at most %d bytes (RFC 6455 §5.5).", MaxPingPayload)

// Ping asks on demand what the keep-alive (Options.PingInterval) asks on a
// timer: a ping frame goes out, and the answer is the round trip until
// its pong (RFC 6455 §5.5.2, §5.5.3). The ping carries payload (at most
// 125 bytes, else ErrPingPayloadTooLong; nil or empty for none), and only
// the pong that carries the same payload back answers it, as §5.5.3
// requires of the server.
//
// Ping waits for the pong at most Options.PingTimeout (0 means 5 s); a
// pong that does not come is reported, but the connection stays open: a
// person who pressed Ping decides what a silent server means. Without a
// connection it returns ErrNotConnected.
//
// The wire under the library writes the ping (wireping.go), between two
// frames of what the library writes, never inside one (§5.4): during a
// large message the ping waits for the frame under way to end, and the
// round trip is timed from when it leaves. An empty payload goes out
// empty too, as asked, rather than as the library's own ping (whose
// payload is a counter the person did not type, and which the wire view
// would show): what you ask for is what goes on the wire. The price is
// that an empty pong cannot be told from an unsolicited one (a heartbeat,
// §5.5.3, which the built-in /silent sends), so give a payload to time
// the round trip to such a server.
func (s *Stream) Ping(payload []byte) (time.Duration, error) { return s.ping(payload) }

// Ping sends a ping with payload and waits for its pong; see Stream.Ping.
func (m *MessageSocket) Ping(payload []byte) (time.Duration, error) { return m.ping(payload) }

// Ping sends a ping with payload and waits for its pong; see Stream.Ping.
// A ping may go between the frames of a message left open (§5.4).
func (f *FrameSocket) Ping(payload []byte) (time.Duration, error) { return f.ping(payload) }

// ping is Ping for every client type: the wire writes the ping and
// matches its pong, whatever speaks WebSocket above it.
func (cl *client) ping(payload []byte) (time.Duration, error) {
	if len(payload) > MaxPingPayload {
		return 0, ErrPingPayloadTooLong
	}
	c := cl.current()
	if c == nil {
		return 0, ErrNotConnected
	}
	w := c.openWire()
	if w == nil {
		return 0, ErrNotConnected
	}
	timeout := c.opts.pingTimeout()
	ctx, cancel := context.WithTimeout(c.session, timeout)
	defer cancel()
	answered, forget := w.pongs.expect(payload) // before the ping: its pong cannot be missed
	defer forget()
	sent, err := w.ping(ctx, payload)
	if err == nil {
		select {
		case <-answered:
			return time.Since(sent), nil
		case <-w.closed:
			err = ErrNotConnected
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	return 0, c.pingFailed(err, timeout)
}

// pingFailed words a failed ping: the connection ended under it
// (ErrNotConnected), or no pong came within timeout, or the write failed.
func (c *connection) pingFailed(err error, timeout time.Duration) error {
	switch {
	case c.isStopping() || c.session.Err() != nil || errors.Is(err, ErrNotConnected):
		return ErrNotConnected
	case errors.Is(err, context.DeadlineExceeded):
		return &StreamError{Op: "ping", Err: fmt.Errorf("no pong within %s", timeout)}
	}
	return &StreamError{Op: "ping", Err: err}
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
