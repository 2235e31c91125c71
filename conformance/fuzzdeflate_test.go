package conformance

import (
	"strings"
	"testing"
)

// The fuzzing server's answer to a client's offers (RFC 7692 §7.1): the
// first valid offer, what the client asked of the server, and what the
// case asks of the client, where the client's offer allows it.
func TestAgreePMD(t *testing.T) {
	for _, tc := range []struct {
		offers     []string
		caseOffer  pmdOffer
		answer     string
		clientBits int // the window the client's messages are held to
		note       string
	}{
		{[]string{"permessage-deflate"}, pmdOffer{}, "permessage-deflate", 15, ""},
		{[]string{"x-webkit-deflate-frame, permessage-deflate; client_max_window_bits"}, pmdOffer{serverBits: 9},
			"permessage-deflate; client_max_window_bits=9", 9, ""},
		{[]string{"permessage-deflate"}, pmdOffer{serverBits: 9}, "permessage-deflate", 15, "client_max_window_bits=9 not exercised"},
		{[]string{"permessage-deflate; server_no_context_takeover; server_max_window_bits=10"}, pmdOffer{serverNoContext: true},
			"permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_no_context_takeover", 15, ""},
		// §7.1: an offer with an unknown or repeated parameter, or a value
		// out of range, is declined; the next one is taken.
		{[]string{"permessage-deflate; bogus, permessage-deflate; server_max_window_bits=7, permessage-deflate; client_no_context_takeover; client_no_context_takeover", "permessage-deflate; client_max_window_bits=12"},
			pmdOffer{serverBits: 9}, "permessage-deflate; client_max_window_bits=9", 9, ""},
		{[]string{"permessage-deflate; client_max_window_bits=8"}, pmdOffer{serverBits: 9}, "permessage-deflate; client_max_window_bits=8", 8, ""},
	} {
		answer, s, err := agreePMD(tc.offers, []pmdOffer{tc.caseOffer})
		if err != nil || s == nil {
			t.Errorf("%q: %v", tc.offers, err)
			continue
		}
		if answer != tc.answer || s.params.serverBits != tc.clientBits || !strings.Contains(strings.Join(s.notes, ";"), tc.note) {
			t.Errorf("%q, case %+v: answer %q, client window %d, notes %q; want %q, %d, %q", tc.offers, tc.caseOffer, answer, s.params.serverBits, s.notes, tc.answer, tc.clientBits, tc.note)
		}
	}
	for _, none := range [][]string{nil, {"x-webkit-deflate-frame"}, {"permessage-deflate; server_max_window_bits"}} {
		if answer, s, _ := agreePMD(none, []pmdOffer{{}}); answer != "" || s != nil {
			t.Errorf("%q: answered %q, want no agreement", none, answer)
		}
	}
}
