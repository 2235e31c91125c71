package kit

import (
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestPollerQueuesOneTickAtATimeAndEnds(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	var posted atomic.Int32
	heldCh := make(chan func(), 16)
	do := func(fn func()) { posted.Add(1); heldCh <- fn }
	var calls int
	// The test is the clock: a send on tick returns once the poller has
	// taken that tick, and the poller takes the next only after it has
	// dealt with this one (queued it, or skipped it).
	tick := make(chan time.Time)
	stop := startPoller(tick, func() {}, do, nil, func() { calls++ })

	tick <- time.Now()
	first := <-heldCh
	// The UI has not run the tick: however many ticks pass, no second
	// one is queued behind it.
	for range 5 {
		tick <- time.Now()
	}
	tick <- time.Now() // taken only once the fifth was dealt with
	if n := posted.Load(); n != 1 {
		t.Fatalf("%d ticks queued while the first waited", n)
	}
	first() // the UI runs it
	if calls != 1 {
		t.Fatalf("fn ran %d times", calls)
	}
	tick <- time.Now()
	next := <-heldCh // and the next tick comes
	stop()
	next() // a tick queued before stop does nothing after it
	if calls != 1 {
		t.Fatalf("fn ran after stop (%d calls)", calls)
	}
	stop() // twice is fine
}

// StartPoller's own clock ticks every interval: fn runs, through do, again
// and again until stop.
func TestPollerTicksOnItsOwn(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ran := make(chan struct{}, 1)
	stop := StartPoller(time.Millisecond, func(fn func()) { fn() }, nil, func() {
		select {
		case ran <- struct{}{}:
		default:
		}
	})
	defer stop()
	for i := range 3 {
		select {
		case <-ran:
		case <-time.After(10 * time.Second):
			t.Fatalf("tick %d did not come", i+1)
		}
	}
}

func TestPollerEndsWithDone(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	done := make(chan struct{})
	StartPoller(time.Hour, func(func()) {}, done, func() {})
	close(done)
}
