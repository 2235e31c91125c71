package conformance

import (
	"fmt"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// This file is the part of an Autobahn case that sends messages one at
// a time, each after the echo of the one before: the limits and
// performance cases (9.x) and the compression cases (12.x, 13.x). Like
// Autobahn's client, it compares each echo as it comes and closes with
// 1000 once the last one is back, or at the first one that differs.

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
	sent, got int       // messages sent, echoes that came back right
	want      []byte    // the payload of the message in flight
	started   time.Time // when the first message went
	took      time.Duration
	problem   string // how an echo differed, or ""
}

// seqSendNext sends the next message of the sequence.
func (a *abConn) seqSendNext() {
	s, st := a.spec.seq, &a.seq
	if st.sent == 0 {
		st.started = time.Now()
	}
	p := s.payload(st.sent)
	st.want = p
	st.sent++
	op := opText
	if s.binary {
		op = opBinary
	}
	frames, note := a.seqFrames(op, p)
	var b []byte
	for i := range frames {
		b = append(b, frames[i].encode()...)
	}
	a.seqLog(frames, note)
	a.flush()
	if s.chop > 0 {
		a.c.writeChops(b, s.chop)
	} else {
		a.c.write(b)
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
		line := frames[i].describe()
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

// seqMessage judges one whole message from the server: the echo of the
// message in flight, or a difference that ends the sequence.
func (a *abConn) seqMessage(m message) {
	s, st := a.spec.seq, &a.seq
	if st.problem != "" || st.got == s.count || a.state != stateOpen {
		return
	}
	sent := textMsg(st.want)
	if s.binary {
		sent = binaryMsg(st.want)
	}
	if diff := compare(sent, m); diff != "" {
		st.problem = fmt.Sprintf("message %d of %d: %s", st.got+1, s.count, lower(diff))
		a.sendClose(closePayload(codeNormal, ""))
		return
	}
	st.got++
	if st.got < s.count {
		a.seqSendNext()
		return
	}
	st.took = time.Since(st.started)
	a.sendClose(closePayload(codeNormal, ""))
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
