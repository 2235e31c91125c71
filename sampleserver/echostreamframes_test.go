package sampleserver

import (
	"bytes"
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
)

// /echo streams a large message back a frame per piece it read, each
// piece's bytes in one frame (echo's doc comment), and no frame without
// bytes among them: the only empty frame is the last, the FIN frame the
// library's Writer.Close writes to end the message (RFC 6455 §5.4 allows
// empty fragments; each would cost the client a frame to parse and the
// server a write). Sent in one frame and in three, whose middle one is
// empty.
func TestEchoStreamsNoEmptyFrameButTheLastRFC6455Section5_4(t *testing.T) {
	s := startServer(t, Config{})
	sent := bytes.Repeat([]byte("0123456789abcdef"), (2*echoBufSize+3000)/16)
	half := string(sent[:len(sent)/2])
	for _, in := range [][]frame{
		{{fin: true, op: wsframe.Binary, payload: string(sent)}},
		{{op: wsframe.Binary, payload: half}, cont(false, ""), cont(true, string(sent[len(half):]))},
	} {
		c := rawDial(t, s.Addr(), "/echo")
		c.sendFrames(in...)
		var got []byte
		for n := 0; ; n++ {
			f := c.recvWithin(echoWait)
			got = append(got, f.Payload...)
			if f.Fin {
				break
			}
			if len(f.Payload) == 0 {
				t.Fatalf("sent in %d frames: echo frame %d, not the last, is empty", len(in), n)
			}
		}
		if !bytes.Equal(got, sent) {
			t.Fatalf("sent in %d frames: the echo differs (%d bytes, want %d)", len(in), len(got), len(sent))
		}
	}
}
