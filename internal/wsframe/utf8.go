package wsframe

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned by UTF8Validator, and wrapped by the 1007
// violations Checker reports: a text message or a close reason that is not
// valid UTF-8 (RFC 6455 §5.6, §8.1), which a receiver answers by closing
// with 1007 (invalid frame payload data, §7.4.1).
var ErrInvalidUTF8 = errors.New("invalid UTF-8")

// UTF8Validator checks that a text is valid UTF-8 while it arrives in
// pieces, as a WebSocket text message does: split into frames, and each
// frame into reads, with a character possibly cut between any two of them.
//
// It fails fast: Write refuses the first byte that can no longer be part of
// valid UTF-8 (a stray continuation byte, C0, C1, F5–FF, an overlong form,
// a surrogate such as ED A0 80, anything above U+10FFFF), without waiting
// for the end of the character, the frame or the message. RFC 6455 §8.1
// asks exactly this of an endpoint: fail the connection as soon as the
// bytes cannot be valid. What counts as valid is RFC 3629, the same as
// unicode/utf8.Valid.
//
// Use one validator per message (or reuse one: Finish resets it):
//
//	var v wsframe.UTF8Validator
//	for each piece of the message {
//		if _, err := v.Write(piece); err != nil { close with 1007 }
//	}
//	if err := v.Finish(); err != nil { close with 1007 } // cut in a character
//
// The zero value is ready to use. It holds no bytes, only where it is in
// the current character, so it costs the same whatever the text's size.
type UTF8Validator struct {
	need   uint8 // continuation bytes the current character still needs
	have   uint8 // bytes of the current character seen so far
	lo, hi byte  // the range its next byte must fall in
	failed bool
}

// Write checks p, the next piece of the text. It returns len(p), nil when
// all of p can still be part of valid UTF-8 (p may end in the middle of a
// character; the next Write continues it). Otherwise n is the offset in p
// of the first byte that cannot, and err is ErrInvalidUTF8; the validator
// then stays failed (Write returns 0, ErrInvalidUTF8) until Finish or
// Reset. It never keeps p, and satisfies io.Writer.
func (v *UTF8Validator) Write(p []byte) (n int, err error) {
	if v.failed {
		return 0, ErrInvalidUTF8
	}
	i := 0
	// Finish a character the previous piece left incomplete.
	for ; i < len(p) && v.need > 0; i++ {
		if !v.step(p[i]) {
			return i, ErrInvalidUTF8
		}
	}
	// The bulk, at the speed of the standard library: everything up to a
	// character cut by the end of p. If it is not valid, the byte-by-byte
	// loop below finds where.
	if rest := p[i:]; len(rest) > 0 {
		whole := len(rest) - cutTail(rest)
		if utf8.Valid(rest[:whole]) {
			i += whole
		}
	}
	for ; i < len(p); i++ {
		if !v.step(p[i]) {
			return i, ErrInvalidUTF8
		}
	}
	return len(p), nil
}

// step takes one byte and reports whether it can be part of valid UTF-8.
// The ranges are Table 3-7 of the Unicode Standard ("well-formed UTF-8 byte
// sequences"): the second byte after E0, ED, F0 and F4 is narrower, which
// is what rules out overlong forms, surrogates and code points above
// U+10FFFF at the earliest byte.
func (v *UTF8Validator) step(b byte) bool {
	if v.need > 0 {
		if b < v.lo || b > v.hi {
			v.failed = true
			return false
		}
		v.need--
		v.have++
		v.lo, v.hi = 0x80, 0xBF
		if v.need == 0 {
			v.have = 0
		}
		return true
	}
	switch {
	case b < 0x80:
		return true
	case b >= 0xC2 && b <= 0xDF:
		v.need, v.lo, v.hi = 1, 0x80, 0xBF
	case b == 0xE0: // no overlong 3-byte forms
		v.need, v.lo, v.hi = 2, 0xA0, 0xBF
	case b == 0xED: // no surrogates (U+D800–U+DFFF)
		v.need, v.lo, v.hi = 2, 0x80, 0x9F
	case b >= 0xE1 && b <= 0xEF:
		v.need, v.lo, v.hi = 2, 0x80, 0xBF
	case b == 0xF0: // no overlong 4-byte forms
		v.need, v.lo, v.hi = 3, 0x90, 0xBF
	case b >= 0xF1 && b <= 0xF3:
		v.need, v.lo, v.hi = 3, 0x80, 0xBF
	case b == 0xF4: // nothing above U+10FFFF
		v.need, v.lo, v.hi = 3, 0x80, 0x8F
	default: // 80–BF without a lead byte, C0, C1 (overlong), F5–FF
		v.failed = true
		return false
	}
	v.have = 1
	return true
}

// cutTail returns how many bytes at the end of p are the start of a
// character that p cuts short (0 to 3).
func cutTail(p []byte) int {
	for j := len(p) - 1; j >= 0 && j >= len(p)-3; j-- {
		switch b := p[j]; {
		case b < 0x80:
			return 0
		case b >= 0xC0: // a lead byte
			if utf8.FullRune(p[j:]) {
				return 0
			}
			return len(p) - j
		}
	}
	return 0
}

// Valid reports whether everything written since the last Finish or Reset
// is valid UTF-8 that ends on a character boundary: a complete text.
func (v *UTF8Validator) Valid() bool { return !v.failed && v.need == 0 }

// Pending returns how many bytes at the end of what was written are the
// beginning of a character still to be completed (0 to 3; 0 after a bad
// byte). Code that forwards text piece by piece can hold them back, so that
// every piece it passes on is valid UTF-8 by itself.
func (v *UTF8Validator) Pending() int {
	if v.failed {
		return 0
	}
	return int(v.have)
}

// Finish says the text ends here. It returns nil when the whole text was
// valid UTF-8, and an error wrapping ErrInvalidUTF8 when a byte was bad or
// the text ends in the middle of a character. Either way it resets the
// validator for the next text.
func (v *UTF8Validator) Finish() error {
	failed, cut := v.failed, v.need > 0
	v.Reset()
	switch {
	case failed:
		return ErrInvalidUTF8
	case cut:
		return errTextCut
	}
	return nil
}

// errTextCut is Finish's error for a text that ends inside a character.
var errTextCut = fmt.Errorf("%w: the text ends in the middle of a character", ErrInvalidUTF8)

// Reset forgets everything written, ready for a new text.
func (v *UTF8Validator) Reset() { *v = UTF8Validator{} }
