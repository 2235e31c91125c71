package deflate

import "math/bits"

// The length and distance codes of RFC 1951 §3.2.5: a match's length
// (3 to 258) is a symbol 257…285 and extra bits, its distance (1 to
// 32768) a code 0…29 and extra bits.
var (
	lengthBase  = [29]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// MaxDistance is the farthest a back-reference can reach: 32 KiB, a
// window of 15 bits.
const MaxDistance = 1 << 15

// code is a Huffman code ready to write: its bits reversed, since
// DEFLATE packs Huffman codes starting with their most significant bit
// into a stream read from the least significant bit (RFC 1951 §3.1.1).
type code struct {
	bits uint32
	n    uint
}

// fixedLit is the fixed literal/length code of RFC 1951 §3.2.6: 0–143 in
// 8 bits from 00110000, 144–255 in 9 bits from 110010000, 256–279 in 7
// bits from 0000000, 280–287 in 8 bits from 11000000.
var fixedLit = func() (t [288]code) {
	for s := range t {
		switch {
		case s < 144:
			t[s] = reversed(0x30+s, 8)
		case s < 256:
			t[s] = reversed(0x190+s-144, 9)
		case s < 280:
			t[s] = reversed(s-256, 7)
		default:
			t[s] = reversed(0xC0+s-280, 8)
		}
	}
	return t
}()

// reversed is the n-bit code c with its bits in the order they are
// written.
func reversed(c, n int) code {
	return code{bits: uint32(bits.Reverse16(uint16(c)) >> (16 - n)), n: uint(n)}
}

// lengthCode returns the index into lengthBase (the symbol less 257) of
// a match of length n.
func lengthCode(n int) int {
	i := len(lengthBase) - 1
	for lengthBase[i] > n {
		i--
	}
	return i
}

// distCode returns the distance code of a back-reference of d bytes.
func distCode(d int) int {
	i := len(distBase) - 1
	for distBase[i] > d {
		i--
	}
	return i
}

// bitWriter packs bits from the least significant end, as DEFLATE does.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (w *bitWriter) write(v uint32, n uint) {
	w.acc |= uint64(v) << w.n
	w.n += n
	for w.n >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

// align pads with zero bits to a whole byte.
func (w *bitWriter) align() {
	if w.n > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc, w.n = 0, 0
	}
}
