package conformance

import (
	"fmt"

	"github.com/wssample/wssample/internal/wsframe"
)

// opcodeCases: category 4, the reserved opcodes (§5.2): 0x3–0x7 are
// reserved for further data frames, 0xB–0xF for further control frames.
// "If an unknown opcode is received, the receiving endpoint MUST Fail the
// WebSocket Connection."
func opcodeCases() []Case {
	var cases []Case
	for i, op := range []byte{0x3, 0x4, 0x5, 0x6, 0x7} {
		cases = append(cases, failCase(fmt.Sprintf("1.%d", i+1), fmt.Sprintf("Reserved data opcode 0x%X", op), "§5.2", codeProtocolError,
			fmt.Sprintf("a frame with the reserved data opcode 0x%X", op),
			frame{Fin: true, Opcode: wsframe.Opcode(op), Payload: []byte("Hello")}))
	}
	for i, op := range []byte{0xB, 0xC, 0xD, 0xE, 0xF} {
		cases = append(cases, failCase(fmt.Sprintf("2.%d", i+1), fmt.Sprintf("Reserved control opcode 0x%X", op), "§5.2", codeProtocolError,
			fmt.Sprintf("a frame with the reserved control opcode 0x%X", op),
			frame{Fin: true, Opcode: wsframe.Opcode(op), Payload: []byte("Hello")}))
	}
	return cases
}
