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

// Ping asks on demand what the keep-alive (Options.PingInterval) asks on a
// timer: a ping frame goes out, and the answer is the round trip until
// its pong (RFC 6455 §5.5.2, §5.5.3). Ping waits for the pong at most
// Options.PingTimeout (0 means 5 s); a pong that does not come is
// reported, but the connection stays open: a person who pressed Ping
// decides what a silent server means. Without a connection it returns
// ErrNotConnected.
//
// The payload of a Stream's or a MessageSocket's ping is the library's:
// coder/websocket writes its own (a counter, so it can tell its pongs
// apart) and offers no way to choose one. A FrameSocket writes its own
// frames, and so sends the payload it is given (FrameSocket.Ping).
func (s *Stream) Ping() (time.Duration, error) { return s.pingLibrary() }

// Ping sends a ping and waits for its pong; see Stream.Ping.
func (m *MessageSocket) Ping() (time.Duration, error) { return m.pingLibrary() }

// MaxPingPayload is the most a ping can carry: 125 bytes, as every control
// frame (RFC 6455 §5.5).
const MaxPingPayload = wsframe.MaxControlPayload

// ErrPingPayloadTooLong is returned by FrameSocket.Ping for a payload over
// MaxPingPayload bytes.
var ErrPingPayloadTooLong = fmt.Errorf("A ping's payload can have at most %d bytes (RFC 6455 §5.5).", MaxPingPayload)

// Ping sends a ping frame with payload (at most 125 bytes; nil or empty
// for none) and waits for the pong that carries the same payload back, as
// §5.5.3 requires of the server; see Stream.Ping for the rest. A pong with
// another payload (an unsolicited one, §5.5.3) is not the answer; an
// empty payload, though, cannot be told from an unsolicited empty pong (a
// heartbeat, which the built-in /silent sends), so give a payload to time
// the round trip to such a server. A ping may go between the frames of a
// message left open (§5.4).
func (f *FrameSocket) Ping(payload []byte) (time.Duration, error) {
	if len(payload) > MaxPingPayload {
		return 0, ErrPingPayloadTooLong
	}
	c := f.current()
	if c == nil {
		return 0, ErrNotConnected
	}
	fc, _ := c.open().(*frameConn)
	if fc == nil {
		return 0, ErrNotConnected
	}
	timeout := c.opts.pingTimeout()
	ctx, cancel := context.WithTimeout(c.session, timeout)
	defer cancel()
	answered, forget := fc.pongs.expect(payload)
	defer forget()
	start := time.Now()
	err := fc.ping(ctx, payload)
	if err == nil {
		select {
		case <-answered:
			return time.Since(start), nil
		case <-fc.closed:
			err = ErrNotConnected
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	return 0, c.pingFailed(err, timeout)
}

// pingLibrary is Ping for the client types on coder/websocket, whose
// reader matches the pong to the ping.
func (cl *client) pingLibrary() (time.Duration, error) {
	c := cl.current()
	if c == nil {
		return 0, ErrNotConnected
	}
	conn := c.library()
	if conn == nil {
		return 0, ErrNotConnected
	}
	timeout := c.opts.pingTimeout()
	// A context of the ping's own, as keepAlive has. If it expires while
	// the ping frame is still being written, the library closes the
	// connection; the frame is 2 to 22 bytes, so that takes a peer that
	// has stopped reading altogether.
	ctx, cancel := context.WithTimeout(c.session, timeout)
	defer cancel()
	start := time.Now()
	if err := conn.Ping(ctx); err != nil {
		return 0, c.pingFailed(err, timeout)
	}
	return time.Since(start), nil
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

// ping writes one ping frame within controlWriteTimeout, as pong does for
// its answers, unless the close handshake has begun.
func (fc *frameConn) ping(ctx context.Context, payload []byte) error {
	if err := fc.lock(ctx, controlWriteTimeout); err != nil {
		return err
	}
	defer fc.unlock()
	if fc.closeSent {
		return ErrNotConnected
	}
	return fc.write(wsframe.Frame{Fin: true, Opcode: wsframe.Ping, Payload: payload}, controlWriteTimeout)
}

// pongWaiters are the pings of a FrameSocket still waiting for their
// pong; the reader calls arrived with each pong's payload. The zero value
// is ready to use.
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
