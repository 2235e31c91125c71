package conformance

import (
	"fmt"
	"strings"
)

// closeCases: category 7, close handling (§5.5.1, §7.1–§7.4), numbered
// like Autobahn|Testsuite's: 7.1 the close handshake, 7.3 the close
// frame's payload, 7.5 its reason's UTF-8, 7.7 the codes that may be
// sent, 7.9 the codes that may not.
//
// A close frame carries nothing, or a 2-byte code and a UTF-8 reason. The
// receiver answers with a close frame of its own ("typically echoing the
// status code it received"), processes nothing after it, and the server
// then closes the TCP connection first (§7.1.1).
func closeCases() []Case {
	closeFrame := func(p []byte) frame { return frame{Fin: true, Opcode: opClose, Payload: p} }
	hello := []byte("Hello")
	cases := []Case{
		{ID: "1.1", Title: "A text message, then a close with 1000", Section: "§5.5.1, §7.1.1",
			Expect: "The message back, then a close frame with 1000 (normal closure), then the TCP connection closed by the server",
			run: func(t *trial) {
				c := t.open()
				if c == nil {
					return
				}
				c.send(frame{Fin: true, Opcode: opText, Payload: hello})
				if !t.expectEcho(c, []message{textMsg(hello)}, nil) {
					return
				}
				c.send(closeFrame(closePayload(codeNormal, "bye")))
				t.expectCloseAnswer(c)
			}},
		closeAnswerCase("1.2", "A text message sent after the close frame", "§5.5.1",
			"A close frame with 1000 and no echo: nothing after a close is processed",
			closeFrame(closePayload(codeNormal, "")), frame{Fin: true, Opcode: opText, Payload: hello}),
		closeAnswerCase("1.3", "A ping sent after the close frame", "§5.5.1",
			"A close frame with 1000 and no pong: nothing after a close is processed",
			closeFrame(closePayload(codeNormal, "")), frame{Fin: true, Opcode: opPing, Payload: hello}),
		closeAnswerCase("3.1", "Close without a payload", "§5.5.1, §7.1.5",
			"A close frame, empty or with 1000 (normal closure)", closeFrame(nil)),
		failCase("3.2", "Close with a 1-byte payload", "§5.5.1", codeProtocolError,
			"a close frame with a 1-byte payload, which cannot hold a code", closeFrame([]byte{0x03})),
		closeAnswerCase("3.3", "Close with a code and no reason", "§5.5.1",
			"A close frame with the same code, 1000 (normal closure)", closeFrame(closePayload(codeNormal, ""))),
		closeAnswerCase("3.4", "Close with a code and a reason", "§5.5.1",
			"A close frame with the same code, 1000 (normal closure)", closeFrame(closePayload(codeNormal, "Goodbye, and thanks for the echo"))),
		closeAnswerCase("3.5", "Close with a 123-byte reason, the longest that fits", "§5.5, §5.5.1",
			"A close frame with the same code, 1000 (normal closure)", closeFrame(closePayload(codeNormal, strings.Repeat("r", 123)))),
		failCase("3.6", "Close with a 124-byte reason: a 126-byte control frame", "§5.5", codeProtocolError,
			"a close frame of 126 bytes (§5.5: control frames carry at most 125)", closeFrame(closePayload(codeNormal, strings.Repeat("r", 124)))),
		failCase("5.1", "Close reason that is not valid UTF-8", "§5.5.1, §8.1", codeInvalidData,
			"a close frame whose reason is not valid UTF-8 (C3 28)", closeFrame(closePayload(codeNormal, "bad \xC3\x28 reason"))),
	}
	for i, code := range []int{1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999} {
		cases = append(cases, closeAnswerCase(fmt.Sprintf("7.%d", i+1), fmt.Sprintf("Close with the valid code %s", codeWords(code)), "§7.4.1, §7.4.2",
			fmt.Sprintf("A close frame with the same code, %d", code), closeFrame(closePayload(code, "a valid code"))))
	}
	for i, code := range []int{0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000} {
		cases = append(cases, failCase(fmt.Sprintf("9.%d", i+1), fmt.Sprintf("Close with the invalid code %d", code), "§7.4.1, §7.4.2", codeProtocolError,
			fmt.Sprintf("a close frame with the code %d %s, which must never be sent", code, invalidWhy(code)),
			closeFrame(closePayload(code, "an invalid code"))))
	}
	return cases
}

// closeAnswerCase sends frames, the first of them a close, and expects
// the server to answer it and close the TCP connection.
func closeAnswerCase(id, title, section, expect string, frames ...frame) Case {
	return Case{ID: id, Title: title, Section: section, Expect: expect + ", then the TCP connection closed by the server", echoFree: true,
		run: func(t *trial) {
			c := t.open()
			if c == nil {
				return
			}
			c.send(frames...)
			t.expectCloseAnswer(c)
		}}
}

// invalidWhy says why a close code may not be sent.
func invalidWhy(code int) string {
	switch code {
	case 1004:
		return "(reserved)"
	case 1005, 1006, 1015:
		return codeName(code) + ", a code that only describes a close to the application"
	}
	return "(outside the ranges RFC 6455 and the IANA registry define)"
}
