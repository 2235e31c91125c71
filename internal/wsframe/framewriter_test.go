package wsframe

import (
	"bufio"
	"bytes"
	"errors"
	"testing"
)

// writes records each write a FrameWriter makes, as the connection would
// see it.
type writes struct {
	all  bytes.Buffer
	each [][]byte
	fail error
}

func (w *writes) Write(p []byte) (int, error) {
	if w.fail != nil {
		return 0, w.fail
	}
	w.each = append(w.each, bytes.Clone(p))
	return w.all.Write(p)
}

// frameBytes is f as it goes on the wire, masked when key is set.
func frameBytes(t *testing.T, f Frame, key *[4]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteFrame(&b, f, key); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// inPieces hands b to w the way coder/websocket does: in pieces of at most
// 4 KiB (its bufio buffer), the end of each frame a piece's end.
func inPieces(t *testing.T, w *FrameWriter, b []byte) {
	t.Helper()
	for len(b) > 0 {
		n := min(len(b), 4096)
		if k, err := w.Write(b[:n]); k != n || err != nil {
			t.Fatalf("Write of %d bytes: %d, %v", n, k, err)
		}
		b = b[n:]
	}
}

func payloadOf(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i % 253)
	}
	return p
}

// Each frame leaves in one write, masked (a client's) or not (a server's),
// byte for byte as it was given, whatever the size up to MaxHeld; a larger
// one in MaxHeld pieces (RFC 6455 §5.2: the bytes are untouched).
func TestFrameWriterWritesEachFrameWhole(t *testing.T) {
	for _, key := range []*[4]byte{nil, {1, 2, 3, 4}} {
		var out writes
		w := NewFrameWriter(&out)
		var all []byte
		wantWrites := 0
		for _, n := range []int{0, 11, 125, 4096, 64 << 10, 1 << 20, 3 << 20} {
			b := frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: payloadOf(n)}, key)
			before := len(out.each)
			inPieces(t, w, b)
			got := len(out.each) - before
			want := (len(b) + MaxHeld - 1) / MaxHeld
			if got != want {
				t.Errorf("masked %v, %d B frame: %d writes, want %d", key != nil, n, got, want)
			}
			wantWrites += want
			all = append(all, b...)
		}
		if !bytes.Equal(out.all.Bytes(), all) {
			t.Fatal("the bytes written differ from the bytes given")
		}
		for _, p := range out.each {
			if len(p) > MaxHeld {
				t.Errorf("a write of %d bytes: at most %d are held", len(p), MaxHeld)
			}
		}
		if st := w.Stats(); st.Frames != 7 || st.Messages != 7 || st.Writes != int64(wantWrites) || st.Bytes != int64(len(all)) {
			t.Errorf("Stats %+v, want 7 frames, 7 messages, %d writes, %d bytes", st, wantWrites, len(all))
		}
	}
}

// A header that arrives a byte at a time is followed all the same, and a
// frame is written when its last byte comes, not before or after.
func TestFrameWriterFollowsAHeaderInPieces(t *testing.T) {
	var out writes
	w := NewFrameWriter(&out)
	b := frameBytes(t, Frame{Fin: true, Opcode: Text, Payload: []byte("Hello World")}, &[4]byte{9, 8, 7, 6})
	for i := range b {
		if _, err := w.Write(b[i : i+1]); err != nil {
			t.Fatal(err)
		}
		if wrote := len(out.each) > 0; wrote != (i == len(b)-1) {
			t.Fatalf("after byte %d of %d: written %v", i+1, len(b), wrote)
		}
	}
	if !bytes.Equal(out.each[0], b) {
		t.Fatal("the frame written differs from the one given")
	}
}

// In a batch, frame ends do not write out until the frame after Uncork;
// a control frame ends the batch at once, behind what was held, so
// nothing is ever left behind a close frame (RFC 6455 §5.5.1).
func TestFrameWriterBatches(t *testing.T) {
	var out writes
	w := NewFrameWriter(&out)
	msg := func(s string) []byte { return frameBytes(t, Frame{Fin: true, Opcode: Text, Payload: []byte(s)}, nil) }
	w.Cork()
	inPieces(t, w, msg("a"))
	inPieces(t, w, msg("b"))
	if len(out.each) != 0 || w.Unsent() != 2 {
		t.Fatalf("corked: %d writes, %d unsent; want 0 and 2", len(out.each), w.Unsent())
	}
	inPieces(t, w, frameBytes(t, Frame{Fin: true, Opcode: Ping, Payload: []byte("p")}, nil))
	if len(out.each) != 1 || !bytes.Equal(out.each[0], append(append(msg("a"), msg("b")...), frameBytes(t, Frame{Fin: true, Opcode: Ping, Payload: []byte("p")}, nil)...)) {
		t.Fatalf("a ping in a batch: %d writes; want one, the two messages then the ping", len(out.each))
	}
	inPieces(t, w, msg("c"))
	w.Uncork()
	inPieces(t, w, msg("d"))
	if len(out.each) != 2 || !bytes.Equal(out.each[1], append(msg("c"), msg("d")...)) || w.Unsent() != 0 {
		t.Fatalf("after Uncork: %d writes, %d unsent; want the batch c, d in the second write", len(out.each), w.Unsent())
	}
	// Frames of a message that goes on (FIN clear) are written one by
	// one outside a batch: the next may not have come yet.
	inPieces(t, w, frameBytes(t, Frame{Fin: false, Opcode: Text, Payload: []byte("x")}, nil))
	if len(out.each) != 3 {
		t.Fatalf("a non-final frame was held: %d writes", len(out.each))
	}
}

// A failed write fails that Write and every later one with the same
// error, and what was held is counted as unsent.
func TestFrameWriterErrorSticks(t *testing.T) {
	out := writes{fail: errors.New("the connection is gone")}
	w := NewFrameWriter(&out)
	w.Cork()
	inPieces(t, w, frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: []byte("a")}, nil))
	w.Uncork()
	if _, err := w.Write(frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: []byte("b")}, nil)); err != out.fail {
		t.Fatalf("Write: %v, want the connection's error", err)
	}
	if _, err := w.Write([]byte{0x82, 0}); err != out.fail || w.Err() != out.fail {
		t.Fatalf("a later Write: %v (Err %v), want the same error", err, w.Err())
	}
	if w.Unsent() != 1 {
		t.Fatalf("Unsent %d, want 1: the held message was lost", w.Unsent())
	}
}

// What a FrameWriter writes reads back as the frames written.
func TestFrameWriterOutputReadsBack(t *testing.T) {
	var out writes
	w := NewFrameWriter(&out)
	want := []Frame{
		{Fin: false, Opcode: Text, Payload: []byte("Hel")},
		{Fin: true, Opcode: Continuation, Payload: []byte("lo")},
		{Fin: true, Opcode: Binary, Payload: payloadOf(70000)},
		{Fin: true, Opcode: Close, Payload: ClosePayload(1000, "bye")},
	}
	for _, f := range want {
		inPieces(t, w, frameBytes(t, f, &[4]byte{5, 6, 7, 8}))
	}
	br := bufio.NewReader(&out.all)
	for i, f := range want {
		got, err := ReadFrame(br, 1<<20)
		if err != nil || got.Fin != f.Fin || got.Opcode != f.Opcode || !bytes.Equal(got.Payload, f.Payload) || !got.Masked {
			t.Fatalf("frame %d: %+v, %v", i, got.Opcode, err)
		}
	}
}

// A FrameWriter keeps one small buffer and lends a large one only for as
// long as a large frame is gathered.
func TestFrameWriterMemory(t *testing.T) {
	var out writes
	w := NewFrameWriter(&out)
	inPieces(t, w, frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: payloadOf(11)}, nil))
	if w.small != nil || w.big != nil {
		t.Fatal("a frame that came whole needed a buffer")
	}
	inPieces(t, w, frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: payloadOf(64 << 10)}, nil))
	if cap(w.small) != smallHeld || w.big != nil {
		t.Fatalf("after a 64 KiB frame: kept %d bytes, lent %v; want %d and none", cap(w.small), w.big != nil, smallHeld)
	}
	inPieces(t, w, frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: payloadOf(1 << 20)}, nil))
	if cap(w.small) != smallHeld || w.big != nil || w.held != nil {
		t.Fatalf("after a 1 MiB frame: kept %d bytes, lent %v, held %d; want %d, none, none", cap(w.small), w.big != nil, len(w.held), smallHeld)
	}
}

// With LendBuffers a FrameWriter keeps no buffer between frames: the one
// a frame was gathered in goes back once the frame is written, and the
// output is the same.
func TestFrameWriterLendBuffers(t *testing.T) {
	var out writes
	w := NewFrameWriter(&out)
	w.LendBuffers(true)
	f := frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: payloadOf(64 << 10)}, nil)
	inPieces(t, w, f)
	if w.small != nil || w.lent != nil || w.big != nil || w.held != nil {
		t.Fatalf("after a 64 KiB frame: kept %d bytes, lent %v, held %d; want none", cap(w.small), w.lent != nil, len(w.held))
	}
	if len(out.each) != 1 || !bytes.Equal(out.each[0], f) {
		t.Fatalf("%d writes, want the frame in one", len(out.each))
	}
}

// Between says whether a frame written now would go between two frames,
// never inside one (RFC 6455 §5.4): at the start, after each frame's last
// byte, and not while a frame is given in pieces (its header included).
// CloseWritten turns true with a close frame's header.
func TestFrameWriterBetweenRFC6455Section5_4(t *testing.T) {
	w := NewFrameWriter(&writes{})
	if !w.Between() || w.CloseWritten() {
		t.Fatal("a new FrameWriter is not between frames")
	}
	big := frameBytes(t, Frame{Opcode: Binary, Payload: payloadOf(10000)}, testKey) // not final: a fragment
	for _, cut := range []int{1, 2, 9000} {
		if _, err := w.Write(big[:cut]); err != nil {
			t.Fatal(err)
		}
		if w.Between() {
			t.Fatalf("after %d bytes of a frame: Between", cut)
		}
		if _, err := w.Write(big[cut:]); err != nil {
			t.Fatal(err)
		}
		if !w.Between() {
			t.Fatalf("after the frame's last byte (cut at %d): not Between", cut)
		}
	}
	end := frameBytes(t, Frame{Fin: true, Opcode: Continuation}, testKey)
	closing := frameBytes(t, Frame{Fin: true, Opcode: Close, Payload: ClosePayload(1000, "")}, testKey)
	// The close frame's header and mask key, its payload still to come.
	for _, b := range [][]byte{end, closing[:6]} {
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if w.Between() || !w.CloseWritten() {
		t.Fatalf("inside the close frame: Between %v, CloseWritten %v", w.Between(), w.CloseWritten())
	}
}
