package conformance

// maskingCases: masking (§5.1, §5.3). A client masks every frame; "a
// server MUST close the connection upon receiving a frame that is not
// masked", and MAY send 1002 first. A server never masks.
func maskingCases() []Case {
	hello := []byte("Hello")
	zero := [4]byte{}
	plain := []byte("masked with a zero key")
	serverMasks := echoCase("5", "Server frames are not masked", "§5.1",
		[]frame{{Fin: true, Opcode: opText, Payload: hello}}, []message{textMsg(hello)})
	serverMasks.Expect = "The message back in frames without the MASK bit: a server never masks (a client must fail the connection if it does)"
	return []Case{
		failCase("1", "Unmasked text frame", "§5.1", codeProtocolError, "an unmasked text frame",
			frame{Fin: true, Opcode: opText, Payload: hello, Unmasked: true}),
		failCase("2", "Unmasked ping", "§5.1", codeProtocolError, "an unmasked ping",
			frame{Fin: true, Opcode: opPing, Payload: hello, Unmasked: true}),
		{ID: "3", Title: "Fragmented text message whose second fragment is not masked", Section: "§5.1",
			Expect: "A close frame with 1002 (protocol error)",
			run: func(t *trial) {
				c := t.open()
				if c == nil {
					return
				}
				c.send(frame{Opcode: opText, Payload: hello}, frame{Fin: true, Opcode: opContinuation, Payload: []byte(" world"), Unmasked: true})
				t.expectFailure(c, codeProtocolError, "an unmasked continuation frame", hello)
			}},
		echoCase("4", "Text frame masked with the key 00 00 00 00", "§5.3",
			[]frame{{Fin: true, Opcode: opText, Payload: plain, Key: &zero}}, []message{textMsg(plain)}),
		serverMasks,
	}
}
