package wsclient_test

import (
	"errors"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// SendBinary writes one binary message (RFC 6455 §5.6: opcode 0x2, any
// bytes, no UTF-8 check); the echo comes back as a binary message with the
// same bytes, even those that are not UTF-8.
func TestMessageSocketSendBinaryRFC6455Section5_6(t *testing.T) {
	srv := wsServer(t, echo)
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{})
	if err := m.SendBinary([]byte{1}); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("SendBinary before Connect = %v, want ErrNotConnected", err)
	}
	rec := &recorder{t: t, events: m.Events()}
	if err := m.Connect(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	data := []byte{0x00, 0xff, 0xc3, 0x28, 'H', 'i', 0x80}
	if err := m.SendBinary(data); err != nil {
		t.Fatal(err)
	}
	got := rec.waitFor(wsclient.EventMessage, 5*time.Second)
	if got.Type != wsclient.TypeBinary || got.Text != string(data) {
		t.Fatalf("echo = %s % x, want Binary % x", got.Type, got.Text, data)
	}
	if err := m.SendBinary(nil); err != nil { // an empty binary message is a message too
		t.Fatal(err)
	}
	if got := rec.waitFor(wsclient.EventMessage, 5*time.Second); got.Type != wsclient.TypeBinary || got.Text != "" {
		t.Fatalf("echo of an empty message = %s %q", got.Type, got.Text)
	}
	m.Close()
	if closed := rec.waitForEnd(3 * time.Second); closed.Sent != int64(len(data)) || closed.Received != int64(len(data)) {
		t.Fatalf("totals %d/%d, want %d each way", closed.Sent, closed.Received, len(data))
	}
}
