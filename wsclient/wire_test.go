package wsclient

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// loopbackPair is a real TCP connection on loopback: the server's end and
// the client's end wrapped in a wire.Conn.
func loopbackPair(t *testing.T) (server net.Conn, w *wire.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	w = wire.New(c, c)
	t.Cleanup(func() { server.Close(); w.Close() })
	return server, w
}

func serverFrame(t *testing.T, f wsframe.Frame) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := wsframe.WriteFrame(&b, f, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A broken rule: the reader gets the bytes before it, then the violation,
// then the same violation on every later Read (RFC 6455 §5.1: a masked
// server frame).
func TestWireHandsOnTheGoodBytesThenFails(t *testing.T) {
	server, w := loopbackPair(t)
	good := serverFrame(t, wsframe.Frame{Fin: true, Opcode: wsframe.Text, Payload: []byte("fine")})
	var masked bytes.Buffer
	wsframe.WriteFrame(&masked, wsframe.Frame{Fin: true, Opcode: wsframe.Text, Payload: []byte("Hello")}, &[4]byte{1, 2, 3, 4})
	if _, err := server.Write(append(bytes.Clone(good), masked.Bytes()...)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(io.LimitReader(w, int64(len(good)+masked.Len())))
	var v *wsframe.Violation
	if !errors.As(err, &v) || v.Code != 1002 || v.Reason != "Server frames must not be masked." {
		t.Fatalf("read error %v, want the masked-frame violation", err)
	}
	// The good frame whole, and of the bad one never its whole header.
	if !bytes.HasPrefix(got, good) || len(got) >= len(good)+6 {
		t.Errorf("read % x, want the good frame and less than the bad header", got)
	}
	for range 2 {
		if n, err := w.Read(make([]byte, 10)); n != 0 || !errors.Is(err, v) {
			t.Errorf("Read after the violation = %d, %v", n, err)
		}
	}
	if w.Violation() != v {
		t.Error("violation() does not hold the broken rule")
	}
}

// Reading well-formed frames through the wire allocates nothing, however
// many frames a read holds (text is checked as it passes, too).
func TestWireReadDoesNotAllocate(t *testing.T) {
	server, w := loopbackPair(t)
	var burst []byte
	for i := range 50 {
		op := wsframe.Text
		if i%2 == 1 {
			op = wsframe.Binary
		}
		burst = append(burst, serverFrame(t, wsframe.Frame{Fin: true, Opcode: op, Payload: bytes.Repeat([]byte("é"), i)})...)
	}
	burst = append(burst, serverFrame(t, wsframe.Frame{Fin: true, Opcode: wsframe.Ping, Payload: []byte("p")})...)
	buf := make([]byte, len(burst))
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := server.Write(burst); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(w, buf); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per burst of 51 frames, want 0", allocs)
	}
}

// The wire view, when on, records every frame that goes by, each way, in
// order, with its header as on the wire (RFC 6455 §5.2).
func TestWireViewSeesBothDirections(t *testing.T) {
	server, w := loopbackPair(t)
	var got []FrameRecord
	w.ShowFrames(func(r *wire.Record) { got = append(got, *frameRecord(r)) })
	if err := wsframe.WriteFrame(w, wsframe.Frame{Fin: true, Opcode: wsframe.Ping, Payload: []byte("ping")}, &[4]byte{1, 2, 3, 4}); err != nil {
		t.Fatal(err)
	}
	pong := serverFrame(t, wsframe.Frame{Fin: true, Opcode: wsframe.Pong, Payload: []byte("ping")})
	server.Write(pong)
	if _, err := io.ReadFull(w, make([]byte, len(pong))); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"→ ping 4 B, mask key 01020304, frame 10 B (header 2 + key 4 + payload 4): 70 69 6e 67 |ping|",
		"← pong 4 B, frame 6 B (header 2 + payload 4): 70 69 6e 67 |ping|",
	}
	if len(got) != len(want) {
		t.Fatalf("view saw %v, want %q", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("record %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// A record of the wire view reads as one line, its prefix in hex and text
// and "…" when the payload goes on.
func TestFrameRecordOfAWireRecord(t *testing.T) {
	payload := bytes.Repeat([]byte("abcdefghij"), 10) // 100 bytes
	r := frameRecord(&wire.Record{Sent: true, Fin: true, Opcode: wsframe.Text, Masked: true, MaskKey: [4]byte{0xde, 0xad, 0xbe, 0xef},
		Length: 100, HeaderLen: 6, Prefix: payload[:WirePrefix]})
	want := "→ text 100 B, FIN, mask key deadbeef, frame 106 B (header 2 + key 4 + payload 100): " +
		"61 62 63 64 65 66 67 68 69 6a 61 62 63 64 65 66 67 68 69 6a 61 62 63 64 65 66 67 68 69 6a 61 62 … |abcdefghijabcdefghijabcdefghijab|…"
	if r.String() != want {
		t.Errorf("record = %q\nwant     %q", r, want)
	}
}
