package kit

import (
	"sync"
	"sync/atomic"
	"time"
)

// CounterRefresh is how often the byte counters are redrawn while a
// connection is open: ten times a second looks live to a person and costs
// the UI nothing, however fast the bytes flow.
const CounterRefresh = 100 * time.Millisecond

// StartPoller calls fn on the UI goroutine (through do) every interval until
// the returned stop is called or done is closed. It owns one goroutine,
// started here and gone after stop, so a poller per connection leaks nothing.
//
// A tick is skipped while the previous one still waits for the UI, so a busy
// UI never finds a pile of stale refreshes; and fn never runs after stop
// returned, even if a tick was already queued.
func StartPoller(interval time.Duration, do func(func()), done <-chan struct{}, fn func()) (stop func()) {
	t := time.NewTicker(interval)
	return startPoller(t.C, t.Stop, do, done, fn)
}

// startPoller is StartPoller driven by tick, whose end calls release (a
// test drives it with ticks of its own, and knows when each was taken).
func startPoller(tick <-chan time.Time, release func(), do func(func()), done <-chan struct{}, fn func()) (stop func()) {
	quit := make(chan struct{})
	var stopped, queued atomic.Bool
	go func() {
		defer release()
		for {
			select {
			case <-quit:
				return
			case <-done:
				return
			case <-tick:
				if !queued.CompareAndSwap(false, true) {
					continue
				}
				do(func() {
					queued.Store(false)
					if !stopped.Load() {
						fn()
					}
				})
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			stopped.Store(true)
			close(quit)
		})
	}
}
