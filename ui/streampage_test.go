package ui

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wssample/wsclient"
)

func TestStreamStartCountStop(t *testing.T) {
	h := newHarness(t, Config{})
	addr := server.URL("/echo")
	h.typeAddress(addr)
	if !h.disconnected() {
		t.Fatal("a new page is not Disconnected")
	}

	test.Tap(h.p.start)
	if !h.busy() {
		t.Fatal("not Busy while connecting")
	}
	h.waitConnected()
	if msg, red := h.status(); msg != "Connected" || red {
		t.Fatalf("status %q (red %v), want green Connected", msg, red)
	}
	for _, want := range []string{"Connecting to " + addr + "...", "Connected", "Background read starting.", "Background write starting."} {
		h.waitLog(want)
	}

	num := counterValue
	h.waitFor("both counters past 11", func() bool {
		return num(h.p.sent.Text) > 11 && num(h.p.received.Text) > 11
	})
	test.Tap(h.p.start) // disabled while connected: nothing happens
	if !h.connected() {
		t.Fatal("tapping the disabled Start changed the state")
	}

	test.Tap(h.p.stop)
	if msg, _ := h.status(); msg != "Stopping" {
		t.Fatalf("status %q after Stop, want Stopping", msg)
	}
	if !h.busy() {
		t.Fatal("not Busy while closing")
	}
	h.waitDisconnected()
	h.waitLog("Closed; Code: 1000, Reason: " + wsclient.StopReason)
	if msg, red := h.status(); msg != "Stopped" || red {
		t.Fatalf("status %q (red %v), want green Stopped", msg, red)
	}
	if h.p.stopPoll != nil {
		t.Fatal("the counter poller still runs after the close")
	}
	if num(h.p.sent.Text) < 22 || num(h.p.received.Text) < 22 {
		t.Fatalf("final counters %s / %s", h.p.sent.Text, h.p.received.Text)
	}
	for _, l := range h.p.log.Lines() {
		if !stampedLine.MatchString(l) {
			t.Errorf("log line without a HH:MM:SS.mmm stamp: %q", l)
		}
	}
}

func TestStreamEnterStarts(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/echo"))
	h.p.address.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitConnected()
	h.waitLog("Connecting to " + server.URL("/echo"))

	test.Tap(h.p.stop)
	h.waitDisconnected()
}

func TestStreamBadScheme(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress("http://x")
	test.Tap(h.p.start)
	h.q.drain()
	msg, red := h.status()
	if msg != "Only 'ws' and 'wss' schemes supported. Please re-enter URI" || !red {
		t.Fatalf("status %q (red %v)", msg, red)
	}
	if !h.disconnected() {
		t.Fatal("not Disconnected after a bad address")
	}
	if h.logHas("Connecting") {
		t.Fatalf("a bad address was dialled: %s", h.p.log.Text())
	}
	if err := h.p.stream.Stop(); err != wsclient.ErrNotConnected {
		t.Fatalf("Stop after a bad address: %v, want ErrNotConnected", err)
	}
}

func TestStreamServerCloses(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/close?code=4001&reason=bye&after=200ms"))
	test.Tap(h.p.start)
	h.waitLog("Connected")
	h.waitLog("Closed; Code: 4001, Reason: bye")
	h.waitDisconnected()
	if msg, red := h.status(); !strings.Contains(msg, "Code: 4001, Reason: bye") || red {
		t.Fatalf("status %q (red %v), want the close line in green", msg, red)
	}
	if h.p.stopPoll != nil {
		t.Fatal("the counter poller still runs after the close")
	}
}

func TestStreamCannotConnect(t *testing.T) {
	// A port nobody listens on: bind one, note it, let it go.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	h := newHarness(t, Config{})
	h.typeAddress("ws://127.0.0.1:" + strconv.Itoa(port) + "/echo")
	test.Tap(h.p.start)
	h.waitLog("Cannot connect to the server")
	h.waitDisconnected()
	if msg, red := h.status(); !strings.Contains(msg, "Cannot connect to the server") || !red {
		t.Fatalf("status %q (red %v), want the error in red", msg, red)
	}
}

func TestStreamCountersThrottled(t *testing.T) {
	// The server floods 4 MiB/s, tens of thousands of reads a second; the
	// UI still gets at most one counter refresh per 100 ms tick plus one
	// call per batch of (non-progress) events. The bound grows with the
	// time actually elapsed, so a slow machine cannot make it fail.
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/flood?rate=4MiB"))
	test.Tap(h.p.start)
	h.waitConnected()
	from, began := h.q.Posted(), time.Now()
	num := counterValue
	h.waitFor("a megabyte received", func() bool { return num(h.p.received.Text) > 1<<20 })
	calls, ticks := h.q.Posted()-from, int(time.Since(began)/counterRefresh)+1
	if calls > ticks+5 {
		t.Fatalf("%d UI calls in %d ticks of %s while flooding", calls, ticks, counterRefresh)
	}
	t.Logf("%d UI calls in %d ticks for %s received", calls, ticks, h.p.received.Text)
	test.Tap(h.p.stop)
	h.waitDisconnected()
}

// counterValue reads a counter label ("1,234").
func counterValue(s string) int64 {
	n, _ := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	return n
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 11: "11", 999: "999", 1000: "1,000", 261724320: "261,724,320", -1234: "-1,234"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}
