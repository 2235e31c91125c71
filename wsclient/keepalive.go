package wsclient

import (
	"context"
	"time"

	"github.com/coder/websocket"
)

// keepAlive pings every PingInterval and reports each round-trip time. A
// pong that does not come within PingTimeout means the peer or the path is
// gone although TCP has not noticed: the connection is dropped and reported
// lost. The library answers pongs in the reader, which always runs.
func (a *attempt) keepAlive(conn *websocket.Conn) {
	interval, timeout := a.opts.PingInterval, a.opts.pingTimeout()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-a.ctx.Done():
			return
		case <-ticker.C:
		}
		// A ping's own timeout context: if it expires the library closes
		// the connection, which is what a dead connection deserves anyway.
		ctx, cancel := context.WithTimeout(a.ctx, timeout)
		start := time.Now()
		err := conn.Ping(ctx)
		cancel()
		if a.ending() {
			return
		}
		if err != nil {
			se := &StreamError{Op: "keep-alive", Err: keepAliveLost(timeout)}
			a.failure.Store(se)
			a.emit(Event{Kind: EventReadFailed, Err: se})
			conn.CloseNow()
			return
		}
		a.deliver(Event{Kind: EventPong, RTT: time.Since(start)})
	}
}
