// Package uitest is what the tests of ui and its sub-packages share: a
// stand-in for fyne.Do that the test goroutine drains while it waits.
package uitest

import (
	"sync"
	"testing"
	"time"
)

// Queue stands in for fyne.Do in tests. Goroutines of the code under test
// post functions; the test goroutine runs them while it waits, so every
// widget change and every assertion happen on one goroutine, as they do on
// Fyne's main goroutine in the app. (fyne.Do itself would run them inline on
// the posting goroutine under the test driver: a race with the assertions.)
type Queue struct {
	mu      sync.Mutex
	pending []func()
	posted  int // how many functions were ever queued
	wake    chan struct{}
}

// NewQueue makes an empty queue.
func NewQueue() *Queue { return &Queue{wake: make(chan struct{}, 1)} }

// Do queues fn; safe from any goroutine.
func (q *Queue) Do(fn func()) {
	q.mu.Lock()
	q.pending = append(q.pending, fn)
	q.posted++
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Posted is how many functions were ever queued.
func (q *Queue) Posted() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.posted
}

// Drain runs everything queued so far, and what those functions queue.
func (q *Queue) Drain() {
	for {
		q.mu.Lock()
		fns := q.pending
		q.pending = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			fn()
		}
	}
}

// WaitTimeout bounds every wait; the slowest, a stream reaching 22 bytes,
// takes about a second.
const WaitTimeout = 10 * time.Second

// WaitFor runs queued UI work until cond holds, failing the test at the
// deadline with what it was waiting for.
func (q *Queue) WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	for {
		q.Drain()
		if cond() {
			return
		}
		select {
		case <-q.wake:
		case <-deadline.C:
			q.Drain()
			if cond() {
				return
			}
			t.Fatalf("timed out after %s waiting for %s", WaitTimeout, what)
		}
	}
}
