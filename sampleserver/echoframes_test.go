package sampleserver

import (
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
)

// /echo streams a message too large for its buffer back in several frames,
// and the message keeps its type on the wire: RFC 6455 §5.4, a fragmented
// message's first frame carries its opcode (text here) and every other
// frame is a continuation; §5.6, the echo is the message the client sent.
// Seen frame by frame, as a client's own parser sees them, sent in one
// frame and in two.
func TestEchoStreamsLargeTextAsTextRFC6455Section5_4(t *testing.T) {
	s := startServer(t, Config{})
	sent := strings.Repeat("κόσμε ", (2*echoBufSize+3000)/len("κόσμε "))
	for _, in := range [][]frame{
		{text(true, sent)},
		{text(false, sent[:echoBufSize/2]), cont(true, sent[echoBufSize/2:])},
	} {
		c := rawDial(t, s.Addr(), "/echo")
		c.sendFrames(in...)
		var got []byte
		for n := 0; ; n++ {
			f := c.recv()
			want := wsframe.Continuation
			if n == 0 {
				want = wsframe.Text
			}
			if f.Opcode != want {
				t.Fatalf("sent in %d frames: echo frame %d is %v, want %v", len(in), n, f.Opcode, want)
			}
			got = append(got, f.Payload...)
			if f.Fin {
				if n == 0 {
					t.Errorf("sent in %d frames: a %d-byte message came back in one frame: not the streamed path", len(in), len(sent))
				}
				break
			}
		}
		if string(got) != sent {
			t.Fatalf("sent in %d frames: the echo differs (%d bytes, want %d)", len(in), len(got), len(sent))
		}
		c.sendFrames(closeFrame(1000, "done"))
		if code, _ := c.recvClose(); code != 1000 {
			t.Errorf("close %d, want 1000", code)
		}
	}
}
