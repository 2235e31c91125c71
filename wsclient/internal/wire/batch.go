package wire

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
// wss a TLS record of its own). Conn.Write goes through a
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
// WriteBatch corks the wire for all but the last of them, and the last
// one's frame end carries them all out in one write. A control frame
// (ping, pong, close) ends a batch at once, so nothing held is ever left
// behind a close frame.

// BatchBytes and BatchMessages bound a batch of small messages (Stream's
// continuous sends and file transfers): at most this many bytes of
// payload, or this many messages, go out in one write.
const (
	BatchBytes    = 64 << 10
	BatchMessages = 64
)

// BatchSize is how many messages of size bytes a batch holds.
func BatchSize(size int) int {
	return max(1, min(BatchMessages, BatchBytes/max(size, 1)))
}

// WriteBatch writes n binary messages, msg(0) … msg(n-1), with conn, the
// library's connection over w, in one batch: all but the last with the
// wire corked, so that the last one's frame end carries them all out in
// one write (or a few, past wsframe.MaxHeld). It returns how many of them
// left; on an error, the ones before the failed one that the wire had
// already written out.
func WriteBatch(ctx context.Context, w *Conn, conn *websocket.Conn, n int, msg func(i int) []byte) (int, error) {
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

// Stats is what the client has written so far: frames, messages, writes
// to the connection below and bytes.
func (w *Conn) Stats() wsframe.WriterStats { return w.out.Stats() }

// Cork holds what is written until Uncork, past frame ends (see
// wsframe.FrameWriter.Cork); WriteBatch is its one user outside tests.
func (w *Conn) Cork() { w.out.Cork() }

// Uncork ends a Cork: the next frame end writes all that was held.
func (w *Conn) Uncork() { w.out.Uncork() }

// Unsent is how many complete frames are held, unwritten, by a Cork.
func (w *Conn) Unsent() int { return w.out.Unsent() }

// WriteErr is the error that stopped the frame writer, or nil.
func (w *Conn) WriteErr() error { return w.out.Err() }
