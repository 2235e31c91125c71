package conformance

import (
	"bytes"
	"slices"
)

// extraCases: category X, checks this package made before it followed
// Autobahn|Testsuite case for case, and which Autobahn lacks: the length
// encodings of §5.2 Autobahn does not send, a binary message in
// fragments, a binary message that is not UTF-8, a four-byte code point
// cut into single bytes, a ping with a reserved bit, and the close code
// 1015. They run after Autobahn's categories, under IDs that cannot be
// mistaken for Autobahn's.
func extraCases() []Case {
	msb := uint64(1)<<63 | 5
	hello := []byte("Hello")
	bin := binaryOf(300)
	notText := []byte{0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80}
	notUTF8 := echoCase("6", "Binary message that is not UTF-8", "§5.6",
		[]frame{{Fin: true, Opcode: opBinary, Payload: notText}}, []message{binaryMsg(notText)})
	notUTF8.Expect = "The binary message back unchanged: binary data is never checked as UTF-8"
	emoji := []byte("😀") // F0 9F 98 80
	whole := []byte("Hello, fragmented world!")
	return []Case{
		failCase("1", "64-bit length with its most significant bit set", "§5.2", codeProtocolError,
			"a 64-bit length with its most significant bit set (§5.2: it must be 0)",
			frame{Fin: true, Opcode: opBinary, Payload: binaryOf(5), Length: len64, Announce: &msb}),
		nonMinimalCase("2", "5-byte text message in a 16-bit length", len16),
		nonMinimalCase("3", "5-byte text message in a 64-bit length", len64),
		echoCase("4", "Binary message in three fragments", "§5.4", []frame{
			{Opcode: opBinary, Payload: bin[:100]},
			{Opcode: opContinuation, Payload: bin[100:200]},
			{Fin: true, Opcode: opContinuation, Payload: bin[200:]},
		}, []message{binaryMsg(bin)}),
		echoCase("5", "Four-byte code point cut into one byte per fragment", "§5.4, §5.6", []frame{
			{Opcode: opText, Payload: emoji[:1]},
			{Opcode: opContinuation, Payload: emoji[1:2]},
			{Opcode: opContinuation, Payload: emoji[2:3]},
			{Fin: true, Opcode: opContinuation, Payload: emoji[3:]},
		}, []message{textMsg(emoji)}),
		notUTF8,
		failCase("7", "Ping with RSV3 set", "§5.2", codeProtocolError, "a ping with RSV3 set",
			frame{Fin: true, RSV: rsv3, Opcode: opPing, Payload: hello}),
		failCase("8", "Close with the code 1015 (TLS handshake)", "§7.4.1, §7.4.2", codeProtocolError,
			"a close frame with the code 1015, a code that only describes a close to the application and must never be sent",
			frame{Fin: true, Opcode: opClose, Payload: closePayload(1015, "an invalid code")}),
		echoCase("9", "Fragmented text message, then the same message in one frame", "§5.4", []frame{
			{Opcode: opText, Payload: whole[:7]},
			{Fin: true, Opcode: opContinuation, Payload: whole[7:]},
			{Fin: true, Opcode: opText, Payload: slices.Clone(whole)},
		}, []message{textMsg(whole), textMsg(whole)}),
		{ID: "10", Title: "A valid text message, then one with all three RSV bits set", Section: "§5.2",
			Expect: "The first message back unchanged, then a close frame with 1002 (protocol error)",
			run: func(t *trial) {
				c := t.open()
				if c == nil {
					return
				}
				c.send(frame{Fin: true, Opcode: opText, Payload: hello})
				if !t.expectEcho(c, []message{textMsg(hello)}) {
					return
				}
				c.send(frame{Fin: true, RSV: rsv1 | rsv2 | rsv3, Opcode: opText, Payload: bytes.Clone(hello)})
				t.expectFailure(c, codeProtocolError, "a text frame with RSV1, RSV2 and RSV3 set", nil)
			}},
	}
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
