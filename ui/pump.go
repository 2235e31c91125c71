package ui

import "github.com/wssample/wssample/wsclient"

// maxEventBatch caps how many events one UI call handles, so a flood of
// events still lets the window draw between batches.
const maxEventBatch = 256

// pumpEvents carries a socket's events to the UI goroutine until done is
// closed: the one goroutine per page that reads its Events channel. It
// takes everything already waiting as one batch (at most maxEventBatch),
// makes one UI call for it through do, and waits for that call before
// taking the next: while the UI is busy, events gather in the next batch
// instead of piling up as separate calls.
//
// Progress events are dropped here: the byte counters are polled at a
// steady rate instead (kit.StartPoller), so a flood of them costs the UI
// nothing, and a batch of nothing else makes no UI call at all.
func pumpEvents(events <-chan wsclient.Event, do func(func()), done <-chan struct{}, handle func([]wsclient.Event)) {
	for {
		var batch []wsclient.Event
		select {
		case e := <-events:
			batch = appendShown(batch, e)
		case <-done:
			return
		}
		for more := true; more && len(batch) < maxEventBatch; {
			select {
			case e := <-events:
				batch = appendShown(batch, e)
			default:
				more = false
			}
		}
		if len(batch) == 0 {
			continue
		}
		handled := make(chan struct{})
		do(func() {
			defer close(handled)
			handle(batch)
		})
		select {
		case <-handled:
		case <-done:
			return
		}
	}
}

// appendShown appends e to batch unless it is a progress event.
func appendShown(batch []wsclient.Event, e wsclient.Event) []wsclient.Event {
	if e.Kind == wsclient.EventProgress {
		return batch
	}
	return append(batch, e)
}
