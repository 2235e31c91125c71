package protoview

import (
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/wsclient"
)

// testStart is the time of the first event the tests feed a view.
var testStart = time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// A refused connect's timeline, as wsclient words it (fixed times, for
// the words).
func refusedTimeline() *wsclient.Timeline {
	return &wsclient.Timeline{
		Start:    testStart,
		Duration: 412 * time.Microsecond,
		Steps: []wsclient.Step{
			{Kind: wsclient.StepDNS, Detail: "127.0.0.1 (an address, no lookup)"},
			{Kind: wsclient.StepTCP, Detail: "refused by 127.0.0.1:8081", Duration: 173 * time.Microsecond, Failed: true},
		},
	}
}

// The log's line for an attempt: Timeline.String() on one row, and for a
// failed attempt the failed step's details under it, indented.
func TestTimelineEntry(t *testing.T) {
	tl := refusedTimeline()
	tl.Steps[1].Lines = []string{"[::1]:8081: refused", "127.0.0.1:8081: refused"}
	e := wsclient.Event{Kind: wsclient.EventConnectFailed, Time: testStart,
		Err: &wsclient.ConnectError{Kind: wsclient.KindCannotConnect, Detail: "refused", Timeline: tl}}
	en, ok := timelineEntry(e)
	if !ok {
		t.Fatal("no entry for a failed connect with a timeline")
	}
	want := []string{
		"09:26:53.589  Timeline: DNS 127.0.0.1 (an address, no lookup) → TCP failed: refused by 127.0.0.1:8081 (0.2 ms)",
		"09:26:53.589      [::1]:8081: refused",
		"09:26:53.589      127.0.0.1:8081: refused",
	}
	if got := en.Rows(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if en.Kind != present.LogKindConnect {
		t.Errorf("kind %q", en.Kind)
	}
	// A successful attempt: one row; its details are the panel's.
	ok2 := &wsclient.Timeline{Start: testStart, Steps: []wsclient.Step{
		{Kind: wsclient.StepDNS, Detail: "127.0.0.1 (an address, no lookup)"},
		{Kind: wsclient.StepUpgrade, Detail: "101 Switching Protocols", Lines: []string{"> GET / HTTP/1.1"}},
		{Kind: wsclient.StepOpen, Detail: "open"},
	}}
	en, _ = timelineEntry(wsclient.Event{Kind: wsclient.EventConnected, Time: testStart, Info: &wsclient.ConnInfo{Timeline: ok2}})
	if rows := en.Rows(); len(rows) != 1 || !strings.HasSuffix(rows[0], "→ WebSocket open") {
		t.Fatalf("rows of a success %q", rows)
	}
	// Other events have none, and neither has an attempt without steps.
	for _, e := range []wsclient.Event{{Kind: wsclient.EventConnecting}, {Kind: wsclient.EventClosed},
		{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{}}} {
		if _, ok := timelineEntry(e); ok {
			t.Errorf("an entry for %v", e)
		}
	}
}

func TestTimelineHeading(t *testing.T) {
	tl := refusedTimeline()
	if got, want := timelineHeading(tl, 1), "09:26:53.589 · attempt 1: failed at TCP after 0.4 ms"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	tl.Steps[1].Failed, tl.Duration = false, 1500*time.Millisecond
	if got, want := timelineHeading(tl, 3), "09:26:53.589 · attempt 3 (reconnect 2): open after 1.50 s"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
}
