package wsclient_test

import (
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// A message over MaxMessageSize that arrives in fragments is just as
// big (RFC 6455 §5.4: the message is the fragments together): the client
// fails the connection with 1009 (§7.4.1) once their sum passes the
// bound, whether the message is text or binary. Failing the connection
// (§7.1.7) sends a close frame and then does not wait on the server:
// this server reads the close frame and never answers it, and the
// connection still ends within StopTimeout of it (plus a margin for a
// loaded machine), well before the library's own five-second wait for
// the answer would.
func TestFragmentedMessageTooBigFailsInBoundedTime(t *testing.T) {
	const piece = 64 << 10
	for _, op := range []byte{0x1, 0x2} {
		var frames []frame
		for sent := 0; sent <= wsclient.MaxMessageSize; sent += piece {
			f := frame{op: 0x0, payload: make([]byte, piece)}
			for i := range f.payload {
				f.payload[i] = 'a' // valid UTF-8 for the text message
			}
			if sent == 0 {
				f.op = op
			}
			frames = append(frames, f)
		}
		frames[len(frames)-1].fin = true
		name := map[byte]string{0x1: "text", 0x2: "binary"}[op]
		t.Run(name, func(t *testing.T) {
			srv := startHostile(t, "", nil, frames...)
			failsTooBig(t, srv, "MessageSocket", wsclient.StopTimeout+2*time.Second)
		})
	}
}
