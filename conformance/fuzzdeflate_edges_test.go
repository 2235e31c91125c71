package conformance

import (
	"strings"
	"testing"
)

// The fuzzing server's permessage-deflate at its edges: the client's
// windows of 8 and 15 bits taken, 7 and 16 declined (RFC 7692 §7.1.2.1,
// §7.1.2.2), and the notes a case's words carry only where they say
// something.

// A client's offer with a window of 8 to 15 bits is accepted, and the
// window asked of the server is kept to in the answer; an offer with 7 or
// 16 is declined (§7.1: a server declines an offer it cannot accept), and
// with no other offer the extension is not agreed.
func TestClientWindowOffersEightToFifteenRFC7692Section7_1_2(t *testing.T) {
	for _, tc := range []struct{ offer, answer string }{
		{"permessage-deflate; server_max_window_bits=8", "permessage-deflate; server_max_window_bits=8"},
		{"permessage-deflate; server_max_window_bits=15", "permessage-deflate; server_max_window_bits=15"},
		{"permessage-deflate; client_max_window_bits=15", "permessage-deflate"},
		{"permessage-deflate; server_max_window_bits=7", ""},
		{"permessage-deflate; server_max_window_bits=16", ""},
		{"permessage-deflate; client_max_window_bits=16", ""},
	} {
		answer, s, err := agreePMD([]string{tc.offer}, []pmdOffer{{}})
		if err != nil || answer != tc.answer || (s == nil) != (tc.answer == "") {
			t.Errorf("%q: answer %q, session %v, %v; want %q", tc.offer, answer, s != nil, err, tc.answer)
		}
	}
}

// A case of one offer has nothing to say of which offer was asked; 13.7,
// of three, says which of them was asked of which of the client's, and
// only when it is not the first, why not the first.
func TestTurnedOffersSayWhichOnlyWhereThereIsAChoice(t *testing.T) {
	_, s, err := agreePMD([]string{"permessage-deflate; client_max_window_bits"}, []pmdOffer{{serverBits: 9}})
	if err != nil || len(s.notes) != 0 {
		t.Errorf("one offer: notes %q, %v; want none", s.notes, err)
	}
	c137 := caseByID("13.7.1").ab.offers
	_, s, err = agreePMD([]string{"permessage-deflate; client_max_window_bits"}, c137)
	const first = "of the case's 3 offers, turned round, the fuzzing server asked the first (client_no_context_takeover, client_max_window_bits=9)"
	if err != nil || strings.Join(s.notes, "; ") != first {
		t.Errorf("13.7, the first asked: notes %q, %v; want %q", s.notes, err, first)
	}
	for n, want := range map[int]string{1: "first", 2: "second", 3: "third", 4: "4th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}
