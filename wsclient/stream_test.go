package wsclient_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

func TestStreamEchoCountsBothWaysAndStops(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: 20 * time.Millisecond})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/echo")); err != nil {
		t.Fatal(err)
	}
	connected := rec.waitFor(wsclient.EventConnected, 5*time.Second)
	if connected.Info == nil || connected.Info.RemoteAddr != strings.TrimPrefix(srv.URL, "http://") || connected.Info.LocalAddr == "" {
		t.Errorf("connection info = %+v, want the server's address", connected.Info)
	}
	// "Hello World" is 11 bytes: wait for three of them back.
	eventually(t, 5*time.Second, "33 bytes echoed", func() bool { return s.Received() >= 33 })
	if sent := s.Sent(); sent%11 != 0 || sent < 33 {
		t.Errorf("Sent() = %d, want a multiple of 11, at least 33", sent)
	}
	if err := s.Start(wsURL(srv, "/echo")); !errors.Is(err, wsclient.ErrAlreadyStarted) || err.Error() != "Already started" {
		t.Errorf("Start while running = %v, want Already started", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	closed := rec.waitFor(wsclient.EventClosed, time.Second)
	want := wsclient.CloseInfo{Code: 1000, Reason: wsclient.StopReason, By: wsclient.ClosedByClient}
	if closed.Close != want {
		t.Errorf("close = %+v, want %+v", closed.Close, want)
	}
	if got := closed.String(); got != stoppedEvent.String() {
		t.Errorf("close line = %q", got)
	}
	if closed.Sent != s.Sent() || closed.Received != s.Received() {
		t.Errorf("closed event totals %d/%d, counters %d/%d", closed.Sent, closed.Received, s.Sent(), s.Received())
	}
	if err := s.Stop(); !errors.Is(err, wsclient.ErrNotConnected) || err.Error() != "Not connected" {
		t.Errorf("Stop when idle = %v, want Not connected", err)
	}
	wantOrder := []wsclient.EventKind{wsclient.EventConnecting, wsclient.EventConnected, wsclient.EventReadStarted, wsclient.EventWriteStarted}
	if got := rec.kinds(); len(got) < 4 || !equalKinds(got[:4], wantOrder) || got[len(got)-1] != wsclient.EventClosed {
		t.Errorf("event order = %v, want %v … Closed", got, wantOrder)
	}
}

func equalKinds(a, b []wsclient.EventKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// With the default interval the first "Hello World" goes out at once and the
// next a second later: right after the first echo, Sent reads exactly 11.
func TestStreamDefaultSendsHelloWorldOncePerSecond(t *testing.T) {
	srv := wsServer(t, echo)
	var mu sync.Mutex
	var got bytes.Buffer
	s := wsclient.NewStream(wsclient.StreamOptions{OnData: func(p []byte) { mu.Lock(); got.Write(p); mu.Unlock() }})
	rec := record(t, s)
	began := time.Now()
	if err := s.Start(wsURL(srv, "/echo")); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "first echo", func() bool { return s.Received() >= 11 })
	// Once a second: at most one more message per whole second since
	// Start. Bounded by the time actually elapsed, so a loaded machine
	// that gets here late cannot make it fail; usually the bound is 11.
	sent, elapsed := s.Sent(), time.Since(began)
	if most := 11 * (1 + int64(elapsed/time.Second)); sent > most {
		t.Errorf("Sent() = %d after %s, want at most %d (one Hello World a second)", sent, elapsed, most)
	}
	mu.Lock()
	if !strings.HasPrefix(got.String(), "Hello World") {
		t.Errorf("echo = %q, want Hello World", got.String())
	}
	mu.Unlock()
	s.Stop()
	rec.waitFor(wsclient.EventClosed, time.Second)
}

// Reads are partial: never more than ReadSize bytes, and they cross message
// boundaries and accept text frames as stream bytes.
func TestStreamPartialReadsAcrossMessagesIncludingText(t *testing.T) {
	messages := []struct {
		typ  websocket.MessageType
		data string
	}{
		{websocket.MessageText, "EchoWebSocket Connected at: now"},
		{websocket.MessageBinary, strings.Repeat("b", 250)},
		{websocket.MessageText, "seven!!"},
		{websocket.MessageBinary, strings.Repeat("z", 130)},
	}
	var want strings.Builder
	for _, m := range messages {
		want.WriteString(m.data)
	}
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		for _, m := range messages {
			if c.Write(ctx, m.typ, []byte(m.data)) != nil {
				return
			}
		}
		c.CloseRead(ctx)
		<-ctx.Done()
	})
	var mu sync.Mutex
	var got bytes.Buffer
	var largest int
	s := wsclient.NewStream(wsclient.StreamOptions{
		Payload:  []byte{}, // receive only
		ReadSize: 100,
		OnData: func(p []byte) {
			mu.Lock()
			defer mu.Unlock()
			got.Write(p)
			largest = max(largest, len(p))
		},
	})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "all bytes read", func() bool { return s.Received() == int64(want.Len()) })
	mu.Lock()
	if got.String() != want.String() {
		t.Errorf("stream bytes differ:\n got %q\nwant %q", got.String(), want.String())
	}
	if largest > 100 {
		t.Errorf("a read returned %d bytes, more than ReadSize 100", largest)
	}
	mu.Unlock()
	s.Stop()
	rec.waitFor(wsclient.EventClosed, 3*time.Second)
}

func TestStreamServerCloseShowsServersCodeAndReason(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		// Close alone: it sends the close frame first, then reads (and
		// discards) what the client sent until the client's close comes.
		// No CloseRead beside it: that would answer the stream's first
		// message with its own close (1008, "unexpected data message")
		// whenever the message arrived before this goroutine ran Close,
		// as it can on a loaded machine.
		c.Close(4001, "server says bye")
	})
	s := wsclient.NewStream(wsclient.StreamOptions{})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	closed := rec.waitFor(wsclient.EventClosed, 5*time.Second)
	want := wsclient.CloseInfo{Code: 4001, Reason: "server says bye", By: wsclient.ClosedByServer}
	if closed.Close != want {
		t.Errorf("close = %+v, want %+v", closed.Close, want)
	}
	if closed.IsError() {
		t.Error("a server's close frame is not an error")
	}
	if err := s.Stop(); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("Stop after the server closed = %v, want ErrNotConnected", err)
	}
}

// A TCP connection cut without a close frame is an abnormal closure (1006)
// with its cause, never a clean close.
func TestStreamTCPDropIsAbnormalClosure(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		c.CloseNow() // no close frame
	})
	s := wsclient.NewStream(wsclient.StreamOptions{})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	closed := rec.waitFor(wsclient.EventClosed, 5*time.Second)
	if closed.Close.Code != 1006 || closed.Close.By != wsclient.ClosedAbnormally {
		t.Fatalf("close = %+v, want 1006 connection lost", closed.Close)
	}
	if !strings.Contains(closed.Close.Reason, "connection lost: ") {
		t.Errorf("reason %q does not give the cause", closed.Close.Reason)
	}
	if !closed.IsError() {
		t.Error("a lost connection must show as an error")
	}
	var failed bool
	for _, e := range rec.seen {
		failed = failed || e.Kind == wsclient.EventReadFailed || e.Kind == wsclient.EventWriteFailed
	}
	if !failed {
		t.Errorf("no read or write failure reported before the close: %v", rec.lines())
	}
}

// Stop returns within its bound even when the peer never reads: the
// client's writes back up and the close frame cannot be sent.
func TestStopAgainstPeerThatNeverReads(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) { <-ctx.Done() })
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: make([]byte, 1<<20), Interval: wsclient.Continuous})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	// Wait until the writes have backed up, as the kernel tells it: the
	// send buffer of the client's socket is full, after at least one
	// payload went out.
	waitSocket(t, 10*time.Second, "the client's writes to back up", nil, srv.Listener.Addr(), sockMem.writerStuck, func() bool { return s.Sent() > 0 })
	bound := wsclient.StopTimeout + time.Second
	if took, stalled, _ := timedStop(t, s.Stop, bound); took-stalled > bound {
		t.Fatalf("Stop took %s (the process stalled %s of it) against a peer that never reads, bound %s", took, stalled, bound)
	}
	closed := rec.waitFor(wsclient.EventClosed, time.Second)
	if closed.Close.By != wsclient.ClosedByClient || closed.Close.Code != 1000 {
		t.Errorf("close = %+v, want 1000 by the client", closed.Close)
	}
}

// Many connect/stop cycles leave nothing behind (TestMain runs goleak).
func TestStartStopCyclesLeaveNoGoroutines(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: 5 * time.Millisecond})
	rec := record(t, s)
	for i := 0; i < 200; i++ {
		if err := s.Start(wsURL(srv, "/echo")); err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
		if i%2 == 0 {
			rec.waitFor(wsclient.EventConnected, 5*time.Second)
		}
		if err := s.Stop(); err != nil && !errors.Is(err, wsclient.ErrNotConnected) {
			t.Fatalf("cycle %d: Stop: %v", i, err)
		}
		rec.waitForEnd(5 * time.Second)
	}
}

func TestStopDuringConnectCancels(t *testing.T) {
	uri := hangListener(t)
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{HandshakeTimeout: time.Minute}}})
	rec := record(t, s)
	if err := s.Start(uri); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnecting, time.Second)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	failed := rec.waitFor(wsclient.EventConnectFailed, time.Second)
	var ce *wsclient.ConnectError
	if !errors.As(failed.Err, &ce) || ce.Kind != wsclient.KindCancelled {
		t.Errorf("err = %v, want a cancelled connect", failed.Err)
	}
}

func TestStartRejectsBadAddressWithoutConnecting(t *testing.T) {
	s := wsclient.NewStream(wsclient.StreamOptions{})
	err := s.Start("http://example.com/")
	var ue *wsclient.URIError
	if !errors.As(err, &ue) || ue.Problem != wsclient.URIBadScheme {
		t.Fatalf("Start(http://…) = %v, want a scheme error", err)
	}
	select {
	case e := <-s.Events():
		t.Fatalf("a bad address produced an event: %v", e)
	default:
	}
	if err := s.Stop(); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("Stop = %v, want ErrNotConnected", err)
	}
}

// SetOptions applies to the next Start; the open connection keeps its own.
func TestSetOptionsAppliesToTheNextStart(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte("one"), Interval: 10 * time.Millisecond})
	rec := record(t, s)
	s.Start(wsURL(srv, "/"))
	eventually(t, 5*time.Second, "first payload", func() bool { return s.Sent() >= 3 })
	s.SetOptions(wsclient.StreamOptions{Payload: []byte("seven!!"), Interval: 10 * time.Millisecond})
	if sent := s.Sent(); sent%3 != 0 {
		t.Errorf("the open connection changed payload: sent %d", sent)
	}
	s.Stop()
	rec.waitForEnd(2 * time.Second)
	s.Start(wsURL(srv, "/"))
	eventually(t, 5*time.Second, "new payload", func() bool { return s.Sent() >= 7 })
	if sent := s.Sent(); sent%7 != 0 {
		t.Errorf("sent %d, want multiples of 7", sent)
	}
	s.Stop()
	rec.waitForEnd(2 * time.Second)
}
