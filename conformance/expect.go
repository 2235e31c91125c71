package conformance

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wssample/wssample/internal/wsframe"
)

// This file holds the three judgements almost every case ends with: the
// server echoes (expectEcho), the server fails the connection
// (expectFailure), the server answers a close (expectCloseAnswer).

// message is a whole message, as sent or as expected back.
type message struct {
	op      wsframe.Opcode
	payload []byte
}

func textMsg(p []byte) message   { return message{opText, p} }
func binaryMsg(p []byte) message { return message{opBinary, p} }

// words describes a message: "the text message of 126 bytes".
func (m message) words() string {
	return fmt.Sprintf("the %v message of %s", m.op, byteCount(uint64(len(m.payload))))
}

// expectEcho waits for want to come back, in order. Unsolicited pongs
// and the server's own pings (answered by next) are allowed. On anything
// else the case fails with the reason and expectEcho returns false; it
// sets no verdict when all came back. (Pings of the checker's own are
// Autobahn's cases, category 2, judged by abrun.go.)
func (t *trial) expectEcho(c *wsConn, want []message) bool {
	var cur *message // the message coming in, until its final frame; want[0] is its echo
	for len(want) > 0 {
		f, err := c.next()
		if err != nil {
			if isTimeout(err) {
				t.fail("nothing came back within %v: the server should have sent the echo of %s", t.timeout, want[0].words())
			} else {
				t.fail("the server ended the connection (%s) without a close frame, before the echo of %s", endWords(err), want[0].words())
			}
			return false
		}
		if p := f.problem(); p != "" {
			t.fail("the server sent a frame that breaks RFC 6455: %s", p)
			return false
		}
		switch f.Opcode {
		case opPing, opPong:
			continue // next answered the ping; §5.5.3 allows unsolicited pongs
		case opClose:
			code, reason, _ := parseClose(f.Payload)
			t.fail("the server closed the connection (%s, reason %s) instead of sending the echo of %s", codeWords(code), quoteReason(reason), want[0].words())
			c.answerClose(f)
			return false
		case opText, opBinary:
			if cur != nil {
				t.fail("the server started a new %v message before it finished the %v one (§5.4)", f.Opcode, cur.op)
				return false
			}
			cur = &message{op: f.Opcode}
		case opContinuation:
			if cur == nil {
				t.fail("the server sent a continuation frame without a message to continue (§5.4)")
				return false
			}
		}
		cur.payload = append(cur.payload, f.Payload...)
		if len(cur.payload) > len(want[0].payload) {
			t.fail("%s came back longer: %s at least", capital(want[0].words()), byteCount(uint64(len(cur.payload))))
			return false
		}
		if !f.Fin {
			continue
		}
		if msg := compare(want[0], *cur); msg != "" {
			t.fail("%s", msg)
			return false
		}
		want, cur = want[1:], nil
	}
	return true
}

// compare says how got differs from the message sent, or "".
func compare(sent, got message) string {
	switch {
	case got.op != sent.op:
		return fmt.Sprintf("%s came back as a %v message", capital(sent.words()), got.op)
	case len(got.payload) != len(sent.payload):
		return fmt.Sprintf("%s came back with %s", capital(sent.words()), byteCount(uint64(len(got.payload))))
	case bytes.Equal(got.payload, sent.payload):
		return ""
	}
	for i := range sent.payload {
		if got.payload[i] != sent.payload[i] {
			return fmt.Sprintf("%s came back changed from byte %d on", capital(sent.words()), i)
		}
	}
	return ""
}

// payloadWords shows a payload with its size: `4 bytes "pong"`.
func payloadWords(p []byte) string {
	if len(p) == 0 {
		return "no payload"
	}
	return byteCount(uint64(len(p))) + " " + preview(p)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// expectFailure waits for the server to fail the connection (§7.1.7)
// after the case sent offence, something RFC 6455 forbids ("a text frame
// with RSV1 set"), and judges it as Autobahn|Testsuite judges its own
// cases: dropping TCP, or a close frame with code and then closing TCP,
// are OK; a close frame with another code is OK with the close behaviour
// WRONG CODE; a server that then leaves TCP open earns FAILED BY CLIENT;
// an answer (an echo, a pong) or silence is FAILED.
//
// mayEcho, when not nil, is data the server may echo first: a streaming
// echo passes on the valid start of a message before it meets the
// offence.
func (t *trial) expectFailure(c *wsConn, code int, offence string, mayEcho []byte) {
	echoed := 0
	for {
		f, err := c.next()
		if err != nil {
			if isTimeout(err) {
				t.fail("the server did not fail the connection within %v after %s: it should close with %s", t.timeout, offence, codeWords(code))
				t.closeVerdict(Fail, "the checker had to close the connection: the server should have failed it")
			} else {
				t.pass("the server dropped the connection (%s) without a close frame after %s, as RFC 6455 allows (§7.1.7); a close frame with %s would tell the client why",
					endWords(err), offence, codeWords(code))
				t.closeVerdict(Pass, "the server closed the TCP connection")
			}
			return
		}
		switch {
		case f.Opcode == opClose:
			t.judgeFailureClose(c, f, code, offence)
			return
		case f.Opcode == opPing, f.Opcode == opPong && !c.sentPing:
			continue
		case !f.Opcode.IsControl() && mayEcho != nil && f.problem() == "" &&
			echoed+len(f.Payload) <= len(mayEcho) && bytes.Equal(f.Payload, mayEcho[echoed:echoed+len(f.Payload)]):
			echoed += len(f.Payload)
			continue
		}
		words := fmt.Sprintf("the server accepted %s: it answered with a %s instead of failing the connection with %s", offence, f.describe(), codeWords(code))
		if p := f.problem(); p != "" {
			words += "; that frame itself breaks RFC 6455: " + p
		}
		t.fail("%s", words)
		t.closeVerdict(Fail, "the server did not fail the connection")
		return
	}
}

// judgeFailureClose judges the close frame a server failed the
// connection with, answers it, and judges how TCP ended.
func (t *trial) judgeFailureClose(c *wsConn, f inFrame, want int, offence string) {
	got, reason, ok := parseClose(f.Payload)
	if ok && len(f.Payload) >= 2 {
		t.res.RemoteCloseCode = &got
	}
	switch {
	case !ok:
		t.fail("the server closed with a 1-byte close payload, which cannot hold a code (§5.5.1)")
	case len(f.Payload) > 0 && !sendable(got) && c.closeSent && got == c.sentClose:
		t.fail("the server echoed the invalid close code %d instead of failing the connection with %s (§7.4.1: %d must never be sent)", got, codeWords(want), got)
	case len(f.Payload) > 0 && !sendable(got):
		t.fail("the server closed with the code %d, which must never be sent (§7.4.1, §7.4.2)", got)
	case !utf8.ValidString(reason):
		t.fail("the server answered with the close reason %s: it took %s for a valid close instead of failing the connection with %s (§5.5.1, §8.1)",
			quoteReason(reason), offence, codeWords(want))
	case f.problem() != "":
		t.fail("the server's close frame breaks RFC 6455: %s", f.problem())
	default:
		t.pass("the server failed the connection after %s with %s", offence, closeWords(got, reason))
	}
	closed := c.answerClose(f)
	switch {
	case t.res.Verdict == Fail:
		t.closeVerdict(Fail, "the server's close frame breaks RFC 6455")
	case len(f.Payload) >= 2 && got != want:
		t.closeVerdict(WrongCode, "the server closed with %s; the code should have been %s or none", codeWords(got), codeWords(want))
	case !closed:
		t.closeVerdict(FailedByClient, "the checker had to close the TCP connection, which the server should close first (§7.1.1)")
	default:
		t.closeVerdict(Pass, "the connection was closed properly")
	}
}

// closeWords describes a close code and reason: "1000 (normal closure),
// reason "bye"", or "an empty close frame" for no code at all.
func closeWords(code int, reason string) string {
	if code == codeNoStatus && reason == "" {
		return "an empty close frame"
	}
	s := codeWords(code)
	if reason != "" {
		s += ", reason " + quoteReason(reason)
	}
	return s
}

// joinRepeats joins what a case expects with "; ", saying a run of the
// same expectation once with its count ("100 × a text message … back
// unchanged"), so a case that sends a hundred messages reads in one line.
func joinRepeats(parts []string) string {
	var out []string
	for i := 0; i < len(parts); {
		j := i + 1
		for j < len(parts) && parts[j] == parts[i] {
			j++
		}
		if n := j - i; n > 1 {
			out = append(out, fmt.Sprintf("%d × %s", n, parts[i]))
		} else {
			out = append(out, parts[i])
		}
		i = j
	}
	return strings.Join(out, "; ")
}

// echoCase is a case that sends frames and expects want back unchanged.
func echoCase(id, title, section string, frames []frame, want []message) Case {
	var parts []string
	for _, m := range want {
		parts = append(parts, m.words()+" back unchanged")
	}
	return Case{ID: id, Title: title, Section: section, Expect: capital(joinRepeats(parts)),
		run: func(t *trial) {
			c := t.open()
			if c == nil {
				return
			}
			c.send(frames...)
			if t.expectEcho(c, want) {
				t.pass("%s", passWords(want))
				t.judgeClose(c)
			}
		}}
}

// judgeClose ends a case whose server echoed what it should the way
// Autobahn|Testsuite ends its echo cases: the checker starts the closing
// handshake with 1000 and requires a clean close. The server must answer
// with a close frame (§5.5.1) carrying 1000 or no code (it "typically
// echos the status code it received"; another code is WRONG CODE, as
// Autobahn judges it), then close TCP first (§7.1.1); a close that is not
// completed, or TCP left open, is UNCLEAN.
func (t *trial) judgeClose(c *wsConn) {
	wait := t.tg.scaled(closeTimeout)
	if err := c.send(frame{Fin: true, Opcode: opClose, Payload: closePayload(codeNormal, "")}); err != nil {
		t.closeVerdict(Unclean, "the server closed the TCP connection before the checker's close frame could be sent (%s)", endWords(err))
		return
	}
	until := time.Now().Add(wait)
	if t.deadline.Before(until) {
		until = t.deadline
	}
	var answer inFrame
	for {
		c.nc.SetReadDeadline(until)
		f, err := readFrame(c.br, maxReadPayload)
		if err != nil {
			c.noteEnd(err)
			if isTimeout(err) {
				t.closeVerdict(Unclean, "the server did not answer the checker's close frame within %v (§5.5.1: it must send a close frame in response)", wait)
			} else {
				t.closeVerdict(Unclean, "the server ended the connection (%s) without completing the closing handshake: it never answered the checker's close frame (§5.5.1)", endWords(err))
			}
			return
		}
		t.res.Observed.Frames++
		t.event("← %s", f.describe())
		if f.Opcode == opClose {
			answer = f
			break
		}
		// Anything else that still comes is the end of what was in
		// flight; nothing is judged after the checker's close.
	}
	code, reason, ok := parseClose(answer.Payload)
	if !ok {
		code = 0
	}
	t.res.Observed.Close = &CloseFrame{Code: code, Reason: reason}
	hasCode := ok && len(answer.Payload) >= 2
	if hasCode {
		t.res.RemoteCloseCode = &code
	}
	closed, how := c.waitEnd(wait)
	switch {
	case !ok:
		t.closeVerdict(Fail, "the server answered the close with a 1-byte close payload, which cannot hold a code (§5.5.1)")
	case hasCode && !sendable(code):
		t.closeVerdict(Fail, "the server answered the close with the code %d, which must never be sent (§7.4.1, §7.4.2)", code)
	case !utf8.ValidString(reason):
		t.closeVerdict(Fail, "the server answered the close with a reason that is not valid UTF-8 (§5.5.1)")
	case !closed:
		t.closeVerdict(Unclean, "after the closing handshake the TCP connection stayed %s for %v: the server should close it first (§7.1.1)", how, wait)
	case hasCode && code != codeNormal:
		t.closeVerdict(WrongCode, "the server answered the checker's close (1000) with %s; the code should have been 1000 or none", closeWords(code, reason))
	default:
		t.closeVerdict(Pass, "the connection was closed properly: the server answered with %s and closed the TCP connection", closeWords(code, reason))
	}
}

// passWords says that want came back: one message, or all in order.
func passWords(want []message) string {
	if len(want) == 1 {
		return capital(want[0].words()) + " came back unchanged"
	}
	return fmt.Sprintf("All %d messages came back unchanged, in order", len(want))
}

// failCase is a case that sends frames RFC 6455 forbids (offence, in
// words) and expects the server to fail the connection with code.
func failCase(id, title, section string, code int, offence string, frames ...frame) Case {
	return Case{ID: id, Title: title, Section: section, echoFree: true,
		Expect: fmt.Sprintf("The connection failed: a close frame with %s, then the TCP connection closed", codeWords(code)),
		run: func(t *trial) {
			c := t.open()
			if c == nil {
				return
			}
			c.send(frames...)
			t.expectFailure(c, code, offence, nil)
		}}
}

// textOf returns n bytes of ASCII text, the same on every run.
func textOf(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

// binaryOf returns n bytes that run through every byte value.
func binaryOf(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}
