package conformance

import "fmt"

// pingCases: category 2, pings and pongs (§5.5.2, §5.5.3). A pong must
// carry the ping's payload; control frames carry at most 125 bytes and
// are never fragmented (§5.5); an unsolicited pong needs no answer.
func pingCases() []Case {
	ping := func(p []byte) frame { return frame{Fin: true, Opcode: opPing, Payload: p} }
	hello := []byte("Hello, pong!")
	bin := []byte{0x00, 0xFF, 0xFE, 0xFD, 0x01, 0x80, 0x7F}
	after := textOf(20)
	return []Case{
		echoCase("1", "Ping without payload", "§5.5.2, §5.5.3", []frame{ping(nil)}, nil, []byte{}),
		echoCase("2", "Ping with a text payload", "§5.5.2, §5.5.3", []frame{ping(hello)}, nil, hello),
		echoCase("3", "Ping with a binary payload", "§5.5.2, §5.5.3", []frame{ping(bin)}, nil, bin),
		echoCase("4", "Ping with 125 bytes, the most a control frame holds", "§5.5, §5.5.2", []frame{ping(binaryOf(125))}, nil, binaryOf(125)),
		failCase("5", "Ping with 126 bytes", "§5.5", codeProtocolError, "a ping of 126 bytes (§5.5: control frames carry at most 125)",
			ping(binaryOf(126))),
		echoCase("6", "Unsolicited pong without payload, then a text message", "§5.5.3",
			[]frame{{Fin: true, Opcode: opPong}, {Fin: true, Opcode: opText, Payload: after}}, []message{textMsg(after)}),
		echoCase("7", "Unsolicited pong with a payload, then a text message", "§5.5.3",
			[]frame{{Fin: true, Opcode: opPong, Payload: hello}, {Fin: true, Opcode: opText, Payload: after}}, []message{textMsg(after)}),
		failCase("8", "Fragmented ping", "§5.5", codeProtocolError, "a ping without FIN (§5.5: control frames must not be fragmented)",
			frame{Opcode: opPing, Payload: []byte("frag")}),
		tenPings(),
	}
}

// tenPings sends ten pings at once. §5.5.3 lets a server that has not yet
// answered earlier pings answer only the most recent one, so the case
// asks for the last pong and checks that every pong that came carries
// the payload of a ping, in order.
func tenPings() Case {
	const n = 10
	var frames []frame
	payloads := map[string]int{}
	for i := range n {
		p := fmt.Sprintf("ping %d of %d", i+1, n)
		payloads[p] = i
		frames = append(frames, frame{Fin: true, Opcode: opPing, Payload: []byte(p)})
	}
	return Case{ID: "9", Title: "Ten pings at once", Section: "§5.5.2, §5.5.3",
		Expect: "A pong for each ping, in order (or, as §5.5.3 allows, for the last one at least)",
		run: func(t *trial) {
			c := t.open()
			if c == nil {
				return
			}
			c.send(frames...)
			last, got := -1, 0
			for last < n-1 {
				f, err := c.next()
				switch {
				case err != nil && isTimeout(err):
					t.fail("nothing more came within %v: %d pongs arrived, and the last ping got none", t.timeout, got)
					return
				case err != nil:
					t.fail("the server ended the connection (%s) after %d pongs", endWords(err), got)
					return
				case f.problem() != "":
					t.fail("the server sent a frame that breaks RFC 6455: %s", f.problem())
					return
				case f.Opcode == opPing:
					continue
				case f.Opcode != opPong:
					t.fail("the server answered with a %s, not pongs", f.describe())
					return
				}
				i, ok := payloads[string(f.Payload)]
				if !ok || i <= last {
					t.fail("the server answered with a pong carrying %s, which is not the payload of the next ping (§5.5.3)", payloadWords(f.Payload))
					return
				}
				last, got = i, got+1
			}
			if got == n {
				t.pass("all %d pings got their pong, in order", n)
			} else {
				t.pass("%d of %d pings got their pong, the last one included (§5.5.3 allows answering only the most recent)", got, n)
			}
			c.closePolitely()
		}}
}
