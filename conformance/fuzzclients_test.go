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
	"time"

	"github.com/wssample/wssample/wsclient"
)

// The fuzzing server against this app's own clients: wsclient's Stream,
// MessageSocket and FrameSocket, each wrapped in the few lines that make
// it the client of an Autobahn run (connect to the case's URL, echo what
// arrives, wait for the end). Every case that applies to the client type
// runs, and the verdicts are what RFC 6455 asks, or the non-OK ones said
// here with the reason.

// startFuzzing starts a fuzzing server on loopback for a test, with the
// cases' waits shortened, stopped when the test ends.
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

// echoClient is one of wsclient's client types as an Autobahn client.
type echoClient struct {
	name string
	// applies says whether a case applies to the client type.
	applies func(Case) bool
	// run plays one case at uri: connect, echo, return once the
	// connection ended. ping asks the client to ping after each echo (the
	// masking case counts the keys of its pings).
	run func(t *testing.T, uri string, ping bool)
}

// clientTypes are wsclient's three client types.
func clientTypes() []echoClient {
	return []echoClient{
		{name: "MessageSocket", applies: func(Case) bool { return true }, run: func(t *testing.T, uri string, ping bool) {
			m := wsclient.NewMessageSocket(wsclient.MessageOptions{})
			runEvents(t, uri, m.Connect, m.Events(), m.Close, func(e wsclient.Event) {
				if e.Kind != wsclient.EventMessage {
					return
				}
				if e.Type == wsclient.TypeBinary {
					m.SendBinary([]byte(e.Text))
				} else {
					m.Send(e.Text)
				}
				if ping {
					pingOnce(m.Ping)
				}
			})
		}},
		// A FrameSocket sends text frames only: the cases that need a
		// binary message echoed do not apply to it. 9.3 (4 MiB of text in
		// frames of 64 bytes to 4 MiB) is left out for time: its 65 536
		// frames are as many events and writes, half a minute under
		// -race; run by hand (WSSAMPLE_FUZZ_ALL=1) it is OK.
		{name: "FrameSocket", applies: func(c Case) bool {
			return !echoesBinary(c) && (!strings.HasPrefix(c.ID, "9.3.") || os.Getenv("WSSAMPLE_FUZZ_ALL") != "")
		}, run: func(t *testing.T, uri string, ping bool) {
			f := wsclient.NewFrameSocket(wsclient.Options{})
			runEvents(t, uri, f.Connect, f.Events(), f.Close, func(e wsclient.Event) {
				if e.Kind != wsclient.EventFrame {
					return
				}
				f.SendFrame(e.Text, e.Complete)
				if ping {
					pingOnce(f.Ping)
				}
			})
		}},
		// A Stream sends its own payload, not what it reads: it cannot
		// echo, so only the cases where the client must fail the
		// connection (or refuse the handshake) apply to it.
		{name: "Stream", applies: func(c Case) bool { return c.echoFree }, run: func(t *testing.T, uri string, ping bool) {
			s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}})
			runEvents(t, uri, s.Start, s.Events(), s.Stop, func(wsclient.Event) {})
		}},
	}
}

// echoesBinary reports whether a case expects a binary message back.
func echoesBinary(c Case) bool {
	if c.ab == nil {
		return false
	}
	if c.ab.seq != nil {
		return c.ab.seq.binary
	}
	for _, o := range c.ab.expect {
		if slices.ContainsFunc(o.events, func(e event) bool { return e.kind == evMessage && e.binary }) {
			return true
		}
	}
	return false
}

// pingOnce pings in the background, as a client's keep-alive does.
func pingOnce(ping func(context.Context, []byte) (time.Duration, error)) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		ping(ctx, []byte("the client's own ping"))
	}()
}

// runEvents connects and hands each event to echo until the connection's
// final event, within 30 s.
func runEvents(t *testing.T, uri string, connect func(string) error, events <-chan wsclient.Event, stop func() error, echo func(wsclient.Event)) {
	if err := connect(uri); err != nil {
		t.Fatal(err)
	}
	defer stop()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-events:
			echo(e)
			if e.IsFinal() {
				return
			}
		case <-deadline:
			t.Errorf("%s: the client's connection did not end within 30 s", uri)
			return
		}
	}
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

// TestFuzzingServerWsclient runs wsclient's three client types through
// every case that applies to them.
func TestFuzzingServerWsclient(t *testing.T) {
	s := startFuzzing(t, FuzzingOptions{})
	var wg sync.WaitGroup
	for _, cl := range clientTypes() {
		wg.Go(func() { // three agents at once, kept apart by name
			for n, c := range s.Cases() {
				if cl.applies(c) {
					cl.run(t, caseURL(s, n+1, cl.name), c.ID == "C.2")
				}
			}
		})
	}
	wg.Wait()
	for _, cl := range clientTypes() {
		if !s.settled(cl.name, 10*time.Second) {
			t.Fatalf("%s: a case was still under way 10 s after the client's last", cl.name)
		}
		rep := s.Report(cl.name)
		if rep == nil {
			t.Fatalf("%s: no report", cl.name)
		}
		ran := 0
		for _, c := range s.Cases() {
			if cl.applies(c) {
				ran++
			}
		}
		if len(rep.Results) != ran {
			var missing []string
			for _, c := range s.Cases() {
				if cl.applies(c) && !slices.ContainsFunc(rep.Results, func(r Result) bool { return r.ID == c.ID }) {
					missing = append(missing, c.ID)
				}
			}
			t.Errorf("%s: %d results for %d cases; none for %v", cl.name, len(rep.Results), ran, missing)
		}
		for _, r := range rep.Results {
			if allowed, why := allowedFor(r.ID); !slices.Contains(allowed, r.Status()) {
				t.Errorf("%s, case %s (%s): %s/%s, want %v %s\n%s\n%s\nsent %q\nevents %q", cl.name, r.ID, r.Title, r.Verdict, r.CloseVerdict, allowed, why, r.Detail, r.CloseDetail, r.Sent, r.Observed.Events)
			}
		}
		t.Logf("%s: %s", cl.name, rep.Summary)
	}
}
