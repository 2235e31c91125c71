package wsclient

import (
	"errors"
	"strconv"
	"time"
)

// keepAlive pings every PingInterval and reports each round trip
// (EventPong). It pings as Ping does (roundTrip, ping.go): through the
// wire, at the next frame boundary, ahead of the client's sends still to
// come, and timed from when the ping left. But it asks whether the server
// is alive, not how fast it answers: any byte from the server (data, or
// an unsolicited pong as a heartbeat, RFC 6455 §5.5.3) starts the ping's
// wait again. A server silent for PingTimeout means the peer or the path
// is gone although TCP has not noticed: the connection is dropped and
// reported lost. So a dead peer is found within PingInterval + 2 ×
// PingTimeout of its last byte (the next ping is due within
// PingInterval, gets one timeout to leave and one for its pong), and a
// live one is never dropped for the client's own queue.
//
// Each ping carries "keep-alive n", so the wire view tells it from a
// person's Ping. The reader, which always runs, sees the pong.
func (a *attempt) keepAlive(conn link) {
	ticker := time.NewTicker(a.opts.PingInterval)
	defer ticker.Stop()
	for n := 1; ; n++ {
		select {
		case <-a.ctx.Done():
			return
		case <-ticker.C:
		}
		rtt, err := a.roundTrip(a.ctx, a.wire, []byte("keep-alive "+strconv.Itoa(n)), true)
		if err == nil {
			a.deliver(Event{Kind: EventPong, RTT: rtt})
			continue
		}
		if a.ending() || errors.Is(err, ErrNotConnected) {
			return // the reader reports how the connection ended
		}
		se, kind := &StreamError{Op: "keep-alive", Err: err}, EventWriteFailed // the ping could not be written
		if errors.Is(err, errSilent) || errors.Is(err, errNotSent) {
			se, kind = &StreamError{Op: "keep-alive", Err: keepAliveLost(a.opts.pingTimeout())}, EventReadFailed
		}
		if a.failure.CompareAndSwap(nil, se) {
			a.emit(Event{Kind: kind, Err: se})
		}
		a.drop(conn)
		return
	}
}
