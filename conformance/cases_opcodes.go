package conformance

import (
	"fmt"

	"github.com/wssample/wssample/internal/wsframe"
)

// opcodeCases: category 4, the reserved opcodes (§5.2): 0x3–0x7 are
// reserved for further data frames (4.1.x), 0xB–0xF for further control
// frames (4.2.x). "If an unknown opcode is received, the receiving
// endpoint MUST Fail the WebSocket Connection." As in category 3, a
// valid message sent first should come back before the failure.
func opcodeCases() []Case {
	hello := []byte("Hello, world!")
	text := frame{Fin: true, Opcode: opText, Payload: hello}
	ping := frame{Fin: true, Opcode: opPing}
	var cases []Case
	for sub, ops := range [][]byte{{3, 4, 5, 6, 7}, {11, 12, 13, 14, 15}} {
		kind := "data"
		if sub == 1 {
			kind = "control"
		}
		for i, op := range ops {
			id := fmt.Sprintf("%d.%d", sub+1, i+1)
			f := frame{Fin: true, Opcode: wsframe.Opcode(op)}
			switch i {
			case 0:
				cases = append(cases, abCase(id, fmt.Sprintf("Frame with the reserved %s opcode %d, no payload", kind, op), "§5.2",
					"The connection failed: 1002 (protocol error), or TCP dropped",
					failSpec(codeProtocolError, []step{sendF(f)})))
			case 1:
				f.Payload = []byte("reserved opcode payload")
				cases = append(cases, abCase(id, fmt.Sprintf("Frame with the reserved %s opcode %d and a payload", kind, op), "§5.2",
					"The connection failed: 1002 (protocol error), or TCP dropped",
					failSpec(codeProtocolError, []step{sendF(f)})))
			default:
				title := fmt.Sprintf("Text message, then the reserved %s opcode %d", kind, op)
				if i >= 3 {
					f.Payload = hello
					title += " with a payload"
				}
				title += ", then a ping"
				script := []step{sendF(text), sendF(f), sendF(ping)}
				if i == 4 {
					title += ", written one byte at a time"
					script = []step{sendChop(text, 1), sendChop(f, 1), sendChop(ping, 1)}
				}
				cases = append(cases, abCase(id, title, "§5.2",
					"The message back, then the connection failed (1002) with no pong; failing before the echo is NON-STRICT",
					failSpec(codeProtocolError, script, textEv(hello))))
			}
		}
	}
	return cases
}
