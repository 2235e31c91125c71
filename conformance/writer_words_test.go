package conformance

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The words of what the checker sent, as a report's "sent" lines show
// them: each frame's length and how it was encoded (RFC 6455 §5.2), a lie
// in its length, a close frame's code and reason, the start of its
// payload; each at the edges where the words change.
func TestSentFramesInWordsAtTheEdges(t *testing.T) {
	key := [4]byte{1, 2, 3, 4}
	lie := uint64(1000)
	same := uint64(5)
	for _, tt := range []struct {
		name string
		f    frame
		want string
	}{
		{"an empty frame: no payload words", frame{Fin: true, Opcode: opText},
			`text frame (FIN, 0 bytes, masked) 81 80`},
		{"5 bytes: a 7-bit length, no words for it", frame{Fin: true, Opcode: opText, Payload: []byte("Hello")},
			`text frame (FIN, 5 bytes, masked) 81 85, payload "Hello"`},
		{"5 bytes in a 64-bit length: not minimal", frame{Fin: true, Opcode: opBinary, Payload: []byte("Hello"), Length: len64},
			`binary frame (FIN, 5 bytes in a non-minimal 64-bit length, masked) 82 FF, payload "Hello"`},
		{"126 bytes: a 16-bit length", frame{Fin: true, Opcode: opText, Payload: bytes.Repeat([]byte("*"), 126)},
			`text frame (FIN, 126 bytes in a 16-bit length, masked) 81 FE, payload "************************"…`},
		{"65536 bytes: a 64-bit length", frame{Fin: true, Opcode: opText, Payload: bytes.Repeat([]byte("*"), 65536)},
			`text frame (FIN, 65536 bytes in a 64-bit length, masked) 81 FF, payload "************************"…`},
		{"a length that lies", frame{Fin: true, Opcode: opBinary, Payload: []byte("Hello"), Announce: &lie},
			`binary frame (FIN, 1000 bytes announced, 5 bytes in the frame in a 16-bit length, masked) 82 FE, payload "Hello"`},
		{"a length announced that is the truth", frame{Fin: true, Opcode: opBinary, Payload: []byte("Hello"), Announce: &same},
			`binary frame (FIN, 5 bytes, masked) 82 85, payload "Hello"`},
		{"a close with a code alone", frame{Fin: true, Opcode: opClose, Payload: closePayload(1000, "")},
			`close frame (FIN, 2 bytes, masked) 88 82, code 1000`},
		{"a close with a reason", frame{Fin: true, Opcode: opClose, Payload: closePayload(1001, "bye")},
			`close frame (FIN, 5 bytes, masked) 88 85, code 1001, reason "bye"`},
		{"a 1-byte close: no code, its byte", frame{Fin: true, Opcode: opClose, Payload: []byte{0x03}},
			`close frame (FIN, 1 byte, masked) 88 81, payload 03`},
	} {
		tt.f.Key = &key
		if got := tt.f.describe(); got != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

// Sizes in words: bytes, or whole MiB from 1 MiB.
func TestByteCountWholeMiBFromOne(t *testing.T) {
	for n, want := range map[uint64]string{1: "1 byte", 1<<20 - 1: "1048575 bytes", 1 << 20: "1 MiB", 1<<20 + 1: "1048577 bytes", 16 << 20: "16 MiB"} {
		if got := byteCount(n); got != want {
			t.Errorf("byteCount(%d) = %q, want %q", n, got, want)
		}
	}
}

// A payload's start: text quoted, cut at 24 bytes but never in the middle
// of a character (stepping back at most 4 bytes: a valid UTF-8 character
// starts at most 3 before the cut, so only invalid bytes go that far);
// bytes that are not text in hex, with
// "…" only when there are more than 24. C1 controls (U+0080 to U+009F)
// are not text.
func TestPayloadPreviewEdges(t *testing.T) {
	seq := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i)
		}
		return b
	}
	for _, tt := range []struct {
		name string
		p    []byte
		want string
	}{
		{"text of 24 bytes, whole", bytes.Repeat([]byte("a"), 24), fmt.Sprintf("%q", strings.Repeat("a", 24))},
		{"text cut before a 2-byte character", []byte("a" + strings.Repeat("é", 20)), fmt.Sprintf("%q…", "a"+strings.Repeat("é", 11))},
		{"continuation bytes alone: cut 4 bytes back at most", bytes.Repeat([]byte{0x80}, 30), fmt.Sprintf("%q…", bytes.Repeat([]byte{0x80}, 20))},
		{"24 bytes that are not text: no …", seq(24), fmt.Sprintf("% X", seq(24))},
		{"25 bytes that are not text", seq(25), fmt.Sprintf("% X …", seq(24))},
		{"a C1 control is not text", []byte("a\u0080b"), "61 C2 80 62"},
		{"U+00A0 is text", []byte("a\u00a0b"), fmt.Sprintf("%q", "a\u00a0b")},
	} {
		if got := preview(tt.p); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
