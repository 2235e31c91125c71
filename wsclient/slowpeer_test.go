package wsclient_test

import (
	"bufio"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient"
)

// Pings against a peer that is alive but slow to read, and one that is
// gone, each behind sends the peer does not take in: the client's socket
// is full (the kernel says so, sockbuf_linux_test.go), so no ping can be
// written until the peer reads.

// slowTimeout is the ping timeout of these tests; slowHold is how long
// the slow peer leaves the client's sends unread, more than two timeouts,
// while it sends a frame every slowBeat to show it is alive. (A loaded
// machine may starve a goroutine for a few hundred milliseconds: the
// timeout leaves room for that, and the subtests run in parallel.)
const (
	slowTimeout = time.Second
	slowHold    = 5 * slowTimeout / 2
	slowBeat    = 25 * time.Millisecond
)

// slowPeer is a server that sends a small text frame every slowBeat, to
// show it is alive, and reads nothing until held is closed and slowHold
// more has passed; then it reads everything, answers each ping with its
// pong (RFC 6455 §5.5.2) and the close with a close.
func slowPeer(t *testing.T, held <-chan struct{}) *hostile {
	return startHostile(t, "", func(c net.Conn) {
		// The kernel's own buffers (no small read buffer, unlike the
		// hostile server's): once the peer reads, what waits drains fast.
		c.SetDeadline(time.Now().Add(30 * time.Second))
		var mu sync.Mutex // one frame at a time
		write := func(f frame) error {
			mu.Lock()
			defer mu.Unlock()
			_, err := c.Write(f.wire())
			return err
		}
		done := make(chan struct{})
		beating := make(chan struct{})
		defer func() { close(done); <-beating }()
		go func() {
			defer close(beating)
			beat := time.NewTicker(slowBeat)
			defer beat.Stop()
			for {
				select {
				case <-done:
					return
				case <-beat.C:
					if write(text("alive")) != nil {
						return
					}
				}
			}
		}()
		<-held
		time.Sleep(slowHold) // the slow peer's pace: it is the condition under test, not a wait for an event
		br := bufio.NewReader(c)
		for {
			f, err := wsframe.ReadFrame(br, 2<<20)
			if err != nil {
				return
			}
			switch f.Opcode {
			case wsframe.Ping:
				write(frame{fin: true, op: 0xA, payload: f.Payload})
			case wsframe.Close:
				write(frame{fin: true, op: 0x8, payload: f.Payload})
				return
			}
		}
	})
}

// RFC 6455 §5.5.2, §5.4: a peer that is alive but slow to read answers a
// ping late, behind the client's own sends; the client must not take it
// for dead. Here the peer leaves the client's sends unread for four ping
// timeouts while it goes on sending frames: Ping waits (its timeout
// counts the peer's silence, not the client's queue), and the keep-alive
// of a Stream and a MessageSocket keeps the connection; once the peer
// reads, the ping goes out, its pong answers it, and Stop closes cleanly.
func TestPingWaitsForASlowPeerRFC6455Section5_5_2(t *testing.T) {
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			held := make(chan struct{})
			srv := slowPeer(t, held)
			opts := wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{
				Options: wsclient.Options{PingTimeout: slowTimeout}}}
			if kind != "FrameSocket" { // a FrameSocket has no keep-alive
				opts.PingInterval = slowTimeout / 5
			}
			if kind == "Stream" {
				opts.Payload, opts.Interval = make([]byte, 256<<10), wsclient.Continuous
			}
			s := newSubject(t, kind, opts)
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			s.rec.waitFor(wsclient.EventConnected, 5*time.Second)
			defer close(s.sendUntilStuck(t, srv.ln.Addr()))
			began := time.Now()
			close(held)
			if _, err := s.ping([]byte("behind a slow peer")); err != nil {
				t.Fatalf("Ping behind a slow peer's unread sends: %v after %s", err, time.Since(began).Round(time.Millisecond))
			}
			if took := time.Since(began); took < slowHold {
				t.Fatalf("the ping was answered after %s, before the peer read (%s): the test did not hold it", took, slowHold)
			}
			if kind != "FrameSocket" {
				pong := s.rec.waitFor(wsclient.EventPong, 5*time.Second)
				if pong.RTT <= 0 {
					t.Errorf("keep-alive pong with round trip %s", pong.RTT)
				}
			}
			for _, e := range s.rec.seen {
				if e.Kind == wsclient.EventReadFailed || e.Kind == wsclient.EventWriteFailed || e.IsFinal() {
					t.Fatalf("the connection ended under a slow peer: %s", e)
				}
			}
			if err := s.stop(); err != nil {
				t.Fatal(err)
			}
			if end := s.rec.waitForEnd(wsclient.StopTimeout + 2*time.Second); end.Close.By != wsclient.ClosedByClient {
				t.Errorf("final event %q, want a close by the client", end)
			}
		})
	}
}

// A peer that is gone (here: it never reads and sends nothing) is still
// found out by the keep-alive behind a stuck send, within the bound
// MessageOptions.PingInterval states: PingInterval + 2 × PingTimeout.
func TestKeepAliveBehindAStuckSendFindsADeadPeer(t *testing.T) {
	for _, kind := range []string{"Stream", "MessageSocket"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			srv := startHostile(t, "", func(c net.Conn) {
				if tc, ok := c.(*net.TCPConn); ok {
					tc.SetReadBuffer(4 << 10)
				}
				<-release
			})
			t.Cleanup(func() { close(release) })
			interval := slowTimeout / 5
			opts := wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{PingInterval: interval,
				Options: wsclient.Options{PingTimeout: slowTimeout}}}
			if kind == "Stream" {
				opts.Payload, opts.Interval = make([]byte, 256<<10), wsclient.Continuous
			}
			s := newSubject(t, kind, opts)
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			s.rec.waitFor(wsclient.EventConnected, 5*time.Second)
			defer close(s.sendUntilStuck(t, srv.ln.Addr()))
			began := time.Now()
			failed := s.rec.waitFor(wsclient.EventReadFailed, 10*time.Second)
			if !errors.Is(failed.Err, wsclient.ErrNoPong) {
				t.Fatalf("failure %q, want no pong", failed)
			}
			// The bound, and a second for a loaded machine's scheduling.
			if took, bound := time.Since(began), interval+2*slowTimeout; took > bound+time.Second {
				t.Errorf("the dead peer was found after %s, bound %s", took, bound)
			}
			if end := s.rec.waitForEnd(wsclient.StopTimeout + 2*time.Second); !strings.Contains(end.Close.Reason, "no pong") || end.Close.Code != 1006 {
				t.Errorf("final event %q, want 1006 with no pong", end)
			}
		})
	}
}
