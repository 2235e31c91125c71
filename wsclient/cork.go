package wsclient

import (
	"context"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// The write side of the wire: one write(2) per frame, and one per batch.
//
// coder/websocket masks a client's frame through a 4 KiB bufio buffer and
// hands the connection every 4 KiB it fills, so a 64 KiB message used to
// leave in 17 writes and a 1 MiB one in 257, each a system call (and over
// wss a TLS record of its own). The wire's Write goes through a
// wsframe.FrameWriter, which holds the pieces of a frame until the frame
// is complete and then hands the kernel the whole frame in one write,
// never holding a byte past the end of a frame. Masking, framing and
// every other rule stay the library's: the wire changes when bytes are
// written, never which. Memory (see FrameWriter): an 80 KiB buffer kept
// per connection once it has sent a frame over 4 KiB, and a 1 MiB one
// lent only while a larger frame is gathered. The built-in server's /echo
// writes through the same FrameWriter.
//
// What leaves a frame's end behind unsent is only an explicit batch: a
// continuous Stream or a file transfer has its next messages in hand, so
// writeBatch corks the wire for all but the last of them, and the last
// one's frame end carries them all out in one write. A control frame
// (ping, pong, close) ends a batch at once, so nothing held is ever left
// behind a close frame.

// batchBytes and batchMessages bound a batch of small messages (Stream's
// continuous sends and file transfers): at most this many bytes of
// payload, or this many messages, go out in one write.
const (
	batchBytes    = 64 << 10
	batchMessages = 64
)

// WireStats counts what a connection's client wrote to the network: how
// many frames and messages, in how many writes to the connection below
// (TCP, or TLS for wss://), and the bytes, frame headers included. Writes
// per message is the figure to watch: 1 for a message that leaves in one
// system call (over wss:// a write of up to 16 KiB is one TLS record, one
// system call), less when messages leave in batches.
type WireStats struct {
	Frames   int64 // frames written, data and control
	Messages int64 // messages written: final data frames
	Writes   int64 // writes to the connection below the WebSocket layer
	Bytes    int64 // bytes written, headers included
}

// WireStats is what the open connection has written so far; zero when
// there is none. It is safe to call at any time, from any goroutine.
func (cl *client) WireStats() WireStats {
	c := cl.current()
	if c == nil {
		return WireStats{}
	}
	c.mu.Lock()
	w := c.wire
	c.mu.Unlock()
	if w == nil {
		return WireStats{}
	}
	return wireStats(w.out.Stats())
}

// batchSize is how many messages of size bytes a batch holds.
func batchSize(size int) int {
	return max(1, min(batchMessages, batchBytes/max(size, 1)))
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

// writeBatch writes n binary messages, msg(0) … msg(n-1), in one batch:
// all but the last with the wire corked, so that the last one's frame end
// carries them all out in one write (or a few, past wsframe.MaxHeld). It
// returns how many of them left; on an error, the ones before the failed
// one that the wire had already written out.
func writeBatch(ctx context.Context, w *wireConn, conn *websocket.Conn, n int, msg func(i int) []byte) (int, error) {
	if n > 1 {
		w.out.Cork()
		defer w.out.Uncork() // when a write fails before the last
	}
	for i := range n {
		if i == n-1 && n > 1 {
			w.out.Uncork()
		}
		if err := conn.Write(ctx, websocket.MessageBinary, msg(i)); err != nil {
			return max(0, i-w.out.Unsent()), err
		}
	}
	return n, nil
}

func wireStats(st wsframe.WriterStats) WireStats {
	return WireStats{Frames: st.Frames, Messages: st.Messages, Writes: st.Writes, Bytes: st.Bytes}
}
