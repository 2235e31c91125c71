package wsframe

import "fmt"

// problem checks h against the rules of RFC 6455 that a frame header alone
// can break, and returns "" when it keeps them, or else the problem as a
// sentence a person can read, short enough to be the reason of a close
// frame. ReadFrame, which reads whole frames, and Checker, which follows a
// stream through a Parser, both ask it, so the rules exist once:
//
//   - no reserved bit may be set (§5.2): no extension is ever negotiated
//     here;
//   - the opcode must be one RFC 6455 defines (§5.2);
//   - a control frame must be final and carry at most 125 bytes (§5.5);
//   - "the minimal number of bytes MUST be used to encode the length"
//     (§5.2): a 16-bit length is at least 126, a 64-bit one at least 65536,
//     and "the most significant bit MUST be 0".
//
// Masking is not checked here: which way is right depends on the side.
func (h Header) problem() string {
	switch {
	case h.RSV != 0:
		return fmt.Sprintf("Reserved bits 0x%02X are set, but no extension was agreed.", h.RSV<<4)
	case !h.Opcode.defined():
		return fmt.Sprintf("Unknown opcode 0x%X.", uint8(h.Opcode))
	case h.Opcode.IsControl() && !h.Fin:
		return fmt.Sprintf("A %v frame must not be fragmented.", h.Opcode)
	case h.Opcode.IsControl() && h.Length > MaxControlPayload:
		return fmt.Sprintf("A %v frame carries at most %d bytes, not %d.", h.Opcode, MaxControlPayload, h.Length)
	case h.LengthBytes == 2 && h.Length < 126:
		return fmt.Sprintf("A length of %d must be sent in 7 bits, not 16 (the shortest encoding is required).", h.Length)
	case h.LengthBytes == 8 && h.Length>>63 != 0:
		return "A 64-bit payload length has its most significant bit set."
	case h.LengthBytes == 8 && h.Length <= 0xFFFF:
		return fmt.Sprintf("A length of %d must not be sent in 64 bits (the shortest encoding is required).", h.Length)
	}
	return ""
}
