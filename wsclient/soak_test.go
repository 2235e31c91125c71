package wsclient_test

import (
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// The soak tests run short in every `go test` and in full with
// WSSAMPLE_SOAK=1 (make soak): 1,000 Start/Stop cycles of each client
// type, and 256 clients streaming at once for 10 s. Both end with the
// goroutines back at their baseline and the heap within a few MiB of it.
func soakFull() bool { return os.Getenv("WSSAMPLE_SOAK") != "" }

// settled waits for the goroutines to come back to baseline and checks
// that the heap is within slack of where it started.
func settled(t *testing.T, goroutines int, heap uint64, slack uint64) {
	t.Helper()
	eventually(t, 10*time.Second, "goroutines back to their baseline", func() bool { return runtime.NumGoroutine() <= goroutines })
	now := liveHeap()
	t.Logf("goroutines %d, back to the %d before; heap %.2f MiB, %.2f MiB before",
		runtime.NumGoroutine(), goroutines, float64(now)/(1<<20), float64(heap)/(1<<20))
	if now > heap+slack {
		t.Errorf("heap %.1f MiB after the soak, %.1f MiB before: more than %d MiB left behind",
			float64(now)/(1<<20), float64(heap)/(1<<20), slack>>20)
	}
}

func TestSoakStartStopCycles(t *testing.T) {
	cycles := 200
	if soakFull() {
		cycles = 1000
	}
	srv := testserver.Start(t, sampleserver.Config{MaxConnections: 1024})
	paths := map[string]string{"Stream": "/echo", "MessageSocket": "/echo", "FrameSocket": "/partial"}
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			s := newSubject(t, kind, wsclient.StreamOptions{Interval: 5 * time.Millisecond})
			goroutines, heap := runtime.NumGoroutine(), liveHeap()
			began := time.Now()
			for i := range cycles {
				if err := s.start(srv.URL(paths[kind])); err != nil {
					t.Fatalf("cycle %d: %v", i, err)
				}
				s.rec.waitFor(wsclient.EventConnected, 5*time.Second)
				if err := s.stop(); err != nil {
					t.Fatalf("cycle %d: Stop: %v", i, err)
				}
				end := s.rec.waitForEnd(5 * time.Second)
				if end.Close != (wsclient.CloseInfo{Code: 1000, Reason: wsclient.StopReason, By: wsclient.ClosedByClient}) {
					t.Fatalf("cycle %d ended with %q", i, end)
				}
				s.rec.seen = s.rec.seen[:0] // keep the recorder small
			}
			t.Logf("%s: %d cycles in %s", kind, cycles, time.Since(began).Round(time.Millisecond))
			settled(t, goroutines, heap, 4<<20)
		})
	}
}

func TestSoakConcurrentStreams(t *testing.T) {
	clients, streamFor := 64, 2*time.Second
	if soakFull() {
		clients, streamFor = 256, 10*time.Second
	}
	srv := testserver.Start(t, sampleserver.Config{MaxConnections: 1024})
	goroutines, heap := runtime.NumGoroutine(), liveHeap()

	streams := make([]*wsclient.Stream, clients)
	ended := make([]chan wsclient.Event, clients)
	var owners sync.WaitGroup
	for i := range streams {
		s := wsclient.NewStream(wsclient.StreamOptions{Payload: payload(1 << 10), Interval: 10 * time.Millisecond})
		streams[i], ended[i] = s, make(chan wsclient.Event, 1)
		owners.Add(1)
		go func() { // the owner: reads every event, keeps the last
			defer owners.Done()
			for e := range s.Events() {
				if e.IsFinal() {
					ended[i] <- e
					return
				}
			}
		}()
		if err := s.Start(srv.URL("/echo")); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 30*time.Second, "every stream to get echoes", func() bool {
		for _, s := range streams {
			if s.Received() == 0 {
				return false
			}
		}
		return true
	})
	time.Sleep(streamFor) // the soak itself: everyone streams for this long
	var total int64
	for _, s := range streams {
		total += s.Received()
	}
	var stops sync.WaitGroup
	for _, s := range streams {
		stops.Add(1)
		go func() { defer stops.Done(); s.Stop() }()
	}
	stopped := make(chan struct{})
	go func() { stops.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(wsclient.StopTimeout + 10*time.Second):
		t.Fatal("Stop of the concurrent streams did not return in time")
	}
	for i := range streams {
		select {
		case e := <-ended[i]:
			if e.Close.By != wsclient.ClosedByClient || e.Close.Code != 1000 {
				t.Errorf("stream %d ended with %q", i, e)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("stream %d gave no final event", i)
		}
	}
	owners.Wait()
	t.Logf("%d streams echoed %d MiB in about %s", clients, total>>20, streamFor)
	streams, ended = nil, nil
	settled(t, goroutines, heap, 4<<20)
}
