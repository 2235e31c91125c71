package sampleserver

import (
	"bufio"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wssample/wssample/internal/wsframe"
)

// RFC 6455 §8.1 and §5.6: a text message that is not valid UTF-8 fails the
// connection with 1007, on every endpoint that reads — whether the bad
// bytes come in one frame or split over two, and without waiting for the
// end of a message that already cannot be valid. §5.5.1, §7.4.1: the same
// for the reason of a close frame (RFC 6455 §8.1 says invalid UTF-8 is
// answered with 1007, whatever frame carries it).
func TestInvalidUTF8Fails1007(t *testing.T) {
	s := startServer(t, Config{})
	for _, tc := range []struct {
		name   string
		frames []frame
	}{
		{"C3 28", []frame{text(true, "\xc3\x28")}},
		{"FF", []frame{text(true, "ok \xff")}},
		{"surrogate ED A0 80", []frame{text(true, "\xed\xa0\x80")}},
		{"split over two frames", []frame{text(false, "\xe2\x82"), cont(true, "\x28")}},
		{"bad byte in a frame that is not the last", []frame{text(false, "ok \xc0")}}, // and the rest never comes
		{"message ends inside a character", []frame{text(true, "caf\xc3")}},
		{"close reason C3 28", []frame{closeFrame(1000, "\xc3\x28")}},
		{"close reason FF", []frame{closeFrame(4000, "\xff")}},
		{"close reason surrogate", []frame{closeFrame(1001, "\xed\xa0\x80")}},
	} {
		for _, ep := range readingEndpoints(s) {
			t.Run(ep.name+"/"+tc.name, func(t *testing.T) {
				c := ep.dial(t)
				c.sendFrames(tc.frames...)
				code, reason := c.recvClose()
				if code != 1007 || reason == "" || !utf8.ValidString(reason) {
					t.Fatalf("server's close frame = %d %q, want 1007 with a reason", code, reason)
				}
				c.expectEOF()
			})
		}
	}
	assertServes(t, s)
}

// Valid UTF-8 cut between frames is fine: the validator carries the
// character over (RFC 6455 §5.6: only the whole message must be valid).
func TestUTF8SplitAcrossFramesEchoes(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	c.sendFrames(text(false, "caf\xc3"), cont(false, "\xa9 \xe2\x82"), cont(true, "\xac"))
	var got []byte
	for {
		f := c.recv()
		got = append(got, f.Payload...)
		if f.Fin {
			break
		}
	}
	if string(got) != "café €" {
		t.Errorf("echo = %q, want %q", got, "café €")
	}
}

// RFC 6455 §7.4.1, §7.4.2: close codes that may not appear on the wire are
// a protocol error (1002), and so is a close payload of one byte (§5.5.1).
func TestInvalidCloseCodeFails1002(t *testing.T) {
	s := startServer(t, Config{})
	for _, code := range []int{0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535} {
		for _, ep := range readingEndpoints(s) {
			t.Run(ep.name+"/"+strconv.Itoa(code), func(t *testing.T) {
				c := ep.dial(t)
				c.sendFrames(frame{fin: true, op: 8, payload: string([]byte{byte(code >> 8), byte(code)}) + "bye"})
				if got, reason := c.recvClose(); got != 1002 {
					t.Fatalf("server's close frame = %d %q, want 1002", got, reason)
				}
				c.expectEOF()
			})
		}
	}
	for _, ep := range readingEndpoints(s) {
		t.Run(ep.name+"/one byte", func(t *testing.T) {
			c := ep.dial(t)
			c.sendFrames(frame{fin: true, op: 8, payload: "\x03"})
			if got, reason := c.recvClose(); got != 1002 {
				t.Fatalf("server's close frame = %d %q, want 1002", got, reason)
			}
		})
	}
	assertServes(t, s)
}

// Frames that break the framing rules get 1002 with a reason in words, on
// every endpoint: RFC 6455 §5.1 (masking), §5.2 (reserved bits, opcodes,
// the shortest length encoding), §5.4 (fragmentation), §5.5 (control frames).
func TestProtocolErrorsFail1002(t *testing.T) {
	s := startServer(t, Config{})
	for _, tc := range []struct {
		name   string
		frames []frame
		reason string
	}{
		{"unmasked", []frame{{fin: true, op: 1, payload: "hi", unmasked: true}}, "Client frames must be masked."},
		{"RSV1", []frame{{fin: true, rsv: 4, op: 1, payload: "hi"}}, "Reserved bits 0x40 are set, but no extension was agreed."},
		{"opcode 3", []frame{{fin: true, op: 3}}, "Unknown opcode 0x3."},
		{"opcode 0xB", []frame{{fin: true, op: 0xB}}, "Unknown opcode 0xB."},
		{"fragmented ping", []frame{{op: 9}}, "A ping frame must not be fragmented."},
		{"ping of 126 bytes", []frame{{fin: true, op: 9, payload: strings.Repeat("p", 126)}}, "A ping frame carries at most 125 bytes, not 126."},
		{"16-bit length of 5", []frame{{fin: true, op: 2, payload: "hello", lenField: 16}}, "A length of 5 must be sent in 7 bits, not 16 (the shortest encoding is required)."},
		{"64-bit length of 200", []frame{{fin: true, op: 2, payload: strings.Repeat("x", 200), lenField: 64}}, "A length of 200 must not be sent in 64 bits (the shortest encoding is required)."},
		{"continuation first", []frame{cont(true, "x")}, "Continuation frame without a message to continue."},
		{"new message mid-message", []frame{text(false, "a"), text(true, "b")}, "New message started before the previous one ended."},
	} {
		for _, ep := range readingEndpoints(s) {
			t.Run(ep.name+"/"+tc.name, func(t *testing.T) {
				c := ep.dial(t)
				c.sendFrames(tc.frames...)
				if code, reason := c.recvClose(); code != 1002 || reason != tc.reason {
					t.Fatalf("server's close frame = %d %q, want 1002 %q", code, reason, tc.reason)
				}
				c.expectEOF()
			})
		}
	}
	assertServes(t, s)
}

// The wait after a close frame is bounded: a client that broke a rule and
// then neither answers nor closes is dropped after the linger, and its
// connection slot comes back (no hang, whatever the client does).
func TestLingerIsBounded(t *testing.T) {
	s := startServer(t, Config{linger: 50 * time.Millisecond})
	for _, ep := range readingEndpoints(s) {
		t.Run(ep.name, func(t *testing.T) {
			c := ep.dial(t)
			c.sendFrames(text(true, "\xff"))
			if code, _ := c.recvClose(); code != 1007 {
				t.Fatalf("close = %d, want 1007", code)
			}
			// The client stays, silent: the server gives up after the linger.
			waitFor(t, "the handler to end", func() bool { return len(s.slots) == 0 })
		})
	}
	assertServes(t, s)
}

// /echo streams a message too large for its buffer. When the text turns
// out invalid past that point, the part already echoed is left unfinished
// before the 1007: the client must never receive a complete text message
// that is not valid UTF-8 from the server (RFC 6455 §8.1 binds both sides).
func TestEchoNeverCompletesInvalidText(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	sent := strings.Repeat("a", echoBufSize+1000) + "\xe2\x82\x28"
	c.sendFrames(text(true, sent))
	var message []byte
	for {
		f := c.recv()
		if f.Opcode == wsframe.Close {
			if code, _ := wsframe.ParseClosePayload(f.Payload); code != 1007 {
				t.Fatalf("close %d, want 1007", code)
			}
			break
		}
		message = append(message, f.Payload...)
		if !strings.HasPrefix(sent, string(message)) {
			t.Fatalf("the server echoed %d bytes that the client did not send (they end % x)", len(message), message[len(message)-2:])
		}
		if f.Fin && !utf8.Valid(message) {
			t.Fatalf("the server completed a text message of %d bytes that is not valid UTF-8 (it ends % x)", len(message), message[len(message)-2:])
		}
	}
}

// Frames sent in the same packet as the handshake request reach the server
// inside net/http's buffer, before any WebSocket exists; they are checked
// like every other byte (upgradeWriter.Hijack).
func TestFramesBehindTheRequestAreChecked(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{"/echo", "/partial"} {
		conn := httpConn(t, s.Addr())
		conn.SetDeadline(time.Now().Add(testTimeout))
		request := "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
		if _, err := conn.Write(append([]byte(request), text(true, "ok \xff").bytes()...)); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
			t.Fatalf("%s: handshake: %v %v", path, resp, err)
		}
		c := &rawConn{t: t, conn: conn, r: br}
		if code, reason := c.recvClose(); code != 1007 {
			t.Errorf("%s: close %d %q, want 1007", path, code, reason)
		}
	}
}
