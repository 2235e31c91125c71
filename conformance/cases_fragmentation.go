package conformance

import "slices"

// fragmentationCases: category 5 (§5.4). A message may be sent in
// fragments: a text or binary frame without FIN, continuation frames, the
// last with FIN. Control frames may come between fragments; a
// continuation frame needs a message to continue, and a new message
// cannot start before the previous one ended.
func fragmentationCases() []Case {
	hello, world := []byte("Hello, "), []byte("fragmented world!")
	whole := slices.Concat(hello, world)
	bin := binaryOf(300)
	ping := []byte("between fragments")
	return []Case{
		echoCase("1", "Text message in two fragments", "§5.4", []frame{
			{Opcode: opText, Payload: hello},
			{Fin: true, Opcode: opContinuation, Payload: world},
		}, []message{textMsg(whole)}),
		echoCase("2", "Binary message in three fragments", "§5.4", []frame{
			{Opcode: opBinary, Payload: bin[:100]},
			{Opcode: opContinuation, Payload: bin[100:200]},
			{Fin: true, Opcode: opContinuation, Payload: bin[200:]},
		}, []message{binaryMsg(bin)}),
		echoCase("3", "Text message in one-byte fragments, the first and last ones empty", "§5.4", oneByteFragments(whole), []message{textMsg(whole)}),
		echoCase("4", "Ping between the fragments of a text message", "§5.4, §5.5", []frame{
			{Opcode: opText, Payload: hello},
			{Fin: true, Opcode: opPing, Payload: ping},
			{Fin: true, Opcode: opContinuation, Payload: world},
		}, []message{textMsg(whole)}, ping),
		failCase("5", "Continuation frame with FIN, with no message to continue", "§5.4", codeProtocolError,
			"a continuation frame with no message to continue",
			frame{Fin: true, Opcode: opContinuation, Payload: hello}),
		failCase("6", "Continuation frame without FIN, with no message to continue", "§5.4", codeProtocolError,
			"a continuation frame with no message to continue",
			frame{Opcode: opContinuation, Payload: hello}),
		{ID: "7", Title: "New text message started before the fragmented one ended", Section: "§5.4", echoFree: false,
			Expect: "A close frame with 1002 (protocol error); a streaming echo may first pass on the first fragment",
			run: func(t *trial) {
				c := t.open()
				if c == nil {
					return
				}
				c.send(frame{Opcode: opText, Payload: hello}, frame{Fin: true, Opcode: opText, Payload: world})
				t.expectFailure(c, codeProtocolError, "a text frame in the middle of a fragmented message", hello)
			}},
		echoCase("8", "Fragmented text message, then the same message in one frame", "§5.4", []frame{
			{Opcode: opText, Payload: hello},
			{Fin: true, Opcode: opContinuation, Payload: world},
			{Fin: true, Opcode: opText, Payload: whole},
		}, []message{textMsg(whole), textMsg(whole)}),
	}
}

// oneByteFragments cuts a text message into an empty first fragment, one
// fragment per byte and an empty final continuation frame.
func oneByteFragments(p []byte) []frame {
	frames := []frame{{Opcode: opText}}
	for i := range p {
		frames = append(frames, frame{Opcode: opContinuation, Payload: p[i : i+1]})
	}
	return append(frames, frame{Fin: true, Opcode: opContinuation})
}
