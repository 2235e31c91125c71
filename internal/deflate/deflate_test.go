package deflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

// inputs are messages of the kinds compression meets: empty, one byte,
// text with repeats near and far, random bytes, long runs.
func inputs() [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 40000)
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	words := []string{"Faust ", "Gretchen ", "Mephistopheles ", "der ", "die ", "und ", "ich ", "nicht ", "Welt\n"}
	var text []byte
	for len(text) < 40000 {
		text = append(text, words[rng.IntN(len(words))]...)
	}
	farRepeat := append(append(bytes.Clone(random[:5000]), random[10000:35000]...), random[:5000]...)
	return [][]byte{nil, {'a'}, []byte("abcabcabcabc"), text, random, bytes.Repeat([]byte{0}, 40000), farRepeat}
}

// flateRead inflates a whole stream with compress/flate, the reference.
func flateRead(t testing.TB, stream []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(stream)))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("compress/flate cannot inflate it: %v", err)
	}
	return out
}

// checkEncoder compresses msgs with a window of bits and checks, against
// compress/flate, that they inflate to what was sent, and with Scan, that
// no back-reference reaches further than the window (RFC 7692 §7.1.2).
func checkEncoder(t testing.TB, bits int, takeover bool, msgs [][]byte) (maxDist int) {
	t.Helper()
	e, err := NewEncoder(bits, takeover)
	if err != nil {
		t.Fatal(err)
	}
	var stream, plain []byte
	for i, m := range msgs {
		c := e.Compress(m)
		if bytes.HasSuffix(c, syncTail) {
			t.Fatalf("message %d still ends with 00 00 FF FF (RFC 7692 §7.2.1)", i)
		}
		st, err := Scan(c, len(m))
		if err != nil {
			t.Fatalf("message %d: Scan: %v", i, err)
		}
		if st.Size != len(m) {
			t.Fatalf("message %d: Scan says %d bytes, it has %d", i, st.Size, len(m))
		}
		if st.MaxDistance > 1<<bits {
			t.Fatalf("message %d: a back-reference of %d bytes with a window of %d bits", i, st.MaxDistance, bits)
		}
		maxDist = max(maxDist, st.MaxDistance)
		if takeover {
			// One stream across messages: compress/flate keeps the window.
			stream = append(append(stream, c...), syncTail...)
			plain = append(plain, m...)
		} else if got := flateRead(t, append(bytes.Clone(c), syncTail...)); !bytes.Equal(got, m) {
			t.Fatalf("message %d of %d bytes came back as %d bytes", i, len(m), len(got))
		}
	}
	if takeover {
		if got := flateRead(t, stream); !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes came back as %d", len(plain), len(got))
		}
	}
	return maxDist
}

// Every window of RFC 7692 §7.1.2, with and without context takeover:
// what the Encoder writes, compress/flate inflates, and its
// back-references stay within the window, up to its very edge.
func TestEncoderRoundTrip(t *testing.T) {
	for bits := 8; bits <= 15; bits++ {
		for _, takeover := range []bool{false, true} {
			if bits%3 == 0 || bits == 8 { // 8, 9, 12, 15: the messages of every kind
				checkEncoder(t, bits, takeover, inputs())
			}
			// A block of random bytes repeated at exactly the window's
			// distance: the farthest a reference may reach.
			r := inputs()[4][:1<<bits]
			d := checkEncoder(t, bits, takeover, [][]byte{append(bytes.Clone(r), r...)})
			if bits < 15 && d != 1<<bits {
				t.Errorf("%d bits: the farthest back-reference is %d bytes, want the window's %d", bits, d, 1<<bits)
			}
		}
	}
}

// Context takeover (RFC 7692 §7.1.1): a message like the last one refers
// back into it; without, it cannot.
func TestEncoderContextTakeover(t *testing.T) {
	m := inputs()[4][:2000]
	for _, takeover := range []bool{false, true} {
		e, _ := NewEncoder(12, takeover)
		e.Compress(m)
		second := e.Compress(m)
		if small := len(second) < 100; small != takeover {
			t.Errorf("takeover %v: the second copy compressed to %d bytes", takeover, len(second))
		}
	}
}

func TestEncoderRefusesWindows(t *testing.T) {
	for _, bits := range []int{0, 7, 16} {
		if _, err := NewEncoder(bits, false); err == nil {
			t.Errorf("%d bits accepted", bits)
		}
	}
}

// Scan reads what compress/flate writes at its levels, through
// Flush (a sync flush, as permessage-deflate ends a message) or Close (a
// final block), and agrees on the size.
func TestScanReadsCompressFlate(t *testing.T) {
	for _, level := range []int{flate.HuffmanOnly, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression} {
		for _, in := range inputs() {
			for _, closeIt := range []bool{false, true} {
				var buf bytes.Buffer
				w, _ := flate.NewWriter(&buf, level)
				w.Write(in)
				if closeIt {
					w.Close()
				} else {
					w.Flush()
				}
				msg := bytes.TrimSuffix(buf.Bytes(), syncTail)
				st, err := Scan(msg, len(in))
				if err != nil {
					t.Fatalf("level %d, %d bytes, close %v: %v", level, len(in), closeIt, err)
				}
				if st.Size != len(in) || st.MaxDistance > MaxDistance {
					t.Fatalf("level %d, %d bytes: %+v", level, len(in), st)
				}
			}
		}
	}
}

// Scan finds a back-reference at the distance compress/flate used: the
// start of a message repeated 20000 bytes later.
func TestScanFindsTheDistance(t *testing.T) {
	r := inputs()[4]
	in := append(bytes.Clone(r[:20000]), r[:300]...)
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(in)
	w.Flush()
	st, err := Scan(bytes.TrimSuffix(buf.Bytes(), syncTail), len(in))
	if err != nil || st.MaxDistance != 20000 {
		t.Errorf("Scan: %+v, %v; want a back-reference of 20000 bytes", st, err)
	}
}

// Bad streams are errors that say why, never a panic; the size is
// bounded.
func TestScanRefusesBadStreams(t *testing.T) {
	e, _ := NewEncoder(9, false)
	good := e.Compress([]byte("hello hello hello hello"))
	for _, tc := range []struct {
		name string
		msg  []byte
		max  int
	}{
		{"reserved block type", []byte{0x07}, 100},
		{"cut short", good[:len(good)-3], 100},
		{"stored length mismatch", []byte{0x00, 0x05, 0x00, 0x00, 0x00}, 100},
		{"too large", good, 5},
	} {
		if _, err := Scan(tc.msg, tc.max); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// The Inflater inflates what compress/flate's writer (the way a server
// such as coder/websocket compresses) sends, message by message, with
// the window kept or not.
func TestInflater(t *testing.T) {
	for _, takeover := range []bool{false, true} {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestSpeed)
		d := NewInflater(takeover)
		for i, in := range append(inputs(), inputs()...) {
			buf.Reset()
			if !takeover {
				w.Reset(&buf)
			}
			w.Write(in)
			w.Flush()
			got, err := d.Inflate(bytes.TrimSuffix(buf.Bytes(), syncTail), len(in))
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("takeover %v, message %d of %d bytes: %d bytes, %v", takeover, i, len(in), len(got), err)
			}
		}
		if _, err := d.Inflate([]byte{0x07}, 10); !errors.Is(err, ErrCorrupt) {
			t.Errorf("a reserved block type: %v", err)
		}
	}
}

// FuzzEncoder: any message, any window, with or without context
// takeover, comes back from compress/flate as it was, within its window.
func FuzzEncoder(f *testing.F) {
	f.Add([]byte("abcabcabc"), uint8(9), true)
	f.Add(inputs()[3][:3000], uint8(8), false)
	f.Fuzz(func(t *testing.T, data []byte, bits uint8, takeover bool) {
		b := 8 + int(bits%8)
		half := len(data) / 2
		checkEncoder(t, b, takeover, [][]byte{data[:half], data, data[half:]})
	})
}

// FuzzScan: whatever compress/flate writes, Scan reads to the same size;
// whatever bytes come, Scan returns an error or a size, never a panic.
func FuzzScan(f *testing.F) {
	f.Add([]byte("hello hello hello"), uint8(5))
	f.Add([]byte{0x07, 0xFF}, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, level uint8) {
		Scan(data, 1<<20) // garbage: no panic, bounded
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, int(level%11)-2)
		w.Write(data)
		w.Flush()
		st, err := Scan(bytes.TrimSuffix(buf.Bytes(), syncTail), len(data))
		if err != nil || st.Size != len(data) {
			t.Fatalf("%d bytes: %+v, %v", len(data), st, err)
		}
	})
}
