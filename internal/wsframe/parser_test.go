package wsframe

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// seen is what a Parser reported for one frame.
type seen struct {
	h       Header
	payload []byte // unmasked, from GotPayload or GotControl
	control bool   // GotControl was reported
	ended   bool   // GotEnd was reported
}

// parseAll feeds wire to a Parser in pieces of the given sizes (cycled)
// and collects what it reports, checking the order of the steps.
func parseAll(t *testing.T, wire []byte, pieces []int) []seen {
	t.Helper()
	var p Parser
	var out []seen
	var cur *seen
	var pos uint64
	for i := 0; len(wire) > 0; i++ {
		size := min(pieces[i%len(pieces)], len(wire))
		b := wire[:size]
		wire = wire[size:]
		for {
			n, step := p.Next(b)
			got := b[:n]
			b = b[n:]
			if step == NeedMore {
				if len(b) != 0 {
					t.Fatalf("NeedMore with %d bytes left", len(b))
				}
				break
			}
			switch step {
			case GotHeader:
				if cur != nil && !cur.ended {
					t.Fatal("GotHeader before the previous frame's GotEnd")
				}
				out = append(out, seen{h: p.Header()})
				cur, pos = &out[len(out)-1], 0
			case GotPayload:
				if cur == nil || cur.ended || n == 0 {
					t.Fatalf("GotPayload of %d bytes outside a frame", n)
				}
				piece := bytes.Clone(got)
				cur.h.Unmask(piece, pos)
				pos += uint64(n)
				cur.payload = append(cur.payload, piece...)
			case GotControl:
				if cur == nil || !cur.h.Opcode.IsControl() || cur.control {
					t.Fatal("GotControl out of place")
				}
				cur.control = true
				cur.payload = bytes.Clone(p.Control())
			case GotEnd:
				if cur == nil || cur.ended || n != 0 || p.Remaining() != 0 {
					t.Fatalf("GotEnd out of place (n=%d, %d remaining)", n, p.Remaining())
				}
				cur.ended = true
			}
		}
	}
	return out
}

// Every frame of RFC 6455 §5.7, fed whole, a byte at a time and in odd
// pieces, is reported with its header and unmasked payload.
func TestParserRFCExamples(t *testing.T) {
	var wire []byte
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d}
	frames := []struct {
		f   Frame
		key *[4]byte
	}{
		{Frame{Fin: true, Opcode: Text, Payload: []byte("Hello")}, nil},
		{Frame{Fin: true, Opcode: Text, Payload: []byte("Hello")}, &key},
		{Frame{Opcode: Text, Payload: []byte("Hel")}, nil},
		{Frame{Fin: true, Opcode: Ping, Payload: []byte("Hello")}, &key},
		{Frame{Fin: true, Opcode: Continuation, Payload: []byte("lo")}, nil},
		{Frame{Fin: true, Opcode: Close}, nil},
		{Frame{Fin: true, Opcode: Binary, Payload: bytes.Repeat([]byte{7}, 256)}, &key},
		{Frame{Fin: true, Opcode: Binary, Payload: bytes.Repeat([]byte{9}, 65536)}, nil},
		{Frame{Fin: true, Opcode: Binary}, nil},
	}
	for _, fr := range frames {
		var buf bytes.Buffer
		if err := WriteFrame(&buf, fr.f, fr.key); err != nil {
			t.Fatal(err)
		}
		wire = append(wire, buf.Bytes()...)
	}
	for _, pieces := range [][]int{{len(wire)}, {1}, {3, 1, 7, 2}, {4096}} {
		got := parseAll(t, bytes.Clone(wire), pieces)
		if len(got) != len(frames) {
			t.Fatalf("pieces %v: %d frames, want %d", pieces, len(got), len(frames))
		}
		var start int64
		for i, fr := range frames {
			g := got[i]
			if g.h.Fin != fr.f.Fin || g.h.Opcode != fr.f.Opcode || g.h.Masked != (fr.key != nil) ||
				g.h.Length != uint64(len(fr.f.Payload)) || !bytes.Equal(g.payload, fr.f.Payload) || !g.ended {
				t.Errorf("pieces %v frame %d: %+v payload %d bytes, want %v", pieces, i, g.h, len(g.payload), fr.f.Opcode)
			}
			if g.control != fr.f.Opcode.IsControl() {
				t.Errorf("frame %d: GotControl %v", i, g.control)
			}
			if g.h.Start != start || !g.h.MinimalLength() {
				t.Errorf("frame %d: Start %d (want %d), minimal %v", i, g.h.Start, start, g.h.MinimalLength())
			}
			start += int64(headerSize(fr.f, fr.key != nil)) + int64(len(fr.f.Payload))
		}
	}
}

func headerSize(f Frame, masked bool) int {
	n := 2
	switch l := len(f.Payload); {
	case l > 0xFFFF:
		n += 8
	case l > 125:
		n += 2
	}
	if masked {
		n += 4
	}
	return n
}

// The parser reports what is there, violations included: it judges
// nothing, so its user can.
func TestParserReportsWhatItSees(t *testing.T) {
	for _, tc := range []struct {
		name, wire string
		want       Header
		minimal    bool
	}{
		{"reserved bits", "f1 00", Header{Fin: true, RSV: 7, Opcode: Text}, true},
		{"undefined opcode", "83 00", Header{Fin: true, Opcode: 3}, true},
		{"fragmented ping", "09 00", Header{Opcode: Ping}, true},
		{"5 in 16 bits", "82 7e 0005 0102030405", Header{Fin: true, Opcode: Binary, Length: 5, LengthBytes: 2}, false},
		{"126 in 64 bits", "82 7f 000000000000007e" + strings.Repeat("00", 126), Header{Fin: true, Opcode: Binary, Length: 126, LengthBytes: 8}, false},
		{"126-byte ping", "89 7e 007e" + strings.Repeat("00", 126), Header{Fin: true, Opcode: Ping, Length: 126, LengthBytes: 2}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := parseAll(t, unhex(t, tc.wire), []int{1})
			if len(got) != 1 || got[0].h != tc.want || got[0].h.MinimalLength() != tc.minimal || !got[0].ended {
				t.Errorf("got %+v, want %+v (minimal %v)", got, tc.want, tc.minimal)
			}
			if tc.want.Length > MaxControlPayload && got[0].control {
				t.Error("a control payload over 125 bytes was collected")
			}
		})
	}
	if (Header{LengthBytes: 8, Length: 1 << 63}).MinimalLength() {
		t.Error("a 64-bit length with its most significant bit set passed as minimal")
	}
	if Opcode(3).Defined() || !Pong.Defined() {
		t.Error("Defined")
	}
}

// Watching the bytes costs no allocation, per piece or per frame.
func TestParserDoesNotAllocate(t *testing.T) {
	var buf bytes.Buffer
	for i := range 100 {
		WriteFrame(&buf, Frame{Fin: true, Opcode: Text, Payload: bytes.Repeat([]byte("x"), i)}, nil)
		WriteFrame(&buf, Frame{Fin: true, Opcode: Ping, Payload: []byte("p")}, &[4]byte{1, 2, 3, 4})
	}
	wire := buf.Bytes()
	var p Parser
	allocs := testing.AllocsPerRun(10, func() {
		for b := wire; len(b) > 0; {
			piece := b[:min(len(b), 100)]
			b = b[len(piece):]
			for {
				n, step := p.Next(piece)
				piece = piece[n:]
				if step == NeedMore {
					break
				}
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}

// FuzzParser: whatever ReadFrame accepts, the Parser reports alike, in
// pieces of any size; and whatever the bytes, it never panics.
func FuzzParser(f *testing.F) {
	for _, s := range []string{
		"81 05 48656c6c6f", "81 85 37fa213d 7f9f4d5158", "01 03 48656c 80 02 6c6f", "89 00", "88 02 03e8",
		"82 7e 0100" + strings.Repeat("00", 256), "c1 00", "",
		// What the property is about: headers of every length form (§5.2),
		// masked and not, control frames between fragments (§5.4), cut
		// into pieces that split headers and mask keys (other seeds).
		"82 7f 0000000000010000" + strings.Repeat("00", 1<<16), "82 7e 0004 01020304",
		"01 03 48656c 89 02 6869 80 02 6c6f", "81 fe 0005 01020304 4967686d6e", "88 80 00000000",
		"f1 00", "83 00", "89 7e 007e" + strings.Repeat("70", 126), "81", "81 7e 00",
	} {
		for _, seed := range []uint64{1, 2, 7} {
			f.Add(unhex(f, s), seed)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 0))
		pieces := []int{1 + r.IntN(7), 1 + r.IntN(300), 1 + r.IntN(2)}
		got := parseAll(t, bytes.Clone(data), pieces)
		fr, err := ReadFrame(reader(data), 1<<20)
		if err != nil {
			return
		}
		if len(got) == 0 {
			t.Fatal("ReadFrame found a frame the parser did not")
		}
		g := got[0]
		if g.h.Fin != fr.Fin || g.h.Opcode != fr.Opcode || g.h.Masked != fr.Masked || !bytes.Equal(g.payload, fr.Payload) || !g.ended {
			t.Fatalf("parser %+v %q, ReadFrame %+v", g.h, g.payload, fr)
		}
	})
}
