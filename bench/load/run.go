package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// workload is what every client of a run does.
type workload struct {
	name string
	size int // bytes per message
	// every: a client sends a message this often (a fixed rate); 0 means
	// the next as soon as the last came back (as fast as possible).
	every time.Duration
	typ   websocket.MessageType
}

// result is what a run of n clients measured on the client side.
type result struct {
	clients  int
	messages int64 // echoes received whole and equal
	bytes    int64 // their payload
	elapsed  time.Duration
	rtts     []time.Duration // every round trip, sorted
}

// MBps is the echoed payload in MB (10^6 bytes) per second.
func (r result) MBps() float64 { return float64(r.bytes) / 1e6 / r.elapsed.Seconds() }

// perSecond is the echoes per second.
func (r result) perSecond() float64 { return float64(r.messages) / r.elapsed.Seconds() }

// quantile is the round trip below which a fraction q of them fell.
func (r result) quantile(q float64) time.Duration {
	if len(r.rtts) == 0 {
		return 0
	}
	return r.rtts[min(len(r.rtts)-1, int(q*float64(len(r.rtts))))]
}

// maxRTT is the longest round trip.
func (r result) maxRTT() time.Duration {
	if len(r.rtts) == 0 {
		return 0
	}
	return r.rtts[len(r.rtts)-1]
}

// dialAll opens n WebSocket connections to url, at most 32 handshakes at a
// time (a burst of 256 SYNs at once would measure the listen queue, not the
// server), each within timeout.
func dialAll(ctx context.Context, url string, n int, timeout time.Duration) ([]*websocket.Conn, error) {
	conns := make([]*websocket.Conn, n)
	errs := make([]error, n)
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			dctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			c, _, err := websocket.Dial(dctx, url, &websocket.DialOptions{HTTPClient: hc})
			if err != nil {
				errs[i] = fmt.Errorf("client %d: %w", i, err)
				return
			}
			c.SetReadLimit(-1)
			conns[i] = c
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		closeAll(conns)
		return nil, err
	}
	return conns, nil
}

// closeAll closes every connection with 1000, at once.
func closeAll(conns []*websocket.Conn) {
	var wg sync.WaitGroup
	for _, c := range conns {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Close(websocket.StatusNormalClosure, "load done")
		}()
	}
	wg.Wait()
}

// load runs w on every connection for d and measures. Each client keeps
// one message in flight: it sends, reads the echo whole, checks it byte for
// byte and records the round trip, then sends the next (at once, or at its
// next tick when w has a rate; the clients' ticks are spread over the
// interval so that they do not all send in the same instant). A client
// stops sending at d; the run ends when every echo in flight is back, or
// fails after d + grace.
func load(ctx context.Context, conns []*websocket.Conn, w workload, d, grace time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, d+grace)
	defer cancel()
	type clientResult struct {
		messages int64
		rtts     []time.Duration
		err      error
	}
	results := make([]clientResult, len(conns))
	start := time.Now()
	stopAt := start.Add(d)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			msg := make([]byte, w.size)
			rand.Read(msg)
			if w.typ == websocket.MessageText {
				for j := range msg {
					msg[j] = 'a' + byte(j%26)
				}
			}
			got := make([]byte, w.size+1) // one more: a longer echo shows
			var tick *time.Ticker
			if w.every > 0 {
				// The first tick of client i comes i/n of an interval
				// late: the clients' sends are spread evenly.
				time.Sleep(w.every * time.Duration(i) / time.Duration(len(conns)))
				tick = time.NewTicker(w.every)
				defer tick.Stop()
			}
			for time.Now().Before(stopAt) {
				if tick != nil {
					select {
					case <-tick.C:
					case <-ctx.Done():
						r.err = ctx.Err()
						return
					}
				}
				sent := time.Now()
				if err := c.Write(ctx, w.typ, msg); err != nil {
					r.err = fmt.Errorf("write: %w", err)
					return
				}
				typ, rd, err := c.Reader(ctx)
				if err != nil {
					r.err = fmt.Errorf("read: %w", err)
					return
				}
				n, err := io.ReadFull(rd, got)
				if err != io.ErrUnexpectedEOF && err != io.EOF {
					r.err = fmt.Errorf("read: %d bytes, %v", n, err)
					return
				}
				rtt := time.Since(sent)
				if typ != w.typ || !bytes.Equal(got[:n], msg) {
					r.err = fmt.Errorf("the echo differs: %v of %d bytes for %v of %d", typ, n, w.typ, len(msg))
					return
				}
				r.messages++
				r.rtts = append(r.rtts, rtt)
			}
		}()
	}
	wg.Wait()
	res := result{clients: len(conns), elapsed: time.Since(start)}
	var errs []error
	for i, r := range results {
		res.messages += r.messages
		res.rtts = append(res.rtts, r.rtts...)
		if r.err != nil {
			errs = append(errs, fmt.Errorf("client %d: %w", i, r.err))
		}
	}
	res.bytes = res.messages * int64(w.size)
	slices.Sort(res.rtts)
	return res, errors.Join(errs...)
}
