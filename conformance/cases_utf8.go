package conformance

import (
	"fmt"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// utf8Cases: category 6 (§5.6, §8.1). A text message must be valid UTF-8
// as a whole; a code point may be split between fragments. "When an
// endpoint is to interpret a byte stream as UTF-8 but finds that the byte
// stream is not, in fact, a valid UTF-8 stream, that endpoint MUST Fail
// the WebSocket Connection", with 1007 (§7.4.1). A server that never
// fails the connection never found the invalid bytes: its behaviour is
// FAILED, whatever else it did. 6.4.x check that a server fails as soon
// as the bytes it has are invalid, not only at the end of the message
// (fail fast; failing at the end is NON-STRICT).
func utf8Cases() []Case {
	text := func(fin bool, op wsframe.Opcode, p []byte) frame { return frame{Fin: fin, Opcode: op, Payload: p} }
	const echoed = "The message back unchanged, then a clean close with 1000 (normal closure)"
	const refused = "The connection failed at once with 1007 (invalid payload data)"
	back := func(p []byte, script ...step) abSpec { return echoSpec(closeAfter, time.Second, script, textEv(p)) }
	refuse := func(d time.Duration, script ...step) abSpec {
		s := failSpec(codeInvalidData, script)
		s.after, s.wrongEndpointFatal = d, true
		return s
	}
	greek := []byte(kosme)
	hello := []byte("Hello-µ@ßöäüàá-UTF-8!!")
	cases := []Case{
		abCase("1.1", "Empty text message", "§5.6", echoed, back([]byte{}, sendF(text(true, opText, nil)))),
		abCase("1.2", "Text message in three empty fragments", "§5.4, §5.6", echoed,
			back([]byte{}, sendF(text(false, opText, nil)), sendF(text(false, opContinuation, nil)), sendF(text(true, opContinuation, nil)))),
		abCase("1.3", "Text message in three fragments, the first and last empty", "§5.4, §5.6", echoed,
			back([]byte("middle frame payload"), sendF(text(false, opText, nil)), sendF(text(false, opContinuation, []byte("middle frame payload"))), sendF(text(true, opContinuation, nil)))),
		abCase("2.1", "Valid UTF-8 text message in one frame", "§5.6", echoed, back(hello, sendF(text(true, opText, hello)))),
		abCase("2.2", "Valid UTF-8 text message in two fragments, cut on a code point boundary", "§5.4, §5.6", echoed,
			back(hello, sendF(text(false, opText, []byte("Hello-µ@ßöä"))), sendF(text(true, opContinuation, []byte("üàá-UTF-8!!"))))),
		abCase("2.3", "Valid UTF-8 text message in fragments of one byte, most of them inside a code point", "§5.4, §5.6", echoed,
			back(hello, fragmentsOf(opText, hello, 1)...)),
		abCase("2.4", "Valid UTF-8 text message (\"κόσμε\") in fragments of one byte", "§5.4, §5.6", echoed,
			back(greek, fragmentsOf(opText, greek, 1)...)),
	}
	bad := []byte(kosme + "\xed\xa0\x80edited") // invalid at byte 12, a surrogate
	cases = append(cases,
		abCase("3.1", "Invalid UTF-8 text message in one frame", "§5.6, §8.1", refused, refuse(time.Second, sendF(text(true, opText, bad)))),
		abCase("3.2", "Invalid UTF-8 text message in fragments of one byte", "§5.4, §5.6, §8.1", refused, refuse(time.Second, fragmentsOf(opText, bad, 1)...)),
	)
	// 6.4.x: a valid start, a pause, the bytes that make it invalid (a
	// code point beyond U+10FFFF), a pause, the rest. The server should
	// fail the connection during the second pause: the first mark only.
	tooHigh := []byte(kosme + "\xf4\x90\x80\x80edited")
	cuts := [2][3][]byte{
		{[]byte(kosme), []byte("\xf4\x90\x80\x80"), []byte("edited")},
		{tooHigh[:12], tooHigh[12:13], tooHigh[13:]},
	}
	for j, inFrame := range []bool{false, true} {
		for i, parts := range cuts {
			id := fmt.Sprintf("4.%d", 1+i+2*j)
			var script []step
			how := "three fragments"
			if inFrame {
				how = "three pieces of one frame"
				script = streamedFrame(opText, parts[:])
			} else {
				script = []step{sendF(text(false, opText, parts[0])), waitMark(time.Second, "A"),
					sendF(text(false, opContinuation, parts[1])), waitMark(time.Second, "B"), sendF(text(true, opContinuation, parts[2]))}
			}
			what := "the whole invalid code point"
			if i == 1 {
				what = "only the byte that makes it invalid"
			}
			spec := abSpec{script: script, end: killAfter, after: time.Second,
				expect:     []outcome{ok(markEv("A")), nonStrictOf(markEv("A"), markEv("B"))},
				closedByMe: false, codes: []int{codeInvalidData}, wrongEndpointFatal: true}
			cases = append(cases, abCase(id, fmt.Sprintf("Invalid UTF-8 in %s with 1 s pauses, the second holding %s", how, what), "§5.6, §8.1",
				"The connection failed (1007) during the second pause, as soon as the bytes were invalid; failing only at the end of the message is NON-STRICT", spec))
		}
	}
	for g, group := range utf8Groups() {
		for v, vec := range group.vectors {
			id := fmt.Sprintf("%d.%d", 5+g, 1+v)
			title := fmt.Sprintf("%s: % X", group.name, vec.bytes)
			if len(vec.bytes) > 24 {
				title = fmt.Sprintf("%s: % X … (%d bytes)", group.name, vec.bytes[:16], len(vec.bytes))
			}
			s := sendF(text(true, opText, vec.bytes))
			if vec.valid {
				cases = append(cases, abCase(id, title, "§5.6", echoed, echoSpec(killAfter, 500*time.Millisecond, []step{s}, textEv(vec.bytes))))
			} else {
				cases = append(cases, abCase(id, title, "§5.6, §8.1", refused, refuse(500*time.Millisecond, s)))
			}
		}
	}
	return cases
}

// fragmentsOf cuts a message into frames of size bytes (at least one
// frame), as a sender with a fragment size does.
func fragmentsOf(op wsframe.Opcode, p []byte, size int) []step {
	var steps []step
	for i := 0; i == 0 || i < len(p); i += size {
		end := min(i+size, len(p))
		f := frame{Fin: end == len(p), Opcode: opContinuation, Payload: p[i:end]}
		if i == 0 {
			f.Opcode = op
		}
		steps = append(steps, sendF(f))
	}
	return steps
}

// streamedFrame sends one frame without FIN whose header announces all
// of parts, each part after a 1 s pause (marks A and B), then an empty
// final continuation frame: a server that reads whole frames cannot fail
// fast here, one that reads bytes as they come can.
func streamedFrame(op wsframe.Opcode, parts [][]byte) []step {
	var n uint64
	for _, p := range parts {
		n += uint64(len(p))
	}
	f := frame{Opcode: op, Announce: &n}
	head := f.header()
	plain := f // the same frame as a server sends it, unmasked
	plain.Unmasked = true
	m := masker{key: f.key()}
	var steps []step
	for i, p := range parts {
		b := append([]byte{}, p...)
		m.apply(b)
		bs := p
		what := fmt.Sprintf("%d more bytes of the frame's payload: % X", len(p), p)
		whatS := what
		if i == 0 {
			b = append(head, b...)
			bs = append(plain.header(), p...)
			what = fmt.Sprintf("%s, with the first %d bytes of its payload: % X", f.describe(), len(p), p)
			whatS = fmt.Sprintf("%s, with the first %d bytes of its payload: % X", asServer.describe(&plain), len(p), p)
		} else {
			steps = append(steps, waitMark(time.Second, string(rune('A'+i-1))))
		}
		steps = append(steps, step{raw: b, rawServer: bs, rawWhat: what, rawServerWhat: whatS})
	}
	return append(steps, sendF(frame{Fin: true, Opcode: opContinuation}))
}
