package wsclient_test

import (
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// A stream reports its totals while it runs, and at most every 100 ms
// (EventProgress is throttled; the counters themselves are always
// current), so a fast stream does not flood its owner with events.
func TestStreamProgressIsReportedAndThrottled(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: wsclient.Continuous})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	defer s.Stop()
	var last wsclient.Event
	for i := range 4 {
		p := rec.waitFor(wsclient.EventProgress, 10*time.Second)
		// 90 ms: the throttle reads the clock a moment before the event
		// takes its time.
		if i > 0 && p.Time.Sub(last.Time) < 90*time.Millisecond {
			t.Fatalf("progress %d came %s after the one before, want at least 100 ms", i+1, p.Time.Sub(last.Time))
		}
		last = p
	}
	if last.Sent == 0 {
		t.Errorf("the fourth progress event says nothing was sent: %+v", last)
	}
}
