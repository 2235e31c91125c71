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
// machine under -race may starve a goroutine for a second or more: two
// seconds leave room for that, and the subtests run in parallel.)
const (
	slowTimeout = 2 * time.Second
	slowHold    = 5 * slowTimeout / 2
	slowBeat    = 25 * time.Millisecond
)

// slowPeer is a server that sends a small text frame every slowBeat, to
// show it is alive, and reads nothing until held is closed and slowHold
// more has passed; then it closes reading, reads everything, answers
// each ping with its pong (RFC 6455 §5.5.2) and the close with a close.
func slowPeer(t *testing.T, held <-chan struct{}, reading chan<- struct{}) *hostile {
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
		close(reading)
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
// ping late, behind the client's own sends. Here it leaves them unread
// for 2.5 ping timeouts while it goes on sending frames. The keep-alive
// of a Stream and a MessageSocket keeps the connection (the peer is
// alive), and pongs once the peer reads; Ping, which asks how fast this
// ping is answered, says it could not be sent in time, and the connection
// stays; once the peer reads, Ping is answered, and Stop closes cleanly.
func TestPingWaitsForASlowPeerRFC6455Section5_5_2(t *testing.T) {
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			held, reading := make(chan struct{}), make(chan struct{})
			srv := slowPeer(t, held, reading)
			var holding sync.Once
			hold := func() { holding.Do(func() { close(held) }) }
			t.Cleanup(hold) // before the server's cleanup, which waits for it, should the test end early
			opts := wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{
				Options: wsclient.Options{PingTimeout: slowTimeout}}}
			if kind != "FrameSocket" { // a FrameSocket has no keep-alive
				opts.PingInterval = slowTimeout / 5
			}
			s, sending := stuckOn(t, srv, kind, opts)
			defer close(sending)
			hold()
			if _, err := s.ping([]byte("during the hold")); !failedInTime(err, slowTimeout) {
				t.Fatalf("Ping behind a slow peer's unread sends: %v, want it unsent or unanswered within %s", err, slowTimeout)
			}
			select {
			case <-reading:
			case <-time.After(slowHold + 10*time.Second):
				t.Fatal("the peer never began to read")
			}
			// The peer now drains what waited, megabytes: on a loaded
			// machine a ping may wait longer than its timeout behind it.
			// Ping until one is answered, within a deadline.
			answered := false
			for deadline := time.Now().Add(20 * time.Second); !answered && time.Now().Before(deadline); {
				_, err := s.ping([]byte("once the peer reads"))
				answered = err == nil
				if err != nil && !failedInTime(err, slowTimeout) {
					t.Fatalf("Ping once the peer reads: %v", err)
				}
			}
			if !answered {
				t.Fatal("no ping answered within 20 s of the peer reading")
			}
			if kind != "FrameSocket" {
				if pong := s.rec.waitFor(wsclient.EventPong, 5*time.Second); pong.RTT <= 0 {
					t.Errorf("keep-alive pong with round trip %s", pong.RTT)
				}
			}
			if err := s.stop(); err != nil {
				t.Fatal(err)
			}
			// A keep-alive that had dropped the connection under the
			// slow peer would end it as lost (1006), not as Stop does.
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
			s, sending := stuckOn(t, srv, kind, opts)
			defer close(sending)
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

// failedInTime reports whether err is a Ping that failed on its timeout:
// it could not be sent within it (the frame ahead of it was never taken
// in), or it went into the socket but no pong came within it (it waits
// there behind bytes the server has not read). Which one depends on
// whether the kernel had room for a few more bytes when the ping's turn
// came.
func failedInTime(err error, timeout time.Duration) bool {
	if err == nil {
		return false
	}
	return strings.Contains(err.Error(), "the ping could not be sent within "+timeout.String()+": the server is not reading") ||
		strings.Contains(err.Error(), "no pong within "+timeout.String())
}
