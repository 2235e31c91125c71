package ui

import (
	"sync"
	"testing"
	"time"
)

// uiQueue stands in for fyne.Do in tests. Goroutines of the code under test
// post functions; the test goroutine runs them while it waits, so every
// widget change and every assertion happen on one goroutine, as they do on
// Fyne's main goroutine in the app. (fyne.Do itself would run them inline on
// the posting goroutine under the test driver: a race with the assertions.)
type uiQueue struct {
	mu      sync.Mutex
	pending []func()
	posted  int // how many functions were ever queued
	wake    chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{wake: make(chan struct{}, 1)} }

// Do queues fn; safe from any goroutine.
func (q *uiQueue) Do(fn func()) {
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
func (q *uiQueue) Posted() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.posted
}

// drain runs everything queued so far, and what those functions queue.
func (q *uiQueue) drain() {
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

// waitTimeout bounds every wait; the slowest, a stream reaching 22 bytes,
// takes about a second.
const waitTimeout = 10 * time.Second

// waitFor runs queued UI work until cond holds, failing the test at the
// deadline with what it was waiting for.
func (q *uiQueue) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		q.drain()
		if cond() {
			return
		}
		select {
		case <-q.wake:
		case <-deadline.C:
			q.drain()
			if cond() {
				return
			}
			t.Fatalf("timed out after %s waiting for %s", waitTimeout, what)
		}
	}
}
