package ui

import (
	"fmt"
	"testing"
)

// The client check page in the golden pictures (golden_test.go,
// TestGolden): as it opens, and after this app's clients ran through
// categories 1.1 and C and the server stopped (the results stay, the URL
// goes: a port chosen by the system would change every picture),
// showing the MessageSocket's verdicts. (No case open: the detail says
// how long the case took, which changes from run to run.)
var clientCheckGoldenCases = []goldenCase{
	{name: "clientcheck", key: "clientcheck"},
	{name: "clientcheck-results", key: "clientcheck", setup: func(t *testing.T, h *harness) {
		p := pageOf[clientCheckPage](h, "clientcheck")
		runOwnClients(h, p, "1.1.*,C.*")
		p.Stop()
		h.waitFor("the server to stop", func() bool { return !p.Listening() && !p.Stopping() })
		p.ShowAgent("MessageSocket")
		if rep := p.Report(); rep == nil || rep.Failed() {
			t.Fatalf("the MessageSocket's report for the picture: %v", rep)
		}
	}},
}

func init() { goldenCases = append(goldenCases, clientCheckGoldenCases...) }

// runOwnClients starts p's server on a free loopback port with the cases
// patterns and waits while this app's clients run through them.
func runOwnClients(h *harness, p clientCheckPage, patterns string) {
	h.t.Helper()
	p.SetAddress("127.0.0.1:0")
	p.SetCases(patterns)
	p.Start()
	if !p.Listening() {
		msg, _ := h.status()
		h.t.Fatalf("the client check did not start: %s", msg)
	}
	p.RunOwnClients()
	for p.OwnRunning() {
		n := len(p.Agents())
		if rep := p.Report(); rep != nil {
			n += 1000 * len(rep.Results)
		}
		h.waitFor(fmt.Sprintf("this app's clients to go on from %d", n), func() bool {
			m := len(p.Agents())
			if rep := p.Report(); rep != nil {
				m += 1000 * len(rep.Results)
			}
			return !p.OwnRunning() || m != n
		})
	}
}

// Leaving the page stops the server, as the other pages close their
// connection; the window's Start and Stop keys reach it as Start and Stop.
func TestClientCheckLeavingStops(t *testing.T) {
	h := newHarness(t, Config{})
	p := showPage[clientCheckPage](h, "clientcheck")
	p.SetAddress("127.0.0.1:0")
	p.primary()
	if !p.Listening() {
		t.Fatal("primary did not start the server")
	}
	h.w.list.Select(scenarioIndex("utf8"))
	h.waitFor("leaving to stop the server", func() bool { return !p.Listening() && !p.Stopping() })
	if msg, _ := h.status(); msg != "" {
		t.Fatalf("the page, in the background, set the status to %q", msg)
	}
}
