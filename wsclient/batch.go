package wsclient

import (
	"context"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// writeStats counts what a connection's client wrote to the network: how
// many frames and messages, in how many writes to the connection below
// (TCP, or TLS for wss://), and the bytes, frame headers included. Writes
// per message is the figure to watch: 1 for a message that leaves in one
// system call (over wss:// a write of up to 16 KiB is one TLS record, one
// system call), less when messages leave in batches.
type writeStats struct {
	Frames   int64 // frames written, data and control
	Messages int64 // messages written: final data frames
	Writes   int64 // writes to the connection below the WebSocket layer
	Bytes    int64 // bytes written, headers included
}

// writeStats is what the open connection has written so far; zero when
// there is none. It is safe to call at any time, from any goroutine. The
// benchmarks report it (writes per message); the owner of a client has the
// wire view for the frames themselves.
func (cl *client) writeStats() writeStats {
	c := cl.current()
	if c == nil {
		return writeStats{}
	}
	c.mu.Lock()
	w := c.wire
	c.mu.Unlock()
	if w == nil {
		return writeStats{}
	}
	return statsOf(w.Stats())
}

// sendContext is the context for a sender's calls into the library, and
// the stop of the one watch that goes with it. The library watches the
// context of every call it is given (context.AfterFunc, to close the
// connection if it ends), an allocation and a few locks per message: a
// fifth of the client's time at 11 B. The sender's calls get the attempt's
// context without its end, and one watch for the whole connection closes
// the wire when the attempt ends, as the library would: a write stuck on
// a server that does not read fails at once.
func sendContext(a *attempt) (ctx context.Context, stop func() bool) {
	return context.WithoutCancel(a.ctx), context.AfterFunc(a.ctx, func() { a.wire.Close() })
}

// writeCopies writes as many copies of payload as one batch holds (at
// most wire.BatchMessages, or wire.BatchBytes of payload), each its own
// binary message, in one write to the network, and returns how many went.
func writeCopies(ctx context.Context, a *attempt, conn *websocket.Conn, payload []byte) (int, error) {
	same := func(int) []byte { return payload }
	return wire.WriteBatch(ctx, a.wire, conn, wire.BatchSize(len(payload)), same)
}

func statsOf(st wsframe.WriterStats) writeStats {
	return writeStats{Frames: st.Frames, Messages: st.Messages, Writes: st.Writes, Bytes: st.Bytes}
}
