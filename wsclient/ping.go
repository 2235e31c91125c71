package wsclient

import (
	"context"
	"errors"
	"sync/atomic"
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
// Ping waits until ctx ends, and the ping timeout (Options.PingTimeout, 0
// means 5 s) counts twice: for the ping to leave (behind the frame under
// way, or for room in a full socket) and, from when it left, for its
// pong. So the wait behind the client's own sends is not charged to the
// server's answer. A ping that could not be sent, or was not answered,
// in time is reported (the two errors say which), and the connection
// stays open: a person who pressed Ping decides what a silent server
// means. (The keep-alive asks another question, whether the server is
// alive: see MessageOptions.PingInterval.) When ctx ends first, Ping
// returns ctx.Err(); unlike a context handed to the library, it does not
// close the connection. Without a connection it returns ErrNotConnected.
//
// The wire under the library writes the ping (internal/wire/ping.go),
// between two frames of what the library writes, never inside one (§5.4):
// during a large message the ping waits for the frame under way to end,
// goes out ahead of the frames still to come, and the round trip is timed
// from when its write completed. An empty payload goes out empty too, as
// asked, rather than as the library's own ping (whose payload is a
// counter the person did not type, and which the wire view would show):
// what you ask for is what goes on the wire. The price is
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
	rtt, err := c.roundTrip(ctx, w, payload, false)
	switch {
	case err == nil:
		return rtt, nil
	case ctx.Err() != nil && c.session.Err() == nil:
		return 0, ctx.Err() // the caller gave up, not the server
	}
	return 0, c.pingFailed(err, c.opts.pingTimeout())
}

// roundTrip sends a ping with payload through the wire and waits for its
// pong, for Ping (lively false) and the keep-alive (lively true,
// keepalive.go). It returns the round trip, timed from when the ping
// left (its write completed), or why there is none: errNotSent,
// errSilent, ErrNotConnected (the connection ended), ctx's cause, or the
// write's error.
//
// The wire writes the ping at the next frame boundary, ahead of the
// frames still to come, so it waits at most for the frame under way; and
// its timeout (Options.PingTimeout) counts twice, once for each wait, so
// that the wait behind the client's own sends is not charged to the
// pong:
//
//   - to leave: a ping that cannot be written within the timeout of its
//     asking fails with errNotSent (the server has taken in nothing of
//     the frame ahead of it);
//   - for its pong: within the timeout of leaving, or errSilent.
//
// lively (the keep-alive) asks a different question, whether the server
// is alive, not how fast it answers this ping: then any byte from the
// server (data, an unsolicited pong, §5.5.3's heartbeat) starts either
// wait again. A server that is alive but slow to read, whose pong comes
// late because the ping sits behind megabytes it has not read yet, is
// not taken for dead while it sends; one that is gone sends nothing and
// is found within two timeouts of the asking.
func (c *connection) roundTrip(ctx context.Context, w *wire.Conn, payload []byte, lively bool) (time.Duration, error) {
	timeout := c.opts.pingTimeout()
	var left atomic.Int64 // when the ping left (UnixNano); 0 until then
	asked := time.Now()
	since := func() time.Time {
		if n := left.Load(); n != 0 {
			return time.Unix(0, n)
		}
		return asked
	}
	var lastRead func() time.Time
	if lively {
		lastRead = w.LastRead
	}
	ctx, cancel := untilSilent(ctx, timeout, since, lastRead)
	defer cancel()
	defer context.AfterFunc(c.session, cancel)() // the connection's end ends the wait
	answered, forget := w.ExpectPong(payload)    // before the ping: its pong cannot be missed
	defer forget()
	sent, err := w.Ping(ctx, payload)
	if err == nil {
		left.Store(sent.UnixNano())
		select {
		case <-answered:
			return time.Since(sent), nil
		case <-w.Done():
			err = ErrNotConnected
		case <-ctx.Done():
			err = context.Cause(ctx)
		}
	} else if ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if errors.Is(err, errSilent) && left.Load() == 0 {
		err = errNotSent
	}
	if errors.Is(err, wire.ErrClosed) || c.session.Err() != nil {
		err = ErrNotConnected
	}
	return 0, err
}

// errSilent ends a ping's wait: the timeout passed with no pong (and,
// for the keep-alive, no byte at all from the server). errNotSent is the
// same before the ping could even be written.
var (
	errSilent  = errors.New("no pong within the ping timeout")
	errNotSent = errors.New("the ping could not be sent within the ping timeout")
)

// untilSilent returns a context that ends, with the cause errSilent, once
// d has passed since since() and, if lastRead is not nil, since
// lastRead() too. It ends with parent as well; cancel it when done.
//
// A timer that fires late, by lateLook or more, says this process was
// not running (a loaded machine), and then its reader was not reading
// either: what the server sent meanwhile may wait unread in the socket.
// So it takes another look lateLook later, once the reader has had its
// turn, rather than call the server silent for the client's own stall.
func untilSilent(parent context.Context, d time.Duration, since, lastRead func() time.Time) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	go func() {
		due := time.Now().Add(d)
		t := time.NewTimer(d)
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
			last := since()
			if lastRead != nil && lastRead().After(last) {
				last = lastRead()
			}
			if left := time.Until(last.Add(d)); left > 0 {
				due = time.Now().Add(left)
				t.Reset(left) // it started again meanwhile: wait on
				continue
			}
			if lastRead != nil && time.Since(due) >= lateLook {
				due = time.Now().Add(lateLook)
				t.Reset(lateLook) // we were stalled: let the reader catch up first
				continue
			}
			cancel(errSilent)
			return
		}
	}()
	return ctx, func() { cancel(context.Canceled) }
}

// lateLook is how late a silence timer must fire to take another look.
const lateLook = 100 * time.Millisecond

// pingFailed words a failed ping: the connection ended under it
// (ErrNotConnected), or no pong came within timeout, or the write failed.
func (c *connection) pingFailed(err error, timeout time.Duration) error {
	switch {
	case c.isStopping() || errors.Is(err, ErrNotConnected):
		return ErrNotConnected
	case errors.Is(err, errNotSent):
		return &StreamError{Op: "ping", Err: pingNotSent(timeout)}
	case errors.Is(err, errSilent):
		return &StreamError{Op: "ping", Err: noPongWithin(timeout)}
	}
	return &StreamError{Op: "ping", Err: err}
}
