package conformance

import (
	"fmt"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// fragmentationCases: category 5 (§5.4). A message may come in fragments:
// a text or binary frame without FIN, continuation frames, the last one
// with FIN. Control frames may come between fragments but are never
// fragmented themselves (§5.5); a continuation frame needs a message to
// continue, and a new message cannot start before the last one ended.
// Several cases come three times, as Autobahn has them: frames written
// together, each frame written on its own, and one byte at a time: a
// server must not care how TCP cuts the bytes.
func fragmentationCases() []Case {
	f1, f2 := []byte("fragment1"), []byte("fragment2")
	fr := func(op wsframe.Opcode, fin bool, p string) frame {
		return frame{Fin: fin, Opcode: op, Payload: []byte(p)}
	}
	// three writes a script the three ways Autobahn writes it.
	three := func(frames ...frame) [3][]step {
		var out [3][]step
		for _, f := range frames {
			out[0] = append(out[0], sendF(f))
			out[1] = append(out[1], sendSync(f))
			out[2] = append(out[2], sendChop(f, 1))
		}
		return out
	}
	ways := [3]string{"", ", each frame written on its own", ", written one byte at a time"}
	const failed = "The connection failed: 1002 (protocol error), or TCP dropped"

	cases := []Case{
		abCase("1", "Ping in two fragments", "§5.4, §5.5", failed+": control frames must not be fragmented",
			failSpec(codeProtocolError, []step{sendF(fr(opPing, false, "fragment1")), sendF(fr(opContinuation, true, "fragment2"))})),
		abCase("2", "Pong in two fragments", "§5.4, §5.5", failed+": control frames must not be fragmented",
			failSpec(codeProtocolError, []step{sendF(fr(opPong, false, "fragment1")), sendF(fr(opContinuation, true, "fragment2"))})),
	}
	whole := append(append([]byte{}, f1...), f2...)
	for i, s := range three(fr(opText, false, "fragment1"), fr(opContinuation, true, "fragment2")) {
		cases = append(cases, abCase(fmt.Sprint(3+i), "Text message in two fragments"+ways[i], "§5.4",
			"The whole message back, then a clean close with 1000 (normal closure)",
			echoSpec(closeAfter, time.Second, s, textEv(whole))))
	}
	pingP := []byte("ping payload")
	for i, s := range three(fr(opText, false, "fragment1"), frame{Fin: true, Opcode: opPing, Payload: pingP}, fr(opContinuation, true, "fragment2")) {
		cases = append(cases, abCase(fmt.Sprint(6+i), "Text message in two fragments with a ping between them"+ways[i], "§5.4, §5.5",
			"A pong first, then the whole message back, then a clean close with 1000",
			echoSpec(closeAfter, time.Second, s, pongEv(pingP), textEv(whole))))
	}
	for i, s := range three(fr(opContinuation, true, "non-continuation payload"), fr(opText, true, "Hello, world!")) {
		cases = append(cases, abCase(fmt.Sprint(9+i), "Continuation frame with FIN and nothing to continue, then a text message"+ways[i], "§5.4",
			failed+": there is no message to continue", failSpec(codeProtocolError, s[:])))
	}
	for i, s := range three(fr(opContinuation, false, "non-continuation payload"), fr(opText, true, "Hello, world!")) {
		cases = append(cases, abCase(fmt.Sprint(12+i), "Continuation frame without FIN and nothing to continue, then a text message"+ways[i], "§5.4",
			failed+": there is no message to continue", failSpec(codeProtocolError, s[:])))
	}
	cases = append(cases, abCase("15", "Text message in two fragments, then a continuation frame with nothing to continue, then a text message", "§5.4",
		"The first message back, then the connection failed (1002); failing before the echo is NON-STRICT",
		failSpec(codeProtocolError, []step{sendF(fr(opText, false, "fragment1")), sendF(fr(opContinuation, true, "fragment2")),
			sendF(fr(opContinuation, false, "fragment3")), sendF(fr(opText, true, "fragment4"))}, textEv(whole))))
	for i, fin := range []bool{false, true} {
		var script []step
		for range 2 {
			script = append(script, sendF(fr(opContinuation, fin, "fragment1")), sendF(fr(opText, false, "fragment2")), sendF(fr(opContinuation, true, "fragment3")))
		}
		with := "without"
		if fin {
			with = "with"
		}
		cases = append(cases, abCase(fmt.Sprint(16+i), fmt.Sprintf("Twice: a continuation frame %s FIN and nothing to continue, then a text message in two fragments", with), "§5.4",
			failed+": there is no message to continue", failSpec(codeProtocolError, script)))
	}
	cases = append(cases, abCase("18", "Text message in two fragments, both with the text opcode", "§5.4",
		failed+": every fragment after the first must be a continuation frame",
		failSpec(codeProtocolError, []step{sendF(fr(opText, false, "fragment1")), sendF(fr(opText, true, "fragment2"))})))

	frags := []string{"fragment1", "fragment2", "fragment3", "fragment4", "fragment5"}
	pings := [][]byte{[]byte("pongme 1!"), []byte("pongme 2!")}
	var all []byte
	for _, f := range frags {
		all = append(all, f...)
	}
	for i, sync := range []bool{false, true} {
		send := sendF
		if sync {
			send = sendSync
		}
		script := []step{
			send(fr(opText, false, frags[0])), send(fr(opContinuation, false, frags[1])), send(frame{Fin: true, Opcode: opPing, Payload: pings[0]}),
			waitMark(time.Second, ""),
			send(fr(opContinuation, false, frags[2])), send(fr(opContinuation, false, frags[3])), send(frame{Fin: true, Opcode: opPing, Payload: pings[1]}),
			send(fr(opContinuation, true, frags[4])),
		}
		title := "Text message in five fragments with two pings between them and a 1 s pause"
		if sync {
			title += ", each frame written on its own"
		}
		cases = append(cases, abCase(fmt.Sprint(19+i), title, "§5.4, §5.5",
			"The first pong before the message is complete, the second pong, then the whole message, then a clean close with 1000",
			echoSpec(closeAfter, time.Second, script, pongEv(pings[0]), pongEv(pings[1]), textEv(all))))
	}
	return cases
}
