package sampleserver

import (
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
)

// /close and /drop without ?after= echo for their default 2 s before they
// end the connection, so a client has time to see the echo work first.
func TestCloseAndDropEchoBeforeTheirDefaultDelay(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{"/close", "/drop"} {
		t.Run(path, func(t *testing.T) {
			c := rawDial(t, s.Addr(), path)
			c.sendFrames(text(true, "hello"))
			if f := c.recv(); f.Opcode != wsframe.Text || string(f.Payload) != "hello" {
				t.Fatalf("first frame: %v %q, want the echo of \"hello\" (the end comes 2 s later)", f.Opcode, f.Payload)
			}
			c.sendFrames(closeFrame(1000, ""))
			if code, _ := c.recvCloseOrErr(); code != 1000 {
				t.Errorf("close: %d, want 1000 echoed", code)
			}
		})
	}
}
