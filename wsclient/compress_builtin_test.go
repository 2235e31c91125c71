package wsclient_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// Compression against the built-in server, which agrees to
// permessage-deflate on /echo (RFC 7692).
func TestCompressionWithTheBuiltInEcho(t *testing.T) {
	srv := testserver.Start(t)
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{Compression: wsclient.CompressionContextTakeover, CompressionThreshold: 1})
	r := &recorder{t: t, events: m.Events()}
	if err := m.Connect(srv.URL("/echo")); err != nil {
		t.Fatal(err)
	}
	connected := r.waitFor(wsclient.EventConnected, 10*time.Second)
	if !strings.HasPrefix(connected.Info.Extensions, "permessage-deflate") {
		t.Fatalf("agreed extensions %q, want permessage-deflate", connected.Info.Extensions)
	}
	if err := m.Send("Hello World"); err != nil {
		t.Fatal(err)
	}
	if got := r.waitFor(wsclient.EventMessage, 10*time.Second); got.Text != "Hello World" {
		t.Fatalf("echo %q", got.Text)
	}

	// A text the server must refuse only at its end (cut in a character,
	// after more than /echo's buffer): /echo has streamed the start back
	// when it fails the connection with 1007, so its close frame lands in
	// the middle of a compressed message the library is reading. The
	// library (v1.8.15) then dereferences the sliding window it has just
	// released; the reader must turn that into a lost connection said in
	// words, not a crash of the app.
	cut := append(bytes.Repeat([]byte("a"), 300<<10), 0xC3)
	if err := m.Send(string(cut)); err != nil {
		t.Fatal(err)
	}
	end := r.waitForEnd(10 * time.Second)
	if end.Kind != wsclient.EventClosed || !end.IsError() || !strings.Contains(end.Close.Reason, "the WebSocket library failed while reading") {
		t.Fatalf("the connection ended with %q, want a failure that says the library failed", end.String())
	}
}
