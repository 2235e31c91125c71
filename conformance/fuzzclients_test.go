package conformance

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The fuzzing server against this app's own clients: wsclient's Stream,
// MessageSocket and FrameSocket as OwnClients (ownclients.go) make them
// the clients of an Autobahn run (connect to the case's URL, echo what
// arrives, wait for the end). Every case that applies to the client type
// runs, and the verdicts are what RFC 6455 asks, or the non-OK ones said
// here with the reason.

// startFuzzing starts a fuzzing server on loopback for a test, stopped
// when the test ends; opts.timeScale scales the cases' waits (1 when 0).
func startFuzzing(t *testing.T, opts FuzzingOptions) *FuzzingServer {
	t.Helper()
	if opts.timeScale == 0 {
		opts.timeScale = 1
	}
	s, err := StartFuzzingServer(context.Background(), "127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// caseURL is the URL of case n for agent.
func caseURL(s *FuzzingServer, n int, agent string) string {
	return fmt.Sprintf("%s/runCase?case=%d&agent=%s", s.URL(), n, url.QueryEscape(agent))
}

// clientExpectations are the verdicts other than OK that wsclient earns,
// by case ID (or ID prefix), and why.
var clientExpectations = []struct {
	ids     []string
	allowed []Verdict
	why     string
}{
	{[]string{"3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15"},
		[]Verdict{Pass, NonStrict},
		"a valid message comes before the broken frame, often in the same TCP segment: the client reads ahead, " +
			"finds the broken frame and fails the connection before its owner has echoed the message (RFC 6455 allows both)"},
	{[]string{"7.1.6", "7.13.1", "7.13.2"}, []Verdict{Informational}, "Autobahn's informational cases: RFC 6455 leaves the choice open"},
	{[]string{"12", "13"}, []Verdict{Unimplemented}, "the MessageSocket without compression does not offer permessage-deflate (RFC 7692 makes it optional)"},
	{[]string{"9.1", "9.2", "9.3", "9.4"}, []Verdict{Pass, Informational},
		"wsclient caps a message (MessageSocket) or a frame (FrameSocket) at MaxMessageSize, 1 MiB, and closes with 1009 " +
			"beyond it: RFC 6455 §10.4 lets an endpoint limit what it accepts, so the case is INFORMATIONAL"},
}

// allowedFor is the statuses a case may end with for wsclient.
func allowedFor(id string) ([]Verdict, string) {
	for _, e := range clientExpectations {
		for _, p := range e.ids {
			if id == p || strings.HasPrefix(id, p+".") {
				return e.allowed, e.why
			}
		}
	}
	return []Verdict{Pass}, ""
}

// inMakeTest leaves out, for time, the FrameSocket's 9.3 (4 MiB of text
// in frames of 64 bytes to 4 MiB): its 65 536 frames are as many events
// and writes, half a minute under -race. Run by hand
// (WSSAMPLE_FUZZ_ALL=1) it is OK.
//
// Of 12 and 13 (permessage-deflate, 216 cases of 1000 round trips each)
// it keeps one size of each group, x.y.4 (1 KiB in one frame, which the
// client compresses), and 12.1.11 (8 KiB in frames of 256 bytes).
func inMakeTest(cl OwnClient) func(Case) bool {
	return func(c Case) bool {
		if os.Getenv("WSSAMPLE_FUZZ_ALL") != "" {
			return true
		}
		if c.Category.Key == "12" || c.Category.Key == "13" {
			return strings.HasSuffix(c.ID, ".4") || c.ID == "12.1.11"
		}
		return cl.Name != "FrameSocket" || !strings.HasPrefix(c.ID, "9.3.")
	}
}

// TestFuzzingServerWsclient runs wsclient's three client types through
// every case that applies to them, three agents at once.
func TestFuzzingServerWsclient(t *testing.T) {
	// Autobahn's waits doubled: a client that fails the connection gets
	// 2 s to do it, where a loaded machine running -race may need more
	// than Autobahn's 1. Most cases end as soon as the client has acted.
	s := startFuzzing(t, FuzzingOptions{timeScale: 2})
	var wg sync.WaitGroup
	for _, cl := range OwnClients() {
		wg.Go(func() {
			if err := s.RunOwnClient(context.Background(), cl, inMakeTest(cl)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, cl := range OwnClients() {
		rep := s.Report(cl.Name)
		if rep == nil {
			t.Fatalf("%s: no report", cl.Name)
		}
		var missing []string
		for _, c := range s.Cases() {
			if cl.Applies(c) && inMakeTest(cl)(c) && !slices.ContainsFunc(rep.Results, func(r Result) bool { return r.ID == c.ID }) {
				missing = append(missing, c.ID)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: no result for %v", cl.Name, missing)
		}
		for _, r := range rep.Results {
			allowed, why := allowedFor(r.ID)
			if cl.Name == "MessageSocket+deflate" {
				allowed, why = []Verdict{Pass}, "(it offers permessage-deflate)"
			}
			if !slices.Contains(allowed, r.Status()) {
				t.Errorf("%s, case %s (%s): %s/%s, want %v %s\n%s\n%s\nsent %q\nevents %q", cl.Name, r.ID, r.Title, r.Verdict, r.CloseVerdict, allowed, why, r.Detail, r.CloseDetail, r.Sent, r.Observed.Events)
			}
		}
		t.Logf("%s: %s", cl.Name, rep.Summary)
	}
}
