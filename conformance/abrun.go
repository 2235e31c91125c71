package conformance

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// closeTimeout is how long the checker waits for the server's part of the
// closing handshake: its close frame after the checker's, or closing TCP
// after the handshake (§7.1.1: the server closes TCP first). Autobahn's
// fuzzing client waits one second for each.
const closeTimeout = time.Second

type abState int

const (
	stateOpen abState = iota
	stateClosing
	stateClosed
)

// readResult is one frame read, or how reading ended.
type readResult struct {
	f   inFrame
	err error
}

// abConn runs one Autobahn case on one connection, as a WebSocket client
// that follows RFC 6455: it answers pings, checks the server's frames and
// UTF-8, answers a close, and records what Autobahn's verdicts need: who
// started the close, whether it was clean, who dropped TCP, the code.
type abConn struct {
	t    *trial
	c    *wsConn
	spec *abSpec

	state    abState
	received []event
	cur      *message // the message coming in, until its final frame

	closedByMe  bool // the checker sent the first close frame
	droppedByMe bool // the checker closed TCP
	wasClean    bool // both close frames went, and the server closed TCP
	gotClose    bool
	remoteCode  *int
	violation   string // what the server did that broke RFC 6455
	uncleanWhy  string // why the close was not clean, when the checker knows

	pc       int       // the next step of the script
	resumeAt time.Time // when the script goes on after a wait
	endAt    time.Time // when the ending (close or kill) comes
	closeBy  time.Time // the server's close frame is due by then
	dropBy   time.Time // the server's TCP close is due by then
	out      []byte    // frames waiting to be written together

	frames <-chan readResult

	// side is which end of the connection the engine plays: the checker
	// (a client, against a server) or the fuzzing server (against a
	// client). See abside.go.
	side side
	// keys are the masking keys of the peer's frames, in order, while the
	// engine plays the server: the client's masking is judged from them.
	keys [][4]byte
	held int      // the bytes of the peer's messages kept in received, and of the one coming in
	seq  seqState // the messages of spec.seq, when it has some

	pmd           *pmdSession // permessage-deflate, when agreed
	declined      bool        // the server declined the offer of it
	curCompressed bool        // the message coming in has RSV1: compressed
}

// openPMD opens the case's WebSocket with the offers of permessage-deflate
// and holds the server's answer to RFC 7692 §7.1. It returns nil when the
// case is decided already.
func (a *abConn) openPMD() *wsConn {
	t := a.t
	req := t.tg.handshakeRequest()
	var offers []string
	for _, o := range a.spec.offers {
		offers = append(offers, o.String())
	}
	req.add("Sec-WebSocket-Extensions", strings.Join(offers, ", "))
	t.sent(req.describe())
	c, ans, err := t.dialWS(req)
	if err != nil {
		t.closeVerdict(Fail, "the WebSocket opening handshake was never completed")
		t.fail("could not open a WebSocket for this case: %v", err)
		return nil
	}
	ext := ans.header.Get("Sec-WebSocket-Extensions")
	if ext == "" {
		a.declined = true
		return c
	}
	params, problem := parsePMDAnswer(ext, a.spec.offers)
	if problem == "" {
		a.pmd, err = newPMDSession(params)
		if err != nil {
			problem = err.Error()
		}
	}
	if problem != "" {
		// §7.1: a client fails the connection on an answer it cannot accept.
		t.fail("the server's permessage-deflate answer breaks RFC 7692: %s", problem)
		t.closeVerdict(Fail, "the checker failed the connection: the extension was not agreed")
		c.send(frame{Fin: true, Opcode: opClose, Payload: closePayload(codeProtocolError, "")})
		return nil
	}
	t.event("permessage-deflate agreed: %q", ext)
	return c
}

// runAB runs spec as the case of t.
func runAB(t *trial, spec *abSpec) {
	a := &abConn{t: t, spec: spec}
	if spec.offers != nil {
		a.c = a.openPMD()
	} else {
		a.c = t.open()
	}
	if a.c == nil {
		return
	}
	a.play()
}

// playAB plays spec on the open connection c from the side given, with
// permessage-deflate when pmd is set, and judges it.
func playAB(t *trial, c *wsConn, spec *abSpec, sd side, pmd *pmdSession) {
	// A case that offers the extension, played without it, was declined.
	a := &abConn{t: t, c: c, spec: spec, side: sd, pmd: pmd, declined: spec.offers != nil && pmd == nil}
	a.play()
}

// play runs the case on a.c and judges it.
func (a *abConn) play() {
	t, c := a.t, a.c
	ch := make(chan readResult)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.nc.SetReadDeadline(t.deadline)
		for {
			f, err := readFrame(c.br, maxReadPayload)
			select {
			case ch <- readResult{f, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	a.frames = ch
	a.loop()
	a.seqDone()
	close(done)
	c.nc.Close() // ends a read still in progress
	wg.Wait()
	c.finishWrite()
	a.judge()
}

// scaled is d as this run waits it.
func (a *abConn) scaled(d time.Duration) time.Duration { return a.t.tg.scaled(d) }

// loop runs the script and reads the server until the connection ends.
func (a *abConn) loop() {
	switch {
	case a.declined:
		a.sendClose(closePayload(codeNormal, "")) // nothing to check: Autobahn closes
	case a.spec.seq != nil:
		a.seqSendNext()
	}
	a.script()
	for a.state != stateClosed {
		next := a.t.deadline
		for _, at := range []time.Time{a.resumeAt, a.endAt, a.closeBy, a.dropBy} {
			if !at.IsZero() && at.Before(next) {
				next = at
			}
		}
		timer := time.NewTimer(time.Until(next))
		select {
		case rr := <-a.frames:
			timer.Stop()
			a.onRead(rr)
		case c := <-a.seq.checking: // nil, and never ready, outside a sequence
			timer.Stop()
			a.seqChecked(c)
		case <-timer.C:
			a.onTime(time.Now())
		case <-a.t.ctx.Done():
			timer.Stop()
			a.drop("the check was stopped")
		}
	}
}

// script runs the steps from pc on, until a wait or the end.
func (a *abConn) script() {
	for a.pc < len(a.spec.script) {
		s := a.spec.script[a.pc]
		if s.wait > 0 && a.resumeAt.IsZero() {
			a.flush()
			a.resumeAt = time.Now().Add(a.scaled(s.wait))
			return
		}
		if s.wait > 0 {
			// The wait is over: Autobahn goes on only while the
			// connection is open.
			a.resumeAt = time.Time{}
			if a.state != stateOpen {
				a.pc = len(a.spec.script)
				return
			}
			if s.mark != "" {
				a.received = append(a.received, markEv(s.mark))
			}
		}
		a.pc++
		if a.state == stateClosed {
			continue
		}
		switch {
		case s.close != nil:
			a.sendClose(s.close)
		case s.raw != nil:
			a.flush()
			b, what := a.side.raw(s)
			a.t.sent(what)
			a.c.write(b)
		case s.frame != nil && s.chop > 0:
			a.flush()
			f := a.side.own(*s.frame)
			b := f.encode()
			a.t.sent(fmt.Sprintf("%s, written in chops of %s", a.side.describe(&f), byteCount(uint64(s.chop))))
			for i := 0; i < len(b); i += s.chop {
				if a.c.write(b[i:min(i+s.chop, len(b))]) != nil {
					break
				}
			}
		case s.frame != nil:
			a.queue(*s.frame)
			if s.sync {
				a.flush()
			}
		}
	}
	a.flush()
	if a.endAt.IsZero() {
		a.endAt = time.Now().Add(a.scaled(a.spec.after))
	}
}

// queue logs f and adds it to the frames written together at the next
// flush, masked as the engine's side masks.
func (a *abConn) queue(f frame) {
	f = a.side.own(f)
	a.t.sent(a.side.describe(&f))
	a.out = append(a.out, f.encode()...)
}

// flush writes the frames sent since the last write, in one write.
func (a *abConn) flush() {
	if len(a.out) == 0 {
		return
	}
	a.c.write(a.out)
	a.out = nil
}

// sendClose starts the closing handshake with payload, while the
// connection is open.
func (a *abConn) sendClose(payload []byte) {
	if a.state != stateOpen {
		return
	}
	a.queue(frame{Fin: true, Opcode: opClose, Payload: payload})
	a.flush()
	a.state, a.closedByMe = stateClosing, true
	a.closeBy = time.Now().Add(a.scaled(closeTimeout))
}

// failConnection is what a client does when the server breaks RFC 6455,
// or the case's time is up: a close frame with code while the connection
// is open; dropping TCP when a closing handshake is under way.
func (a *abConn) failConnection(code int, reason string) {
	switch {
	case a.state == stateOpen:
		a.sendClose(closePayload(code, reason))
	case a.gotClose:
		a.drop("the server had not closed the TCP connection after the closing handshake (§7.1.1: the server closes it first)")
	default:
		a.drop(fmt.Sprintf("the %s did not answer the close frame (§5.5.1: it must send a close frame in response)", a.side.peer()))
	}
}

// drop closes TCP from the checker's side.
func (a *abConn) drop(why string) {
	if a.state == stateClosed {
		return
	}
	a.flush()
	a.state, a.droppedByMe, a.wasClean = stateClosed, true, false
	if a.uncleanWhy == "" {
		a.uncleanWhy = why
	}
	a.t.event("the %s closed the TCP connection: %s", a.side.self(), why)
	a.t.res.Observed.End = "closed by the " + a.side.self() + ": " + why
	a.c.nc.Close()
}

// onTime handles whatever is due at now.
func (a *abConn) onTime(now time.Time) {
	due := func(at *time.Time) bool {
		if at.IsZero() || now.Before(*at) {
			return false
		}
		*at = time.Time{}
		return true
	}
	switch {
	case !now.Before(a.t.deadline):
		a.drop(fmt.Sprintf("the case's deadline (%v) passed", a.t.timeout))
	case due(&a.dropBy):
		a.drop(fmt.Sprintf("the server kept the TCP connection open for %v after the closing handshake (§7.1.1: the server closes it first)", a.scaled(closeTimeout)))
	case due(&a.closeBy):
		a.drop(fmt.Sprintf("the %s did not answer the close frame within %v (§5.5.1: it must send a close frame in response)", a.side.peer(), a.scaled(closeTimeout)))
	case !a.resumeAt.IsZero() && !now.Before(a.resumeAt):
		a.script()
	case due(&a.endAt):
		if a.spec.end == killAfter {
			a.failConnection(1001, "going away")
		} else {
			a.sendClose(nil)
		}
	}
}

// onRead handles one frame from the server, or the end of the connection.
func (a *abConn) onRead(rr readResult) {
	if rr.err != nil {
		a.side.noteEnd(a.c, rr.err)
		if isTimeout(rr.err) {
			a.drop(fmt.Sprintf("the case's deadline (%v) passed", a.t.timeout))
			return
		}
		if a.state != stateClosed {
			a.state = stateClosed
			// The peer closed TCP: clean only after both close frames.
			a.wasClean = a.gotClose && a.closeSentOrAnswered()
			if !a.wasClean && a.uncleanWhy == "" {
				a.uncleanWhy = fmt.Sprintf("the %s closed the TCP connection without completing the closing handshake", a.side.peer())
			}
		}
		return
	}
	f := rr.f
	obs := &a.t.res.Observed
	obs.Frames++
	a.t.event("← %s", f.describe())
	if !f.Opcode.IsControl() {
		obs.BytesEchoed += int64(len(f.Payload))
	}
	if a.gotClose || a.state == stateClosed {
		return // nothing counts after the server's close frame
	}
	if a.side == asServer {
		a.keys = append(a.keys, f.Key)
	}
	checked := f
	if a.pmd != nil && (f.Opcode == opText || f.Opcode == opBinary) {
		checked.RSV &^= rsv1 // RFC 7692 §6: RSV1 marks a compressed message
	}
	if p := a.side.problem(checked); p != "" {
		a.broke(codeProtocolError, fmt.Sprintf("the %s sent a frame that breaks RFC 6455: %s", a.side.peer(), p))
		return
	}
	switch f.Opcode {
	case opPing:
		if !a.spec.ownPings {
			a.received = append(a.received, event{kind: evPing, payload: f.Payload})
		}
		if a.state == stateOpen {
			a.queue(frame{Fin: true, Opcode: opPong, Payload: f.Payload})
			a.flush()
		}
		a.finishWhenDone()
	case opPong:
		a.received = append(a.received, pongEv(f.Payload))
		a.finishWhenDone()
	case opClose:
		a.onClose(f)
	case opText, opBinary:
		if a.cur != nil {
			a.broke(codeProtocolError, fmt.Sprintf("the %s started a new %v message before it finished the %v one (§5.4)", a.side.peer(), f.Opcode, a.cur.op))
			return
		}
		a.cur = &message{op: f.Opcode}
		a.curCompressed = a.pmd != nil && f.RSV&rsv1 != 0
		a.data(f)
	case opContinuation:
		if a.cur == nil {
			a.broke(codeProtocolError, fmt.Sprintf("the %s sent a continuation frame without a message to continue (§5.4)", a.side.peer()))
			return
		}
		a.data(f)
	}
}

// data adds a data frame to the message coming in.
func (a *abConn) data(f inFrame) {
	a.held += len(f.Payload)
	if limit := a.heldLimit(); a.held > limit {
		// A peer that floods must not grow the case without bound.
		a.broke(codeTooBig, fmt.Sprintf("the %s sent more than %s of messages, more than any case asks for", a.side.peer(), byteCount(uint64(limit))))
		return
	}
	a.cur.payload = append(a.cur.payload, f.Payload...)
	if !f.Fin {
		return
	}
	m := *a.cur
	a.cur = nil
	wire := len(m.payload) // what the message took on the wire, counted in held
	if a.spec.seq != nil {
		a.held -= wire // checked and not kept: it holds no memory
		a.seqEcho(m, a.curCompressed)
		return
	}
	m, code, words := a.unpack(m, a.curCompressed)
	if code != 0 {
		a.broke(code, words)
		return
	}
	a.held += len(m.payload) - wire // kept inflated
	a.received = append(a.received, event{kind: evMessage, payload: m.payload, binary: m.op == opBinary})
	a.finishWhenDone()
}

// unpack inflates a whole message the peer compressed and checks that a
// text message is UTF-8. When the message breaks the protocol, code is
// the close code for it and words say how. It uses only the inflater, so
// that a sequence's echoes can be unpacked beside the loop (abseq.go).
func (a *abConn) unpack(m message, compressed bool) (_ message, code int, words string) {
	if compressed {
		out, problem := a.pmd.inflate(m.payload)
		if problem != "" {
			return m, codeProtocolError, a.side.turned(problem)
		}
		m.payload = out
	}
	if m.op == opText && !utf8.Valid(m.payload) {
		return m, codeInvalidData, fmt.Sprintf("the %s sent a text message that is not valid UTF-8 (§8.1)", a.side.peer())
	}
	if m.payload == nil {
		m.payload = []byte{}
	}
	return m, 0, ""
}

// broke records what the server did wrong and fails the connection.
func (a *abConn) broke(code int, words string) {
	if a.violation == "" {
		a.violation = words
	}
	a.t.event("the %s fails the connection: %s", a.side.self(), words)
	a.failConnection(code, "")
}

// onClose handles the server's close frame.
func (a *abConn) onClose(f inFrame) {
	code, reason, ok := parseClose(f.Payload)
	obs := &a.t.res.Observed
	obs.Close = &CloseFrame{Code: code, Reason: reason}
	switch {
	case !ok:
		obs.Close.Code = 0
		a.broke(codeProtocolError, fmt.Sprintf("the %s sent a close frame with a 1-byte payload, which cannot hold a code (§5.5.1)", a.side.peer()))
		return
	case len(f.Payload) >= 2 && !sendable(code):
		a.broke(codeProtocolError, fmt.Sprintf("the %s sent the close code %d, which must never be sent (§7.4.1, §7.4.2)", a.side.peer(), code))
		return
	case !utf8.ValidString(reason):
		a.broke(codeProtocolError, fmt.Sprintf("the %s sent a close reason that is not valid UTF-8 (§5.5.1)", a.side.peer()))
		return
	}
	a.gotClose = true
	if len(f.Payload) >= 2 {
		a.remoteCode = &code
	}
	if a.state == stateOpen {
		// The peer starts the closing handshake: answer it (§5.5.1).
		a.queue(frame{Fin: true, Opcode: opClose, Payload: closePayload(codeNormal, "")})
		a.flush()
		a.state = stateClosing
	}
	if a.side == asServer {
		// Both close frames have gone: the server closes TCP first (§7.1.1).
		a.serverCloses()
		return
	}
	a.closeBy = time.Time{}
	a.dropBy = time.Now().Add(a.scaled(closeTimeout))
}

// closeSentOrAnswered reports whether the checker sent a close frame,
// its own or an answer: with the server's, the handshake is complete.
func (a *abConn) closeSentOrAnswered() bool { return a.state != stateOpen }

// finishWhenDone closes, as Autobahn does, once the events are exactly
// what every expected outcome lists: the case has what it came for.
func (a *abConn) finishWhenDone() {
	if a.spec.seq != nil {
		return // seqChecked closes
	}
	for _, o := range a.spec.expect {
		if !sameEvents(a.received, o.events) {
			return
		}
	}
	if a.spec.closedByMe && !a.spec.suppressClose {
		a.sendClose(closePayload(a.spec.codes[0], ""))
	}
}

// judge sets both verdicts by Autobahn's rules.
func (a *abConn) judge() {
	r, s := a.t.res, a.spec
	r.RemoteCloseCode = a.remoteCode

	// The behaviour: the first expected outcome the events match.
	matched := Verdict("")
	for _, o := range s.expect {
		if sameEvents(a.received, o.events) {
			matched = o.verdict
			break
		}
	}
	got := eventsWords(a.received)
	// What came is what the server sent, unless the case's own marks
	// (a wait that ended with the connection open) are among it.
	sent := "The " + a.side.peer() + " sent "
	if slices.ContainsFunc(a.received, func(e event) bool { return e.kind == evMark }) {
		sent = "Got "
	}
	switch {
	case a.declined && a.side == asServer:
		r.Verdict, r.Detail = Unimplemented, "The client did not offer permessage-deflate, which RFC 7692 makes optional (or no offer of it the fuzzing server could accept)"
	case a.declined:
		r.Verdict, r.Detail = Unimplemented, fmt.Sprintf("The server declined permessage-deflate, as RFC 7692 allows: its answer has no Sec-WebSocket-Extensions for the offer %q", s.offers[0].String())
		if len(s.offers) > 1 {
			r.Detail = fmt.Sprintf("The server declined permessage-deflate, as RFC 7692 allows: its answer has no Sec-WebSocket-Extensions for any of the %d offers", len(s.offers))
		}
	case s.seq != nil:
		r.Verdict, r.Detail = a.seqJudge()
		if a.pmd != nil && r.Verdict == Pass {
			r.Detail += "; " + a.pmdWords()
			if a.pmd.params.unconfirmed != 0 {
				r.Verdict = NonStrict // it kept to the window, but did not say so
			}
		}
	case matched == Pass:
		r.Verdict, r.Detail = Pass, sent+got+", as expected"
	case matched == NonStrict:
		prefer := eventsWords(s.expect[0].events)
		if n := len(s.expect[0].events); n < len(a.received) && sameEvents(a.received[:n], s.expect[0].events) {
			// What the peer did begins with what the case prefers: the
			// preference is that it stopped there.
			prefer += ", and the connection failed there"
		}
		r.Verdict, r.Detail = NonStrict, fmt.Sprintf("%s%s: allowed, but the case prefers %s", sent, got, prefer)
	default:
		var want []string
		for _, o := range s.expect {
			want = append(want, eventsWords(o.events))
		}
		r.Verdict, r.Detail = Fail, fmt.Sprintf("%s%s; the case expects %s", sent, got, strings.Join(want, ", or "))
	}
	switch {
	case a.violation != "" && a.side == asServer:
		// A client that sends a broken frame fails, whatever came before.
		r.Verdict, r.Detail = Fail, fmt.Sprintf("%s; before it, the client sent %s", capital(a.violation), got)
	case a.violation != "":
		r.Detail += "; " + a.violation
	}

	// The close behaviour.
	codes := make([]string, len(s.codes))
	for i, c := range s.codes {
		codes[i] = fmt.Sprint(c)
	}
	switch {
	case s.closedByMe != a.closedByMe && s.closedByMe:
		r.CloseVerdict, r.CloseDetail = Fail, fmt.Sprintf("The %s started the close where it should only have answered the %s's close: the connection was failed by the wrong endpoint", a.side.peer(), a.side.self())
	case s.closedByMe != a.closedByMe:
		r.CloseVerdict, r.CloseDetail = Fail, fmt.Sprintf("The %s had to close the connection: the %s should have failed it (with %s)", a.side.self(), a.side.peer(), strings.Join(codes, " or "))
	case s.requireClean && !a.wasClean:
		r.CloseVerdict, r.CloseDetail = Unclean, "The close was not clean where RFC 6455 asks for a clean one: "+a.uncleanWhy
	case a.remoteCode != nil && !containsInt(s.codes, *a.remoteCode):
		r.CloseVerdict, r.CloseDetail = WrongCode, fmt.Sprintf("The %s closed with %s; the code should have been %s or none", a.side.peer(), codeWords(*a.remoteCode), strings.Join(codes, " or "))
	case a.droppedByMe && a.side == asClient: // a server closing TCP is doing its duty
		r.CloseVerdict, r.CloseDetail = FailedByClient, "The checker had to close the TCP connection, which the server should close first (§7.1.1): "+a.uncleanWhy
	default:
		r.CloseVerdict, r.CloseDetail = Pass, "The connection was closed properly"
		if a.remoteCode != nil {
			r.CloseDetail += ", the " + a.side.peer() + "'s close code " + codeWords(*a.remoteCode)
		}
	}
	if s.wrongEndpointFatal && s.closedByMe != a.closedByMe {
		r.Verdict = Fail
		r.Detail = fmt.Sprintf("The %s did not fail the connection itself: it never found what was wrong. ", a.side.peer()) + r.Detail
	}
	if s.wrongCodeFails && r.CloseVerdict == WrongCode {
		r.Verdict, r.Detail = Fail, r.CloseDetail
	}
	if s.limitOK && a.remoteCode != nil && *a.remoteCode == codeTooBig && a.seq.got < s.seq.count {
		r.Verdict, r.CloseVerdict = Informational, Informational
		r.Detail = fmt.Sprintf("The server refuses messages this large: it closed with %s after %d of %d echoes; RFC 6455 §10.4 lets a server set a limit (Autobahn reports FAILED here)",
			codeWords(codeTooBig), a.seq.got, s.seq.count)
		r.CloseDetail = "The server closed the connection with " + codeWords(codeTooBig) + ", the limit it chose"
	}
	if s.informational != nil {
		words := s.informational[matched]
		if words == "" {
			words = sent + got
		}
		r.Verdict, r.Detail = Informational, words
		r.CloseVerdict = Informational
	}
	if a.side == asServer {
		a.judgeKeys()
	}
	if !strings.HasSuffix(r.Detail, ".") {
		r.Detail += "."
	}
	if !strings.HasSuffix(r.CloseDetail, ".") {
		r.CloseDetail += "."
	}
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}
