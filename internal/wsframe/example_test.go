package wsframe_test

import (
	"bufio"
	"bytes"
	"fmt"

	"github.com/wssample/wssample/internal/wsframe"
)

// A client sends "Hello" as two fragments; a server reads them back.
func Example() {
	var wire bytes.Buffer
	key := [4]byte{0x37, 0xfa, 0x21, 0x3d} // use crypto/rand for real keys
	wsframe.WriteFrame(&wire, wsframe.Frame{Fin: false, Opcode: wsframe.Text, Payload: []byte("Hel")}, &key)
	wsframe.WriteFrame(&wire, wsframe.Frame{Fin: true, Opcode: wsframe.Continuation, Payload: []byte("lo")}, &key)
	fmt.Printf("on the wire: % x\n", wire.Bytes())

	r := bufio.NewReader(&wire)
	for range 2 {
		f, err := wsframe.ReadFrame(r, 1024)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%v fin=%v masked=%v %q\n", f.Opcode, f.Fin, f.Masked, f.Payload)
	}
	// Output:
	// on the wire: 01 83 37 fa 21 3d 7f 9f 4d 80 82 37 fa 21 3d 5b 95
	// text fin=false masked=true "Hel"
	// continuation fin=true masked=true "lo"
}
