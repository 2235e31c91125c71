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
	var held []func()
	heldCh := make(chan func(), 16)
	do := func(fn func()) { posted.Add(1); heldCh <- fn }
	var calls int
	stop := StartPoller(time.Millisecond, do, nil, func() { calls++ })

	held = append(held, <-heldCh)
	// The UI has not run the tick: however many ticks pass, no second
	// one is queued behind it.
	time.Sleep(30 * time.Millisecond)
	if n := posted.Load(); n != 1 {
		t.Fatalf("%d ticks queued while the first waited", n)
	}
	held[0]() // the UI runs it
	if calls != 1 {
		t.Fatalf("fn ran %d times", calls)
	}
	next := <-heldCh // and the next tick comes
	stop()
	next() // a tick queued before stop does nothing after it
	if calls != 1 {
		t.Fatalf("fn ran after stop (%d calls)", calls)
	}
	stop() // twice is fine
}

func TestPollerEndsWithDone(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	done := make(chan struct{})
	StartPoller(time.Hour, func(func()) {}, done, func() {})
	close(done)
}
