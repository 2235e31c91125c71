package conformance

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
)

// Autobahn's compression cases send slices of five files: a JSON file, a
// bitmap of Lena, Goethe's Faust from Project Gutenberg, an HTML file and
// a PDF paper. Their text and pictures are not ours to copy, and what the
// cases need of them is only how they compress; so this file makes data
// of the same five kinds and sizes, the same on every run: JSON records,
// a 512×512 grey bitmap of smooth shades and grain, German verse, an HTML
// page, and a PDF of text objects and already-compressed (random)
// streams. JSON and HTML are ASCII text, sent as text messages; the
// others are sent as binary messages, as Autobahn sends them.

// dataSet is one of the five.
type dataSet struct {
	what   string
	binary bool
	// bytes returns the data, made the first time it is asked for.
	bytes func() []byte
}

// dataSets are in the order of Autobahn's 12.1 … 12.5, with its files'
// sizes.
var dataSets = []dataSet{
	newDataSet(1, "JSON records", false, 194056, makeJSON),
	newDataSet(2, "a 512×512 grey bitmap", true, 263222, makeBitmap),
	newDataSet(3, "German verse (UTF-8)", true, 222218, makeVerse),
	newDataSet(4, "an HTML page", false, 263647, makeHTML),
	newDataSet(5, "a PDF with compressed streams", true, 1042328, makePDF),
}

func newDataSet(seed uint64, what string, binary bool, size int, make func(*rand.Rand, int) []byte) dataSet {
	return dataSet{what: what, binary: binary, bytes: sync.OnceValue(func() []byte {
		return make(rand.New(rand.NewPCG(seed, 7692)), size)[:size]
	})}
}

// slicer hands out messages of n bytes taken in turn from data, wrapping
// around at its end, as Autobahn's cases do.
func slicer(data []byte, n int) func(int) []byte {
	return func(i int) []byte {
		if n == 0 {
			return []byte{}
		}
		out := make([]byte, n)
		off := (i * n) % len(data)
		for got := 0; got < n; {
			c := copy(out[got:], data[off:])
			got += c
			off = 0
		}
		return out
	}
}

var someWords = strings.Fields("alpha beta gamma delta socket frame message server client window deflate compress " +
	"echo ping pong close handshake header payload mask opcode fragment text binary length")

func makeJSON(rng *rand.Rand, size int) []byte {
	var b strings.Builder
	b.WriteString("[\n")
	for id := 1; b.Len() < size; id++ {
		w := func() string { return someWords[rng.IntN(len(someWords))] }
		fmt.Fprintf(&b, `  {"id": %d, "name": "%s %s", "score": %.3f, "active": %t, "tags": ["%s", "%s"], "text": "%s %s %s %s"},`+"\n",
			id, w(), w(), rng.Float64()*1000, rng.IntN(2) == 0, w(), w(), w(), w(), w(), w())
	}
	return []byte(b.String())
}

func makeBitmap(rng *rand.Rand, size int) []byte {
	const w, h = 512, 512
	const header = 14 + 40 + 256*4 // file header, info header, grey palette
	b := make([]byte, header, header+w*h)
	copy(b, "BM")
	binary.LittleEndian.PutUint32(b[2:], uint32(header+w*h))
	binary.LittleEndian.PutUint32(b[10:], header)
	binary.LittleEndian.PutUint32(b[14:], 40)
	binary.LittleEndian.PutUint32(b[18:], w)
	binary.LittleEndian.PutUint32(b[22:], h)
	binary.LittleEndian.PutUint16(b[26:], 1)
	binary.LittleEndian.PutUint16(b[28:], 8)
	binary.LittleEndian.PutUint32(b[34:], w*h)
	binary.LittleEndian.PutUint32(b[46:], 256)
	for i := range 256 {
		copy(b[54+4*i:], []byte{byte(i), byte(i), byte(i), 0})
	}
	for y := range h {
		for x := range w {
			v := 128 + 60*math.Sin(float64(x)/23) + 50*math.Cos(float64(y)/17) + float64(rng.IntN(17)-8)
			b = append(b, byte(max(0, min(255, v))))
		}
	}
	return b
}

func makeVerse(rng *rand.Rand, size int) []byte {
	words := strings.Fields("Habe nun ach Philosophie Juristerei und Medizin leider auch Theologie durchaus studiert " +
		"mit heißem Bemühn da steh ich nun ich armer Tor bin so klug als wie zuvor Mephistopheles Gretchen " +
		"Schüler Geist Welt Nacht Kerker Straße Garten Himmel Hölle Seele Herz Glück müssen über")
	var b strings.Builder
	for b.Len() < size {
		n := 4 + rng.IntN(6)
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		b.WriteString(",\n")
	}
	return []byte(b.String())
}

func makeHTML(rng *rand.Rand, size int) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><title>Data</title></head><body>\n")
	for b.Len() < size {
		w := func() string { return someWords[rng.IntN(len(someWords))] }
		fmt.Fprintf(&b, "<div class=\"%s\"><h2>%s %s</h2><p>%s <a href=\"/%s/%d\">%s</a> %s %s.</p></div>\n",
			w(), w(), w(), w(), w(), rng.IntN(10000), w(), w(), w())
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

func makePDF(rng *rand.Rand, size int) []byte {
	b := []byte("%PDF-1.4\n")
	for obj := 1; len(b) < size; obj++ {
		if obj%3 == 0 {
			// An image or a font: compressed already, so random.
			n := 2000 + rng.IntN(20000)
			b = fmt.Appendf(b, "%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", obj, n)
			for range n {
				b = append(b, byte(rng.UintN(256)))
			}
			b = append(b, "\nendstream\nendobj\n"...)
			continue
		}
		b = fmt.Appendf(b, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>\nBT /F1 12 Tf 72 %d Td (%s %s) Tj ET\nendobj\n",
			obj, obj+1, rng.IntN(700), someWords[rng.IntN(len(someWords))], someWords[rng.IntN(len(someWords))])
	}
	return b
}
