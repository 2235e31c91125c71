package sampleserver

import (
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

func TestEchoTextAndBinary(t *testing.T) {
	s := startServer(t, Config{})
	for _, u := range []string{s.URL("/echo"), s.SecureURL("/echo")} {
		t.Run(u[:strings.Index(u, ":")], func(t *testing.T) {
			c := dial(t, s, u)
			write(t, c, websocket.MessageText, []byte("Hello World"))
			if typ, got := read(t, c); typ != websocket.MessageText || got != "Hello World" {
				t.Errorf("echo = %v %q, want text %q", typ, got, "Hello World")
			}
			data := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
			write(t, c, websocket.MessageBinary, data)
			if typ, got := read(t, c); typ != websocket.MessageBinary || got != string(data) {
				t.Errorf("echo = %v %x, want binary %x", typ, got, data)
			}
			if err := c.Close(websocket.StatusNormalClosure, clientCloseReason); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

// A message far larger than any buffer comes back whole: the echo streams.
func TestEchoLargeMessage(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/echo"))
	c.SetReadLimit(-1)
	big := make([]byte, 8<<20)
	rand.Read(big)

	ctx := testCtx(t)
	errc := make(chan error, 1)
	// Write and read at once: neither side buffers the whole message, so a
	// sequential write-then-read would deadlock on full TCP buffers.
	go func() { errc <- c.Write(ctx, websocket.MessageBinary, big) }()
	typ, r, err := c.Reader(ctx)
	if err != nil {
		t.Fatalf("Reader: %v", err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("write: %v", err)
	}
	if typ != websocket.MessageBinary || !bytes.Equal(got, big) {
		t.Fatalf("echo of %d bytes: type %v, %d bytes, equal=%v", len(big), typ, len(got), bytes.Equal(got, big))
	}
}

func TestGreet(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/greet"))
	if typ, got := read(t, c); typ != websocket.MessageText || got != greeting {
		t.Fatalf("first message = %v %q, want text %q", typ, got, greeting)
	}
	write(t, c, websocket.MessageText, []byte("hi"))
	if _, got := read(t, c); got != "hi" {
		t.Fatalf("echo = %q, want %q", got, "hi")
	}
}
