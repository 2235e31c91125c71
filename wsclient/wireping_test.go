package wsclient

// Tests of the wire's own pings (internal/wire/ping.go) under the library itself:
// where the ping goes in the library's stream of frames, read back by a
// raw peer with wsframe, and what it counts.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// readLibrary runs the library's reader, as Stream and MessageSocket do,
// so that pongs pass the wire; it returns a channel closed when the
// reader has ended (the connection closed).
func readLibrary(conn *websocket.Conn) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, _, err := conn.Read(context.Background()); err != nil {
				return
			}
		}
	}()
	return done
}

// insideAFrame opens a binary message on the library's streaming writer
// and writes its first fragment, sized so that with its 14-byte header it
// fills the library's 4 KiB write buffer exactly 20 times: the library
// flushes a full buffer only when more comes, so the wire has seen all of
// the fragment but its last 4 KiB, and is inside a frame until the
// library writes on.
func insideAFrame(t *testing.T, conn *websocket.Conn, w *wire.Conn) (mw io.WriteCloser, first []byte) {
	t.Helper()
	first = pattern(20*4096-14, 1)
	wc, err := conn.Writer(context.Background(), websocket.MessageBinary)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wc.Write(first); err != nil {
		t.Fatal(err)
	}
	between := w.BetweenFrames()
	if between {
		t.Fatal("the wire is between frames; the test needs it inside one")
	}
	return wc, first
}

// waitHanded waits, within peerWait, until n pings are handed over.
func waitHanded(t *testing.T, w *wire.Conn, n int32) {
	t.Helper()
	deadline := time.Now().Add(peerWait)
	for int32(w.Handed()) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d pings handed to the library within %s, want %d", int32(w.Handed()), peerWait, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// RFC 6455 §5.4: a control frame may go between the fragments of a
// message, never inside a frame. A ping asked for while the library is
// inside a fragment waits for it to end and goes out right behind it,
// masked with a fresh key (§5.3), as its own frame and its own write; the
// fragments around it arrive intact. The peer's pong answers it (§5.5.3)
// and the library, reading the same pong, ignores it: its reader goes on.
func TestWirePingBetweenFragmentsRFC6455Section5_4(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, counted := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	reading := readLibrary(conn)
	mw, first := insideAFrame(t, conn, w)
	writes, stats := counted.writes.Load(), w.Stats()

	payload := []byte("between the fragments")
	answered, forget := w.ExpectPong(payload)
	defer forget()
	pinged := make(chan error, 1)
	go func() { _, err := w.Ping(context.Background(), payload); pinged <- err }()
	waitHanded(t, w, 1)

	second := pattern(50000, 2)
	wrote := make(chan error, 1)
	go func() {
		_, err := mw.Write(second)
		if err == nil {
			err = mw.Close()
		}
		wrote <- err
	}()
	if f := peer.frame(t); f.Opcode != wsframe.Binary || f.Fin || !bytes.Equal(f.Payload, first) {
		t.Fatalf("first: a %v frame (FIN %v) of %d bytes, not the first fragment", f.Opcode, f.Fin, len(f.Payload))
	}
	if f := peer.frame(t); f.Opcode != wsframe.Ping || !f.Fin || !bytes.Equal(f.Payload, payload) {
		t.Fatalf("after the first fragment: a %v frame with %q, want the ping with %q", f.Opcode, f.Payload, payload)
	}
	if f := peer.frame(t); f.Opcode != wsframe.Continuation || f.Fin || !bytes.Equal(f.Payload, second) {
		t.Fatalf("after the ping: a %v frame (FIN %v) of %d bytes, not the second fragment", f.Opcode, f.Fin, len(f.Payload))
	}
	if f := peer.frame(t); f.Opcode != wsframe.Continuation || !f.Fin || len(f.Payload) != 0 {
		t.Fatalf("the message's end: a %v frame (FIN %v) of %d bytes", f.Opcode, f.Fin, len(f.Payload))
	}
	for _, ch := range []chan error{pinged, wrote} {
		if err := <-ch; err != nil {
			t.Fatal(err)
		}
	}
	// Four frames, the ping one of them; the ping its own write, between
	// the first fragment's and the one that carried the rest.
	if got := w.Stats(); got.Frames-stats.Frames != 4 || got.Writes-stats.Writes != 3 || got.Messages-stats.Messages != 1 {
		t.Errorf("WireStats grew by %d frames, %d writes, %d messages; want 4, 3, 1", got.Frames-stats.Frames, got.Writes-stats.Writes, got.Messages-stats.Messages)
	}
	if n := counted.writes.Load() - writes; n != 3 {
		t.Errorf("%d writes to the connection, want 3", n)
	}

	if err := wsframe.WriteFrame(peer.conn, wsframe.Frame{Fin: true, Opcode: wsframe.Pong, Payload: payload}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-answered:
	case <-time.After(peerWait):
		t.Fatal("the pong did not answer the ping")
	}
	// The library took the pong for nobody's and read on: it still works.
	if err := conn.Write(context.Background(), websocket.MessageText, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if f := peer.frame(t); f.Opcode != wsframe.Text || string(f.Payload) != "after" {
		t.Fatalf("after the pong: %v %q", f.Opcode, f.Payload)
	}
	select {
	case <-reading:
		t.Fatal("the library's reader ended on the wire's pong")
	default:
	}
	conn.CloseNow()
	<-reading
}

// A ping that waits for a frame to end waits no longer than its context:
// it comes back with the context's error, is taken back, and never goes
// out; the message then leaves as it would have.
func TestWirePingWaitsAtMostItsContext(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, _ := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	mw, first := insideAFrame(t, conn, w)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := w.Ping(ctx, []byte("too late")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("ping inside a frame that does not end: %v, want the context's deadline", err)
	}
	if n := int32(w.Handed()); n != 0 {
		t.Fatalf("%d pings still handed to the library", n)
	}
	wrote := make(chan error, 1)
	go func() { wrote <- mw.Close() }()
	if f := peer.frame(t); f.Opcode != wsframe.Binary || !bytes.Equal(f.Payload, first) {
		t.Fatalf("a %v frame of %d bytes, not the first fragment", f.Opcode, len(f.Payload))
	}
	if f := peer.frame(t); f.Opcode != wsframe.Continuation || !f.Fin {
		t.Fatalf("after the fragment: a %v frame (FIN %v), want the message's end and no ping", f.Opcode, f.Fin)
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
}

// RFC 6455 §5.5.1: after its close frame a client sends nothing more, so
// a ping asked for then is not sent.
func TestWirePingNotAfterTheCloseFrameRFC6455Section5_5_1(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, _ := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	closed := make(chan error, 1)
	go func() { closed <- conn.Close(websocket.StatusNormalClosure, "bye") }()
	f := peer.frame(t)
	if f.Opcode != wsframe.Close {
		t.Fatalf("a %v frame, want the close", f.Opcode)
	}
	if _, err := w.Ping(context.Background(), []byte("late")); !errors.Is(err, wire.ErrClosed) {
		t.Fatalf("ping after the close frame: %v, want ErrNotConnected", err)
	}
	peer.answerClose(t, f)
	if err := <-closed; err != nil {
		t.Fatal("Close:", err)
	}
}
