package wire

import (
	"bytes"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// RFC 6455 §5.2: an opcode no extension defined (0x3) fails the
// connection. When the byte that breaks the rule is the first of a read
// (here the header's second byte, which completes it, comes alone), there
// are no good bytes to hand on first: that Read fails at once, and so
// does every later one.
func TestWireReadFailsAtOnceWhenTheFirstByteBreaksTheRule(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	go func() {
		server.Write([]byte{0x83}) // FIN, opcode 0x3
		server.Write([]byte{0x00}) // no payload: the header is complete
	}()
	w := New(client, client)
	buf := make([]byte, 16)
	if n, err := w.Read(buf); n != 1 || err != nil {
		t.Fatalf("Read of the first byte = %d, %v; want it handed on", n, err)
	}
	for i := range 2 {
		n, err := w.Read(buf)
		var v *wsframe.Violation
		if n != 0 || !errors.As(err, &v) || v.Code != wsframe.ProtocolError {
			t.Fatalf("Read %d = %d, %v; want 0 and a protocol error", i+1, n, err)
		}
	}
}

// SetWriteDeadline reaches the connection below when the transport said
// what it is (a write past it fails with a timeout), and is harmless when
// it did not (conn nil).
func TestWireWriteDeadlineReachesTheConnectionBelow(t *testing.T) {
	client, server := net.Pipe() // nobody reads server: a write blocks until its deadline
	defer server.Close()
	var frame bytes.Buffer
	wsframe.WriteFrame(&frame, wsframe.Frame{Fin: true, Opcode: wsframe.Binary, Payload: []byte("x")}, &[4]byte{1, 2, 3, 4})
	w := New(client, client)
	w.SetWriteDeadline(time.Now().Add(-time.Second))
	done := make(chan error, 1)
	go func() { _, err := w.Write(frame.Bytes()); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("Write past the deadline = %v, want a timeout", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("Write past its deadline still blocked after 5 s: the deadline did not reach the connection")
		client.Close()
		<-done
	}
	client.Close()

	untold, peer := net.Pipe()
	defer untold.Close()
	defer peer.Close()
	New(untold, nil).SetWriteDeadline(time.Now()) // no connection to tell: nothing happens
}
