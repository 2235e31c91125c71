package wsclient

import (
	"context"
	"errors"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// MaxPingPayload is the most a ping can carry: 125 bytes, as every control
// frame (RFC 6455 §5.5).
const MaxPingPayload = wsframe.MaxControlPayload

// Ping asks on demand what the keep-alive (MessageOptions.PingInterval) asks on a
// timer: a ping frame goes out, and the answer is the round trip until
// its pong (RFC 6455 §5.5.2, §5.5.3). The ping carries payload (at most
// 125 bytes, else ErrPingPayloadTooLong; nil or empty for none), and only
// the pong that carries the same payload back answers it, as §5.5.3
// requires of the server.
//
// Ping waits for the pong until ctx ends, and at most Options.PingTimeout
// (0 means 5 s); a pong that does not come is reported, but the
// connection stays open: a person who pressed Ping decides what a silent
// server means. When ctx ends first, Ping
// returns ctx.Err(); unlike a context handed to the library, it does not
// close the connection. Without a connection it returns ErrNotConnected.
//
// The wire under the library writes the ping (internal/wire/ping.go),
// between two frames of what the library writes, never inside one (§5.4):
// during a large message the ping waits for the frame under way to end,
// and the round trip is timed from when it leaves. An empty payload goes out
// empty too, as asked, rather than as the library's own ping (whose
// payload is a counter the person did not type, and which the wire view
// would show): what you ask for is what goes on the wire. The price is
// that an empty pong cannot be told from an unsolicited one (a heartbeat,
// §5.5.3, which the built-in /silent sends), so give a payload to time
// the round trip to such a server.
func (s *Stream) Ping(ctx context.Context, payload []byte) (time.Duration, error) {
	return s.ping(ctx, payload)
}

// Ping sends a ping with payload and waits for its pong; see Stream.Ping.
func (m *MessageSocket) Ping(ctx context.Context, payload []byte) (time.Duration, error) {
	return m.ping(ctx, payload)
}

// Ping sends a ping with payload and waits for its pong; see Stream.Ping.
// A ping may go between the frames of a message left open (§5.4).
func (f *FrameSocket) Ping(ctx context.Context, payload []byte) (time.Duration, error) {
	return f.ping(ctx, payload)
}

// ping is Ping for every client type: the wire writes the ping and
// matches its pong, whatever speaks WebSocket above it.
func (cl *client) ping(ctx context.Context, payload []byte) (time.Duration, error) {
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
	caller := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer context.AfterFunc(c.session, cancel)() // the connection's end ends the wait
	answered, forget := w.ExpectPong(payload)    // before the ping: its pong cannot be missed
	defer forget()
	sent, err := w.Ping(ctx, payload)
	if err == nil {
		select {
		case <-answered:
			return time.Since(sent), nil
		case <-w.Done():
			err = ErrNotConnected
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	if caller.Err() != nil && c.session.Err() == nil {
		return 0, caller.Err() // the caller gave up, not the server
	}
	return 0, c.pingFailed(err, timeout)
}

// pingFailed words a failed ping: the connection ended under it
// (ErrNotConnected), or no pong came within timeout, or the write failed.
func (c *connection) pingFailed(err error, timeout time.Duration) error {
	switch {
	case c.isStopping() || c.session.Err() != nil || errors.Is(err, wire.ErrClosed):
		return ErrNotConnected
	case errors.Is(err, context.DeadlineExceeded):
		return &StreamError{Op: "ping", Err: noPongWithin(timeout)}
	}
	return &StreamError{Op: "ping", Err: err}
}
