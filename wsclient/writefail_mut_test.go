package wsclient_test

import (
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// A send whose write fails while the connection is still up returns a
// StreamError of the write, the failure itself; ErrNotConnected is for a
// send with no connection to write on (none yet, or closed or closing
// under the call). Here the server resets TCP while the client's reader
// waits for an owner that reads no events (its queue holds all it may),
// so nothing has noticed the reset but the write: the connection is
// still up when the write fails.
func TestSendThatFailsOnALiveConnectionIsAStreamError(t *testing.T) {
	for _, kind := range []string{"MessageSocket", "FrameSocket"} {
		t.Run(kind, func(t *testing.T) {
			// More messages than the queue holds, sent at once: the
			// reader then waits for the owner, with the rest unread.
			frames := make([]frame, 2*wsclient.MaxPendingData)
			for i := range frames {
				frames[i] = text("x")
			}
			reset := make(chan struct{})
			srv := startHostile(t, "", func(c net.Conn) {
				<-reset
				c.(*net.TCPConn).SetLinger(0) // close sends a reset, not a FIN
				c.Close()
			}, frames...)
			var once sync.Once
			resetNow := func() { once.Do(func() { close(reset) }) }
			t.Cleanup(resetNow) // before the server's cleanup waits for its goroutines

			s := newSubject(t, kind, wsclient.StreamOptions{})
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				s.stop()
				s.rec.waitForEnd(10 * time.Second) // the owner takes what waits, so the queue's pump ends
			})
			eventually(t, 10*time.Second, "the client's queue to fill up", func() bool {
				return s.pending() == wsclient.MaxPendingData
			})
			resetNow()
			var err error
			eventually(t, 10*time.Second, "a send to fail after the reset", func() bool {
				err = s.send("after the reset")
				return err != nil
			})
			var se *wsclient.StreamError
			if !errors.As(err, &se) || se.Op != "write" || errors.Is(err, wsclient.ErrNotConnected) {
				t.Errorf("the failed send returned %v (%T), want a StreamError of the write", err, err)
			}
		})
	}
}
