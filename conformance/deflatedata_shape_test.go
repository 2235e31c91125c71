package conformance

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The compression cases (12.x) are about how five kinds of data compress
// (deflatedata.go): each data set must be of its kind, not merely of its
// size, or a case would test another compression than it says.

// Messages are taken from a data set in turn, wrapping around at its end,
// as Autobahn's case12_x_x.py slices its file: message i of n bytes starts
// at byte i×n, modulo the data's length.
func TestSlicerTakesMessagesInTurn(t *testing.T) {
	data := []byte("0123456789")
	next := slicer(data, 4)
	for i, want := range []string{"0123", "4567", "8901", "2345", "6789", "0123"} {
		if got := string(next(i)); got != want {
			t.Errorf("message %d: %q, want %q", i, got, want)
		}
	}
	if got := string(slicer(data, 25)(1)); got != "5678901234567890123456789" {
		t.Errorf("a message longer than the data: %q", got)
	}
}

// The bitmap is an 8-bit grey BMP of 512×512: its file header gives its
// size and the pixels' offset, its info header the image's size in bytes.
func TestBitmapHeaderDescribesIt(t *testing.T) {
	b := dataSets[1].bytes()
	const header = 14 + 40 + 256*4
	le := binary.LittleEndian
	for _, f := range []struct {
		name      string
		got, want uint32
	}{
		{"file size", le.Uint32(b[2:]), uint32(len(b))},
		{"pixel offset", le.Uint32(b[10:]), header},
		{"width", le.Uint32(b[18:]), 512},
		{"height", le.Uint32(b[22:]), 512},
		{"bits per pixel", uint32(le.Uint16(b[28:])), 8},
		{"image size", le.Uint32(b[34:]), 512 * 512},
	} {
		if f.got != f.want {
			t.Errorf("the bitmap's %s: %d, want %d", f.name, f.got, f.want)
		}
	}
}

// The bitmap's pixels are smooth shades, 128 + 60·sin(x/23) + 50·cos(y/17)
// (rows from the bottom, as a BMP stores them), plus a grain of −8 to 8
// drawn from the data set's own seeded generator, so the same on every
// run, kept within 0 to 255: a photograph's kind of data, neither flat
// nor noise. (A pixel may differ by 1 where a machine rounds the shade
// otherwise.)
func TestBitmapIsSmoothShadesAndGrain(t *testing.T) {
	b := dataSets[1].bytes()
	px := b[14+40+256*4:]
	if len(px) != 512*512 {
		t.Fatalf("%d pixels, want 512×512", len(px))
	}
	rng := rand.New(rand.NewPCG(2, 7692)) // newDataSet's, for the second data set
	for y := range 512 {
		for x := range 512 {
			shade := 128 + 60*math.Sin(float64(x)/23) + 50*math.Cos(float64(y)/17)
			want := max(0, min(255, shade+float64(rng.IntN(17)-8)))
			if v := float64(px[y*512+x]); math.Abs(v-math.Floor(want)) > 1 {
				t.Fatalf("pixel (%d, %d) is %v, want %v: the shade %.1f and its grain", x, y, v, math.Floor(want), shade)
			}
		}
	}
}

// The verse is lines of four to nine words, one space between them, each
// line ending with a comma.
func TestVerseIsLinesOfFourToNineWords(t *testing.T) {
	lines := strings.Split(string(dataSets[2].bytes()), "\n")
	lines = lines[:len(lines)-1] // the last, cut at the data's size
	for i, l := range lines {
		words := strings.Split(strings.TrimSuffix(l, ","), " ")
		if len(words) < 4 || len(words) > 9 || !strings.HasSuffix(l, ",") || slices.Contains(words, "") {
			t.Fatalf("line %d: %q, want 4 to 9 words, one space apart, and a comma", i+1, l)
		}
	}
}

// The PDF is objects numbered 1, 2, 3 … in order; every third a stream of
// 2,000 to 21,999 bytes as its /Length says (already compressed, so
// random bytes), the others pages whose /Contents is the next object.
func TestPDFIsNumberedPagesAndStreams(t *testing.T) {
	b := dataSets[4].bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-1.4\n")) {
		t.Fatalf("it starts %q", b[:min(len(b), 9)])
	}
	head := regexp.MustCompile(`(?m)^(\d+) 0 obj\n`)
	stream := regexp.MustCompile(`^<< /Length (\d+) /Filter /FlateDecode >>\nstream\n`)
	page := regexp.MustCompile(`^<< /Type /Page /Parent 2 0 R /Contents (\d+) 0 R >>\n`)
	rest := b[len("%PDF-1.4\n"):]
	for obj := 1; ; obj++ {
		m := head.FindSubmatch(rest)
		if m == nil || !bytes.HasPrefix(rest, m[0]) {
			break // the last object, cut at the data's size
		}
		if n, _ := strconv.Atoi(string(m[1])); n != obj {
			t.Fatalf("object %d is numbered %d", obj, n)
		}
		rest = rest[len(m[0]):]
		if obj%3 == 0 {
			s := stream.FindSubmatch(rest)
			if s == nil {
				t.Fatalf("object %d is no stream: %q", obj, rest[:min(len(rest), 60)])
			}
			n, _ := strconv.Atoi(string(s[1]))
			if n < 2000 || n >= 22000 {
				t.Fatalf("object %d: a stream of %d bytes", obj, n)
			}
			end := len(s[0]) + n
			if end+len("\nendstream\nendobj\n") > len(rest) {
				break
			}
			if !bytes.HasPrefix(rest[end:], []byte("\nendstream\nendobj\n")) {
				t.Fatalf("object %d: its stream is not %d bytes long", obj, n)
			}
			rest = rest[end+len("\nendstream\nendobj\n"):]
			continue
		}
		p := page.FindSubmatch(rest)
		if p == nil {
			t.Fatalf("object %d is no page: %q", obj, rest[:min(len(rest), 60)])
		}
		if want := fmt.Sprint(obj + 1); string(p[1]) != want {
			t.Fatalf("object %d: /Contents %s 0 R, want %s", obj, p[1], want)
		}
		end := bytes.Index(rest, []byte("endobj\n"))
		if end < 0 {
			break
		}
		rest = rest[end+len("endobj\n"):]
		if obj > 30 {
			return // enough objects seen
		}
	}
	t.Fatal("fewer than 30 objects")
}
