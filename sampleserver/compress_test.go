package sampleserver

import (
	"bytes"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// dialCompressed connects offering permessage-deflate (RFC 7692) with
// context takeover, compressing every message (threshold 1), and returns
// the connection with the server's Sec-WebSocket-Extensions.
func dialCompressed(t *testing.T, s *Server, u string) (*websocket.Conn, string) {
	return dialCompressedMode(t, s, u, websocket.CompressionContextTakeover)
}

func dialCompressedMode(t *testing.T, s *Server, u string, mode websocket.CompressionMode) (*websocket.Conn, string) {
	t.Helper()
	c, resp, err := websocket.Dial(testCtx(t), u, &websocket.DialOptions{
		HTTPClient:           httpClient(s, nil),
		CompressionMode:      mode,
		CompressionThreshold: 1,
	})
	if err != nil {
		t.Fatalf("dial %s: %v", u, err)
	}
	t.Cleanup(func() { c.CloseNow() })
	c.SetReadLimit(-1)
	return c, resp.Header.Get("Sec-WebSocket-Extensions")
}

// /echo and /sample agree to permessage-deflate when the client offers
// it, and answer compressed messages as they answer plain ones.
func TestCompressionAgreedOnEchoAndSample(t *testing.T) {
	s := startServer(t, Config{})
	c, ext := dialCompressed(t, s, s.URL("/echo"))
	if !strings.HasPrefix(ext, "permessage-deflate") {
		t.Fatalf("/echo agreed to %q, want permessage-deflate", ext)
	}
	big := bytes.Repeat([]byte("Hello World "), 40000) // 480 KB: past the echo's buffer, streamed
	for _, m := range [][]byte{[]byte("Hello World"), big} {
		write(t, c, websocket.MessageText, m)
		if typ, got := read(t, c); typ != websocket.MessageText || got != string(m) {
			t.Fatalf("compressed echo of %d bytes came back as %v of %d bytes", len(m), typ, len(got))
		}
	}
	write(t, c, websocket.MessageBinary, []byte{0, 1, 2, 0xff})
	if typ, got := read(t, c); typ != websocket.MessageBinary || got != "\x00\x01\x02\xff" {
		t.Fatalf("binary echo = %v %x", typ, got)
	}

	c, ext = dialCompressed(t, s, s.URL("/sample"))
	if !strings.HasPrefix(ext, "permessage-deflate") {
		t.Fatalf("/sample agreed to %q, want permessage-deflate", ext)
	}
	read(t, c) // the announcement
	write(t, c, websocket.MessageText, []byte("héllo"))
	if _, got := read(t, c); got != `You said: "héllo"` {
		t.Fatalf("/sample answered %q", got)
	}
}

// A compressed text message that inflates to invalid UTF-8 fails the
// connection with 1007, as a plain one does (RFC 6455 §8.1; RFC 7692 §6:
// the check applies to the inflated data). The checker under the library
// cannot see it (the frames carry deflate data), so the handlers check.
func TestCompressedInvalidUTF8Is1007(t *testing.T) {
	var logged safeBuffer
	s := startServer(t, Config{Log: log.New(&logged, "", 0)})
	bad := map[string][]byte{
		"short":          {'o', 'k', 0xff},
		"cut at the end": append(bytes.Repeat([]byte("a"), 300<<10), 0xC3), // streamed by /echo
		"surrogate":      {0xED, 0xA0, 0x80},
	}
	for _, path := range []string{"/echo", "/sample"} {
		for name, text := range bad {
			t.Run(path+"/"+name, func(t *testing.T) {
				// Without context takeover on the client's side: the
				// library's reader (v1.8.15) dereferences a nil window when
				// a close frame ends a compressed message it is still
				// reading with context takeover (the "cut at the end" case:
				// /echo streams the start back, then closes). wsclient
				// guards its readers against that panic (conn.go).
				c, _ := dialCompressedMode(t, s, s.URL(path), websocket.CompressionNoContextTakeover)
				if path == "/sample" {
					read(t, c)
				}
				write(t, c, websocket.MessageText, text)
				_, _, err := c.Read(testCtx(t))
				if path == "/echo" && name == "cut at the end" {
					// /echo has streamed the message's start back when the
					// end turns out bad: its close frame then arrives in the
					// middle of a message, which the library's reader reports
					// as a closed connection. The server's log says what it sent.
					if err == nil {
						t.Fatal("the connection went on after a compressed text cut in a character")
					}
					want := "closed with 1007: A text message ends in the middle of a UTF-8 character."
					deadline := time.Now().Add(testTimeout)
					for !strings.Contains(logged.String(), want) { // the handler logs as it returns
						if time.Now().After(deadline) {
							t.Fatalf("no %q in the server's log within %s:\n%s", want, testTimeout, logged.String())
						}
						time.Sleep(5 * time.Millisecond)
					}
					return
				}
				if code := websocket.CloseStatus(err); code != websocket.StatusInvalidFramePayloadData {
					t.Fatalf("after compressed invalid UTF-8: %v (code %d), want 1007", err, code)
				}
			})
		}
	}
	// The server is still fine for the next client.
	c, _ := dialCompressed(t, s, s.URL("/echo"))
	write(t, c, websocket.MessageText, []byte("still here"))
	if _, got := read(t, c); got != "still here" {
		t.Fatalf("echo after the failures = %q", got)
	}
}

// /partial speaks raw frames through wsframe, which implements no
// extension: it declines compression (no Sec-WebSocket-Extensions), and
// the fault endpoints never offer it, so their bytes stay as documented.
func TestCompressionDeclinedByPartialAndFaults(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{"/partial", "/close?after=10s", "/drop?after=10s"} {
		c, ext := dialCompressed(t, s, s.URL(path))
		if ext != "" {
			t.Errorf("%s agreed to %q, want no extension", path, ext)
		}
		c.Close(websocket.StatusNormalClosure, "")
	}
}

// safeBuffer is a bytes.Buffer the server's handlers may log into while
// the test reads it.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
