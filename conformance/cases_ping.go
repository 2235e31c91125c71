package conformance

import (
	"bytes"
	"fmt"
	"time"
)

// pingCases: category 2, pings and pongs (§5.5.2, §5.5.3). A ping is
// answered with a pong carrying its payload; a control frame carries at
// most 125 bytes (§5.5); a pong nobody asked for needs no answer.
func pingCases() []Case {
	ping := func(p []byte) frame { return frame{Fin: true, Opcode: opPing, Payload: p} }
	pong := func(p []byte) frame { return frame{Fin: true, Opcode: opPong, Payload: p} }
	hello := []byte("Hello, world!")
	bin := []byte{0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF}
	fe125 := bytes.Repeat([]byte{0xFE}, 125)
	unsolicited := []byte("unsolicited pong payload")
	const answered = "A pong with the ping's payload, then a clean close with 1000 (normal closure)"
	pongCase := func(id, title string, f frame, chop int, d time.Duration) Case {
		s := sendF(f)
		if chop > 0 {
			s = sendChop(f, chop)
		}
		return abCase(id, title, "§5.5.2, §5.5.3", answered, echoSpec(closeAfter, d, []step{s}, pongEv(f.Payload)))
	}
	quiet := func(id, title string, f frame) Case {
		spec := echoSpec(closeAfter, time.Second, []step{sendF(f), startClose(closePayload(codeNormal, ""))})
		return abCase(id, title, "§5.5.3", "Nothing in answer to the pong, then a clean close with 1000 (normal closure)", spec)
	}
	cases := []Case{
		pongCase("1", "Ping without payload", ping(nil), 0, time.Second),
		pongCase("2", "Ping with a short text payload", ping(hello), 0, time.Second),
		pongCase("3", "Ping with a short binary payload (not UTF-8)", ping(bin), 0, time.Second),
		pongCase("4", "Ping with 125 bytes, the most a control frame holds", ping(fe125), 0, time.Second),
		abCase("5", "Ping with 126 bytes", "§5.5", "The connection failed at once: 1002 (protocol error), as control frames carry at most 125 bytes",
			failSpec(codeProtocolError, []step{sendF(ping(bytes.Repeat([]byte{0xFE}, 126)))})),
		pongCase("6", "Ping with 125 bytes, written one byte at a time", ping(fe125), 1, 2*time.Second),
		quiet("7", "Unsolicited pong without payload, then a close", pong(nil)),
		quiet("8", "Unsolicited pong with a payload, then a close", pong(unsolicited)),
		abCase("9", "Unsolicited pong, then a ping", "§5.5.2, §5.5.3", answered,
			echoSpec(closeAfter, time.Second, []step{sendF(pong(unsolicited)), sendF(ping([]byte("ping payload")))}, pongEv([]byte("ping payload")))),
	}
	for i, chop := range []int{0, 1} {
		var script []step
		var want []event
		for n := range 10 {
			p := fmt.Appendf(nil, "payload-%d", n)
			if chop > 0 {
				script = append(script, sendChop(ping(p), chop))
			} else {
				script = append(script, sendF(ping(p)))
			}
			want = append(want, pongEv(p))
		}
		title := "Ten pings with payloads, back to back"
		if chop > 0 {
			title += ", written one byte at a time"
		}
		// §5.5.3 lets a server answer only the most recent of several
		// pings; Autobahn asks for every pong all the same.
		cases = append(cases, abCase(fmt.Sprint(10+i), title, "§5.5.2, §5.5.3",
			"A pong for every ping, in order (more than §5.5.3 requires, as Autobahn asks), then a clean close with 1000",
			echoSpec(closeAfter, 3*time.Second, script, want...)))
	}
	return cases
}
