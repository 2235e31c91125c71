package wsframe

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// With permessage-deflate agreed (RFC 7692 §6), RSV1 marks the first frame
// of a compressed message: its payload is deflate data, so a compressed
// text message is not checked for UTF-8 here (the inflated text is checked
// above). RSV1 anywhere else, and RSV2 or RSV3, stay violations (§6.1).
func TestCheckerRFC7692CompressedBit(t *testing.T) {
	deflated := "\xf2\x48\xcd\xc9\xc9\x07\x00" // not UTF-8: deflate data of "Hello"
	for _, tc := range []struct {
		name   string
		stream []byte
		code   int // 0: allowed
		at     int // bytes passed on before the violation
	}{
		{"compressed text", wire(true, 4, Text, deflated, testKey, -1), 0, 0},
		{"compressed binary", wire(true, 4, Binary, deflated, testKey, -1), 0, 0},
		{"compressed text in two frames", cat(wire(false, 4, Text, deflated[:3], testKey, -1), cf(true, Continuation, deflated[3:])), 0, 0},
		{"ping between the frames of a compressed text", cat(wire(false, 4, Text, deflated[:3], testKey, -1), cf(true, Ping, "p"), cf(true, Continuation, deflated[3:])), 0, 0},
		{"uncompressed text still checked", cf(true, Text, "\xff"), 1007, 6},
		{"uncompressed text after a compressed one still checked", cat(wire(true, 4, Text, deflated, testKey, -1), cf(true, Text, "\xff")), 1007, 6 + 7 + 6},
		{"RSV1 on a continuation", cat(cf(false, Text, "a"), wire(true, 4, Continuation, "b", testKey, -1)), 1002, 7 + 5},
		{"RSV1 on a ping", wire(true, 4, Ping, "", testKey, -1), 1002, 5},
		{"RSV1 on a close", wire(true, 4, Close, "", testKey, -1), 1002, 5},
		{"RSV2", wire(true, 2, Text, "hi", testKey, -1), 1002, 5},
		{"RSV1 and RSV3", wire(true, 5, Text, "hi", testKey, -1), 1002, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{0, 1, 3} {
				c := NewChecker(true)
				c.AllowCompression()
				passed, err := feed(c, tc.stream, size)
				if tc.code == 0 {
					if err != nil {
						t.Fatalf("pieces of %d: %v", size, err)
					}
					continue
				}
				var v *Violation
				if !errors.As(err, &v) || v.Code != tc.code || passed != tc.at {
					t.Fatalf("pieces of %d: %d passed, %v; want code %d after %d bytes", size, passed, err, tc.code, tc.at)
				}
				if len(v.Reason) > MaxCloseReason {
					t.Errorf("reason %q does not fit a close frame", v.Reason)
				}
			}
		})
	}
	// Without the extension, RSV1 is the violation it always was (RFC 6455 §5.2).
	if _, err := feed(NewChecker(true), wire(true, 4, Text, deflated, testKey, -1), 0); !errors.Is(err, ErrProtocol) {
		t.Errorf("RSV1 without the extension: %v", err)
	}
}

// The server's answer to an offer of permessage-deflate (RFC 7692 §7.1):
// what a client must accept and what it must fail.
func TestCheckServerHandshakeRFC7692Deflate(t *testing.T) {
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	const contextTakeover = "permessage-deflate"
	const noContextTakeover = "permessage-deflate; client_no_context_takeover; server_no_context_takeover"
	for _, tc := range []struct {
		name, offer, answer, want string
	}{
		{"declined", contextTakeover, "", ""},
		{"agreed", contextTakeover, "permessage-deflate", ""},
		{"agreed, other case", contextTakeover, "PerMessage-Deflate", ""},
		{"no context takeover agreed", noContextTakeover, "permessage-deflate; client_no_context_takeover; server_no_context_takeover", ""},
		{"server picks no context takeover itself", contextTakeover, "permessage-deflate; server_no_context_takeover", ""},
		{"server window bits", contextTakeover, "permessage-deflate; server_max_window_bits=10", ""},
		{"quoted window bits", contextTakeover, `permessage-deflate; server_max_window_bits="15"`, ""},
		{"not offered", "", "permessage-deflate", `the server chose extension "permessage-deflate", which the client did not offer`},
		{"another extension", contextTakeover, "x-webkit-deflate-frame", `the server chose extension "x-webkit-deflate-frame", which the client did not offer`},
		{"twice", contextTakeover, "permessage-deflate, permessage-deflate", "the server agreed to permessage-deflate twice"},
		{"twice in two lines", contextTakeover, "permessage-deflate\npermessage-deflate", "the server agreed to permessage-deflate twice"},
		{"client window bits not offered", contextTakeover, "permessage-deflate; client_max_window_bits=10", "the server's permessage-deflate answer limits client_max_window_bits, which the client did not offer"},
		{"window bits out of range", contextTakeover, "permessage-deflate; server_max_window_bits=16", `the server's permessage-deflate answer has server_max_window_bits="16", not 8 to 15`},
		{"window bits without value", contextTakeover, "permessage-deflate; server_max_window_bits", `the server's permessage-deflate answer has server_max_window_bits="", not 8 to 15`},
		{"unknown parameter", contextTakeover, "permessage-deflate; x=1", `the server's permessage-deflate answer has an unknown parameter "x"`},
		{"parameter twice", contextTakeover, "permessage-deflate; server_no_context_takeover; server_no_context_takeover", "the server's permessage-deflate answer names server_no_context_takeover twice"},
		{"value where none belongs", contextTakeover, "permessage-deflate; client_no_context_takeover=1", "the server's permessage-deflate answer gives client_no_context_takeover a value, which it must not have"},
		{"asked-for no context takeover left out", noContextTakeover, "permessage-deflate; client_no_context_takeover", "the server's permessage-deflate answer leaves out server_no_context_takeover, which the client asked for"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &http.Response{StatusCode: 101, Status: "101 Switching Protocols", Header: http.Header{
				"Upgrade":              {"websocket"},
				"Connection":           {"Upgrade"},
				"Sec-Websocket-Accept": {"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
			}}
			if tc.answer != "" {
				r.Header["Sec-Websocket-Extensions"] = strings.Split(tc.answer, "\n")
			}
			if got := errText(CheckServerHandshake(r, key, nil, tc.offer)); got != tc.want {
				t.Errorf("CheckServerHandshake = %q, want %q", got, tc.want)
			}
		})
	}
}

// TextCheck, for the inflated text of a compressed message, answers as
// Checker does for an uncompressed one (RFC 6455 §8.1): the same code,
// the same words, at the same byte.
func TestTextCheckAnswersAsChecker(t *testing.T) {
	for _, text := range []string{"Hello é€😀", "ab\xffcd", "ab\xed\xa0\x80", "cut \xe2\x82", "\xc0\xaf"} {
		c := NewChecker(true)
		passed, werr := feed(c, cf(true, Text, text), 0)
		var want *Violation
		errors.As(werr, &want)
		var tc TextCheck
		n, got := tc.Write([]byte(text))
		if got == nil {
			got = tc.Finish()
		}
		switch {
		case (want == nil) != (got == nil):
			t.Errorf("%q: Checker %v, TextCheck %v", text, want, got)
		case want != nil && (*want != *got):
			t.Errorf("%q: Checker %v, TextCheck %v", text, want, got)
		case want != nil && n < len(text) && n != passed-6:
			t.Errorf("%q: TextCheck stops at %d, Checker at payload byte %d", text, n, passed-6)
		}
	}
}
