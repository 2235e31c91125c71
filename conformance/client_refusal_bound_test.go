package conformance

import (
	"strings"
	"testing"
	"time"
)

// A handshake case of the fuzzing server (C.3 … C.7: a broken 101
// answer, RFC 6455 §4.1) is given refusalWait and 2 s more, whatever the
// case timeout: with one shorter than that (here 1 ns), its text message
// still goes out after the broken answer, so a client that takes the
// answer as valid is caught echoing it, not mistaken for one that only
// kept the connection open.
func TestClientHandshakeCaseOutlastsAShortCaseTimeoutRFC6455Section4_1(t *testing.T) {
	filter, err := ClientCaseFilter("C.3")
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter, CaseTimeout: time.Nanosecond})
	wrongClient(t, caseURL(s, 1, "wrong"))
	if !s.settled("wrong", 10*time.Second) {
		t.Fatal("C.3 was still under way 10 s after the client's end")
	}
	rep := s.Report("wrong")
	if len(rep.Results) != 1 {
		t.Fatalf("%d results, want C.3's", len(rep.Results))
	}
	r := rep.Results[0]
	if want := "The client took the broken answer as valid and sent text frame"; r.Verdict != Fail || !strings.Contains(r.Detail, want) {
		t.Errorf("C.3: %s, %q; want FAILED, saying %q", r.Verdict, r.Detail, want)
	}
}
