package conformance

import (
	"fmt"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// This file is the part of an Autobahn case that sends messages one at
// a time, each after the echo of the one before: the limits and
// performance cases (9.x) and the compression cases (12.x, 13.x). Like
// Autobahn's client, it compares each echo and closes with 1000 once the
// last one is back, or at the first one that differs.
//
// Two things run beside the loop, so that a compressed case keeps both
// cores busy instead of one at a time:
//
//   - the next message is made ready (cut, compressed, masked) while the
//     echo of the one before is awaited. Its bytes depend only on the
//     checker's own compressor, never on the echo, so what goes on the
//     wire is the same as making it after the echo.
//   - an echo is checked (inflated, its UTF-8 checked, compared) while the
//     next message is already out: it goes as soon as the echo before it
//     has arrived, where Autobahn first compares. One echo at most waits
//     to be checked; the next message waits for that check. The server
//     sees exactly what Autobahn would send it, one message in flight at
//     a time, except after a wrong echo: it gets one more message before
//     the close.
//
// On this project's two cores the compression cases (12.x, 13.x) take
// about 40 % less time so (252 s before, 155 s after, against the
// built-in /echo); docs/performance.md has the figures.

// sequence is a case's run of messages.
type sequence struct {
	// count is how many messages are sent, each after the echo of the
	// one before.
	count int
	// binary sends binary messages; text otherwise.
	binary bool
	// payload returns message i's payload (built when sent, so that the
	// catalogue holds no megabytes).
	payload func(i int) []byte
	// fragment, when not 0, cuts each message into frames of this many
	// payload bytes (after compression, as Autobahn's autoFragmentSize).
	fragment int
	// chop, when not 0, writes the frames' bytes in pieces of this many
	// bytes, each in a write of its own.
	chop int
}

// seqState is where a sequence is.
type seqState struct {
	sent    int // messages sent
	arrived int // echoes that arrived
	got     int // echoes checked and found right
	want    []byte
	// unchecked are the payloads of the messages sent whose echoes are
	// not yet checked, oldest first: at most two.
	unchecked [][]byte
	next      <-chan outgoing // message sent+1, being made ready, or nil
	checking  <-chan checked  // the check of echo got+1, or nil
	started   time.Time       // when the first message went
	took      time.Duration
	problem   string // how an echo differed, or ""
}

// outgoing is one message of a sequence made ready to write.
type outgoing struct {
	payload []byte  // what the echo must bring back
	frames  []frame // its frames, masked as the engine's side masks
	note    string  // what compression did to it, or ""
	wire    []byte  // the frames' bytes
}

// checked is what the check of one echo found.
type checked struct {
	// broke, when not 0, is the close code for an echo that breaks the
	// protocol (it does not inflate, or it is not UTF-8), and words says
	// how.
	broke int
	words string
	// differs says how an echo that keeps the protocol differs from the
	// message sent, or "".
	differs string
}

// seqSendNext sends the next message of the sequence, and starts making
// the one after it ready.
func (a *abConn) seqSendNext() {
	s, st := a.spec.seq, &a.seq
	if st.sent == 0 {
		st.started = time.Now()
	}
	var m outgoing
	if st.next != nil {
		m, st.next = <-st.next, nil
	} else {
		m = a.seqPrepare(st.sent)
	}
	st.want = m.payload
	st.unchecked = append(st.unchecked, m.payload)
	st.sent++
	a.seqLog(m.frames, m.note)
	a.flush()
	if s.chop > 0 {
		a.c.writeChops(m.wire, s.chop)
	} else {
		a.c.write(m.wire)
	}
	if st.sent < s.count {
		next := make(chan outgoing, 1)
		st.next = next
		go func(i int) { next <- a.seqPrepare(i) }(st.sent)
	}
}

// seqPrepare makes message i ready to write. It runs beside the loop, so
// it touches only what nothing else uses while a sequence runs: the
// sequence's payloads and the compressor (control frames go
// uncompressed).
func (a *abConn) seqPrepare(i int) outgoing {
	s := a.spec.seq
	op := opText
	if s.binary {
		op = opBinary
	}
	m := outgoing{payload: s.payload(i)}
	m.frames, m.note = a.seqFrames(op, m.payload)
	for j := range m.frames {
		m.frames[j] = a.side.own(m.frames[j])
		m.wire = append(m.wire, m.frames[j].encode()...)
	}
	return m
}

// seqEcho takes a whole message from the peer, as it came (compressed
// when RSV1 said so): the echo of the message in flight. The next message
// goes at once unless the echo before this one is still being checked;
// this one's check starts beside the loop.
func (a *abConn) seqEcho(m message, compressed bool) {
	st := &a.seq
	if st.problem != "" || st.arrived == st.sent || a.state != stateOpen {
		return
	}
	if st.checking != nil {
		a.seqChecked(<-st.checking) // at most one echo waits to be checked
		if st.problem != "" || a.state != stateOpen {
			return
		}
	}
	st.arrived++
	if st.sent < a.spec.seq.count {
		a.seqSendNext()
	}
	want := st.unchecked[0]
	st.unchecked = st.unchecked[1:]
	done := make(chan checked, 1)
	st.checking = done
	go func() { done <- a.seqCheck(m, compressed, want) }()
}

// seqCheck checks one echo against the payload sent. It runs beside the
// loop and is the only user of the inflater while a sequence runs; one
// check at a time, in order, as context takeover needs.
func (a *abConn) seqCheck(m message, compressed bool, want []byte) checked {
	m, code, words := a.unpack(m, compressed)
	if code != 0 {
		return checked{broke: code, words: words}
	}
	sent := textMsg(want)
	if a.spec.seq.binary {
		sent = binaryMsg(want)
	}
	return checked{differs: compare(sent, m)}
}

// seqChecked judges the check of an echo: a difference ends the
// sequence; the last echo right ends it too.
func (a *abConn) seqChecked(c checked) {
	s, st := a.spec.seq, &a.seq
	st.checking = nil
	switch {
	case st.problem != "" || a.state != stateOpen:
		return
	case c.broke != 0:
		a.broke(c.broke, c.words)
		return
	case c.differs != "":
		st.problem = fmt.Sprintf("message %d of %d: %s", st.got+1, s.count, lower(c.differs))
		a.sendClose(closePayload(codeNormal, ""))
		return
	}
	st.got++
	if st.got == s.count {
		st.took = time.Since(st.started)
		a.sendClose(closePayload(codeNormal, ""))
	}
}

// seqDone waits for what still runs beside the loop when the case ends,
// so that nothing of the case outlives it.
func (a *abConn) seqDone() {
	if a.seq.next != nil {
		<-a.seq.next
		a.seq.next = nil
	}
	if a.seq.checking != nil {
		<-a.seq.checking
		a.seq.checking = nil
	}
}

// seqFrames cuts payload p into the frames of one message; note says
// what was done to the payload (compressed, and how), or "".
func (a *abConn) seqFrames(op wsframe.Opcode, p []byte) ([]frame, string) {
	var rsv byte
	note := ""
	if a.pmd != nil {
		p, note = a.pmd.compress(p)
		rsv = rsv1 // RFC 7692 §6: on the first frame only
	}
	n := a.spec.seq.fragment
	if n <= 0 || n >= len(p) {
		return []frame{{Fin: true, RSV: rsv, Opcode: op, Payload: p}}, note
	}
	var frames []frame
	for off := 0; off < len(p); off += n {
		f := frame{Fin: off+n >= len(p), Opcode: opContinuation, Payload: p[off:min(off+n, len(p))]}
		if off == 0 {
			f.Opcode, f.RSV = op, rsv
		}
		frames = append(frames, f)
	}
	return frames, note
}

// seqLog writes what was sent for the first messages only: a thousand
// echoes read in one line.
func (a *abConn) seqLog(frames []frame, note string) {
	s, st := a.spec.seq, a.seq
	const shown = 3
	if st.sent > shown {
		return
	}
	for i := range min(len(frames), shown) {
		line := a.side.describe(&frames[i])
		if note != "" && i == 0 {
			line += " (" + note + ")"
		}
		a.t.sent(line)
	}
	if len(frames) > shown {
		a.t.sent(fmt.Sprintf("… %d more frames of this message", len(frames)-shown))
	}
	if s.chop > 0 && st.sent == 1 {
		a.t.sent(fmt.Sprintf("(the bytes written in chops of %s)", byteCount(uint64(s.chop))))
	}
	if st.sent == shown && s.count > shown {
		a.t.sent(fmt.Sprintf("… %d more messages, each sent after the echo of the one before", s.count-shown))
	}
}

// seqJudge is the behaviour of a sequence and its words.
func (a *abConn) seqJudge() (Verdict, string) {
	s, st := a.spec.seq, a.seq
	what := "text"
	if s.binary {
		what = "binary"
	}
	size := byteCount(uint64(len(st.want)))
	switch {
	case st.problem != "":
		return Fail, "The echo differed from what was sent: " + st.problem
	case st.got == s.count && s.count == 1:
		return Pass, fmt.Sprintf("The %s message of %s came back unchanged in %v%s", what, size, Round(st.took), rate(len(st.want), st.took))
	case st.got == s.count:
		return Pass, fmt.Sprintf("All %d %s messages came back unchanged, in order, in %v (%v per round trip)",
			s.count, what, Round(st.took), (st.took / time.Duration(s.count)).Round(time.Microsecond))
	case st.sent == 0:
		return Fail, "Nothing could be sent"
	}
	return Fail, fmt.Sprintf("%d of %d %s messages came back before the case ended (Autobahn's time for it is %v)", st.got, s.count, what, a.spec.after)
}

// rate says how fast size bytes went and came back in d: ", 41.9 MB/s".
func rate(size int, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return fmt.Sprintf(", %.1f MB/s", float64(size)/d.Seconds()/1e6)
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}
