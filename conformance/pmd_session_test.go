package conformance

import (
	"strings"
	"testing"
)

// What the server's compressed messages actually do, held to what it
// agreed to (RFC 7692 §7.1.1, §7.1.2), and the words that say which
// parameter a case exercised: each test runs a deflate case against a
// scripted server (scriptserver_test.go) that keeps or breaks one
// negotiated parameter, and states the verdict and the words.

// pmdWordsOf is the part of a deflate case's detail after the echo's
// words, without the full stop: what the agreement was and what was
// exercised (abrun.go appends it after "; ").
func pmdWordsOf(r Result) string {
	_, w, _ := strings.Cut(r.Detail, "; ")
	return strings.TrimSuffix(w, ".")
}

// A server that answers an offer of server_max_window_bits=15 without
// repeating it declares the largest window, the same as none (RFC 7692
// §7.1.2.1): the case says so. One that repeats it says nothing of it,
// and nothing of a 15-bit window to exercise: a window of 15 bits is no
// limit to check.
func TestServerWindowOfFifteenRepeatedOrNotRFC7692Section7_1_2_1(t *testing.T) {
	t.Parallel()
	const silent = "the answer did not repeat server_max_window_bits=15, the largest window, which needs no agreement"
	for _, tt := range []struct {
		answer string
		want   string
	}{
		{"permessage-deflate", "the server kept its context: its messages inflated with the window of the ones before; " + silent +
			"; the checker kept its context from message to message; client_max_window_bits was offered and not used: the server left the checker's window at 15 bits"},
		{"permessage-deflate; server_max_window_bits=15", "the server kept its context: its messages inflated with the window of the ones before" +
			"; the checker kept its context from message to message; client_max_window_bits was offered and not used: the server left the checker's window at 15 bits"},
	} {
		t.Run(tt.answer, func(t *testing.T) {
			t.Parallel()
			rep := runScaled(t, startScripted(t, serverScript{extensions: tt.answer}), Options{}, keep("13.4.1"), testScale)
			r := rep.Results[0]
			if verdicts(r) != "OK/OK" || pmdWordsOf(r) != tt.want {
				t.Errorf("%s: %s: %s\nwant OK/OK and the words %q", r.ID, verdicts(r), r.Detail, tt.want)
			}
		})
	}
}

// RFC 7692 lets a server send any message uncompressed (§6): the case
// passes, and says how many of the server's messages were compressed,
// none, some or (saying nothing of it) all.
func TestServerCompressingSomeOrNoneSaysHowManyRFC7692Section6(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		compress func(n int) bool
		want     string // the start of the words
	}{
		{"none", func(int) bool { return false },
			"the server compressed none of its 1000 messages (RFC 7692 lets it send any uncompressed): how it compresses was not exercised; the checker"},
		{"every other", func(n int) bool { return n%2 == 0 },
			"the server compressed 500 of its 1000 messages (RFC 7692 lets it send any uncompressed); the server kept its context"},
		{"all", nil, "the server kept its context"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sc := serverScript{extensions: "permessage-deflate", compress: tt.compress}
			rep := runScaled(t, startScripted(t, sc), Options{}, keep("12.1.1"), testScale)
			r := rep.Results[0]
			if verdicts(r) != "OK/OK" || !strings.HasPrefix(pmdWordsOf(r), tt.want) {
				t.Errorf("%s: %s: %s\nwant OK/OK and words starting %q", r.ID, verdicts(r), r.Detail, tt.want)
			}
		})
	}
}

// A compressed message that is no DEFLATE stream fails the case (RFC 7692
// §7.2.2), and with server_no_context_takeover agreed the words say that
// each message must inflate on its own (§7.1.1.1).
func TestServerMessageThatDoesNotInflateFailsRFC7692Section7_2_2(t *testing.T) {
	t.Parallel()
	sc := serverScript{extensions: "permessage-deflate; server_no_context_takeover", serverNoContext: true, corrupt: true}
	rep := runScaled(t, startScripted(t, sc), Options{}, keep("13.2.1"), testScale)
	r := rep.Results[0]
	const want = "; with server_no_context_takeover agreed, each message must inflate on its own (§7.1.1.1)"
	if r.Verdict != Fail || !strings.Contains(r.Detail, "the server sent a compressed message that does not inflate: ") ||
		!strings.Contains(r.Detail, want) {
		t.Errorf("%s: %s: %s\nwant FAILED and the words %q", r.ID, verdicts(r), r.Detail, want)
	}
}

// A server whose answer leaves out the server_max_window_bits=9 it was
// asked for is held to the 15 bits its answer declares (RFC 7692
// §7.1.2.1): the words say how far back it referred when that was beyond
// the 9 bits asked, and say nothing of it when it kept within them, to
// the last of their 512 bytes. (The server's own LZ77 refers, over 13.3.1's
// messages with 9 bits, exactly 512 bytes back at the farthest; with 15
// bits, over 13.3.3's, 32,750.)
func TestServerWindowUnconfirmedSaysHowFarBackRFC7692Section7_1_2_1(t *testing.T) {
	t.Parallel()
	const held = "its answer did not repeat server_max_window_bits=9, which RFC 7692 §7.1.2.1 asks of a server that accepts it, so it was held to the 15 bits its answer declares"
	for _, tt := range []struct {
		name, id string
		bits     int
		want     string // what follows held
	}{
		{"beyond the 9 bits", "13.3.3", 15, " (it referred up to 32750 bytes back); the checker"},
		{"within the 9 bits", "13.3.1", 9, "; the checker"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := runScaled(t, startScripted(t, serverScript{extensions: "permessage-deflate", serverBits: tt.bits}), Options{}, keep(tt.id), testScale)
			r := rep.Results[0]
			if verdicts(r) != "NON-STRICT/OK" || !strings.Contains(r.Detail, held+tt.want) {
				t.Errorf("%s: %s: %s\nwant NON-STRICT/OK and the words %q", r.ID, verdicts(r), r.Detail, held+tt.want)
			}
		})
	}
}

// client_max_window_bits asked of the checker is exercised only by a
// message longer than the window, when the checker compresses each
// message on its own (client_no_context_takeover agreed, RFC 7692
// §7.1.1.2, §7.1.2.2): messages of exactly 1 KiB do not exercise a
// window of 256 bytes, messages of 1 KiB do.
func TestClientWindowExercisedOnlyByLongerMessagesRFC7692Section7_1_2_2(t *testing.T) {
	t.Parallel()
	sc := serverScript{extensions: "permessage-deflate; client_no_context_takeover; client_max_window_bits=8", clientNoContext: true}
	rep := runScaled(t, startScripted(t, sc), Options{}, keep("13.1.3", "13.1.4"), testScale)
	want := map[string]string{
		"13.1.3": "client_no_context_takeover: the checker compressed each message on its own; client_max_window_bits=8 not exercised: no message was longer than the window",
		"13.1.4": "client_no_context_takeover: the checker compressed each message on its own; client_max_window_bits=8: the checker compressed within a window of 256 bytes",
	}
	for _, r := range rep.Results {
		if verdicts(r) != "OK/OK" || !strings.HasSuffix(pmdWordsOf(r), want[r.ID]) {
			t.Errorf("%s: %s: %s\nwant OK/OK and the words %q", r.ID, verdicts(r), r.Detail, want[r.ID])
		}
	}
	if len(rep.Results) != 2 {
		t.Errorf("%d results, want 13.1.3 and 13.1.4", len(rep.Results))
	}
}
