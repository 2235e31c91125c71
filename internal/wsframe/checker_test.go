package wsframe

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"testing"
)

// wire builds one frame byte by byte, able to break every rule: any
// FIN/RSV/opcode, the length in 7, 16 or 64 bits (lenBytes 0, 2, 8; -1 for
// the shortest), masked with key or not.
func wire(fin bool, rsv byte, op Opcode, payload string, key *[4]byte, lenBytes int) []byte {
	b0 := rsv<<4 | byte(op)
	if fin {
		b0 |= 0x80
	}
	var maskBit byte
	if key != nil {
		maskBit = 0x80
	}
	n := len(payload)
	if lenBytes < 0 {
		switch {
		case n <= 125:
			lenBytes = 0
		case n <= 0xFFFF:
			lenBytes = 2
		default:
			lenBytes = 8
		}
	}
	out := []byte{b0}
	switch lenBytes {
	case 0:
		out = append(out, maskBit|byte(n))
	case 2:
		out = binary.BigEndian.AppendUint16(append(out, maskBit|126), uint16(n))
	case 8:
		out = binary.BigEndian.AppendUint64(append(out, maskBit|127), uint64(n))
	}
	p := []byte(payload)
	if key != nil {
		out = append(out, key[:]...)
		mask(p, *key)
	}
	return append(out, p...)
}

var testKey = &[4]byte{0x37, 0xfa, 0x21, 0x3d}

// cf is a well-formed client frame (masked, shortest length).
func cf(fin bool, op Opcode, payload string) []byte { return wire(fin, 0, op, payload, testKey, -1) }

func cat(frames ...[]byte) []byte { return bytes.Join(frames, nil) }

func closeBody(code int, reason string) string { return string(ClosePayload(code, reason)) }

type checkerCase struct {
	name       string
	stream     []byte
	fromServer bool
	code       int // 0: no violation
	at         int // with code: bytes passed on before the violation; -1: do not check
}

func checkerCases() []checkerCase {
	long := strings.Repeat("x", 200)
	return []checkerCase{
		// Well-formed streams.
		{"text", cf(true, Text, "Hello"), false, 0, 0},
		{"UTF-8 split across frames", cat(cf(false, Text, "caf\xc3"), cf(true, Continuation, "\xa9 €"), cf(true, Text, "ok")), false, 0, 0},
		{"ping between fragments", cat(cf(false, Text, "a"), cf(true, Ping, "p"), cf(true, Continuation, "b")), false, 0, 0},
		{"binary is not UTF-8", cf(true, Binary, "\xff\xfe"), false, 0, 0},
		{"ping payload is not UTF-8", cf(true, Ping, "\xff"), false, 0, 0},
		{"long text", cf(true, Text, long+"é"+long), false, 0, 0},
		{"server frames unmasked", wire(true, 0, Text, "hi", nil, -1), true, 0, 0},
		{"close", cf(true, Close, closeBody(1000, "bye")), false, 0, 0},
		{"empty close", cf(true, Close, ""), false, 0, 0},
		{"close with UTF-8 reason", cf(true, Close, closeBody(4000, "adiós")), false, 0, 0},

		// RFC 6455 §8.1: invalid UTF-8 in a text message fails with 1007,
		// at the first byte that cannot be valid (after the 6-byte header).
		{"C3 28", cf(true, Text, "\xc3\x28"), false, 1007, 6 + 1},
		{"FF", cf(true, Text, "ab\xff"), false, 1007, 6 + 2},
		{"surrogate", cf(true, Text, "\xed\xa0\x80"), false, 1007, 6 + 1},
		{"bad byte in a later fragment", cat(cf(false, Text, "\xe2\x82"), cf(true, Continuation, "x")), false, 1007, 8 + 6},
		{"fail fast in a non-final frame", cat(cf(false, Text, "ok\xc0"), cf(true, Continuation, "x")), false, 1007, 6 + 2},
		{"message ends inside a character", cf(true, Text, "ab\xc3"), false, 1007, 6 + 2},
		{"empty final frame ends inside a character", cat(cf(false, Text, "\xc3"), cf(true, Continuation, "")), false, 1007, 7 + 5},
		{"server text too", wire(true, 0, Text, "\xff", nil, -1), true, 1007, 2},
		// §5.5.1, §7.4: a close reason must be UTF-8 (1007); the code must
		// be one that may be sent, and a payload of one byte holds none (1002).
		{"close reason C3 28", cf(true, Close, closeBody(1000, "\xc3\x28")), false, 1007, 6 + 3},
		{"close reason FF", cf(true, Close, closeBody(1000, "\xff")), false, 1007, 6 + 2},
		{"close reason surrogate", cf(true, Close, closeBody(1000, "\xed\xa0\x80")), false, 1007, 6 + 4},
		{"close reason cut", cf(true, Close, closeBody(1000, "\xc3")), false, 1007, 6 + 2},
		{"close of 1 byte", cf(true, Close, "\x03"), false, 1002, 6},
		{"close code 0", cf(true, Close, "\x00\x00"), false, 1002, 6 + 1},
		{"close code 999", cf(true, Close, closeBody(999, "")), false, 1002, 7},
		{"close code 1004", cf(true, Close, closeBody(1004, "")), false, 1002, 7},
		{"close code 1005", cf(true, Close, closeBody(1005, "")), false, 1002, 7},
		{"close code 1006", cf(true, Close, closeBody(1006, "")), false, 1002, 7},
		{"close code 1015", cf(true, Close, closeBody(1015, "")), false, 1002, 7},
		{"close code 1016", cf(true, Close, closeBody(1016, "")), false, 1002, 7},
		{"close code 2999", cf(true, Close, closeBody(2999, "")), false, 1002, 7},
		{"close code 5000", cf(true, Close, closeBody(5000, "")), false, 1002, 7},
		{"close code 65535", cf(true, Close, "\xff\xff"), false, 1002, 7},
		// §5.1: masking, each side its own way.
		{"unmasked client frame", wire(true, 0, Text, "hi", nil, -1), false, 1002, 1},
		{"masked server frame", cf(true, Text, "hi"), true, 1002, 5},
		// §5.2 header rules and §5.4 fragmentation.
		{"RSV1", wire(true, 4, Text, "hi", testKey, -1), false, 1002, 5},
		{"RSV3", wire(true, 1, Binary, "", testKey, -1), false, 1002, 5},
		{"opcode 3", wire(true, 0, 3, "", testKey, -1), false, 1002, 5},
		{"opcode 0xB", wire(true, 0, 0xB, "", testKey, -1), false, 1002, 5},
		{"fragmented ping", wire(false, 0, Ping, "", testKey, -1), false, 1002, 5},
		{"ping of 126 bytes", wire(true, 0, Ping, long[:126], testKey, -1), false, 1002, 7},
		{"16-bit length of 5", wire(true, 0, Binary, "hello", testKey, 2), false, 1002, 7},
		{"64-bit length of 5", wire(true, 0, Binary, "hello", testKey, 8), false, 1002, 13},
		{"64-bit length with MSB", []byte{0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, false, 1002, 13},
		{"continuation first", cf(true, Continuation, "x"), false, 1002, 5},
		{"new message mid-message", cat(cf(false, Text, "a"), cf(true, Text, "b")), false, 1002, 7 + 5},
	}
}

// feed gives stream to a fresh Checker in pieces of size (0: whole) and
// returns the bytes it let through and its error.
func feed(c *Checker, stream []byte, size int) (int, error) {
	if size == 0 {
		size = len(stream)
	}
	passed := 0
	for len(stream) > 0 {
		piece := stream[:min(size, len(stream))]
		stream = stream[len(piece):]
		n, err := c.Check(piece)
		passed += n
		if err != nil {
			return passed, err
		}
		if n != len(piece) {
			return passed, errors.New("Check passed less than it was given without an error")
		}
	}
	return passed, nil
}

func TestChecker(t *testing.T) {
	for _, tc := range checkerCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{0, 1, 2, 3, 5, 7} {
				c := NewChecker(!tc.fromServer)
				passed, err := feed(c, tc.stream, size)
				if tc.code == 0 {
					if err != nil {
						t.Fatalf("pieces of %d: %v", size, err)
					}
					continue
				}
				var v *Violation
				if !errors.As(err, &v) || v.Code != tc.code {
					t.Fatalf("pieces of %d: %v, want a violation with code %d", size, err, tc.code)
				}
				if len(v.Reason) == 0 || len(v.Reason) > MaxCloseReason {
					t.Errorf("reason %q does not fit a close frame", v.Reason)
				}
				if tc.at >= 0 && passed != tc.at {
					t.Errorf("pieces of %d: %d bytes passed on, want %d", size, passed, tc.at)
				}
				// Sticky: the stream stays refused.
				if n, err2 := c.Check([]byte{0x81}); n != 0 || err2 != err {
					t.Errorf("after the violation: %d, %v", n, err2)
				}
				wantSentinel := ErrProtocol
				if tc.code == 1007 {
					wantSentinel = ErrInvalidUTF8
				}
				if !errors.Is(err, wantSentinel) {
					t.Errorf("%v does not wrap %v", err, wantSentinel)
				}
			}
		})
	}
}

// CloseReceived turns true once a valid close frame has gone by, and not
// before its last byte.
func TestCheckerCloseReceived(t *testing.T) {
	stream := cat(cf(true, Text, "hi"), cf(true, Close, closeBody(1000, "bye")))
	c := NewChecker(true)
	if _, err := c.Check(stream[:len(stream)-1]); err != nil || c.CloseReceived() {
		t.Fatalf("before the last byte: %v, CloseReceived %v", err, c.CloseReceived())
	}
	if _, err := c.Check(stream[len(stream)-1:]); err != nil || !c.CloseReceived() {
		t.Fatalf("after the last byte: %v, CloseReceived %v", err, c.CloseReceived())
	}
}

// OnPong hears each pong's payload whole, however the bytes are cut,
// between the fragments of a message too (§5.4, §5.5.3), and no other
// control frame's.
func TestCheckerOnPong(t *testing.T) {
	stream := cat(wire(false, 0, Text, "a", nil, -1), wire(true, 0, Pong, "one", nil, -1), wire(true, 0, Ping, "not a pong", nil, -1),
		wire(true, 0, Continuation, "b", nil, -1), wire(true, 0, Pong, "", nil, -1), wire(true, 0, Pong, strings.Repeat("x", 125), nil, -1))
	for _, size := range []int{0, 1, 3, 7} {
		var got []string
		c := NewChecker(false)
		c.OnPong = func(p []byte) { got = append(got, string(p)) }
		if _, err := feed(c, stream, size); err != nil {
			t.Fatalf("pieces of %d: %v", size, err)
		}
		if want := []string{"one", "", strings.Repeat("x", 125)}; !slices.Equal(got, want) {
			t.Fatalf("pieces of %d: pongs %q, want %q", size, got, want)
		}
	}
}

// The checker does not allocate, whatever it is fed.
func TestCheckerAllocations(t *testing.T) {
	stream := cat(cf(false, Text, strings.Repeat("é", 3000)), cf(true, Ping, "p"), cf(true, Continuation, "!"),
		cf(true, Binary, strings.Repeat("\xff", 70000)), cf(true, Close, closeBody(1000, "bye")))
	c := NewChecker(true)
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := feed(c, stream, 1000); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("%v allocations per stream", allocs)
	}
}

// FuzzChecker: whatever the bytes, Check does not panic, and it reaches the
// same verdict at the same byte whether the stream comes whole or in
// pieces of any size.
func FuzzChecker(f *testing.F) {
	for _, tc := range checkerCases() {
		f.Add(tc.stream, uint8(3), !tc.fromServer)
	}
	f.Fuzz(func(t *testing.T, stream []byte, size uint8, fromClient bool) {
		whole, errWhole := feed(NewChecker(fromClient), stream, 0)
		pieces, errPieces := feed(NewChecker(fromClient), stream, max(int(size), 1))
		if whole != pieces || (errWhole == nil) != (errPieces == nil) || errWhole != nil && errWhole.Error() != errPieces.Error() {
			t.Fatalf("whole: %d, %v; in pieces of %d: %d, %v", whole, errWhole, size, pieces, errPieces)
		}
		if whole > len(stream) || errWhole == nil && whole != len(stream) {
			t.Fatalf("%d of %d bytes passed, %v", whole, len(stream), errWhole)
		}
	})
}
