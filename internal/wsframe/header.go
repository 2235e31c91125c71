package wsframe

import "fmt"

// The rules of RFC 6455 that a frame header alone can break, in one place:
// ReadFrame, which reads whole frames, and Checker, which follows a stream
// byte by byte, both ask these functions. Each returns "" when the header
// is fine and otherwise the problem as a sentence a person can read (short
// enough for the reason of a close frame).

// headerProblem checks the first two bytes of a frame header (§5.2, §5.5):
// no reserved bit may be set, as no extension is ever negotiated here; the
// opcode must be one RFC 6455 defines; a control frame must be final and
// carry at most 125 bytes, so its 7-bit length can never be 126 or 127.
func headerProblem(b0, b1 byte) string {
	if rsv := b0 & 0x70; rsv != 0 {
		return fmt.Sprintf("Reserved bits 0x%02X are set, but no extension was agreed.", rsv)
	}
	op := Opcode(b0 & 0x0F)
	if !op.defined() {
		return fmt.Sprintf("Unknown %v.", op)
	}
	if op.IsControl() {
		if b0&0x80 == 0 {
			return fmt.Sprintf("A %v frame must not be fragmented.", op)
		}
		if b1&0x7F > MaxControlPayload {
			return fmt.Sprintf("A %v frame carries at most %d bytes.", op, MaxControlPayload)
		}
	}
	return ""
}

// lengthProblem checks an extended payload length (§5.2): code is the 7-bit
// length field (126: a 16-bit length follows, 127: a 64-bit one) and length
// the value that followed. "The minimal number of bytes MUST be used to
// encode the length", so a 16-bit length must be at least 126 and a 64-bit
// one at least 65536; and "the most significant bit MUST be 0".
func lengthProblem(code byte, length uint64) string {
	switch {
	case code == 126 && length < 126:
		return fmt.Sprintf("A length of %d must be sent in 7 bits, not 16 (the shortest encoding is required).", length)
	case code == 127 && length>>63 != 0:
		return "A 64-bit payload length has its most significant bit set."
	case code == 127 && length <= 0xFFFF:
		return fmt.Sprintf("A length of %d must not be sent in 64 bits (the shortest encoding is required).", length)
	}
	return ""
}

// extendedLengthSize is the number of bytes of extended payload length that
// follow the 7-bit length code.
func extendedLengthSize(code byte) int {
	switch code {
	case 126:
		return 2
	case 127:
		return 8
	}
	return 0
}
