package conformance

import (
	"strings"
	"testing"
	"time"
)

// What the wire log records of each frame: its three reserved bits one
// by one (RFC 6455 §5.2: a server must fail a frame with a bit it did not
// negotiate, and the log is where a reader sees which bit came), and a
// close frame's status whole, where a data frame keeps only WirePrefix
// bytes (§5.5: a control frame's payload is at most 125 bytes; a longer
// one is cut there).

// Each reserved bit is recorded as itself, and only it.
func TestWireLogRecordsEachReservedBitRFC6455Section5_2(t *testing.T) {
	for i, bit := range []byte{rsv1, rsv2, rsv3} {
		l, in := wireDirection(false)
		in.feed([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n"), time.Now())
		in.feed(encoded(frame{Fin: true, RSV: bit, Opcode: opText, Payload: []byte("x"), Unmasked: true}), time.Now())
		got := l.list()
		if len(got) != 2 {
			t.Fatalf("RSV%d: %d records, want the 101 and the frame", i+1, len(got))
		}
		var want [3]bool
		want[i] = true
		if got[1].RSV != want {
			t.Errorf("a frame with RSV%d set is recorded with RSV %v, want %v", i+1, got[1].RSV, want)
		}
	}
}

// A close frame's reason is kept whole, past WirePrefix bytes; a data
// frame's payload only up to WirePrefix. A close payload longer than the
// 125 bytes §5.5 allows is kept up to 125: the code and 123 bytes of
// reason.
func TestWireLogKeepsACloseReasonWholeRFC6455Section5_5(t *testing.T) {
	for _, c := range []struct {
		reason, want string
	}{
		{strings.Repeat("r", 100), strings.Repeat("r", 100)},
		{strings.Repeat("r", 123), strings.Repeat("r", 123)},
		{strings.Repeat("r", 200), strings.Repeat("r", 123)},
	} {
		l, in := wireDirection(false)
		in.feed([]byte("HTTP/1.1 101 Switching Protocols\r\n\r\n"), time.Now())
		in.feed(encoded(frame{Fin: true, Opcode: opText, Payload: []byte(strings.Repeat("d", 100)), Unmasked: true}), time.Now())
		in.feed(encoded(frame{Fin: true, Opcode: opClose, Payload: append([]byte{0x03, 0xE8}, c.reason...), Unmasked: true}), time.Now())
		got := l.list()
		if len(got) != 3 {
			t.Fatalf("%d records, want the 101, the text and the close", len(got))
		}
		if len(got[1].Prefix) != WirePrefix {
			t.Errorf("a 100-byte text frame kept %d bytes, want %d", len(got[1].Prefix), WirePrefix)
		}
		if got[2].CloseCode != 1000 || got[2].CloseReason != c.want {
			t.Errorf("a close 1000 with a %d-byte reason is recorded as %d with a %d-byte reason, want 1000 and %d bytes",
				len(c.reason), got[2].CloseCode, len(got[2].CloseReason), len(c.want))
		}
	}
}
