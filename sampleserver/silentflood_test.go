package sampleserver

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The flood tests: TCP connections that open and send nothing, not even a
// request line, re-opened as fast as the server closes them. They must not
// keep a legitimate client from being served, and the server must hold no
// more than its bound of them. They run at a size CI affords in every
// go test; WSSAMPLE_SOAK=1 (make soak) runs them larger and longer.
func floodSoak() bool { return os.Getenv("WSSAMPLE_SOAK") != "" }

// servedWithin bounds a legitimate client's handshake and first echo
// during a flood.
const servedWithin = time.Second

// silentFlood holds n silent TCP connections to one address.
type silentFlood struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	opened atomic.Int64 // connections opened so far, first ones included
}

// startFlood opens n connections to addr that send nothing and re-opens
// each as soon as the server closes it, until stop is called, the test's
// time is up or maxOpens connections have been opened in all. Each
// goroutine waits for the server's close with a read, so a close is
// noticed at once and not polled for.
func startFlood(t *testing.T, addr string, n int, maxOpens int64) *silentFlood {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*testTimeout)
	f := &silentFlood{cancel: cancel}
	var d net.Dialer
	for range n {
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			for ctx.Err() == nil && f.opened.Add(1) <= maxOpens {
				conn, err := d.DialContext(ctx, "tcp", addr)
				if err != nil {
					continue // the listen queue was full; the context bounds the retries
				}
				stop := context.AfterFunc(ctx, func() { conn.Close() })
				conn.Read(make([]byte, 1)) // returns when the server closes it (or stop)
				stop()
				conn.Close()
			}
		}()
	}
	t.Cleanup(f.stop)
	return f
}

// stop closes every flood connection and waits for the goroutines.
func (f *silentFlood) stop() {
	f.cancel()
	f.wg.Wait()
}

// legitimate does what a client does: a WebSocket handshake on /echo and
// one echo. It returns how long that took, or an error if it took longer
// than servedWithin.
func legitimate(s *Server) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), servedWithin)
	defer cancel()
	began := time.Now()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	c, _, err := websocket.Dial(ctx, s.URL("/echo"), &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		return time.Since(began), fmt.Errorf("handshake: %w", err)
	}
	defer c.CloseNow()
	if err := c.Write(ctx, websocket.MessageText, []byte("Hello World")); err != nil {
		return time.Since(began), fmt.Errorf("write: %w", err)
	}
	if _, p, err := c.Read(ctx); err != nil || string(p) != "Hello World" {
		return time.Since(began), fmt.Errorf("echo: %q, %v", p, err)
	}
	took := time.Since(began)
	c.Close(websocket.StatusNormalClosure, clientCloseReason)
	return took, nil
}

// testFloodServes floods s with n silent connections, waits until the
// server holds its bound of them and has closed some to make room, then
// checks that tries legitimate clients, one after the other, are each
// served within servedWithin, and that the server never held more
// connections than its bound.
func testFloodServes(t *testing.T, n, tries int) {
	s := startServer(t, Config{})
	bound := s.conns.max
	var heapBefore runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&heapBefore)

	f := startFlood(t, s.Addr(), n, int64(n)*1000)
	waitFor(t, fmt.Sprintf("the server to hold its bound of %d connections", bound), func() bool { return s.conns.len() >= bound })
	// The flood keeps coming: connections beyond the first n were opened
	// because the server closed some of the first.
	waitFor(t, "the flood to re-open connections", func() bool { return f.opened.Load() > int64(n+bound) })

	var worst time.Duration
	for i := range tries {
		took, err := legitimate(s)
		if err != nil {
			t.Fatalf("legitimate client %d of %d, %d silent connections (%d opened so far): not served within %v: %v",
				i+1, tries, n, f.opened.Load(), servedWithin, err)
		}
		worst = max(worst, took)
	}
	var heapDuring runtime.MemStats
	runtime.ReadMemStats(&heapDuring)
	f.stop()
	t.Logf("%d silent connections, %d opened in all; %d legitimate clients served, the slowest in %v; the server held at most %d (bound %d); heap %+.1f MiB",
		n, f.opened.Load(), tries, worst.Round(time.Millisecond), s.conns.peak(), bound,
		float64(int64(heapDuring.HeapInuse)-int64(heapBefore.HeapInuse))/(1<<20))
	if p := s.conns.peak(); p > bound {
		t.Errorf("the server held %d TCP connections at once, beyond its bound of %d", p, bound)
	}
	waitFor(t, "the flood's connections to be gone", func() bool { return s.conns.len() == 0 })
}

// 1,000 silent connections, held and re-opened, against the default
// server: a legitimate client is served within a second, every time.
func TestFloodOfSilentConnections(t *testing.T) {
	tries := 5
	if floodSoak() {
		tries = 50
	}
	testFloodServes(t, 1000, tries)
}

// The same with 5,000: ten times the server's bound, more than the
// kernel's listen queue holds.
func TestFloodOfSilentConnections5000(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 connections: not with -short")
	}
	testFloodServes(t, 5000, 5)
}
