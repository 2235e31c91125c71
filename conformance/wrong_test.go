package conformance

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wrongTimeout bounds each case against the test servers: they answer
// in microseconds, and the cases that wait for silence wait this long.
const wrongTimeout = time.Second

// runAgainst runs the cases filter keeps against url and fails the test
// on a setup error.
func runAgainst(t *testing.T, url string, opts Options, filter func(Case) bool) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := Run(ctx, url, opts, filter, nil)
	if err != nil {
		t.Fatalf("Run %s: %v", url, err)
	}
	return rep
}

// The reference server follows RFC 6455 strictly: every case passes,
// except the informational ones, which report its choices.
func TestStrictServerPassesEverything(t *testing.T) {
	t.Parallel()
	rep := runAgainst(t, startTestServer(t, noFault), Options{CaseTimeout: wrongTimeout}, nil)
	for _, r := range rep.Results {
		if r.Verdict != Pass && r.Verdict != Informational {
			t.Errorf("%s %s: %s: %s", r.ID, r.Title, r.Verdict, r.Detail)
		}
	}
	if n := len(Cases()); rep.Summary.Total != n {
		t.Errorf("%d results, want %d", rep.Summary.Total, n)
	}
	for _, r := range rep.Results {
		if r.ID == "9.4" && !strings.Contains(r.Detail, "closed with 1009 (message too big)") {
			t.Errorf("9.4 against a 4 MiB limit: %s", r.Detail)
		}
		if r.ID == "1.4.1" && !strings.Contains(r.Detail, "refuses a non-minimal length") {
			t.Errorf("1.4.1 against a strict server: %s", r.Detail)
		}
	}
}

// Each wrong server gets exactly one thing wrong: exactly the cases that
// check it fail, each with words that say what the server did.
func TestWrongServersFailExactlyTheirCases(t *testing.T) {
	ids := func(prefix string, n int) []string {
		var list []string
		for i := 1; i <= n; i++ {
			list = append(list, prefix+"."+strconv.Itoa(i))
		}
		return list
	}
	tests := []struct {
		name  string
		fault fault
		fails []string
		words []string // in the detail of every failing case
	}{
		{"accepts any version (§4.2.2)", acceptsAnyVersion, []string{"handshake.3"}, []string{"accepted Sec-WebSocket-Version: 99"}},
		{"truncates long messages (§5.2)", truncatesLongMessages, []string{"1.1.6", "1.2.6", "9.1", "9.2"}, []string{"came back with"}},
		{"answers pings with the wrong payload (§5.5.3)", wrongPongPayload, []string{"2.1", "2.2", "2.3", "2.4", "2.9", "5.4"}, []string{`pong carrying 4 bytes "pong"`}},
		{"echoes reserved bits (§5.2)", echoesReservedBits, ids("3", 6), []string{"The server accepted a", "RSV"}},
		{"ignores reserved opcodes (§5.2)", ignoresReservedOpcodes, append(ids("4.1", 5), ids("4.2", 5)...), []string{"did not fail the connection within 1s", "reserved"}},
		{"accepts a lone continuation (§5.4)", acceptsLoneContinuation, []string{"5.5", "5.6"}, []string{"continuation frame with no message to continue"}},
		{"accepts invalid UTF-8 (§8.1)", acceptsInvalidUTF8, append(ids("6.3", 8), "7.5.1"), []string{"UTF-8", "instead of failing the connection with 1007"}},
		{"never answers a close (§5.5.1)", ignoresClose, append([]string{"7.1.1", "7.1.2", "7.1.3", "7.3.1", "7.3.3", "7.3.4", "7.3.5"}, ids("7.7", 13)...), []string{"close frame", "§5.5.1"}},
		{"accepts bad close codes (§7.4.1)", acceptsBadCloseCodes, ids("7.9", 9), []string{"echoed the invalid close code"}},
		{"accepts unmasked frames (§5.1)", acceptsUnmasked, []string{"masking.1", "masking.2", "masking.3"}, []string{"accepted an unmasked"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Category 9 moves megabytes: only where it is the point.
			filter := func(c Case) bool { return c.Category != catLimits || tt.fault == truncatesLongMessages }
			rep := runAgainst(t, startTestServer(t, tt.fault), Options{CaseTimeout: wrongTimeout}, filter)
			var failed []string
			for _, r := range rep.Results {
				switch {
				case r.Verdict == Fail:
					failed = append(failed, r.ID)
					for _, w := range tt.words {
						if !strings.Contains(r.Detail, w) {
							t.Errorf("%s failed with %q, want the words %q", r.ID, r.Detail, w)
						}
					}
				case r.Verdict == NonStrict:
					t.Errorf("%s is non-strict against a server with one fault: %s", r.ID, r.Detail)
				}
			}
			if !slices.Equal(failed, tt.fails) {
				t.Errorf("failed %v\nwant   %v", failed, tt.fails)
				for _, r := range rep.Results {
					if r.Verdict == Fail {
						t.Logf("%s: %s", r.ID, r.Detail)
					}
				}
			}
		})
	}
}
