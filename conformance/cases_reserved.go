package conformance

// reservedCases: category 3, the reserved bits (§5.2). RSV1–RSV3 "MUST
// be 0 unless an extension is negotiated that defines meanings for
// non-zero values"; the checker never offers an extension, so a frame
// with any of them set must fail the connection.
func reservedCases() []Case {
	hello := []byte("Hello")
	bad := func(id, title, offence string, f frame) Case {
		return failCase(id, title, "§5.2", codeProtocolError, offence, f)
	}
	return []Case{
		bad("1", "Text frame with RSV1 set", "a text frame with RSV1 set (RSV1 is permessage-deflate's bit, never negotiated here)",
			frame{Fin: true, RSV: rsv1, Opcode: opText, Payload: hello}),
		bad("2", "Text frame with RSV2 set", "a text frame with RSV2 set", frame{Fin: true, RSV: rsv2, Opcode: opText, Payload: hello}),
		bad("3", "Text frame with RSV3 set", "a text frame with RSV3 set", frame{Fin: true, RSV: rsv3, Opcode: opText, Payload: hello}),
		bad("4", "Binary frame with RSV1 and RSV2 set", "a binary frame with RSV1 and RSV2 set",
			frame{Fin: true, RSV: rsv1 | rsv2, Opcode: opBinary, Payload: binaryOf(16)}),
		bad("5", "Ping with RSV3 set", "a ping with RSV3 set", frame{Fin: true, RSV: rsv3, Opcode: opPing, Payload: hello}),
		{ID: "6", Title: "A valid text message, then one with all three RSV bits set", Section: "§5.2",
			Expect: "The first message back unchanged, then a close frame with 1002 (protocol error)",
			run: func(t *trial) {
				c := t.open()
				if c == nil {
					return
				}
				c.send(frame{Fin: true, Opcode: opText, Payload: hello})
				if !t.expectEcho(c, []message{textMsg(hello)}, nil) {
					return
				}
				c.send(frame{Fin: true, RSV: rsv1 | rsv2 | rsv3, Opcode: opText, Payload: hello})
				t.expectFailure(c, codeProtocolError, "a text frame with RSV1, RSV2 and RSV3 set", nil)
			}},
	}
}
