package sampleserver

import (
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestSample(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/sample"))

	typ, got := read(t, c)
	if typ != websocket.MessageText || !strings.HasPrefix(got, "EchoWebSocket Connected at: ") {
		t.Fatalf("announcement = %v %q", typ, got)
	}
	stamp := strings.TrimPrefix(got, "EchoWebSocket Connected at: ")
	if _, err := time.ParseInLocation(announcementLayout, stamp, time.Local); err != nil {
		t.Errorf("announcement time %q does not parse as %q: %v", stamp, announcementLayout, err)
	}

	write(t, c, websocket.MessageText, []byte("Hello World"))
	if typ, got := read(t, c); typ != websocket.MessageText || got != `You said: "Hello World"` {
		t.Errorf("text reply = %v %q", typ, got)
	}
	write(t, c, websocket.MessageBinary, make([]byte, 10))
	if typ, got := read(t, c); typ != websocket.MessageText || got != "binary message received, size=10 bytes" {
		t.Errorf("binary reply = %v %q", typ, got)
	}
}

// A binary message sent in several frames is counted whole (the original
// server reported only the last fragment's size).
func TestSampleFragmentedBinaryCountsWholeMessage(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/sample"))
	read(t, c) // announcement

	w, err := c.Writer(testCtx(t), websocket.MessageBinary)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		// Each Write of a message writer is one frame.
		if _, err := w.Write(make([]byte, 1000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, got := read(t, c); got != "binary message received, size=3000 bytes" {
		t.Errorf("reply = %q", got)
	}
}

func TestSampleMessageTooBig(t *testing.T) {
	s := startServer(t, Config{MaxMessageSize: 1000})
	for _, typ := range []websocket.MessageType{websocket.MessageText, websocket.MessageBinary} {
		t.Run(typ.String(), func(t *testing.T) {
			c := dial(t, s, s.URL("/sample"))
			read(t, c) // announcement

			// Exactly at the limit is fine.
			write(t, c, typ, make([]byte, 1000))
			read(t, c)

			write(t, c, typ, make([]byte, 1001))
			_, _, err := c.Read(testCtx(t))
			if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
				t.Fatalf("read after an oversized message: %v, want close 1009", err)
			}
			var ce websocket.CloseError
			if !asCloseError(err, &ce) || ce.Reason != "Message too big: /sample accepts at most 1000 bytes." {
				t.Errorf("close reason = %q", ce.Reason)
			}
		})
	}
}
