package wsclient

import (
	"fmt"
	"strings"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// WireViewPerSecond bounds the wire view: at most this many frame records a
// second in each direction reach the owner; the frames past it are counted,
// and a summary record says how many were not shown.
const WireViewPerSecond = wire.PerSecond

// WirePrefix is how many payload bytes a FrameRecord keeps.
const WirePrefix = wire.PrefixLen

// Opcode says what a frame carries (RFC 6455 §5.2).
type Opcode uint8

// The opcodes of RFC 6455.
const (
	OpContinuation Opcode = 0x0
	OpText         Opcode = 0x1
	OpBinary       Opcode = 0x2
	OpClose        Opcode = 0x8
	OpPing         Opcode = 0x9
	OpPong         Opcode = 0xA
)

// String names the opcode as RFC 6455 does: "text", "ping", "continuation".
func (o Opcode) String() string { return wsframe.Opcode(o).String() }

// IsControl reports whether the opcode is that of a control frame (close,
// ping, pong), which may come between the frames of a message.
func (o Opcode) IsControl() bool { return wsframe.Opcode(o).IsControl() }

// FrameRecord is one frame as it went over the wire, parsed from the bytes
// the connection really wrote or read (below the library, above TLS), so
// it includes what the library does on its own: pongs, the close
// handshake, fragmentation. A record with NotShown > 0 is instead a
// summary: that many frames went by, in that direction, beyond
// WireViewPerSecond, since the last summary.
type FrameRecord struct {
	// Time is when the frame's header passed.
	Time time.Time
	// Sent is true for the client's frames, false for the server's.
	Sent bool
	// Fin is set on the last frame of a message.
	Fin bool
	// RSV are the reserved bits RSV1, RSV2, RSV3. RSV1 marks a compressed
	// message when permessage-deflate was agreed (Compressed).
	RSV [3]bool
	// Opcode says what the frame carries.
	Opcode Opcode
	// Masked and MaskKey: every client frame is masked with a fresh key,
	// no server frame is (RFC 6455 §5.3).
	Masked  bool
	MaskKey [4]byte
	// Length is the payload length as on the wire: for a compressed frame
	// the compressed size (the message's own size exists only above the
	// library: an EventMessage's Text).
	Length uint64
	// HeaderLen is the bytes before the payload: 2, the extended length
	// (0, 2 or 8), the mask key (4 for a client frame). "Hello World" is
	// a 17-byte frame: HeaderLen 6 and Length 11.
	HeaderLen int
	// Prefix is the start of the payload, at most WirePrefix bytes,
	// unmasked for display.
	Prefix []byte
	// Compressed is RSV1 on a connection with permessage-deflate agreed:
	// the payload (with the message's continuations) is deflate data.
	Compressed bool
	// CloseCode and CloseReason are a close frame's status (0 and "" when
	// it carries none).
	CloseCode   int
	CloseReason string

	// NotShown, on a summary record, is how many frames in this direction
	// were not shown since the last summary; NotShownTotal since the
	// connection opened.
	NotShown, NotShownTotal int64
}

// FrameLen is the whole frame's size on the wire.
func (r FrameRecord) FrameLen() uint64 { return uint64(r.HeaderLen) + r.Length }

// String spells the frame in one line:
//
//	→ binary 11 B, FIN, mask key 3a1f09c2, frame 17 B (header 2 + key 4 + payload 11): 48 65 6c 6c 6f 20 57 6f 72 6c 64 |Hello World|
//	← ping 4 B, frame 6 B (header 2 + payload 4): 70 69 6e 67 |ping|
//	→ close 1000 "Closed due to user request.", mask key 0c6e2f1a, frame 35 B (header 2 + key 4 + payload 29)
//	← text 38 B compressed (RSV1), FIN, frame 40 B (header 2 + payload 38): f2 48 cd … |.H.|…
//	← 1234 frames not shown (at most 50 a second are; 5678 so far)
func (r FrameRecord) String() string {
	dir := "←"
	if r.Sent {
		dir = "→"
	}
	if r.NotShown > 0 {
		return fmt.Sprintf("%s %d frames not shown (at most %d a second are; %d so far)", dir, r.NotShown, WireViewPerSecond, r.NotShownTotal)
	}
	var b strings.Builder
	b.WriteString(dir + " ")
	if r.Opcode == OpClose {
		b.WriteString(closeText(r.CloseCode, r.CloseReason))
	} else {
		fmt.Fprintf(&b, "%s %d B", r.Opcode, r.Length)
	}
	if r.Compressed {
		b.WriteString(" compressed (RSV1)")
	}
	for i, name := range []string{"RSV1", "RSV2", "RSV3"} {
		if r.RSV[i] && !(i == 0 && r.Compressed) {
			b.WriteString(", " + name)
		}
	}
	switch {
	case r.Fin && !r.Opcode.IsControl():
		b.WriteString(", FIN")
	case !r.Fin:
		b.WriteString(", no FIN (more frames follow)")
	}
	if r.Masked {
		fmt.Fprintf(&b, ", mask key %x", r.MaskKey)
	}
	lengthBytes := r.HeaderLen - 2
	if r.Masked {
		lengthBytes -= 4
	}
	fmt.Fprintf(&b, ", frame %d B (header %d", r.FrameLen(), 2+lengthBytes)
	if r.Masked {
		b.WriteString(" + key 4")
	}
	fmt.Fprintf(&b, " + payload %d)", r.Length)
	if len(r.Prefix) > 0 && r.Opcode != OpClose {
		b.WriteString(": " + hexAndText(r.Prefix, r.Length > uint64(len(r.Prefix))))
	}
	return b.String()
}

// closeText spells a close frame's status: `close 1000 "reason"`.
func closeText(code int, reason string) string {
	if code == 0 {
		return "close (no status code)"
	}
	return fmt.Sprintf("close %d %q", code, reason)
}

// hexAndText is p as hex bytes and as text, a dot for each byte that is not
// printable ASCII, as hexdump -C shows it; more adds "…".
func hexAndText(p []byte, more bool) string {
	var b strings.Builder
	for i, c := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02x", c)
	}
	if more {
		b.WriteString(" …")
	}
	b.WriteString(" |")
	for _, c := range p {
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		b.WriteByte(c)
	}
	b.WriteByte('|')
	if more {
		b.WriteString("…")
	}
	return b.String()
}

// frameRecord is a record of the wire view as the owner sees it.
func frameRecord(r *wire.Record) *FrameRecord {
	return &FrameRecord{Time: r.Time, Sent: r.Sent, Fin: r.Fin, RSV: r.RSV, Opcode: Opcode(r.Opcode),
		Masked: r.Masked, MaskKey: r.MaskKey, Length: r.Length, HeaderLen: r.HeaderLen, Prefix: r.Prefix,
		Compressed: r.Compressed, CloseCode: r.CloseCode, CloseReason: r.CloseReason,
		NotShown: r.NotShown, NotShownTotal: r.NotShownTotal}
}
