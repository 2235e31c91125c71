package wsframe

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

func reader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The examples of RFC 6455 §5.7, byte for byte, both ways.
func TestRFCExamples(t *testing.T) {
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	for _, tc := range []struct {
		name  string
		wire  string
		frame Frame
		key   *[4]byte
	}{
		{"unmasked text", "81 05 48656c6c6f", Frame{Fin: true, Opcode: Text, Payload: []byte("Hello")}, nil},
		{"masked text", "81 85 37fa213d 7f9f4d5158", Frame{Fin: true, Opcode: Text, Payload: []byte("Hello"), Masked: true}, &key},
		{"first fragment", "01 03 48656c", Frame{Opcode: Text, Payload: []byte("Hel")}, nil},
		{"last fragment", "80 02 6c6f", Frame{Fin: true, Opcode: Continuation, Payload: []byte("lo")}, nil},
		{"ping", "89 05 48656c6c6f", Frame{Fin: true, Opcode: Ping, Payload: []byte("Hello")}, nil},
		{"masked pong", "8a 85 37fa213d 7f9f4d5158", Frame{Fin: true, Opcode: Pong, Payload: []byte("Hello"), Masked: true}, &key},
		{"256 bytes", "82 7e 0100" + strings.Repeat("00", 256), Frame{Fin: true, Opcode: Binary, Payload: make([]byte, 256)}, nil},
		{"64 KiB", "82 7f 0000000000010000" + strings.Repeat("00", 65536), Frame{Fin: true, Opcode: Binary, Payload: make([]byte, 65536)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wire := unhex(t, tc.wire)
			var buf bytes.Buffer
			if err := WriteFrame(&buf, tc.frame, tc.key); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), wire) {
				t.Errorf("WriteFrame = % x\nwant         % x", head(buf.Bytes()), head(wire))
			}
			got, err := ReadFrame(reader(wire), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if got.Fin != tc.frame.Fin || got.Opcode != tc.frame.Opcode || got.Masked != tc.frame.Masked || !bytes.Equal(got.Payload, tc.frame.Payload) {
				t.Errorf("ReadFrame = %+v, want %+v", got, tc.frame)
			}
		})
	}
}

func head(b []byte) []byte { return b[:min(len(b), 16)] }

// Lengths at the edges of the 7-, 16- and 64-bit encodings survive a round
// trip, masked or not, and masking leaves the caller's payload alone.
func TestRoundTripLengths(t *testing.T) {
	key := [4]byte{1, 2, 3, 4}
	for _, n := range []int{0, 1, 125, 126, 127, 65535, 65536, 70000} {
		for _, k := range []*[4]byte{nil, &key} {
			p := bytes.Repeat([]byte{'x'}, n)
			var buf bytes.Buffer
			if err := WriteFrame(&buf, Frame{Fin: true, Opcode: Binary, Payload: p}, k); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(p, bytes.Repeat([]byte{'x'}, n)) {
				t.Fatal("WriteFrame modified the payload")
			}
			f, err := ReadFrame(reader(buf.Bytes()), int64(n))
			if err != nil || !bytes.Equal(f.Payload, p) || f.Masked != (k != nil) {
				t.Errorf("n=%d masked=%v: %v, %d bytes", n, k != nil, err, len(f.Payload))
			}
		}
	}
}

func TestReadFrameErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		wire string
		want error
	}{
		{"empty", "", io.EOF},
		{"one byte", "81", io.ErrUnexpectedEOF},
		{"short payload", "81 05 4865", io.ErrUnexpectedEOF},
		{"short length", "82 7e 01", io.ErrUnexpectedEOF},
		{"short mask", "81 85 37fa", io.ErrUnexpectedEOF},
		{"reserved bit", "c1 00", ErrProtocol},
		{"unknown opcode", "83 00", ErrProtocol},
		{"fragmented ping", "09 00", ErrProtocol},
		{"long close", "88 7e 007e" + strings.Repeat("00", 126), ErrProtocol},
		{"64-bit MSB", "82 7f 8000000000000000", ErrProtocol},
		// RFC 6455 §5.2: "the minimal number of bytes MUST be used to
		// encode the length". The payloads are there, so only the
		// encoding is wrong.
		{"16-bit length of 0", "82 7e 0000", ErrProtocol},
		{"16-bit length of 125", "82 7e 007d" + strings.Repeat("00", 125), ErrProtocol},
		{"64-bit length of 0", "82 7f 0000000000000000", ErrProtocol},
		{"64-bit length of 126", "82 7f 000000000000007e" + strings.Repeat("00", 126), ErrProtocol},
		{"64-bit length of 65535", "82 7f 000000000000ffff" + strings.Repeat("00", 65535), ErrProtocol},
		// The length is checked before any payload is read or allocated.
		{"huge", "82 7f 4000000000000000", ErrPayloadTooLarge},
		{"over the limit", "82 7f 0000000000100001", ErrPayloadTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wire := unhex(t, tc.wire)
			_, err := ReadFrame(reader(wire), 1<<20)
			if !errors.Is(err, tc.want) {
				t.Errorf("ReadFrame(% x…) = %v, want %v", head(wire), err, tc.want)
			}
		})
	}
}

// The shortest encodings at the edges are accepted (RFC 6455 §5.2).
func TestReadFrameMinimalLengths(t *testing.T) {
	for _, wire := range []string{
		"82 7d" + strings.Repeat("00", 125),
		"82 7e 007e" + strings.Repeat("00", 126),
		"82 7e ffff" + strings.Repeat("00", 65535),
		"82 7f 0000000000010000" + strings.Repeat("00", 65536),
	} {
		b := unhex(t, wire)
		if _, err := ReadFrame(reader(b), 1<<20); err != nil {
			t.Errorf("ReadFrame(% x…) = %v", head(b), err)
		}
	}
}

func TestWriteFrameErrors(t *testing.T) {
	for _, f := range []Frame{
		{Fin: true, Opcode: 3},
		{Fin: false, Opcode: Ping},
		{Fin: true, Opcode: Close, Payload: make([]byte, 126)},
	} {
		if err := WriteFrame(io.Discard, f, nil); !errors.Is(err, ErrProtocol) {
			t.Errorf("WriteFrame(%v fin=%v %d bytes) = %v, want ErrProtocol", f.Opcode, f.Fin, len(f.Payload), err)
		}
	}
}

func TestOpcodeString(t *testing.T) {
	if Text.String() != "text" || Opcode(0xB).String() != "opcode(0xB)" {
		t.Errorf("String: %q %q", Text, Opcode(0xB))
	}
	if Text.IsControl() || !Close.IsControl() || !Opcode(0xB).IsControl() {
		t.Error("IsControl")
	}
}

// FuzzReadFrame: whatever the bytes, ReadFrame does not panic, returns a
// payload within its bound, and what it accepts survives a round trip.
func FuzzReadFrame(f *testing.F) {
	for _, s := range []string{
		"81 05 48656c6c6f", "81 85 37fa213d 7f9f4d5158", "01 03 48656c", "89 00", "88 02 03e8",
		"82 7e 0100" + strings.Repeat("00", 256), "82 7f 4000000000000000", "c1 00", "",
		// What the properties are about (§5.2): payloads at the bound and
		// one past it, lengths not in their shortest form, the 64-bit
		// length's top bit, control frames at and past 125 bytes or
		// fragmented, reserved bits and opcodes, a mask with no payload,
		// and headers cut short.
		"82 7e 0400" + strings.Repeat("61", 1024), "82 7e 0401" + strings.Repeat("61", 1025),
		"82 7e 0004 01020304", "82 7f 0000000000000004 01020304", "82 7f 8000000000000000",
		"89 7d" + strings.Repeat("70", 125), "89 7e 007e" + strings.Repeat("70", 126), "09 00", "88 01 03",
		"f1 00", "83 00", "8b 00", "81 80 00000000", "81", "81 7e 00", "81 ff 00",
	} {
		f.Add(unhex(f, s))
	}
	const limit = 1024
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := ReadFrame(reader(data), limit)
		if err != nil {
			return
		}
		if len(fr.Payload) > limit || fr.Opcode.IsControl() && len(fr.Payload) > MaxControlPayload {
			t.Fatalf("%v payload of %d bytes passed the bound", fr.Opcode, len(fr.Payload))
		}
		var key *[4]byte
		if fr.Masked {
			key = &[4]byte{9, 8, 7, 6}
		}
		var buf bytes.Buffer
		if err := WriteFrame(&buf, fr, key); err != nil {
			t.Fatalf("WriteFrame of a frame ReadFrame accepted: %v", err)
		}
		again, err := ReadFrame(reader(buf.Bytes()), limit)
		if err != nil || again.Fin != fr.Fin || again.Opcode != fr.Opcode || again.Masked != fr.Masked || !bytes.Equal(again.Payload, fr.Payload) {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, fr)
		}
	})
}
