package deflate

import (
	"errors"
	"fmt"
)

// Stats is what Scan found in a compressed message.
type Stats struct {
	// MaxDistance is the farthest back-reference, in bytes (0 when the
	// message has none): the window the sender needed.
	MaxDistance int
	// Size is the size of the message once inflated.
	Size int
}

// ErrCorrupt is wrapped by the errors of Scan: the message is not a
// valid DEFLATE stream.
var ErrCorrupt = errors.New("not a valid DEFLATE stream")

// Scan decodes the blocks of one compressed message as permessage-deflate
// sends it (RFC 7692 §7.2.2: the four bytes 00 00 FF FF are appended
// before inflating) and reports its farthest back-reference and its size
// once inflated, without producing its bytes. It stops after a final
// block or the empty stored block the sender's sync flush ends with;
// maxSize bounds the inflated size it accepts.
//
// A back-reference into an earlier message (context takeover) is not an
// error here: Scan does not know the window, only the distances.
func Scan(msg []byte, maxSize int) (Stats, error) {
	s := scanner{in: append(msg[:len(msg):len(msg)], 0, 0, 0xFF, 0xFF), max: maxSize}
	err := s.run()
	if err != nil {
		err = fmt.Errorf("%w: %s (at byte %d)", ErrCorrupt, err, s.pos)
	}
	return s.st, err
}

// scanner reads a DEFLATE stream bit by bit, least significant first.
type scanner struct {
	in  []byte
	pos int    // the next byte
	acc uint32 // bits read but not used
	n   uint   // how many
	st  Stats
	max int
}

var errEnd = errors.New("the stream ends in the middle of a block")

func (s *scanner) bits(n uint) (uint32, error) {
	for s.n < n {
		if s.pos == len(s.in) {
			return 0, errEnd
		}
		s.acc |= uint32(s.in[s.pos]) << s.n
		s.pos++
		s.n += 8
	}
	v := s.acc & (1<<n - 1)
	s.acc >>= n
	s.n -= n
	return v, nil
}

func (s *scanner) run() error {
	for {
		final, err := s.bits(1)
		if err != nil {
			return err
		}
		kind, err := s.bits(2)
		if err != nil {
			return err
		}
		switch kind {
		case 0:
			n, err := s.stored()
			if err != nil {
				return err
			}
			if n == 0 && s.pos == len(s.in) {
				return nil // the sync flush that ends a message
			}
		case 1:
			err = s.codes(&fixedLitDecoder, &fixedDistDecoder)
		case 2:
			err = s.dynamic()
		default:
			return errors.New("a block of the reserved type 11")
		}
		if err != nil {
			return err
		}
		if final == 1 {
			return nil
		}
		if s.pos == len(s.in) && s.n < 8 && s.acc == 0 {
			// Only zero padding is left: the sender ended with a
			// non-final block and nothing more (the appended bytes were
			// consumed as part of it).
			return nil
		}
	}
}

// stored skips a stored block and returns its length.
func (s *scanner) stored() (int, error) {
	s.acc, s.n = 0, 0 // to the byte boundary
	if s.pos+4 > len(s.in) {
		return 0, errEnd
	}
	n := int(s.in[s.pos]) | int(s.in[s.pos+1])<<8
	nn := int(s.in[s.pos+2]) | int(s.in[s.pos+3])<<8
	if n != ^nn&0xFFFF {
		return 0, errors.New("a stored block whose length and its complement disagree")
	}
	s.pos += 4
	if s.pos+n > len(s.in) {
		return 0, errEnd
	}
	s.pos += n
	return n, s.grow(n)
}

func (s *scanner) grow(n int) error {
	s.st.Size += n
	if s.st.Size > s.max {
		return fmt.Errorf("it inflates to more than %d bytes", s.max)
	}
	return nil
}

// decoder decodes a canonical Huffman code (RFC 1951 §3.2.2) from the
// number of codes of each length and the symbols in code order.
type decoder struct {
	count  [16]int
	symbol []int
}

// newDecoder builds a decoder from each symbol's code length (0: unused).
func newDecoder(lengths []int) (decoder, error) {
	var d decoder
	for _, l := range lengths {
		d.count[l]++
	}
	d.count[0] = 0
	left := 1
	for l := 1; l < 16; l++ {
		left = left<<1 - d.count[l]
		if left < 0 {
			return d, errors.New("a Huffman code with too many codes of a length")
		}
	}
	var offs [16]int
	for l := 1; l < 15; l++ {
		offs[l+1] = offs[l] + d.count[l]
	}
	d.symbol = make([]int, len(lengths))
	for sym, l := range lengths {
		if l != 0 {
			d.symbol[offs[l]] = sym
			offs[l]++
		}
	}
	return d, nil
}

// decode reads one symbol: a code is read a bit at a time, most
// significant bit first, and compared with the first code of each length.
func (s *scanner) decode(d *decoder) (int, error) {
	code, first, index := 0, 0, 0
	for l := 1; l < 16; l++ {
		b, err := s.bits(1)
		if err != nil {
			return 0, err
		}
		code |= int(b)
		count := d.count[l]
		if code-count < first {
			return d.symbol[index+code-first], nil
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, errors.New("a Huffman code that is not in the block's table")
}

var fixedLitDecoder, fixedDistDecoder = func() (decoder, decoder) {
	lit := make([]int, 288)
	for i := range lit {
		switch {
		case i < 144:
			lit[i] = 8
		case i < 256:
			lit[i] = 9
		case i < 280:
			lit[i] = 7
		default:
			lit[i] = 8
		}
	}
	dist := make([]int, 30)
	for i := range dist {
		dist[i] = 5
	}
	l, _ := newDecoder(lit)
	d, _ := newDecoder(dist)
	return l, d
}()

// codes reads a Huffman-coded block's symbols to its end.
func (s *scanner) codes(lit, dist *decoder) error {
	for {
		sym, err := s.decode(lit)
		if err != nil {
			return err
		}
		switch {
		case sym < 256:
			if err := s.grow(1); err != nil {
				return err
			}
			continue
		case sym == 256:
			return nil
		case sym > 285:
			return fmt.Errorf("the length symbol %d, which does not exist", sym)
		}
		lc := sym - 257
		extra, err := s.bits(lengthExtra[lc])
		if err != nil {
			return err
		}
		n := lengthBase[lc] + int(extra)
		dc, err := s.decode(dist)
		if err != nil {
			return err
		}
		if dc >= 30 {
			return fmt.Errorf("the distance code %d, which does not exist", dc)
		}
		extra, err = s.bits(distExtra[dc])
		if err != nil {
			return err
		}
		d := distBase[dc] + int(extra)
		if d > s.st.Size+MaxDistance {
			return fmt.Errorf("a back-reference of %d bytes, beyond any window", d)
		}
		s.st.MaxDistance = max(s.st.MaxDistance, d)
		if err := s.grow(n); err != nil {
			return err
		}
	}
}

// codeOrder is the order of the code length code's lengths (RFC 1951
// §3.2.7).
var codeOrder = [19]int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a block with its own Huffman codes (RFC 1951 §3.2.7).
func (s *scanner) dynamic() error {
	hlit, err := s.bits(5)
	if err != nil {
		return err
	}
	hdist, err := s.bits(5)
	if err != nil {
		return err
	}
	hclen, err := s.bits(4)
	if err != nil {
		return err
	}
	nlit, ndist := int(hlit)+257, int(hdist)+1
	if nlit > 286 || ndist > 30 {
		return errors.New("a dynamic block with too many codes")
	}
	var clen [19]int
	for i := 0; i < int(hclen)+4; i++ {
		v, err := s.bits(3)
		if err != nil {
			return err
		}
		clen[codeOrder[i]] = int(v)
	}
	cd, err := newDecoder(clen[:])
	if err != nil {
		return err
	}
	lengths := make([]int, nlit+ndist)
	for i := 0; i < len(lengths); {
		sym, err := s.decode(&cd)
		if err != nil {
			return err
		}
		if sym < 16 {
			lengths[i] = sym
			i++
			continue
		}
		rep, prev := 0, 0
		switch sym {
		case 16:
			if i == 0 {
				return errors.New("a repeat of the previous code length with none before it")
			}
			prev = lengths[i-1]
			v, err := s.bits(2)
			if err != nil {
				return err
			}
			rep = 3 + int(v)
		case 17:
			v, err := s.bits(3)
			if err != nil {
				return err
			}
			rep = 3 + int(v)
		default:
			v, err := s.bits(7)
			if err != nil {
				return err
			}
			rep = 11 + int(v)
		}
		if i+rep > len(lengths) {
			return errors.New("code lengths that run past the table")
		}
		for ; rep > 0; rep-- {
			lengths[i] = prev
			i++
		}
	}
	if lengths[256] == 0 {
		return errors.New("a dynamic block without an end-of-block code")
	}
	lit, err := newDecoder(lengths[:nlit])
	if err != nil {
		return err
	}
	dist, err := newDecoder(lengths[nlit:])
	if err != nil {
		return err
	}
	return s.codes(&lit, &dist)
}
