package conformance

// reservedCases: category 3, the reserved bits (§5.2). RSV1–RSV3 "MUST
// be 0 unless an extension is negotiated that defines meanings for
// non-zero values"; the checker negotiates none, so a frame with any of
// them set must fail the connection (1002). Autobahn numbers the bits as
// a 3-bit value, RSV = 1 being RSV3 and RSV = 4 RSV1; the titles say
// both. When a valid message comes first, the server should echo it
// before it meets the bad frame (OK); failing at once is allowed
// (NON-STRICT).
func reservedCases() []Case {
	hello := []byte("Hello, world!")
	bin := []byte{0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF}
	const failed = "The connection failed: 1002 (protocol error), or TCP dropped"
	const echoFirst = "The first message back, then the connection failed (1002) before the ping got a pong; failing before the echo is NON-STRICT"
	text := frame{Fin: true, Opcode: opText, Payload: hello}
	ping := frame{Fin: true, Opcode: opPing}
	withRSV := func(f frame, rsv byte) frame { f.RSV = rsv; return f }
	return []Case{
		abCase("1", "Text message with RSV = 1 (RSV3)", "§5.2", failed,
			failSpec(codeProtocolError, []step{sendF(withRSV(text, rsv3))})),
		abCase("2", "Text message, then one with RSV = 2 (RSV2), then a ping", "§5.2", echoFirst,
			failSpec(codeProtocolError, []step{sendF(text), sendF(withRSV(text, rsv2)), sendF(ping)}, textEv(hello))),
		abCase("3", "Text message, then one with RSV = 3 (RSV2, RSV3), then a ping, each frame written on its own", "§5.2", echoFirst,
			failSpec(codeProtocolError, []step{sendSync(text), sendSync(withRSV(text, rsv2|rsv3)), sendSync(ping)}, textEv(hello))),
		abCase("4", "Text message, then one with RSV = 4 (RSV1), then a ping, written one byte at a time", "§5.2", echoFirst,
			failSpec(codeProtocolError, []step{sendChop(text, 1), sendChop(withRSV(text, rsv1), 1), sendChop(ping, 1)}, textEv(hello))),
		abCase("5", "Binary message with RSV = 5 (RSV1, RSV3)", "§5.2", failed,
			failSpec(codeProtocolError, []step{sendF(frame{Fin: true, RSV: rsv1 | rsv3, Opcode: opBinary, Payload: bin})})),
		// Autobahn's description says "ping"; the frame it sends is binary.
		abCase("6", "Binary frame with RSV = 6 (RSV1, RSV2)", "§5.2", failed,
			failSpec(codeProtocolError, []step{sendF(frame{Fin: true, RSV: rsv1 | rsv2, Opcode: opBinary, Payload: hello})})),
		abCase("7", "Close frame with RSV = 7 (all three)", "§5.2", failed,
			failSpec(codeProtocolError, []step{sendF(frame{Fin: true, RSV: rsv1 | rsv2 | rsv3, Opcode: opClose})})),
	}
}
