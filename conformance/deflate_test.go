package conformance

import (
	"path"
	"strings"
	"testing"
)

// The permessage-deflate cases (12.x, 13.x) against test servers that
// speak RFC 7692 to the letter or get one thing of it wrong: each earns
// what Autobahn's rules and RFC 7692 §7.1 give it, and the words say
// which parameter was exercised. A few cases of 1000 light messages each
// (.1: 16 bytes, .4: 1 KiB) keep it
// short under the race detector.
func TestDeflateServers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault fault
		cases []string          // patterns of the cases to run
		want  map[string]string // pattern → verdicts; the rest OK/OK
		words map[string]string // pattern → words its detail must have
	}{
		{"to the letter", deflates, []string{"12.2.4", "13.3.4", "13.6.4"}, nil, map[string]string{
			"13.3.4": "server_max_window_bits=9: its farthest back-reference was",
			"13.6.4": "server_no_context_takeover: each compressed message of the server inflated on its own",
			"1*":     "client_max_window_bits=10: the checker compressed within a window of 1024 bytes",
		}},
		// §7.1.2.1: a server that agreed to a window must keep to it.
		{"compresses beyond the window it agreed to", deflateWiderWindow, []string{"13.1.4", "13.3.4"},
			map[string]string{"13.3.4": "FAILED/WRONG CODE"},
			map[string]string{"13.3.4": "beyond the window of 9 bits (512 bytes) it agreed to"}},
		// §7.1.1.1: no context takeover means each message inflates alone.
		{"keeps its context after agreeing not to", deflateKeepsContext, []string{"13.1.4", "13.2.4"},
			map[string]string{"13.2.4": "FAILED/WRONG CODE"},
			map[string]string{"13.2.4": "each message must inflate on its own"}},
		// §7.1: an answer that leaves out what the one offer asked for
		// accepts none of it; leaving out the window it keeps to is
		// allowed by Autobahn, NON-STRICT here.
		{"answers without the parameters asked for", deflateDropsParams, []string{"13.2.1", "13.3.4"},
			map[string]string{"13.2.1": "FAILED/FAILED", "13.3.4": "NON-STRICT/OK"},
			map[string]string{"13.2.1": "fits none of the offers", "13.3.4": "did not repeat server_max_window_bits=9"}},
		// §7.1.2.1: an answer without server_max_window_bits declares
		// the largest window; a server that then uses it keeps to what it
		// answered (Autobahn passes it): NON-STRICT, never FAILED.
		{"answers without the window and uses 15 bits", deflateDropsWindow, []string{"13.3.4", "13.5.4"},
			map[string]string{"13.*": "NON-STRICT/OK"},
			map[string]string{"13.*": "so it was held to the 15 bits its answer declares"}},
	}
	match := func(pats []string, id string) bool {
		for _, p := range pats {
			if ok, _ := path.Match(p, id); ok {
				return true
			}
		}
		return false
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := runScaled(t, startTestServer(t, tt.fault), Options{}, func(c Case) bool { return match(tt.cases, c.ID) }, testScale)
			if len(rep.Results) == 0 {
				t.Fatal("no case ran")
			}
			for _, r := range rep.Results {
				want := "OK/OK"
				for p, v := range tt.want {
					if match([]string{p}, r.ID) {
						want = v
					}
				}
				if got := verdicts(r); got != want {
					t.Errorf("%s %s: %s, want %s: %s %s", r.ID, r.Title, got, want, r.Detail, r.CloseDetail)
				}
				for p, w := range tt.words {
					if match([]string{p}, r.ID) && !strings.Contains(r.Detail, w) {
						t.Errorf("%s: %q lacks %q", r.ID, r.Detail, w)
					}
				}
			}
		})
	}
}
