package conformance

import (
	"bytes"
	"fmt"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// framingCases: category 1, Autobahn's 1.1.x (text) and 1.2.x (binary):
// one message in one frame at each edge of the three length encodings of
// §5.2 (7 bits up to 125, 16 bits up to 65535, 64 bits beyond), and the
// largest one written in chops of 997 bytes, which a server must
// reassemble whatever the TCP segments (§5.2 defines the frame as bytes,
// not as reads).
func framingCases() []Case {
	var cases []Case
	for sub, kind := range []struct {
		name string
		fill byte
		op   wsframe.Opcode
	}{{"Text", '*', opText}, {"Binary", 0xFE, opBinary}} {
		lengths := []int{0, 125, 126, 127, 128, 65535, 65536, 65536}
		for i, n := range lengths {
			p := bytes.Repeat([]byte{kind.fill}, n)
			f := frame{Fin: true, Opcode: kind.op, Payload: p}
			// Autobahn gives the cases of 64 KiB ten seconds, the small ones one.
			wait := time.Second
			if n > 128 {
				wait = 10 * time.Second
			}
			s, title := sendF(f), fmt.Sprintf("%s message of %s in one frame", kind.name, byteCount(uint64(n)))
			if i == 7 {
				s, title = sendChop(f, 997), fmt.Sprintf("%s message of %s, written in chops of 997 bytes", kind.name, byteCount(uint64(n)))
			}
			ev := textEv(p)
			if kind.op == opBinary {
				ev = binaryEv(p)
			}
			cases = append(cases, abCase(fmt.Sprintf("%d.%d", sub+1, i+1), title, "§5.2, §5.6",
				"The message back unchanged, then a clean close with 1000 (normal closure)",
				echoSpec(killAfter, wait, []step{s}, ev)))
		}
	}
	return cases
}
