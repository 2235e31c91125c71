package conformance

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"net"
	"slices"
	"sync"
	"time"
)

// The wire log: every frame of a case, both ways, read back from the
// bytes the checker really wrote and read (above TLS), the way wsclient's
// wire view reads a connection. Result.Sent and Observed.Events say what
// the case meant to send and what it made of the answer; the wire log
// says what the bytes were, so that a window can show a case in the words
// of its Frames tab (wsclient.FrameRecord has the same fields). A frame
// sent with a length that does not match its payload is read as the
// server reads it: the bytes after it count as its payload.

// WirePrefix is how many payload bytes a WireFrame keeps, as
// wsclient.WirePrefix.
const WirePrefix = 32

// maxWireFrames bounds the frames a case keeps; 9.x sends thousands.
const maxWireFrames = 200

// maxHTTPHead bounds the handshake's head the log reads; past it (a
// handshake case's endless header) the rest of that direction is not
// parsed.
const maxHTTPHead = 16 << 10

// WireFrame is one frame of a case as it went over the wire, or the
// opening handshake's first line (HTTP), or, last, a count of the frames
// past the log's bound (NotShown).
type WireFrame struct {
	// At is when the frame's header passed, from the case's first
	// connection.
	At time.Duration
	// Sent is true for the checker's frames, false for the server's.
	Sent bool
	// HTTP, on a handshake's record, is its first line ("GET /echo
	// HTTP/1.1", "HTTP/1.1 101 Switching Protocols"); the frame fields
	// are then empty but Length, the head's size.
	HTTP string
	// Fin, RSV, Opcode, Masked and MaskKey are the header's fields
	// (RFC 6455 §5.2).
	Fin     bool
	RSV     [3]bool
	Opcode  uint8
	Masked  bool
	MaskKey [4]byte
	// Length is the payload length the header announces; HeaderLen the
	// bytes before the payload (2, the extended length, the mask key).
	Length    uint64
	HeaderLen int
	// Prefix is the start of the payload, at most WirePrefix bytes,
	// unmasked.
	Prefix []byte
	// CloseCode and CloseReason are a close frame's status, 0 and "" when
	// it carries none.
	CloseCode   int
	CloseReason string
	// Writes, on a frame the checker sent, is how many writes carried its
	// bytes: more than one when the case writes it in chops.
	Writes int
	// NotShown, on the last record, is how many frames were not kept.
	NotShown int
}

// wireLog is a case's wire log: the frames of all its connections. Its
// connections' reads and writes feed it from their goroutines.
type wireLog struct {
	mu       sync.Mutex
	start    time.Time
	frames   []WireFrame
	notShown int
}

// tap returns nc, its bytes logged both ways.
func (l *wireLog) tap(nc net.Conn) net.Conn {
	l.mu.Lock()
	if l.start.IsZero() {
		l.start = time.Now()
	}
	l.mu.Unlock()
	return &wireConn{Conn: nc, out: &wireParser{log: l, sent: true, http: true}, in: &wireParser{log: l, http: true}}
}

// list is the log as a Result keeps it.
func (l *wireLog) list() []WireFrame {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.frames) // a read that ends late may still add to l.frames
	// In the order the bytes passed: each direction's goroutine logs
	// when its read or write returns.
	slices.SortStableFunc(out, func(a, b WireFrame) int { return cmp.Compare(a.At, b.At) })
	if l.notShown > 0 {
		out = append(out, WireFrame{NotShown: l.notShown})
	}
	return out
}

// wireConn is a connection whose bytes pass its parsers.
type wireConn struct {
	net.Conn
	out, in *wireParser
}

// Write logs p with the time it began, so that a frame sent shows before
// the answer it got, even when the answer is read before Write returns.
func (c *wireConn) Write(p []byte) (int, error) {
	at := time.Now()
	n, err := c.Conn.Write(p)
	c.out.feed(p[:n], at)
	return n, err
}

func (c *wireConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.feed(p[:n], time.Now())
	return n, err
}

// wireParser reads one direction of one connection: the HTTP head, then
// frame after frame, whatever pieces the bytes come in.
type wireParser struct {
	log  *wireLog
	sent bool
	http bool   // the HTTP head is still passing
	raw  bool   // not parsed any further
	head []byte // the HTTP head, or the frame header, so far
	cur  int    // the frame whose payload passes: its index in log.frames, -1 if not kept
	left uint64 // payload bytes of cur still to come
	pos  uint64 // payload bytes of cur passed
	// writes counts the feeds that carried bytes of the frame passing.
	writes int
	at     time.Time // when the bytes being fed passed
}

// feed reads p, the next bytes of the direction, which passed at at.
func (w *wireParser) feed(p []byte, at time.Time) {
	if len(p) == 0 {
		return
	}
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	w.at = at
	fed := false // this feed is counted in writes
	for len(p) > 0 && !w.raw {
		switch {
		case w.http:
			p = w.httpHead(p)
		case w.left > 0:
			if !fed {
				w.writes, fed = w.writes+1, true
				w.setWrites()
			}
			n := min(uint64(len(p)), w.left)
			w.payload(p[:n])
			p, w.left = p[n:], w.left-n
			if w.left == 0 {
				w.frameEnd()
			}
		default:
			if len(w.head) == 0 { // a new frame
				w.writes, fed = 0, false
			}
			if !fed {
				w.writes, fed = w.writes+1, true
			}
			p = w.header(p)
		}
	}
}

// setWrites puts writes in the record of the frame the checker sends.
func (w *wireParser) setWrites() {
	if w.cur >= 0 && w.sent {
		w.log.frames[w.cur].Writes = w.writes
	}
}

// httpHead takes the bytes of the HTTP head up to its empty line and
// returns the rest.
func (w *wireParser) httpHead(p []byte) []byte {
	before := len(w.head)
	w.head = append(w.head, p...)
	end := bytes.Index(w.head, []byte("\r\n\r\n"))
	if end < 0 {
		if len(w.head) > maxHTTPHead {
			w.raw = true
		}
		return nil
	}
	head := w.head[:end+4]
	line, _, _ := bytes.Cut(head, []byte("\r\n"))
	w.add(WireFrame{HTTP: string(line), Length: uint64(len(head))})
	rest := p[len(head)-before:]
	w.http, w.head = false, nil
	if !w.sent && !bytes.Contains(line, []byte(" 101 ")) {
		w.raw = true // a refusal: what follows is its body, not frames
	}
	return rest
}

// header takes bytes of a frame header and returns the rest; a whole
// header starts the frame.
func (w *wireParser) header(p []byte) []byte {
	need := 2
	if len(w.head) >= 2 {
		need = headerLen(w.head[0], w.head[1])
	}
	for len(p) > 0 && len(w.head) < need {
		w.head = append(w.head, p[0])
		p = p[1:]
		if len(w.head) == 2 {
			need = headerLen(w.head[0], w.head[1])
		}
	}
	if len(w.head) < need {
		return p
	}
	h := w.head
	f := WireFrame{Sent: w.sent, Fin: h[0]&0x80 != 0, RSV: [3]bool{h[0]&0x40 != 0, h[0]&0x20 != 0, h[0]&0x10 != 0},
		Opcode: h[0] & 0x0F, Masked: h[1]&0x80 != 0, HeaderLen: need}
	switch n := h[1] & 0x7F; n {
	case 126:
		f.Length = uint64(binary.BigEndian.Uint16(h[2:4]))
	case 127:
		f.Length = binary.BigEndian.Uint64(h[2:10])
	default:
		f.Length = uint64(n)
	}
	if f.Masked {
		copy(f.MaskKey[:], h[need-4:need])
	}
	w.head = w.head[:0]
	w.cur = w.add(f)
	w.left, w.pos = f.Length, 0
	w.setWrites()
	if w.left == 0 {
		w.frameEnd()
	}
	return p
}

// headerLen is the size of the header that starts with b0 b1.
func headerLen(b0, b1 byte) int {
	n := 2
	switch b1 & 0x7F {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if b1&0x80 != 0 {
		n += 4
	}
	return n
}

// payload keeps the start of cur's payload, unmasked: WirePrefix bytes,
// or a close frame's whole status (at most 125 bytes, §5.5).
func (w *wireParser) payload(p []byte) {
	if w.cur >= 0 {
		f := &w.log.frames[w.cur]
		keep := uint64(WirePrefix)
		if f.Opcode == byte(opClose) {
			keep = 125
		}
		for i, b := range p {
			at := w.pos + uint64(i)
			if at >= keep {
				break
			}
			if f.Masked {
				b ^= f.MaskKey[at&3]
			}
			f.Prefix = append(f.Prefix, b)
		}
	}
	w.pos += uint64(len(p))
}

// frameEnd finishes cur: a close frame's status.
func (w *wireParser) frameEnd() {
	if w.cur < 0 {
		return
	}
	f := &w.log.frames[w.cur]
	if f.Opcode == byte(opClose) && len(f.Prefix) >= 2 {
		f.CloseCode = int(binary.BigEndian.Uint16(f.Prefix[:2]))
		f.CloseReason = string(f.Prefix[2:])
	}
	if len(f.Prefix) > WirePrefix {
		f.Prefix = f.Prefix[:WirePrefix]
	}
}

// add logs f and returns its index, -1 past the log's bound.
func (w *wireParser) add(f WireFrame) int {
	l := w.log
	if len(l.frames) >= maxWireFrames {
		l.notShown++
		return -1
	}
	f.At = w.at.Sub(l.start)
	f.Sent = w.sent
	l.frames = append(l.frames, f)
	return len(l.frames) - 1
}
