package wsclient_test

import (
	"context"
	"io"
	"net"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// An owner that does not keep up costs bounded memory: a server sends
// 300,000 tiny messages while the owner reads no event. The client queues
// a bounded number of them, then its reader waits and the rest stays in
// TCP (on loopback the kernel's buffers may well hold all 2.4 MB; with less
// room the server's writes would stop: back-pressure). The heap grows by
// well under a few MiB; with an unbounded queue it grew by about 70 MiB.
// Then the owner reads every message, in order, and the close.
func TestSlowOwnerGetsBackPressureNotUnboundedMemory(t *testing.T) {
	const total = 300_000
	for _, kind := range []string{"MessageSocket", "FrameSocket"} {
		t.Run(kind, func(t *testing.T) {
			// The hostile server writes the messages 64 KiB at a time, then
			// a close, and counts what it got out.
			var all []byte
			for i := range total {
				all = append(all, text(strconv.Itoa(i)).wire()...)
			}
			all = append(all, closeFrame(1000, "that was all").wire()...)
			var written atomic.Int64
			srv := startHostile(t, "", func(c net.Conn) {
				for b := all; len(b) > 0; {
					n, err := c.Write(b[:min(len(b), 64<<10)])
					written.Add(int64(n))
					if err != nil {
						return
					}
					b = b[n:]
				}
				io.Copy(io.Discard, c) // the client's echo of the close, until it drops TCP
			})
			before := liveHeap()
			s := newSubject(t, kind, wsclient.StreamOptions{})
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			// The owner is busy: it reads nothing until the client's queue
			// holds all it may (its reader then waits for the owner, and
			// reads no more), and the server has sent everything or cannot
			// send more (the kernel says its send buffer is full).
			eventually(t, 30*time.Second, "the client's queue to fill up", func() bool {
				return s.pending() == wsclient.MaxPendingData
			})
			eventually(t, 30*time.Second, "the server to finish or to back up", func() bool {
				if written.Load() == int64(len(all)) {
					return true
				}
				m, ok, err := socketTo(srv.ln.Addr(), srv.clientAddr())
				if err != nil && runtime.GOOS != "linux" {
					t.Skipf("cannot tell that the server backed up: %v", err)
				} else if err != nil {
					t.Fatalf("cannot tell that the server backed up: %v", err)
				}
				return ok && m.writerStuck()
			})
			last := written.Load()
			growth := int64(liveHeap()) - int64(before)
			t.Logf("%s: the server got %d of %d bytes out while the owner was busy; heap growth %.2f MiB",
				kind, last, len(all), float64(growth)/(1<<20))
			if growth > 4<<20 {
				t.Errorf("heap grew by %.1f MiB while the owner was busy, want under 4 MiB", float64(growth)/(1<<20))
			}

			// Now the owner reads: everything, in order. What is bounded is
			// the wait for each next event, not the whole: under -race on
			// a loaded machine 300,000 events take minutes, and a stall is
			// what this looks for.
			next := 0
			stall := time.NewTimer(30 * time.Second)
			defer stall.Stop()
			for {
				var e wsclient.Event
				select {
				case e = <-s.rec.events:
					stall.Reset(30 * time.Second)
				case <-stall.C:
					t.Fatalf("after %d messages, nothing more came for 30 s", next)
				}
				if e.Kind == wsclient.EventMessage || e.Kind == wsclient.EventFrame {
					if e.Text != strconv.Itoa(next) {
						t.Fatalf("message %d is %q", next, e.Text)
					}
					next++
				}
				if e.IsFinal() {
					if want := "Closed; Code: 1000, Reason: that was all [closed by the server]"; e.String() != want || next != total {
						t.Errorf("after %d messages: %q, want %d then %q", next, e, total, want)
					}
					return
				}
			}
		})
	}
}

// liveHeap is the heap in use after a collection (two: the first leaves
// sync.Pool's spare buffers in its victim cache).
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// Close never waits for the owner: with the queue full and the reader
// waiting for room, Close still returns within StopTimeout, and the close
// is the last event, after the messages in order.
func TestCloseDoesNotWaitForABusyOwner(t *testing.T) {
	for _, kind := range []string{"MessageSocket", "FrameSocket"} {
		t.Run(kind, func(t *testing.T) {
			srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
				go c.CloseRead(ctx)
				for i := 0; c.Write(ctx, websocket.MessageText, []byte(strconv.Itoa(i))) == nil; i++ {
				}
			})
			s := newSubject(t, kind, wsclient.StreamOptions{})
			if err := s.start(wsURL(srv, "/")); err != nil {
				t.Fatal(err)
			}
			// Wait (without reading events) for the queue to fill: the
			// events channel then stays full.
			eventually(t, 10*time.Second, "the event queue to fill", func() bool { return len(s.rec.events) == cap(s.rec.events) })
			began := time.Now()
			stopped := make(chan struct{})
			go func() { s.stop(); close(stopped) }()
			select {
			case <-stopped:
			case <-time.After(wsclient.StopTimeout + 2*time.Second):
				t.Fatal("Close waited for the owner to read its events")
			}
			t.Logf("%s: Close returned after %s", kind, time.Since(began).Round(time.Millisecond))
			e := s.rec.waitFor(wsclient.EventClosed, 10*time.Second)
			next := 0
			for _, seen := range s.rec.seen {
				if seen.Kind == wsclient.EventMessage || seen.Kind == wsclient.EventFrame {
					if seen.Text != strconv.Itoa(next) {
						t.Fatalf("message %d is %q", next, seen.Text)
					}
					next++
				}
			}
			if want := stoppedEvent.String(); e.String() != want {
				t.Errorf("final event %q, want %q", e, want)
			}
			t.Logf("%s: %d messages delivered before the close", kind, next)
		})
	}
}
