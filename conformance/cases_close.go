package conformance

import (
	"bytes"
	"fmt"
	"time"
)

// closeCases: category 7, close handling (§5.5.1, §7.1–§7.4), as
// Autobahn numbers it: 7.1 the closing handshake, 7.3 the close frame's
// payload length, 7.5 its reason's UTF-8, 7.7 the codes that may be sent,
// 7.9 the codes that may not, 7.13 codes RFC 6455 says nothing about.
//
// The checker starts every closing handshake here. A close frame carries
// nothing, or a 2-byte code and a UTF-8 reason; the server answers with
// a close frame of its own, processes nothing sent after the close, and
// then closes TCP first (§7.1.1). In this category the code is the point:
// a close behaviour of WRONG CODE makes the behaviour FAILED too.
func closeCases() []Case {
	closeWith := func(code int, reason []byte) []byte { return append(closePayload(code, ""), reason...) }
	normal := closePayload(codeNormal, "")
	hello := []byte("Hello World!")
	clean := func(script ...step) abSpec {
		return abSpec{script: script, end: killAfter, after: time.Second, expect: []outcome{ok()},
			closedByMe: true, codes: []int{codeNormal}, requireClean: true, suppressClose: true, wrongCodeFails: true}
	}
	refused := func(codes []int, script ...step) abSpec {
		s := clean(script...)
		s.codes, s.requireClean = codes, false
		return s
	}
	const cleanClose = "A clean close: the server answers with 1000 (normal closure) and closes TCP"

	first := clean(sendF(frame{Fin: true, Opcode: opText, Payload: hello}))
	first.expect, first.suppressClose = []outcome{ok(textEv(hello))}, false
	big := bytes.Repeat([]byte("BAsd7&jh23"), 256<<10/10+1)[:256<<10]
	mixed := clean(sendF(frame{Fin: true, Opcode: opText, Payload: big}), sendF(frame{Fin: true, Opcode: opText, Payload: hello}),
		startClose(normal), sendF(frame{Fin: true, Opcode: opPing}))
	mixed.expect = []outcome{ok(textEv(hello)), nonStrictOf()}
	mixed.informational = map[Verdict]string{
		Pass:      "The text message was processed before the close",
		NonStrict: "The close was processed before the text message could come back",
	}
	cases := []Case{
		abCase("1.1", "A text message, then the checker's close", "§5.5.1, §7.1.1",
			"The message back, then a clean close with 1000 (normal closure)", first),
		abCase("1.2", "Two close frames", "§5.5.1, §7.1.1", cleanClose+"; the second close frame is ignored",
			clean(startClose(normal), sendF(frame{Fin: true, Opcode: opClose}))),
		abCase("1.3", "A ping after the close frame", "§5.5.1", cleanClose+"; no pong: nothing after a close is processed",
			clean(startClose(normal), sendF(frame{Fin: true, Opcode: opPing}))),
		abCase("1.4", "A text message after the close frame", "§5.5.1", cleanClose+"; no echo: nothing after a close is processed",
			clean(startClose(normal), sendF(frame{Fin: true, Opcode: opText, Payload: hello}))),
		abCase("1.5", "The first fragment of a message, the close frame, then the last fragment", "§5.5.1, §5.4", cleanClose+"; no echo",
			clean(sendF(frame{Opcode: opText, Payload: []byte("fragment1")}), startClose(normal), sendF(frame{Fin: true, Opcode: opContinuation, Payload: []byte("fragment2")}))),
		abCase("1.6", "A 256 KiB text message, a short one, the close frame and a ping, back to back", "§5.5.1, §7.1.1",
			"Informational: RFC 6455 lets a server answer the close before it has sent back the messages before it", mixed),
		abCase("3.1", "Close frame without payload", "§5.5.1, §7.1.5", cleanClose, clean(startClose([]byte{}))),
		abCase("3.2", "Close frame with a 1-byte payload", "§5.5.1", "A close with 1002 (protocol error), or TCP dropped",
			refused([]int{codeProtocolError}, startClose([]byte("a")))),
		abCase("3.3", "Close frame with a code and no reason", "§5.5.1", cleanClose, clean(startClose(normal))),
		abCase("3.4", "Close frame with a code and a reason", "§5.5.1", cleanClose, clean(startClose(closeWith(codeNormal, hello)))),
		abCase("3.5", "Close frame with a 123-byte reason, the longest that fits", "§5.5, §5.5.1", cleanClose,
			clean(startClose(closeWith(codeNormal, bytes.Repeat([]byte("*"), 123))))),
		abCase("3.6", "Close frame with a 124-byte reason: 126 bytes, too long for a control frame", "§5.5",
			"A close with 1002 (protocol error), or TCP dropped",
			refused([]int{codeProtocolError}, startClose(closeWith(codeNormal, bytes.Repeat([]byte("*"), 124))))),
		abCase("5.1", "Close frame whose reason is not valid UTF-8", "§5.5.1, §8.1",
			"A close with 1002 (protocol error) or 1007 (invalid payload data), or TCP dropped",
			refused([]int{codeProtocolError, codeInvalidData}, startClose(closeWith(codeNormal, []byte(kosme+"\xed\xa0\x80edited"))))),
	}
	for i, code := range []int{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999} {
		spec := clean(startClose(closePayload(code, "")))
		spec.codes = []int{codeNormal, code}
		cases = append(cases, abCase(fmt.Sprintf("7.%d", i+1), "Close with the valid code "+codeWords(code), "§7.4.1, §7.4.2",
			fmt.Sprintf("A clean close with 1000 or the code echoed (%d)", code), spec))
	}
	for i, code := range []int{0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999} {
		cases = append(cases, abCase(fmt.Sprintf("9.%d", i+1), fmt.Sprintf("Close with the invalid code %d %s", code, invalidWhy(code)), "§7.4.1, §7.4.2",
			"A close with 1002 (protocol error), or TCP dropped: the code must never be sent",
			refused([]int{codeProtocolError}, startClose(closePayload(code, "")))))
	}
	for i, code := range []int{5000, 65535} {
		spec := refused([]int{codeNormal, code, codeProtocolError}, startClose(closePayload(code, "")))
		spec.informational = map[Verdict]string{}
		cases = append(cases, abCase(fmt.Sprintf("13.%d", i+1), fmt.Sprintf("Close with the code %d, beyond the ranges RFC 6455 defines", code), "§7.4.2",
			"Informational: RFC 6455 does not say what a server does with this code", spec))
	}
	return cases
}

// invalidWhy says why a close code may not be sent.
func invalidWhy(code int) string {
	switch code {
	case 1004:
		return "(reserved)"
	case 1005, 1006, 1015:
		return "(" + codeName(code)[1:len(codeName(code))-1] + ", a code that only describes a close to the application)"
	}
	return "(not assigned by RFC 6455 or the IANA registry)"
}

// miscCases: category 10, Autobahn's miscellany: 10.1.1, a message of
// 64 KiB in fragments of 1300 bytes, as a client that fragments every
// large message sends it (§5.4).
func miscCases() []Case {
	p := bytes.Repeat([]byte("*"), 65536)
	return []Case{abCase("1.1", "Text message of 64 KiB in fragments of 1300 bytes", "§5.4",
		"The whole message back, then a clean close with 1000 (normal closure)",
		echoSpec(killAfter, 10*time.Second, fragmentsOf(opText, p, 1300), textEv(p)))}
}
