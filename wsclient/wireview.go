package wsclient

import (
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

// frameRecord is a record of the wire view as the owner sees it.
func frameRecord(r *wire.Record) *FrameRecord {
	return &FrameRecord{Time: r.Time, Sent: r.Sent, Fin: r.Fin, RSV: r.RSV, Opcode: Opcode(r.Opcode),
		Masked: r.Masked, MaskKey: r.MaskKey, Length: r.Length, HeaderLen: r.HeaderLen, Prefix: r.Prefix,
		Compressed: r.Compressed, CloseCode: r.CloseCode, CloseReason: r.CloseReason,
		NotShown: r.NotShown, NotShownTotal: r.NotShownTotal}
}
