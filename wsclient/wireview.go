package wsclient

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// WireViewPerSecond bounds the wire view: at most this many frame records a
// second in each direction reach the owner; the frames past it are counted,
// and a summary record says how many were not shown.
const WireViewPerSecond = 50

// WirePrefix is how many payload bytes a FrameRecord keeps.
const WirePrefix = 32

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

// wireView is the wire view of one connection: it turns the frames the
// wire's two watchers see into EventWire events, within WireViewPerSecond
// a second per direction. It exists only when Options.WireView is on, so
// the wire pays one nil check per Read and Write when it is off.
type wireView struct {
	emit     func(Event) // never blocks (the connection's event queue)
	compress bool        // permessage-deflate was agreed: RSV1 means compressed

	mu      sync.Mutex
	closed  bool       // the connection is closed: no more records
	in, out viewBudget // per direction
	now     func() time.Time
}

// viewBudget is one direction's share of WireViewPerSecond.
type viewBudget struct {
	window        time.Time // when the current second began
	shown         int       // records in it
	hidden, total int64     // frames not shown since the last summary, and in all
}

// frameWatcher follows one direction's frames for the view. It is used by
// the one goroutine at a time that reads (or writes), so it needs no lock.
type frameWatcher struct {
	p   wsframe.Parser
	rec *FrameRecord // the frame being recorded until its prefix is complete; nil if it is not shown
	pos uint64       // payload bytes of the current frame seen so far
}

// showFrames switches the wire view on, sending its records to emit. It
// must be called before the connection's first Read or Write.
func (w *wireConn) showFrames(emit func(Event)) {
	w.observe = &wireView{emit: emit, compress: w.compressed(), now: time.Now}
}

// follow feeds b, the bytes just read (sent=false) or about to be
// written, to the side's watcher, and records what it sees.
func (v *wireView) follow(fw *frameWatcher, sent bool, b []byte) {
	for {
		n, step := fw.p.Next(b)
		piece := b[:n]
		b = b[n:]
		switch step {
		case wsframe.NeedMore:
			return
		case wsframe.GotHeader:
			fw.rec, fw.pos = nil, 0
			h := fw.p.Header()
			if v.admit(sent) {
				fw.rec = v.record(sent, h)
			}
		case wsframe.GotPayload:
			if fw.rec != nil {
				keep := piece[:min(len(piece), WirePrefix-len(fw.rec.Prefix))]
				start := len(fw.rec.Prefix)
				fw.rec.Prefix = append(fw.rec.Prefix, keep...)
				fw.p.Header().Unmask(fw.rec.Prefix[start:], fw.pos)
				if len(fw.rec.Prefix) == WirePrefix {
					v.deliver(fw.rec) // enough to show: no need to wait for the frame's end
					fw.rec = nil
				}
			}
			fw.pos += uint64(n)
		case wsframe.GotControl:
			if fw.rec != nil {
				payload := fw.p.Control() // unmasked already
				fw.rec.Prefix = append(fw.rec.Prefix, payload[:min(len(payload), WirePrefix)]...)
				if fw.rec.Opcode == OpClose {
					fw.rec.CloseCode, fw.rec.CloseReason = wsframe.ParseClosePayload(payload)
				}
			}
		case wsframe.GotEnd:
			if fw.rec != nil {
				v.deliver(fw.rec)
				fw.rec = nil
			}
		}
	}
}

// record starts the record of a frame with header h.
func (v *wireView) record(sent bool, h wsframe.Header) *FrameRecord {
	headerLen := 2 + h.LengthBytes
	if h.Masked {
		headerLen += 4
	}
	return &FrameRecord{
		Time: v.now(), Sent: sent, Fin: h.Fin,
		RSV:    [3]bool{h.RSV&0x4 != 0, h.RSV&0x2 != 0, h.RSV&0x1 != 0},
		Opcode: Opcode(h.Opcode), Masked: h.Masked, MaskKey: h.Key,
		Length: h.Length, HeaderLen: headerLen,
		Compressed: v.compress && h.Compressed(),
	}
}

// admit decides whether the frame whose header just passed is shown: the
// first WireViewPerSecond of each second are; the rest are counted, and
// the count is reported when the next second begins (and at the end).
func (v *wireView) admit(sent bool) bool {
	now := v.now()
	v.mu.Lock()
	defer v.mu.Unlock()
	b := &v.in
	if sent {
		b = &v.out
	}
	if now.Sub(b.window) >= time.Second {
		v.summaryLocked(sent, b, now)
		b.window, b.shown = now, 0
	}
	if b.shown < WireViewPerSecond {
		b.shown++
		return true
	}
	b.hidden++
	b.total++
	return false
}

// summaryLocked reports the frames not shown since the last summary.
func (v *wireView) summaryLocked(sent bool, b *viewBudget, now time.Time) {
	if b.hidden == 0 || v.closed {
		return
	}
	v.emit(Event{Kind: EventWire, Time: now, Frame: &FrameRecord{Time: now, Sent: sent, NotShown: b.hidden, NotShownTotal: b.total}})
	b.hidden = 0
}

// deliver queues a frame's record, unless the connection has closed.
func (v *wireView) deliver(r *FrameRecord) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.closed {
		v.emit(Event{Kind: EventWire, Time: r.Time, Frame: r})
	}
}

// flush reports what was not shown yet, once the connection has closed,
// and ends the view. It may be called from any goroutine.
func (v *wireView) flush() {
	if v == nil {
		return
	}
	now := v.now()
	v.mu.Lock()
	defer v.mu.Unlock()
	v.summaryLocked(true, &v.out, now)
	v.summaryLocked(false, &v.in, now)
	v.closed = true
}
