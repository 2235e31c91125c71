package flows_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// eachFlow runs check on every flow against the built-in server, in
// parallel, with the flow's row of expectations; a flow without a row, or
// a row without a flow, fails.
func eachFlow(t *testing.T, check func(t *testing.T, f flows.Flow, w expectation)) {
	srv := testserver.Start(t)
	base := flows.Servers{WS: strings.TrimSuffix(srv.URL(""), "/"), WSS: strings.TrimSuffix(srv.SecureURL(""), "/")}
	addr := strings.TrimPrefix(base.WS, "ws://")
	list := flows.List(base)
	if len(list) != len(expectations) {
		t.Fatalf("%d flows, %d expectations", len(list), len(expectations))
	}
	for _, f := range list {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			w, ok := expectations[f.Name]
			if !ok {
				t.Fatalf("no expectation for flow %q", f.Name)
			}
			if !strings.Contains(f.Address, addr) && f.Address != flows.Refused && !strings.HasPrefix(f.Address, base.WSS) {
				t.Errorf("address %q is not the built-in server's", f.Address)
			}
			check(t, f, w)
		})
	}
}

// Every flow, walked through wsclient against the built-in server, ends with
// the exact message a person needs.
func TestEveryFlowEndsWithItsMessage(t *testing.T) {
	eachFlow(t, func(t *testing.T, f flows.Flow, w expectation) {
		var opts wsclient.StreamOptions
		opts.HandshakeTimeout = f.HandshakeTimeout
		s := wsclient.NewStream(opts)
		if err := s.Start(f.Address); err != nil {
			t.Fatal(err)
		}
		var lines []string
		deadline := time.After(15 * time.Second)
		stopping := false
		for {
			var e wsclient.Event
			select {
			case e = <-s.Events():
			case <-deadline:
				s.Stop()
				t.Fatalf("flow did not end; saw %q", lines)
			}
			if e.Kind != wsclient.EventProgress {
				lines = append(lines, e.String())
			}
			connected := e.Kind == wsclient.EventWriteStarted
			if !stopping && w.stopAfter != 0 && (connected && w.stopAfter < 0 || w.stopAfter > 0 && s.Received() >= w.stopAfter) {
				stopping = true
				go s.Stop()
			}
			if e.IsFinal() {
				break
			}
		}
		got := lines[len(lines)-1]
		if !slices.Contains(w.final, got) {
			t.Errorf("last line = %q\nwant one of  %q\nall: %q", got, w.final, lines)
		}
		if w.also != "" && !strings.Contains(strings.Join(lines, "\n"), w.also) {
			t.Errorf("missing %q in %q", w.also, lines)
		}
	})
}

// Every flow, against the built-in server, ends its connect with the right
// step marked, or with the WebSocket open.
func TestTimelineOfEveryFlow(t *testing.T) {
	eachFlow(t, func(t *testing.T, f flows.Flow, w expectation) {
		var opts wsclient.StreamOptions
		opts.HandshakeTimeout = f.HandshakeTimeout
		opts.Payload = []byte{} // only the connect matters here
		s := wsclient.NewStream(opts)
		if err := s.Start(f.Address); err != nil {
			t.Fatal(err)
		}
		e := openedOrFailed(t, s)
		if e.Kind == wsclient.EventConnected {
			s.Stop()
			waitForEnd(t, s, 10*time.Second)
		}
		failed := e.Kind == wsclient.EventConnectFailed
		if failed != w.last.Failed {
			t.Errorf("connect failed = %v, want %v: %s", failed, w.last.Failed, e)
		}
		checkTimeline(t, e.Timeline(), w.steps, failed, w.last)
		t.Log(e.Timeline())
	})
}

// durRE matches a step's duration, as Step.String writes it.
const durRE = `\((< )?[0-9.]+ (ms|s)\)`

// checkTimeline asserts the steps of tl, in order, that only the last is
// failed when failed is set, and that the last step's line is last's: a
// failed step with the time it took (durations vary), the open step
// without (it takes no time of its own).
func checkTimeline(t *testing.T, tl *wsclient.Timeline, kinds []wsclient.StepKind, failed bool, last wsclient.Step) {
	t.Helper()
	if tl == nil {
		t.Fatal("no timeline")
	}
	var got []wsclient.StepKind
	for _, s := range tl.Steps {
		got = append(got, s.Kind)
	}
	if len(got) != len(kinds) {
		t.Fatalf("steps %v, want %v: %s", got, kinds, tl)
	}
	for i := range kinds {
		if got[i] != kinds[i] {
			t.Fatalf("steps %v, want %v: %s", got, kinds, tl)
		}
		if isLast := i == len(kinds)-1; tl.Steps[i].Failed != (isLast && failed) {
			t.Errorf("step %v failed = %v: %s", got[i], tl.Steps[i].Failed, tl)
		}
	}
	if (tl.Failed() != nil) != failed {
		t.Errorf("Failed() = %v: %s", tl.Failed(), tl)
	}
	want := regexp.QuoteMeta(last.String())
	if last.Failed {
		want += " " + durRE
	}
	if line := tl.Steps[len(tl.Steps)-1].String(); !regexp.MustCompile("^" + want + "$").MatchString(line) {
		t.Errorf("last step = %q, want it to match %q\ntimeline: %s", line, want, tl)
	}
	if tl.Duration <= 0 || tl.Start.IsZero() {
		t.Errorf("timeline not timed: start %v, duration %v", tl.Start, tl.Duration)
	}
}

// openedOrFailed waits for the event that ends a connect: EventConnected
// or EventConnectFailed.
func openedOrFailed(t *testing.T, s *wsclient.Stream) wsclient.Event {
	t.Helper()
	var seen []string
	deadline := time.After(15 * time.Second)
	for {
		select {
		case e := <-s.Events():
			seen = append(seen, e.String())
			if e.Kind == wsclient.EventConnected || e.Kind == wsclient.EventConnectFailed {
				return e
			}
		case <-deadline:
			t.Fatalf("no connect outcome; saw %q", seen)
		}
	}
}

// waitForEnd waits for the event that ends the attempt: a failed connect
// or a close.
func waitForEnd(t *testing.T, s *wsclient.Stream, within time.Duration) wsclient.Event {
	t.Helper()
	var seen []string
	deadline := time.After(within)
	for {
		select {
		case e := <-s.Events():
			seen = append(seen, e.String())
			if e.IsFinal() {
				return e
			}
		case <-deadline:
			t.Fatalf("the attempt did not end within %s; saw %q", within, seen)
		}
	}
}
