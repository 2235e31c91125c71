package present

import (
	"fmt"
	"strings"
	"sync"
)

// This file has no Fyne in it: the hex dump and the byte tail are plain
// logic the pages show, tested on their own.

// HexDump lays data out the classic way (as `hexdump -C` does): per row of
// 16 bytes, the offset of the row's first byte, the bytes in hex in two
// groups of eight, and the same bytes as ASCII between bars, with '.' for
// every byte that is not a printable ASCII character:
//
//	00000000  48 65 6c 6c 6f 20 57 6f  72 6c 64 0a 00 01 02 03  |Hello World.....|
//
// baseOffset is the offset of data[0] in the whole stream, so a dump of
// the last bytes received shows where in the stream they are. Offsets have
// eight hex digits, more once they need them. A short last row is padded
// so its ASCII column lines up. Every row ends with a newline; no data
// gives "".
func HexDump(data []byte, baseOffset int64) string {
	var b strings.Builder
	b.Grow((len(data) + 15) / 16 * 79)
	for row := 0; row < len(data); row += 16 {
		chunk := data[row:min(row+16, len(data))]
		fmt.Fprintf(&b, "%08x ", baseOffset+int64(row))
		for i := range 16 {
			if i == 8 {
				b.WriteByte(' ') // the gap between the two groups of eight
			}
			if i < len(chunk) {
				fmt.Fprintf(&b, " %02x", chunk[i])
			} else {
				b.WriteString("   ")
			}
		}
		b.WriteString("  |")
		for _, c := range chunk {
			b.WriteByte(printableASCII(c))
		}
		b.WriteString("|\n")
	}
	return b.String()
}

// printableASCII is c if it is a printable ASCII character, else '.'.
// Control characters, DEL and every byte of a multi-byte UTF-8 sequence
// are dots: one column per byte keeps the rows aligned.
func printableASCII(c byte) byte {
	if c >= 0x20 && c < 0x7f {
		return c
	}
	return '.'
}

// HexPreview is the first n bytes of data in hex, separated by spaces,
// with " …" when there is more: a one-line glimpse of binary data.
func HexPreview(data []byte, n int) string {
	var b strings.Builder
	for i, c := range data {
		if i == n {
			b.WriteString(" …")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02x", c)
	}
	return b.String()
}

// TailSize is how many of the latest bytes sent or received a page keeps
// to show in hex: 256 rows of a dump, enough to see what just arrived.
const TailSize = 4 << 10

// ByteTail keeps the latest bytes of a stream, at most max of them, and
// counts every byte ever written, so the kept bytes have an absolute
// offset. It is safe for concurrent use: a reader goroutine feeds it with
// Write while the UI goroutine takes Snapshots, and neither waits for more
// than a copy of at most max bytes.
type ByteTail struct {
	mu    sync.Mutex
	buf   []byte // a circle of up to max bytes; the oldest at start once full
	start int
	max   int
	total int64 // bytes ever written
}

// NewByteTail makes a tail that keeps the last limit bytes (at least 1).
func NewByteTail(limit int) *ByteTail {
	return &ByteTail{max: max(1, limit)}
}

// Write adds p to the stream. It never fails; it implements io.Writer so
// a tail can sit in an io.MultiWriter or io.TeeReader.
func (t *ByteTail) Write(p []byte) (int, error) {
	n := len(p)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total += int64(n)
	if len(p) >= t.max { // only the end of a long write can be kept
		t.buf = append(t.buf[:0], p[len(p)-t.max:]...)
		t.start = 0
		return n, nil
	}
	if room := t.max - len(t.buf); room > 0 { // still filling up
		k := min(room, len(p))
		t.buf = append(t.buf, p[:k]...)
		p = p[k:]
	}
	for len(p) > 0 { // full: overwrite the oldest bytes
		k := copy(t.buf[t.start:], p)
		p = p[k:]
		t.start = (t.start + k) % t.max
	}
	return n, nil
}

// Snapshot returns a copy of the kept bytes, oldest first, and the offset
// of the first of them in the whole stream (Total − len(data)).
func (t *ByteTail) Snapshot() (data []byte, offset int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data = make([]byte, 0, len(t.buf))
	data = append(data, t.buf[t.start:]...)
	data = append(data, t.buf[:t.start]...)
	return data, t.total - int64(len(data))
}

// Total is how many bytes were ever written.
func (t *ByteTail) Total() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// Reset forgets the bytes and the count, for a new connection.
func (t *ByteTail) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf, t.start, t.total = t.buf[:0], 0, 0
}
