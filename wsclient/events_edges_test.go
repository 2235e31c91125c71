package wsclient

import (
	"runtime"
	"testing"
	"time"
)

// receive takes the next event from q, failing the test if none comes
// within a deadline.
func receive(t *testing.T, q *eventQueue) Event {
	t.Helper()
	select {
	case e := <-q.out:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
		return Event{}
	}
}

// A progress event still waiting is replaced by the next one even when it
// is the first event waiting: the owner sees the latest totals once.
func TestEventQueueCoalescesTheFirstWaitingProgress(t *testing.T) {
	q := newEventQueue()
	// Fill the channel and the pump's hand, so the next events wait in
	// pending: cap(out) in the channel, one held by the blocked pump.
	n := cap(q.out) + 1
	for i := 0; i < n; i++ {
		q.emit(Event{Kind: EventNote})
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		q.mu.Lock()
		idle := len(q.pending) == 0 && len(q.out) == cap(q.out)
		q.mu.Unlock()
		if idle {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pump did not fill the channel within 5 s")
		}
		runtime.Gosched() // the pump runs on; poll its state, with a deadline
	}
	q.emit(Event{Kind: EventProgress, Text: "1"}) // the first event pending
	q.emit(Event{Kind: EventProgress, Text: "2"})
	q.emit(Event{Kind: EventNote, Text: "end"})
	for i := 0; i < n; i++ {
		receive(t, q)
	}
	var progress []string
	for e := receive(t, q); e.Text != "end"; e = receive(t, q) {
		progress = append(progress, e.Text)
	}
	if len(progress) != 1 || progress[0] != "2" {
		t.Errorf("progress events delivered %q, want only the latest, \"2\"", progress)
	}
}

// Pongs are data events: each counts toward maxPendingData while it waits
// and frees its place when the owner takes it, so an owner that keeps up
// never sees one dropped; other events do not count.
func TestEventQueuePongsFreeTheirPlace(t *testing.T) {
	q := newEventQueue()
	full := make(chan struct{})
	close(full) // a data event that finds no room is dropped, not waited for
	for i := 0; i < maxPendingData+2; i++ {
		q.emitData(Event{Kind: EventPong}, full, nil)
		if e := receive(t, q); e.Kind != EventPong {
			t.Fatalf("event %d: %v, want a pong", i, e.Kind)
		}
	}
	q.emit(Event{Kind: EventNote})
	receive(t, q)
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.data != 0 {
		t.Errorf("%d data events counted with none waiting", q.data)
	}
}
