package conformance

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"testing"
)

// The writer puts exactly the bytes of §5.2 on the wire, wrong ones
// included, and the reader reads them back.
func TestFrameBytes(t *testing.T) {
	key := [4]byte{1, 2, 3, 4}
	five := uint64(5)
	msb := uint64(1) << 63
	tests := []struct {
		name string
		f    frame
		want []byte
	}{
		{"unmasked text, 7-bit length", frame{Fin: true, Opcode: opText, Payload: []byte("Hi"), Unmasked: true},
			[]byte{0x81, 0x02, 'H', 'i'}},
		{"masked text (§5.3)", frame{Fin: true, Opcode: opText, Payload: []byte("Hi"), Key: &key},
			[]byte{0x81, 0x82, 1, 2, 3, 4, 'H' ^ 1, 'i' ^ 2}},
		{"not FIN, RSV1 and RSV3, reserved opcode 0x3", frame{RSV: rsv1 | rsv3, Opcode: 0x3, Unmasked: true},
			[]byte{0x53, 0x00}},
		{"non-minimal 16-bit length", frame{Fin: true, Opcode: opBinary, Payload: []byte{9}, Length: len16, Unmasked: true},
			[]byte{0x82, 126, 0, 1, 9}},
		{"non-minimal 64-bit length", frame{Fin: true, Opcode: opBinary, Payload: []byte{9}, Length: len64, Unmasked: true},
			[]byte{0x82, 127, 0, 0, 0, 0, 0, 0, 0, 1, 9}},
		{"a length that lies", frame{Fin: true, Opcode: opBinary, Payload: []byte{9}, Announce: &five, Unmasked: true},
			[]byte{0x82, 5, 9}},
		{"64-bit length with its top bit set", frame{Fin: true, Opcode: opBinary, Length: len64, Announce: &msb, Unmasked: true},
			[]byte{0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 0}},
		{"126 bytes take the 16-bit length", frame{Fin: true, Opcode: opText, Payload: make([]byte, 126), Unmasked: true},
			append([]byte{0x81, 126, 0, 126}, make([]byte, 126)...)},
		{"65536 bytes take the 64-bit length", frame{Fin: true, Opcode: opText, Payload: make([]byte, 65536), Unmasked: true},
			append([]byte{0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}, make([]byte, 65536)...)},
	}
	for _, tt := range tests {
		if got := tt.f.encode(); !bytes.Equal(got, tt.want) {
			t.Errorf("%s: % X\nwant % X", tt.name, head(got), head(tt.want))
		}
	}
}

func head(b []byte) []byte { return b[:min(len(b), 16)] }

func TestReadFrameRoundTrip(t *testing.T) {
	key := [4]byte{0xA, 0xB, 0xC, 0xD}
	p := binaryOf(70000)
	f := frame{Opcode: opContinuation, RSV: rsv2, Payload: p, Key: &key}
	got, err := readFrame(bufio.NewReader(bytes.NewReader(f.encode())), maxReadPayload)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fin || got.RSV != rsv2 || got.Opcode != opContinuation || !got.Masked || got.LengthBytes != 8 || !bytes.Equal(got.Payload, p) {
		t.Errorf("read back %+v", got.describe())
	}
	if got.problem() == "" {
		t.Error("a masked frame with RSV2 from a server breaks two rules; problem() saw none")
	}
}

// A frame that announces more than the reader takes is refused before any
// payload memory is allocated: a peer cannot make the checker allocate by
// lying in the length.
func TestReadFrameBounds(t *testing.T) {
	huge := uint64(1) << 40
	msb := uint64(1) << 63
	for _, tt := range []struct {
		f    frame
		want error
	}{
		{frame{Opcode: opBinary, Announce: &huge, Unmasked: true}, errFrameTooBig},
		{frame{Opcode: opBinary, Announce: &msb, Unmasked: true}, errLengthMSB},
	} {
		if _, err := readFrame(bufio.NewReader(bytes.NewReader(tt.f.encode())), maxReadPayload); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.f.describe(), err, tt.want)
		}
	}
	cut := (&frame{Fin: true, Opcode: opText, Payload: []byte("Hello"), Unmasked: true}).encode()[:4]
	if _, err := readFrame(bufio.NewReader(bytes.NewReader(cut)), maxReadPayload); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("a frame cut short: %v, want unexpected EOF", err)
	}
}

// describe says what went on the wire in words a person can check.
func TestDescribe(t *testing.T) {
	zero := [4]byte{}
	f := frame{Fin: true, RSV: rsv1, Opcode: opText, Payload: []byte("Hello"), Length: len16, Key: &zero}
	want := `text frame (FIN, RSV1, 5 bytes in a non-minimal 16-bit length, masked with the key 00 00 00 00) C1 FE, payload "Hello"`
	if got := f.describe(); got != want {
		t.Errorf("describe:\n%s\nwant\n%s", got, want)
	}
	in := inFrame{Fin: true, Opcode: opClose, Payload: closePayload(1002, "bad \xC3\x28")}
	if got, want := in.describe(), `close frame (FIN, code 1002 (protocol error), reason "bad \xc3(" (not valid UTF-8))`; got != want {
		t.Errorf("describe:\n%s\nwant\n%s", got, want)
	}
}
