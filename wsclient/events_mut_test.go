package wsclient

import (
	"testing"
	"time"
)

// Progress events are coalesced for an owner that falls behind: a new one
// replaces the one still waiting, so the owner sees the latest totals
// once. That holds also when the waiting one is first in line (everything
// before it already handed to the owner's channel, which is full).
func TestProgressEventsAreCoalescedEvenFirstInLine(t *testing.T) {
	q := newEventQueue()
	for range cap(q.out) + 1 { // the channel full, and one in the pump's hand
		q.emit(Event{Kind: EventNote, Text: "before"})
	}
	deadline := time.Now().Add(10 * time.Second)
	for { // until the pump has taken all of them: nothing waits in line
		q.mu.Lock()
		waiting := len(q.pending)
		q.mu.Unlock()
		if waiting == 0 && len(q.out) == cap(q.out) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pump did not take the events")
		}
		time.Sleep(time.Millisecond)
	}
	q.emit(Event{Kind: EventProgress, Sent: 1})
	q.emit(Event{Kind: EventProgress, Sent: 2})
	q.emit(Event{Kind: EventNote, Text: "after"})
	var progress []int64
	for e := range q.out {
		if e.Kind == EventProgress {
			progress = append(progress, e.Sent)
		}
		if e.Text == "after" {
			break
		}
	}
	if len(progress) != 1 || progress[0] != 2 {
		t.Errorf("the owner saw progress with Sent %v, want only the latest (2)", progress)
	}
}

// Keep-alive pongs are data to the queue's bound: each waits for the
// owner like a message. They leave the count when the owner takes them,
// so an owner that keeps up is never held back, however many come.
func TestPongsLeaveTheBoundOnceTaken(t *testing.T) {
	q := newEventQueue()
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) }) // a sender still waiting gives up
	go func() {
		for range 2 * maxPendingData {
			q.emitData(Event{Kind: EventPong}, stop, stop)
		}
	}()
	for i := range 2 * maxPendingData {
		select {
		case <-q.out:
		case <-time.After(10 * time.Second):
			t.Fatalf("after %d pongs taken, the next did not come", i)
		}
	}
}
