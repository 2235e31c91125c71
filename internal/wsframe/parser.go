package wsframe

import "encoding/binary"

// Header is a frame header as it went over the wire (RFC 6455 §5.2).
type Header struct {
	// Fin is set on the last frame of a message.
	Fin bool
	// RSV holds the three reserved bits, RSV1 as 0x4, RSV2 as 0x2 and RSV3
	// as 0x1. They are 0 unless an extension gave them a meaning.
	RSV byte
	// Opcode says what the frame carries; it may be one RFC 6455 leaves
	// undefined (see Opcode.Defined).
	Opcode Opcode
	// Masked and Key: a client masks every frame it sends with a fresh Key;
	// a server never masks (§5.1, §5.3).
	Masked bool
	Key    [4]byte
	// Length is the payload length as announced.
	Length uint64
	// LengthBytes is the size of the extended length field that carried
	// Length: 0 (it fit in the 7 bits), 2 or 8.
	LengthBytes int
	// Start is the offset, in the stream the Parser follows, of the frame's
	// first byte.
	Start int64
}

// MinimalLength reports whether Length was encoded in the fewest bytes
// possible, as RFC 6455 §5.2 requires ("the minimal number of bytes MUST
// be used to encode the length"), with the most significant bit of a
// 64-bit length clear.
func (h Header) MinimalLength() bool {
	switch h.LengthBytes {
	case 2:
		return h.Length > 125
	case 8:
		return h.Length > 0xFFFF && h.Length>>63 == 0
	}
	return true
}

// Defined reports whether o is one of the six opcodes RFC 6455 defines;
// the others are reserved for extensions nobody has negotiated.
func (o Opcode) Defined() bool { return o.defined() }

// Step is what Parser.Next saw in the bytes it consumed.
type Step int

// The steps of a frame, in the order Next reports them: GotHeader, then
// GotPayload as often as the payload arrives in pieces (never for an empty
// payload), then GotControl for a control frame, then GotEnd. After GotEnd
// comes the next frame's GotHeader. NeedMore means the bytes given are used
// up.
const (
	NeedMore   Step = iota // all of b was consumed; feed the next bytes
	GotHeader              // a frame header is complete: see Parser.Header
	GotPayload             // the n bytes consumed are payload, exactly as on the wire (still masked if Masked)
	GotControl             // a control frame's whole payload is in Parser.Control, unmasked
	GotEnd                 // the frame is complete
)

// Parser follows a stream of WebSocket frames as it passes, in pieces of
// any size, and says what it sees: each frame's header, where its payload
// bytes are, and the whole payload of each control frame. It never copies a
// data payload and never allocates, so it can sit under a connection and
// watch every byte at the cost of a few branches per piece.
//
// It is passive: it neither reads nor writes by itself and judges nothing.
// Whether a masked frame, a reserved bit or an undefined opcode is allowed
// is for its user to say (a client and a server answer differently), and it
// goes on parsing whatever it is given. One Parser follows one direction.
//
//	var p wsframe.Parser
//	for {
//		n, step := p.Next(b)
//		b = b[n:]
//		switch step {
//		case wsframe.NeedMore:
//			return // feed the next piece
//		case wsframe.GotHeader:
//			h := p.Header() // check it here
//		...
//		}
//	}
type Parser struct {
	offset int64 // bytes consumed so far

	head    [14]byte // the header being assembled
	have    int      // bytes of it so far
	need    int      // bytes it will take (2 until the length byte is seen)
	inFrame bool     // a header is complete and its frame has not ended

	hdr  Header
	left uint64 // payload bytes of the current frame still to come
	ctrl bool   // the current frame's payload is collected in buf
	sent bool   // GotControl has been reported for the current frame

	buf  [MaxControlPayload]byte
	bufN int
}

// Header is the header of the current frame, valid from its GotHeader
// step until the next frame's.
func (p *Parser) Header() Header { return p.hdr }

// Control is the unmasked payload of the current control frame, valid
// from the GotControl step until the next call to Next. Control frames
// longer than MaxControlPayload (a violation) are reported as GotPayload
// instead.
func (p *Parser) Control() []byte { return p.buf[:p.bufN] }

// Offset is how many bytes the parser has consumed since it began.
func (p *Parser) Offset() int64 { return p.offset }

// Remaining is how many payload bytes of the current frame are still to
// come.
func (p *Parser) Remaining() uint64 { return p.left }

// Between reports whether the bytes consumed so far end where a frame
// ends (or there were none): the next byte would start a new frame.
func (p *Parser) Between() bool { return !p.inFrame && p.have == 0 }

// Next consumes bytes from the front of b until it has something to report
// and returns how many it consumed and what it saw. Call it again with the
// rest of b until it returns NeedMore; a step with nothing left to consume
// (GotControl of an empty payload, GotEnd) comes back with n == 0.
func (p *Parser) Next(b []byte) (n int, step Step) {
	if p.inFrame {
		return p.nextInFrame(b)
	}
	if p.need == 0 {
		p.need = 2
	}
	// Assemble the header; it may arrive a byte at a time.
	for p.have < p.need {
		if n == len(b) {
			p.offset += int64(n)
			return n, NeedMore
		}
		p.head[p.have] = b[n]
		p.have++
		n++
		if p.have == 2 {
			p.need = 2 + lengthBytes(p.head[1]) + maskBytes(p.head[1])
		}
	}
	p.offset += int64(n)
	p.startFrame()
	return n, GotHeader
}

// lengthBytes is the size of the extended length field the second header
// byte announces: 126 means 2 bytes follow, 127 means 8.
func lengthBytes(b1 byte) int {
	switch b1 & 0x7F {
	case 126:
		return 2
	case 127:
		return 8
	}
	return 0
}

func maskBytes(b1 byte) int {
	if b1&0x80 != 0 {
		return 4
	}
	return 0
}

// startFrame decodes the assembled header.
func (p *Parser) startFrame() {
	h := Header{
		Fin:         p.head[0]&0x80 != 0,
		RSV:         (p.head[0] >> 4) & 0x7,
		Opcode:      Opcode(p.head[0] & 0x0F),
		Masked:      p.head[1]&0x80 != 0,
		LengthBytes: lengthBytes(p.head[1]),
		Start:       p.offset - int64(p.have),
	}
	rest := p.head[2:p.have]
	switch h.LengthBytes {
	case 0:
		h.Length = uint64(p.head[1] & 0x7F)
	case 2:
		h.Length = uint64(binary.BigEndian.Uint16(rest))
	case 8:
		h.Length = binary.BigEndian.Uint64(rest)
	}
	if h.Masked {
		copy(h.Key[:], rest[h.LengthBytes:])
	}
	p.hdr = h
	p.left = h.Length
	p.ctrl = h.Opcode.IsControl() && h.Length <= MaxControlPayload
	p.bufN = 0
	p.sent = false
	p.inFrame = true
	p.have, p.need = 0, 2
}

// nextInFrame consumes the payload of the current frame, then reports
// GotControl (for a control frame) and GotEnd.
func (p *Parser) nextInFrame(b []byte) (int, Step) {
	n := 0
	if p.left > 0 {
		if len(b) == 0 {
			return 0, NeedMore
		}
		n = int(min(uint64(len(b)), p.left))
		p.left -= uint64(n)
		p.offset += int64(n)
		if !p.ctrl {
			return n, GotPayload
		}
		p.bufN += copy(p.buf[p.bufN:], b[:n])
		if p.left > 0 {
			return n, NeedMore // n == len(b): the rest is in the next piece
		}
	}
	if p.ctrl && !p.sent {
		p.sent = true
		p.hdr.Unmask(p.buf[:p.bufN], 0)
		return n, GotControl
	}
	p.inFrame = false
	return n, GotEnd
}

// unmaskAt unmasks p, which starts at offset pos of a masked payload.
func unmaskAt(p []byte, key [4]byte, pos uint64) {
	for i := range p {
		p[i] ^= key[(pos+uint64(i))&3]
	}
}

// Unmask unmasks (or masks: it is the same) p in place, where p starts at
// offset pos of the payload of a frame with this header. It does nothing
// for an unmasked frame. A watcher of a client's frames uses it to read
// the payload pieces GotPayload points at.
func (h Header) Unmask(p []byte, pos uint64) {
	if h.Masked {
		unmaskAt(p, h.Key, pos)
	}
}
