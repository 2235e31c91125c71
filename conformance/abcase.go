package conformance

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file describes a case the way Autobahn|Testsuite's fuzzing client
// runs one: a script of frames (whole, in chops, one write each) and
// waits, then an end (a close, or failing the connection, after a
// while); the list of events the server may answer with, one list per
// behaviour; and what the close must look like. abrun.go runs it and
// judges it with Autobahn's rules.

// event is one thing the server did that a case compares with what it
// expects: a whole message, a ping, a pong, or the case's own mark that a
// wait ended with the connection still open.
type event struct {
	kind    eventKind
	payload []byte // the message, ping or pong payload; the mark's name
	binary  bool
}

type eventKind int

const (
	evMessage eventKind = iota
	evPing
	evPong
	evMark
)

func textEv(p []byte) event   { return event{kind: evMessage, payload: p} }
func binaryEv(p []byte) event { return event{kind: evMessage, payload: p, binary: true} }
func pongEv(p []byte) event   { return event{kind: evPong, payload: p} }
func markEv(name string) event {
	return event{kind: evMark, payload: []byte(name)}
}

func (e event) equal(o event) bool {
	return e.kind == o.kind && e.binary == o.binary && string(e.payload) == string(o.payload)
}

// words describes an event for a report.
func (e event) words() string {
	switch e.kind {
	case evMessage:
		if e.binary {
			return "the binary message of " + payloadWords(e.payload)
		}
		return "the text message of " + payloadWords(e.payload)
	case evPing:
		return "a ping with " + payloadWords(e.payload)
	case evPong:
		return "a pong with " + payloadWords(e.payload)
	}
	return fmt.Sprintf("the connection still open after wait %s", e.payload)
}

// eventsWords describes a list of events: "nothing", or each in order.
func eventsWords(list []event) string {
	if len(list) == 0 {
		return "nothing"
	}
	var w []string
	for i := 0; i < len(list); {
		j := i + 1
		for j < len(list) && list[j].equal(list[i]) {
			j++
		}
		if n := j - i; n > 1 {
			w = append(w, fmt.Sprintf("%d × %s", n, list[i].words()))
		} else {
			w = append(w, list[i].words())
		}
		i = j
	}
	return strings.Join(w, ", then ")
}

func sameEvents(a, b []event) bool { return slices.EqualFunc(a, b, event.equal) }

// step is one step of a case's script.
type step struct {
	// frame is sent when set: whole, in chops of chop bytes, or on its own
	// (sync) so that it is not written together with the next one.
	frame *frame
	chop  int
	sync  bool
	// close, when set, sends a close frame with this payload the way an
	// endpoint starts the closing handshake: only while the connection is
	// open, and from then on the checker waits for the server's answer.
	close []byte
	// raw bytes are written as they are (a frame streamed in pieces);
	// rawWhat says what they are.
	raw     []byte
	rawWhat string
	// wait pauses the script; it goes on only while the connection is
	// open, and then records mark (when set) as an event.
	wait time.Duration
	mark string
}

func sendF(f frame) step                      { return step{frame: &f} }
func sendSync(f frame) step                   { return step{frame: &f, sync: true} }
func sendChop(f frame, chop int) step         { return step{frame: &f, chop: chop} }
func startClose(payload []byte) step          { return step{close: payload} }
func waitMark(d time.Duration, m string) step { return step{wait: d, mark: m} }

// ending is what the checker does once the script is done and the time
// has passed, if the connection is still there.
type ending int

const (
	// closeAfter starts the closing handshake (an empty close frame).
	closeAfter ending = iota
	// killAfter fails the connection: a close frame with 1001 while it is
	// open, dropping TCP when a closing handshake is already under way.
	killAfter
)

// outcome is one acceptable list of events and the behaviour it earns.
type outcome struct {
	verdict Verdict
	events  []event
}

// abSpec is an Autobahn case: what it sends, what it expects.
type abSpec struct {
	script []step
	end    ending
	after  time.Duration
	// expect lists the acceptable event lists, best first (OK, then
	// NON-STRICT). Events matching none earn FAILED.
	expect []outcome
	// closedByMe says who must start the closing handshake: the checker
	// (true: the server only answers) or the server (false: it must fail
	// the connection).
	closedByMe bool
	// codes are the close codes the server may send; the first is the one
	// the checker closes with once the events are as expected.
	codes []int
	// requireClean asks for a complete closing handshake followed by the
	// server closing TCP.
	requireClean bool
	// wrongEndpointFatal makes the behaviour FAILED when the wrong side
	// started the close: for invalid UTF-8, a server that never fails the
	// connection never found the invalid bytes.
	wrongEndpointFatal bool
	// suppressClose keeps the checker from closing when the events are as
	// expected: the script closes by itself.
	suppressClose bool
	// wrongCodeFails makes the behaviour FAILED when the close code is
	// wrong: in the close cases the code is the point.
	wrongCodeFails bool
	// informational makes both behaviours INFORMATIONAL, with words from
	// the behaviour that matched: RFC 6455 leaves the choice open.
	informational map[Verdict]string
	// seq, when set, sends messages one at a time, each after the echo of
	// the one before, and judges each echo as it comes (abseq.go); expect
	// is then empty.
	seq *sequence
	// limitOK makes a close with 1009 (message too big) before the last
	// echo INFORMATIONAL in both behaviours: RFC 6455 §10.4 lets a server
	// limit the size of a message, where Autobahn reports FAILED.
	limitOK bool
	// offers, when set, offers permessage-deflate (RFC 7692) in the
	// handshake; the case then compresses what it sends and inflates
	// what it receives, as agreed (pmd.go). A server that declines earns
	// UNIMPLEMENTED, as in Autobahn.
	offers []pmdOffer
}

// ok and nonStrict build the expected outcomes.
func ok(events ...event) outcome          { return outcome{Pass, events} }
func nonStrictOf(events ...event) outcome { return outcome{NonStrict, events} }

// echoSpec expects events back, then a clean close with 1000 started by
// the checker, closing after d at the latest.
func echoSpec(end ending, d time.Duration, script []step, events ...event) abSpec {
	return abSpec{script: script, end: end, after: d, expect: []outcome{ok(events...)},
		closedByMe: true, codes: []int{codeNormal}, requireClean: true}
}

// failSpec expects the server to fail the connection with code, after
// sending back at most the events of ok (and, non-strictly, nothing).
func failSpec(code int, script []step, okEvents ...event) abSpec {
	s := abSpec{script: script, end: killAfter, after: time.Second, expect: []outcome{ok(okEvents...)},
		closedByMe: false, codes: []int{code}}
	if len(okEvents) > 0 {
		s.expect = append(s.expect, nonStrictOf())
	}
	return s
}

// abCase is an Autobahn case under id with its description (what it
// sends) and expectation (what a conforming server does).
func abCase(id, title, section, expect string, spec abSpec) Case {
	var total time.Duration
	for _, s := range spec.script {
		total += s.wait
	}
	// The longest a conforming server can keep a case: its waits, its
	// end, the close handshake's two timeouts, and room for the bytes.
	bound := total + spec.after + 2*closeTimeout + 3*time.Second
	return Case{ID: id, Title: title, Section: section, Expect: expect, echoFree: len(spec.expect) > 0 && len(spec.expect[0].events) == 0,
		minTimeout: bound, ab: &spec,
		run: func(t *trial) { runAB(t, &spec) }}
}
