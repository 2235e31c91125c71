package wire

import (
	"sync"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// PerSecond bounds the wire view: at most this many frame records a
// second in each direction reach the owner; the frames past it are
// counted, and a summary record says how many were not shown.
const PerSecond = 50

// PrefixLen is how many payload bytes a Record keeps.
const PrefixLen = 32

// Record is one frame as it went over the wire, parsed from the bytes the
// connection really wrote or read; wsclient turns it into a FrameRecord
// (whose fields document these). A record with NotShown > 0 is a summary
// of the frames not shown instead.
type Record struct {
	Time                    time.Time
	Sent, Fin               bool
	RSV                     [3]bool
	Opcode                  wsframe.Opcode
	Masked                  bool
	MaskKey                 [4]byte
	Length                  uint64
	HeaderLen               int
	Prefix                  []byte
	Compressed              bool
	CloseCode               int
	CloseReason             string
	NotShown, NotShownTotal int64
}

// view is the wire view of one connection: it turns the frames the
// wire's two watchers see into Records, within PerSecond a second per
// direction. It exists only when ShowFrames was called, so the wire pays
// one nil check per Read and Write when it is off.
type view struct {
	emit     func(*Record) // never blocks (the connection's event queue)
	compress bool          // permessage-deflate was agreed: RSV1 means compressed

	mu      sync.Mutex
	closed  bool       // the connection is closed: no more records
	in, out viewBudget // per direction
	now     func() time.Time
}

// viewBudget is one direction's share of PerSecond.
type viewBudget struct {
	window        time.Time // when the current second began
	shown         int       // records in it
	hidden, total int64     // frames not shown since the last summary, and in all
}

// frameWatcher follows one direction's frames for the view. It is used by
// the one goroutine at a time that reads (or writes), so it needs no lock.
type frameWatcher struct {
	p   wsframe.Parser
	rec *Record // the frame being recorded until its prefix is complete; nil if it is not shown
	pos uint64  // payload bytes of the current frame seen so far
}

// ShowFrames switches the wire view on, sending its records to emit,
// which must not block. It must be called before the connection's first
// Read or Write.
func (w *Conn) ShowFrames(emit func(*Record)) {
	w.observe = &view{emit: emit, compress: w.compress, now: time.Now}
}

// follow feeds b, the bytes just read (sent=false) or about to be
// written, to the side's watcher, and records what it sees.
func (v *view) follow(fw *frameWatcher, sent bool, b []byte) {
	for {
		n, step := fw.p.Next(b)
		piece := b[:n]
		b = b[n:]
		switch step {
		case wsframe.NeedMore:
			return
		case wsframe.GotHeader:
			fw.rec, fw.pos = nil, 0
			h := fw.p.Header()
			if v.admit(sent) {
				fw.rec = v.record(sent, h)
			}
		case wsframe.GotPayload:
			if fw.rec != nil {
				keep := piece[:min(len(piece), PrefixLen-len(fw.rec.Prefix))]
				start := len(fw.rec.Prefix)
				fw.rec.Prefix = append(fw.rec.Prefix, keep...)
				fw.p.Header().Unmask(fw.rec.Prefix[start:], fw.pos)
				if len(fw.rec.Prefix) == PrefixLen {
					v.deliver(fw.rec) // enough to show: no need to wait for the frame's end
					fw.rec = nil
				}
			}
			fw.pos += uint64(n)
		case wsframe.GotControl:
			if fw.rec != nil {
				payload := fw.p.Control() // unmasked already
				fw.rec.Prefix = append(fw.rec.Prefix, payload[:min(len(payload), PrefixLen)]...)
				if fw.rec.Opcode == wsframe.Close {
					fw.rec.CloseCode, fw.rec.CloseReason = wsframe.ParseClosePayload(payload)
				}
			}
		case wsframe.GotEnd:
			if fw.rec != nil {
				v.deliver(fw.rec)
				fw.rec = nil
			}
		}
	}
}

// record starts the record of a frame with header h.
func (v *view) record(sent bool, h wsframe.Header) *Record {
	headerLen := 2 + h.LengthBytes
	if h.Masked {
		headerLen += 4
	}
	return &Record{
		Time: v.now(), Sent: sent, Fin: h.Fin,
		RSV:    [3]bool{h.RSV&0x4 != 0, h.RSV&0x2 != 0, h.RSV&0x1 != 0},
		Opcode: h.Opcode, Masked: h.Masked, MaskKey: h.Key,
		Length: h.Length, HeaderLen: headerLen,
		Compressed: v.compress && h.Compressed(),
	}
}

// admit decides whether the frame whose header just passed is shown: the
// first PerSecond of each second are; the rest are counted, and
// the count is reported when the next second begins (and at the end).
func (v *view) admit(sent bool) bool {
	now := v.now()
	v.mu.Lock()
	defer v.mu.Unlock()
	b := &v.in
	if sent {
		b = &v.out
	}
	if now.Sub(b.window) >= time.Second {
		v.summaryLocked(sent, b, now)
		b.window, b.shown = now, 0
	}
	if b.shown < PerSecond {
		b.shown++
		return true
	}
	b.hidden++
	b.total++
	return false
}

// summaryLocked reports the frames not shown since the last summary.
func (v *view) summaryLocked(sent bool, b *viewBudget, now time.Time) {
	if b.hidden == 0 || v.closed {
		return
	}
	v.emit(&Record{Time: now, Sent: sent, NotShown: b.hidden, NotShownTotal: b.total})
	b.hidden = 0
}

// deliver queues a frame's record, unless the connection has closed.
func (v *view) deliver(r *Record) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.closed {
		v.emit(r)
	}
}

// flush reports what was not shown yet, once the connection has closed,
// and ends the view. It may be called from any goroutine.
func (v *view) flush() {
	if v == nil {
		return
	}
	now := v.now()
	v.mu.Lock()
	defer v.mu.Unlock()
	v.summaryLocked(true, &v.out, now)
	v.summaryLocked(false, &v.in, now)
	v.closed = true
}
