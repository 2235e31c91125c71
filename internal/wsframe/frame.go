package wsframe

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Opcode says what a frame carries (RFC 6455 §5.2).
type Opcode uint8

// The opcodes defined by RFC 6455. Text and Binary start a message,
// Continuation carries its further fragments; Close, Ping and Pong are
// control frames, which may appear between the fragments of a message.
const (
	Continuation Opcode = 0x0
	Text         Opcode = 0x1
	Binary       Opcode = 0x2
	Close        Opcode = 0x8
	Ping         Opcode = 0x9
	Pong         Opcode = 0xA
)

// String names the opcode as RFC 6455 does, or gives its number when it is
// not one of the six defined opcodes.
func (o Opcode) String() string {
	switch o {
	case Continuation:
		return "continuation"
	case Text:
		return "text"
	case Binary:
		return "binary"
	case Close:
		return "close"
	case Ping:
		return "ping"
	case Pong:
		return "pong"
	}
	return fmt.Sprintf("opcode(0x%X)", uint8(o))
}

// IsControl reports whether o is a control opcode (Close, Ping, Pong, or a
// reserved 0xB–0xF). Control frames carry at most 125 bytes, are never
// fragmented and may be interleaved with the fragments of a data message.
func (o Opcode) IsControl() bool { return o&0x8 != 0 }

func (o Opcode) defined() bool {
	switch o {
	case Continuation, Text, Binary, Close, Ping, Pong:
		return true
	}
	return false
}

// MaxControlPayload is the largest payload a control frame may carry.
const MaxControlPayload = 125

// Frame is one WebSocket frame with its payload already unmasked.
type Frame struct {
	// Fin is set on the last frame of a message. A message sent in one
	// frame has Fin set on that frame.
	Fin bool
	// Opcode says what the frame carries.
	Opcode Opcode
	// Payload is the application data, unmasked.
	Payload []byte
	// Masked reports whether the frame arrived masked. ReadFrame sets it so
	// that a server can reject unmasked client frames (and a client masked
	// server frames); WriteFrame ignores it and masks when given a key.
	Masked bool
}

// ErrProtocol is wrapped by the errors ReadFrame and WriteFrame return for
// frames that break RFC 6455. A server answers them with close code 1002.
var ErrProtocol = errors.New("websocket protocol error")

// ErrPayloadTooLarge is returned by ReadFrame when a data frame announces
// more than maxPayload bytes. A server answers it with close code 1009.
var ErrPayloadTooLarge = errors.New("frame payload too large")

// ReadFrame reads one frame from r and unmasks its payload.
//
// maxPayload bounds the payload of data frames: a frame announcing more is
// refused with ErrPayloadTooLarge before any payload memory is allocated, so
// a peer cannot make the reader allocate more than that by lying in the
// length field. Control frames are always bounded by MaxControlPayload.
//
// ReadFrame refuses with an error wrapping ErrProtocol what a header alone
// can get wrong (RFC 6455 §5.2, §5.5): reserved bits (no extension is ever
// negotiated here), unknown opcodes, fragmented or oversized control
// frames, and lengths not sent in the shortest encoding — a 16-bit length
// below 126, a 64-bit length below 65536 or with its most significant bit
// set. Whether a frame is masked it only reports (Frame.Masked): which way
// is right depends on the side. An io.EOF before the first byte is returned
// as is; a frame cut short returns io.ErrUnexpectedEOF.
func ReadFrame(r *bufio.Reader, maxPayload int64) (Frame, error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return Frame{}, err
	}
	h := Header{
		Fin:         head[0]&0x80 != 0,
		RSV:         (head[0] >> 4) & 0x7,
		Opcode:      Opcode(head[0] & 0x0F),
		Masked:      head[1]&0x80 != 0,
		Length:      uint64(head[1] & 0x7F),
		LengthBytes: lengthBytes(head[1]),
	}
	// The 7-bit length is the length itself up to 125; 126 means "read a
	// 16-bit length next", 127 "read a 64-bit length next".
	if n := h.LengthBytes; n > 0 {
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[8-n:]); err != nil {
			return Frame{}, unexpected(err)
		}
		h.Length = binary.BigEndian.Uint64(ext[:])
	}
	if problem := h.problem(); problem != "" {
		return Frame{}, fmt.Errorf("%w: %s", ErrProtocol, problem)
	}
	f := Frame{Fin: h.Fin, Opcode: h.Opcode, Masked: h.Masked}
	length := h.Length
	if !f.Opcode.IsControl() && (maxPayload < 0 || length > uint64(maxPayload)) {
		return Frame{}, fmt.Errorf("%w: %d bytes announced, at most %d accepted", ErrPayloadTooLarge, length, max(maxPayload, 0))
	}

	var key [4]byte
	if f.Masked {
		if _, err := io.ReadFull(r, key[:]); err != nil {
			return Frame{}, unexpected(err)
		}
	}

	// length is now known to be small enough to allocate.
	f.Payload = make([]byte, length)
	if _, err := io.ReadFull(r, f.Payload); err != nil {
		return Frame{}, unexpected(err)
	}
	if f.Masked {
		mask(f.Payload, key)
	}
	return f, nil
}

// unexpected turns an io.EOF in the middle of a frame into
// io.ErrUnexpectedEOF: the stream ended, but not between frames.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// WriteFrame writes f to w in a single Write call.
//
// A client must mask every frame it sends (RFC 6455 §5.3): pass a fresh
// random key per frame, for example from crypto/rand. A server must not
// mask: pass nil. f.Payload is never modified; masking works on a copy.
//
// WriteFrame refuses unknown opcodes, fragmented control frames and control
// payloads over MaxControlPayload with an error wrapping ErrProtocol.
func WriteFrame(w io.Writer, f Frame, maskKey *[4]byte) error {
	if !f.Opcode.defined() {
		return fmt.Errorf("%w: cannot write unknown %v", ErrProtocol, f.Opcode)
	}
	if f.Opcode.IsControl() && (!f.Fin || len(f.Payload) > MaxControlPayload) {
		return fmt.Errorf("%w: %v frames must be final and carry at most %d bytes", ErrProtocol, f.Opcode, MaxControlPayload)
	}

	// Header: 2 bytes, up to 8 more for the length, 4 for the mask key.
	buf := make([]byte, 0, 14+len(f.Payload))
	b0 := byte(f.Opcode)
	if f.Fin {
		b0 |= 0x80
	}
	var b1 byte
	if maskKey != nil {
		b1 = 0x80
	}
	// Always use the shortest length encoding: RFC 6455 requires it.
	switch n := len(f.Payload); {
	case n <= 125:
		buf = append(buf, b0, b1|byte(n))
	case n <= 0xFFFF:
		buf = append(buf, b0, b1|126)
		buf = binary.BigEndian.AppendUint16(buf, uint16(n))
	default:
		buf = append(buf, b0, b1|127)
		buf = binary.BigEndian.AppendUint64(buf, uint64(n))
	}
	if maskKey != nil {
		buf = append(buf, maskKey[:]...)
	}
	start := len(buf)
	buf = append(buf, f.Payload...)
	if maskKey != nil {
		mask(buf[start:], *maskKey)
	}
	_, err := w.Write(buf)
	return err
}

// mask XORs p with the 4-byte key, in place. Masking and unmasking are the
// same operation. The point of masking is not secrecy (the key travels in
// the clear) but to stop a client's bytes from looking like something a
// confused proxy might cache or act upon (RFC 6455 §10.3).
func mask(p []byte, key [4]byte) {
	for i := range p {
		p[i] ^= key[i&3]
	}
}
