package wsframe

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// utf8Cases are valid and invalid texts at the edges of RFC 3629 (which
// RFC 6455 §8.1 refers to), with the offset of the first byte that can no
// longer be part of valid UTF-8 (-1 when the text is valid or only cut
// short).
var utf8Cases = []struct {
	name    string
	text    string
	badAt   int
	cutOnly bool // valid so far, but ends in the middle of a character
}{
	{"empty", "", -1, false},
	{"ASCII", "Hello World", -1, false},
	{"2, 3 and 4 bytes", "é € 𝄞", -1, false},
	{"largest code point", "\xf4\x8f\xbf\xbf", -1, false},
	{"last before surrogates", "\xed\x9f\xbf", -1, false},
	{"first after surrogates", "\xee\x80\x80", -1, false},
	{"C3 28", "\xc3\x28", 1, false},
	{"FF", "ab\xff", 2, false},
	{"FE", "\xfe", 0, false},
	{"lone continuation", "a\x80", 1, false},
	{"C0 overlong", "\xc0\xaf", 0, false},
	{"C1 overlong", "\xc1\xbf", 0, false},
	{"E0 overlong", "\xe0\x80\xaf", 1, false},
	{"F0 overlong", "\xf0\x80\x80\xaf", 1, false},
	{"surrogate ED A0 80", "\xed\xa0\x80", 1, false},
	{"surrogate pair", "\xed\xa0\x80\xed\xb0\x80", 1, false},
	{"above U+10FFFF", "\xf4\x90\x80\x80", 1, false},
	{"F5", "\xf5\x80\x80\x80", 0, false},
	{"missing continuation", "\xe2\x82x", 2, false},
	{"cut 2-byte", "ab\xc3", -1, true},
	{"cut 3-byte", "\xe2\x82", -1, true},
	{"cut 4-byte", "\xf0\x9d\x84", -1, true},
}

// Whole or in pieces cut anywhere, the validator finds the first bad byte
// at the same place, and agrees with the standard library on the result.
func TestUTF8Validator(t *testing.T) {
	for _, tc := range utf8Cases {
		t.Run(tc.name, func(t *testing.T) {
			p := []byte(tc.text)
			for cut := 0; cut <= len(p); cut++ {
				var v UTF8Validator
				badAt := -1
				if n, err := v.Write(p[:cut]); err != nil {
					badAt = n
				} else if n, err := v.Write(p[cut:]); err != nil {
					badAt = cut + n
				}
				if badAt != tc.badAt {
					t.Errorf("cut at %d: first bad byte at %d, want %d", cut, badAt, tc.badAt)
				}
				if got, want := v.Valid(), tc.badAt < 0 && !tc.cutOnly; got != want {
					t.Errorf("cut at %d: Valid = %v, want %v", cut, got, want)
				}
				err := v.Finish()
				if (err == nil) != utf8.ValidString(tc.text) || err != nil && !errors.Is(err, ErrInvalidUTF8) {
					t.Errorf("cut at %d: Finish = %v, utf8.ValidString = %v", cut, err, utf8.ValidString(tc.text))
				}
			}
			// One byte at a time.
			var v UTF8Validator
			badAt := -1
			for i := range p {
				if _, err := v.Write(p[i : i+1]); err != nil {
					badAt = i
					break
				}
			}
			if badAt != tc.badAt {
				t.Errorf("byte by byte: first bad byte at %d, want %d", badAt, tc.badAt)
			}
		})
	}
}

// Once a bad byte is seen the text cannot become valid again; Finish tells
// and makes the validator ready for the next text.
func TestUTF8ValidatorStaysFailedUntilFinish(t *testing.T) {
	var v UTF8Validator
	if _, err := v.Write([]byte("\xff")); err == nil {
		t.Fatal("FF accepted")
	}
	if n, err := v.Write([]byte("fine")); n != 0 || err == nil {
		t.Errorf("Write after a bad byte = %d, %v; want 0 and an error", n, err)
	}
	if err := v.Finish(); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("Finish = %v", err)
	}
	// A new text.
	if _, err := v.Write([]byte("ok")); err != nil || v.Finish() != nil {
		t.Error("the validator was not reset by Finish")
	}
}

func TestUTF8ValidatorPending(t *testing.T) {
	var v UTF8Validator
	for _, tc := range []struct {
		piece   string
		pending int
	}{{"ab", 0}, {"\xf0", 1}, {"\x9d", 2}, {"\x84", 3}, {"\x9e", 0}, {"\xc3", 1}, {"\xa9z", 0}} {
		v.Write([]byte(tc.piece))
		if got := v.Pending(); got != tc.pending {
			t.Errorf("after %q: Pending = %d, want %d", tc.piece, got, tc.pending)
		}
	}
}

// FuzzUTF8Validator: written in two pieces, any bytes are accepted exactly
// when the standard library calls them valid, and the bad byte found is
// the end of the longest prefix that could still be completed.
func FuzzUTF8Validator(f *testing.F) {
	// Each case cut after its first byte and in its middle: the property
	// is about a character split between two writes.
	for _, tc := range utf8Cases {
		f.Add([]byte(tc.text), uint8(1))
		f.Add([]byte(tc.text), uint8(len(tc.text)/2))
	}
	f.Fuzz(func(t *testing.T, p []byte, cut uint8) {
		c := min(int(cut), len(p))
		var v UTF8Validator
		badAt := -1
		if n, err := v.Write(p[:c]); err != nil {
			badAt = n
		} else if n, err := v.Write(p[c:]); err != nil {
			badAt = c + n
		}
		err := v.Finish()
		if (err == nil) != utf8.Valid(p) {
			t.Fatalf("%q: Finish = %v, utf8.Valid = %v", p, err, utf8.Valid(p))
		}
		want := -1
		for k := 1; k <= len(p); k++ {
			if !completable(p[:k]) {
				want = k - 1
				break
			}
		}
		if badAt != want {
			t.Fatalf("%q cut at %d: first bad byte at %d, want %d", p, c, badAt, want)
		}
	})
}

// completable reports whether p is valid UTF-8 or becomes so with at most
// three more continuation bytes: the independent reference for "p can still
// be the start of a valid text". Every range a continuation byte may have
// to fall in (80–BF, A0–BF, 80–9F, 90–BF, 80–8F) holds one of 80, 90, A0.
func completable(p []byte) bool {
	if utf8.Valid(p) {
		return true
	}
	for _, first := range []byte{0x80, 0x90, 0xa0} {
		q := append([]byte(nil), p...)
		q = append(q, first)
		for range 3 {
			if utf8.Valid(q) {
				return true
			}
			q = append(q, 0x80)
		}
	}
	return false
}

// TestUTF8ValidatorLeadBytesAtAPieceEnd: a character cut right after its
// lead byte, at a frame or read boundary, is valid when its continuation
// bytes come in the next piece (RFC 6455 §5.6, §8.1: validity is of the
// whole message, however it is cut). The lead bytes at the edges of each
// range of RFC 3629 §4's table are tried, since only a lead byte left at a
// piece's end reaches the byte-by-byte check, and the bytes just outside
// the ranges are refused there.
func TestUTF8ValidatorLeadBytesAtAPieceEnd(t *testing.T) {
	for _, text := range []string{
		"\u0080", "\u07ff", // C2 80, DF BF: the two-byte range C2–DF
		"\u0800", "\u0fff", // E0 A0 80, E0 BF BF
		"\u1000", "\ufffd", // E1 80 80, EF BF BD: the range E1–EC, EE–EF
		"\ud7ff",                   // ED 9F BF: below the surrogates
		"\U00010000", "\U0003ffff", // F0 90 80 80, F0 BF BF BF
		"\U00040000", "\U000fffff", // F1 80 80 80, F3 BF BF BF: the range F1–F3
		"\U00100000", "\U0010ffff", // F4 80 80 80, F4 8F BF BF
	} {
		var v UTF8Validator
		if n, err := v.Write([]byte("ab" + text[:1])); err != nil {
			t.Errorf("% x after \"ab\": refused at %d: %v", text[:1], n, err)
			continue
		}
		if n, err := v.Write([]byte(text[1:] + "z")); err != nil {
			t.Errorf("% x then % x: refused at %d: %v", text[:1], text[1:], n, err)
			continue
		}
		if err := v.Finish(); err != nil {
			t.Errorf("% x: Finish: %v", text, err)
		}
	}
	for _, lead := range []byte{0xC1, 0xF5} { // just outside: an overlong form, above U+10FFFF
		var v UTF8Validator
		if n, err := v.Write([]byte{'a', lead}); err == nil || n != 1 {
			t.Errorf("%02x at a piece's end: Write = %d, %v; want it refused at 1", lead, n, err)
		}
	}
}
