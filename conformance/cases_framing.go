package conformance

import (
	"bytes"
	"fmt"
)

// framingLengths are the payload lengths at the edges of the three length
// encodings of §5.2: 7 bits up to 125, 16 bits from 126 to 65535, 64 bits
// beyond.
var framingLengths = []int{0, 125, 126, 127, 65535, 65536}

// framingCases: 1.1.x text and 1.2.x binary messages of every edge
// length, each in one frame with the minimal length encoding; 1.3.1 a
// length with its forbidden top bit; 1.4.x the non-minimal encodings
// RFC 6455 forbids senders but does not tell receivers what to do with.
func framingCases() []Case {
	var cases []Case
	for i, n := range framingLengths {
		p := textOf(n)
		cases = append(cases, echoCase(fmt.Sprintf("1.%d", i+1), fmt.Sprintf("Text message, %s", byteCount(uint64(n))), "§5.2, §5.6",
			[]frame{{Fin: true, Opcode: opText, Payload: p}}, []message{textMsg(p)}))
	}
	for i, n := range framingLengths {
		p := binaryOf(n)
		cases = append(cases, echoCase(fmt.Sprintf("2.%d", i+1), fmt.Sprintf("Binary message, %s", byteCount(uint64(n))), "§5.2, §5.6",
			[]frame{{Fin: true, Opcode: opBinary, Payload: p}}, []message{binaryMsg(p)}))
	}
	msb := uint64(1)<<63 | 5
	cases = append(cases, failCase("3.1", "64-bit length with its most significant bit set", "§5.2", codeProtocolError,
		"a 64-bit length with its most significant bit set (§5.2: it must be 0)",
		frame{Fin: true, Opcode: opBinary, Payload: binaryOf(5), Length: len64, Announce: &msb}))
	cases = append(cases,
		nonMinimalCase("4.1", "5-byte text message in a 16-bit length", len16),
		nonMinimalCase("4.2", "5-byte text message in a 64-bit length", len64),
	)
	return cases
}

// nonMinimalCase sends a short message with a longer length encoding than
// needed. §5.2 says the minimal encoding MUST be used, but only of the
// sender: a receiver may refuse the frame (1002) or take it, so the case
// only reports the server's choice.
func nonMinimalCase(id, title string, form lengthForm) Case {
	p := []byte("Hello")
	return Case{ID: id, Title: title, Section: "§5.2",
		Expect: "Either: the message back (the server is lenient), or a close with 1002 (it enforces the minimal encoding)",
		run: func(t *trial) {
			c := t.open()
			if c == nil {
				return
			}
			c.send(frame{Fin: true, Opcode: opText, Payload: p, Length: form})
			for {
				f, err := c.next()
				switch {
				case err != nil && isTimeout(err):
					t.fail("the server neither echoed the message nor closed within %v", t.timeout)
				case err != nil:
					t.info("the server refuses a non-minimal length: it dropped the connection (%s) without a close frame", endWords(err))
				case f.Opcode == opClose:
					code, reason, _ := parseClose(f.Payload)
					t.info("the server refuses a non-minimal length: it closed with %s", closeWords(code, reason))
					c.answerClose(f)
				case f.Opcode.IsControl():
					continue
				case f.Fin && f.Opcode == opText && bytes.Equal(f.Payload, p):
					t.info("the server accepts a non-minimal length: the message came back unchanged")
					c.closePolitely()
				default:
					t.fail("the server answered with a %s, neither the message back nor a close", f.describe())
				}
				return
			}
		}}
}
