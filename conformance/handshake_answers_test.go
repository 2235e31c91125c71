package conformance

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
)

// The server's answer to the opening handshake, held to what a client
// must check (RFC 6455 §4.1's last list, RFC 7692 §7.1): each test runs
// the checker against a scripted server (scriptserver_test.go) whose
// answer is right but for one thing, or right at an edge, and states the
// checker's verdict and its words.

// valid101 is a correct 101 answer to r, without its final empty line.
func valid101(r *http.Request) string {
	return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + wsframe.AcceptKey(r.Header.Get("Sec-WebSocket-Key")) + "\r\n"
}

// A window of 8 to 15 bits is what RFC 7692 §7.1.2.1 and §7.1.2.2 allow
// in an answer: a server that answers 8 or 15, for its own window or the
// checker's, and keeps to it, passes 12.1.1 (the answer accepts the plain
// offer: server_max_window_bits may be answered unasked, §7.1.2.1), and
// the words name the window agreed.
func TestWindowBitsEightAndFifteenAcceptedRFC7692Section7_1_2(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		sc    serverScript
		words string
	}{
		{serverScript{extensions: "permessage-deflate; server_max_window_bits=8", serverBits: 8},
			"server_max_window_bits=8: its farthest back-reference was"},
		{serverScript{extensions: "permessage-deflate; server_max_window_bits=15"},
			"the server kept its context: its messages inflated with the window of the ones before"},
		{serverScript{extensions: "permessage-deflate; client_max_window_bits=8"},
			"client_max_window_bits=8: the checker compressed within a window of 256 bytes"},
		{serverScript{extensions: "permessage-deflate; client_max_window_bits=15"},
			"client_max_window_bits was offered and not used: the server left the checker's window at 15 bits"},
	} {
		t.Run(tt.sc.extensions, func(t *testing.T) {
			t.Parallel()
			rep := runScaled(t, startScripted(t, tt.sc), Options{}, keep("12.1.1"), testScale)
			r := rep.Results[0]
			if verdicts(r) != "OK/OK" || !strings.Contains(r.Detail, tt.words) {
				t.Errorf("%s: %s: %s %s\nwant OK/OK and the words %q", r.ID, verdicts(r), r.Detail, r.CloseDetail, tt.words)
			}
		})
	}
}

// An answer to the checker's offer of permessage-deflate that RFC 7692
// §7.1 refuses (a window outside 8 to 15 bits, a parameter twice, a value
// where none is allowed, a parameter unknown, an extension never offered,
// more than the one offered) fails the handshake, as a client must fail
// the connection (§7.1, RFC 6455 §4.1 point 5 of the client's checks):
// the case FAILED, with the answer's fault in the words.
func TestDeflateAnswersRFC7692RefusesFailTheHandshakeRFC7692Section7_1(t *testing.T) {
	t.Parallel()
	const refused = "Could not open a WebSocket for this case: the server refused the WebSocket handshake: "
	for _, tt := range []struct{ answer, words string }{
		{"permessage-deflate; server_max_window_bits=7", `its permessage-deflate answer has server_max_window_bits="7", not 8 to 15 (RFC 7692 §7.1.2)`},
		{"permessage-deflate; server_max_window_bits=16", `its permessage-deflate answer has server_max_window_bits="16", not 8 to 15 (RFC 7692 §7.1.2)`},
		{"permessage-deflate; client_max_window_bits=7", `its permessage-deflate answer has client_max_window_bits="7", not 8 to 15 (RFC 7692 §7.1.2)`},
		{"permessage-deflate; client_max_window_bits=16", `its permessage-deflate answer has client_max_window_bits="16", not 8 to 15 (RFC 7692 §7.1.2)`},
		{"permessage-deflate; client_max_window_bits", `its permessage-deflate answer has client_max_window_bits="", not 8 to 15 (RFC 7692 §7.1.2)`},
		{"permessage-deflate; server_no_context_takeover; server_no_context_takeover", "its permessage-deflate answer has server_no_context_takeover twice (RFC 7692 §7)"},
		{"permessage-deflate; client_no_context_takeover=1", "its permessage-deflate answer gives client_no_context_takeover a value (RFC 7692 §7.1.1)"},
		{"permessage-deflate; mystery=1", `its permessage-deflate answer has the unknown parameter "mystery" (RFC 7692 §7.1)`},
		{"x-webkit-deflate-frame", `it agreed to the extension "x-webkit-deflate-frame", which the checker never offered`},
		{"permessage-deflate, permessage-deflate", `it agreed to several extensions ("permessage-deflate, permessage-deflate") where the checker offered one (RFC 6455 §9.1)`},
	} {
		t.Run(tt.answer, func(t *testing.T) {
			t.Parallel()
			rep := runScaled(t, startScripted(t, serverScript{extensions: tt.answer}), Options{}, keep("12.1.1"), testScale)
			r := rep.Results[0]
			if verdicts(r) != "FAILED/FAILED" || r.Detail != refused+tt.words+"." ||
				r.CloseDetail != "The WebSocket opening handshake was never completed." {
				t.Errorf("%s: %s: %s %s\nwant FAILED/FAILED and the words %q", r.ID, verdicts(r), r.Detail, r.CloseDetail, refused+tt.words+".")
			}
		})
	}
}

// A server may answer a smaller window than the one asked of it, never a
// larger one (RFC 7692 §7.1.2.1): to 13.3.1's offer of
// server_max_window_bits=9, an answer of 12 accepts no offer, and the
// checker fails the connection with a close 1002 of its own.
func TestLargerServerWindowThanOfferedFailsRFC7692Section7_1_2_1(t *testing.T) {
	t.Parallel()
	const answer = "permessage-deflate; server_max_window_bits=12"
	rep := runScaled(t, startScripted(t, serverScript{extensions: answer, serverBits: 12}), Options{}, keep("13.3.1"), testScale)
	r := rep.Results[0]
	want := `The server's permessage-deflate answer breaks RFC 7692: its answer "` + answer + `" fits none of the offers`
	if verdicts(r) != "FAILED/FAILED" || !strings.HasPrefix(r.Detail, want) ||
		r.CloseDetail != "The checker failed the connection: the extension was not agreed." {
		t.Errorf("%s: %s: %s %s\nwant FAILED/FAILED and the words %q", r.ID, verdicts(r), r.Detail, r.CloseDetail, want)
	}
}

// A client accepts a subprotocol it offered and fails one it never
// offered (RFC 6455 §4.1, point 6 of the client's checks): with one
// offered and answered, the WebSocket opens and the case passes; with two
// offered and a third answered, the run cannot start, and says why.
func TestSubprotocolAnsweredMustBeOneOfferedRFC6455Section4_1(t *testing.T) {
	t.Parallel()
	rep := runAgainst(t, startScripted(t, serverScript{protocol: "echo.v1"}), Options{Subprotocols: []string{"echo.v1"}}, keep("1.1.2"))
	if r := rep.Results[0]; verdicts(r) != "OK/OK" {
		t.Errorf("echo.v1 offered and answered: %s: %s: %s %s", r.ID, verdicts(r), r.Detail, r.CloseDetail)
	}
	url := startScripted(t, serverScript{protocol: "chat"})
	_, err := Run(context.Background(), url, Options{Subprotocols: []string{"echo.v1", "echo.v2"}}, keep("1.1.2"), nil)
	want := `the server refused the WebSocket handshake: it chose the subprotocol "chat", which the checker never offered`
	if !errors.Is(err, ErrRefused) || err.Error() != want {
		t.Errorf("chat answered to echo.v1, echo.v2: %v\nwant %q (ErrRefused)", err, want)
	}
}

// Without Options.Subprotocols the handshake has no
// Sec-WebSocket-Protocol header: when present it must list at least one
// subprotocol (RFC 6455 §4.1 point 10, §4.3's 1#token).
func TestNoSubprotocolsNoProtocolHeaderRFC6455Section4_1(t *testing.T) {
	t.Parallel()
	seen := make(chan []string, 8)
	rep := runAgainst(t, startScripted(t, serverScript{answer: func(r *http.Request) string {
		seen <- r.Header.Values("Sec-WebSocket-Protocol")
		return valid101(r) + "\r\n"
	}}), Options{}, keep("1.1.2"))
	if r := rep.Results[0]; verdicts(r) != "OK/OK" {
		t.Errorf("%s: %s: %s %s", r.ID, verdicts(r), r.Detail, r.CloseDetail)
	}
	close(seen)
	handshakes := 0
	for v := range seen {
		handshakes++
		if v != nil {
			t.Errorf("a handshake carried Sec-WebSocket-Protocol %q, with no subprotocol to offer", v)
		}
	}
	if handshakes < 2 { // the run's probe and the case
		t.Errorf("%d handshakes seen, want the probe's and the case's", handshakes)
	}
}

// The checker reads an answer's status line and headers up to 64 KiB
// (maxResponseHeader), so that a server cannot make it read without end:
// an answer of exactly 65,536 bytes up to and including its empty line
// opens the WebSocket, one byte more is refused, in words.
func TestAnswerHeadersUpTo64KiBRead(t *testing.T) {
	t.Parallel()
	// padded is a valid 101 of exactly size bytes, padded with X-Pad
	// headers of at most 1000 bytes each.
	padded := func(size int) func(r *http.Request) string {
		return func(r *http.Request) string {
			head := valid101(r)
			left := size - len(head) - len("\r\n")
			for left > 0 {
				n := min(left, 1000)
				if left-n > 0 && left-n < len("X-Pad: x\r\n") {
					n -= len("X-Pad: x\r\n") // leave room for one more line
				}
				head += "X-Pad: " + strings.Repeat("x", n-len("X-Pad: \r\n")) + "\r\n"
				left -= n
			}
			return head + "\r\n"
		}
	}
	for _, size := range []int{64 << 10, 64<<10 + 1} {
		if got := len(padded(size)(&http.Request{Header: http.Header{}})); got != size {
			t.Fatalf("the padded answer is %d bytes, want %d", got, size)
		}
	}
	rep := runAgainst(t, startScripted(t, serverScript{answer: padded(64 << 10)}), Options{}, keep("1.1.2"))
	if r := rep.Results[0]; verdicts(r) != "OK/OK" {
		t.Errorf("an answer of 65536 bytes: %s: %s: %s %s", r.ID, verdicts(r), r.Detail, r.CloseDetail)
	}
	url := startScripted(t, serverScript{answer: padded(64<<10 + 1)})
	_, err := Run(context.Background(), url, Options{}, keep("1.1.2"), nil)
	want := "gave no valid answer to the WebSocket handshake: the answer's headers are longer than 65536 bytes"
	if !errors.Is(err, ErrRefused) || !strings.HasSuffix(fmt.Sprint(err), want) {
		t.Errorf("an answer of 65537 bytes: %v\nwant the words %q (ErrRefused)", err, want)
	}
}

// A server that reads the handshake and closes the connection without a
// byte of answer: the run cannot start, and the words say the server
// closed it, not that a frame was cut.
func TestNoAnswerAtAllSaysClosedByTheServer(t *testing.T) {
	t.Parallel()
	url := startScripted(t, serverScript{answer: func(*http.Request) string { return "" }})
	_, err := Run(context.Background(), url, Options{}, keep("1.1.2"), nil)
	want := "gave no valid answer to the WebSocket handshake: closed by the server"
	if !errors.Is(err, ErrRefused) || !strings.HasSuffix(fmt.Sprint(err), want) {
		t.Errorf("%v\nwant the words %q (ErrRefused)", err, want)
	}
}
