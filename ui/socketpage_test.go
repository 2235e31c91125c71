package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Page indexes in the shell, as the list shows them (1-based there).
const (
	utf8Index       = 0
	streamIndex     = 1
	clientAuthIndex = 2
	partialIndex    = 3
)

// pageProbe is a test's handle on the shared part of a message page
// (scenarios 1, 3, 4) in a harness window.
type pageProbe struct {
	h *harness
	p *socketPage
}

// showPage selects scenario i in the shell and returns the page, typed.
func showPage[T page](h *harness, i int) T {
	h.t.Helper()
	h.w.list.Select(i)
	p, ok := h.w.pages[i].(T)
	if !ok {
		h.t.Fatalf("page %d is a %T", i+1, h.w.pages[i])
	}
	return p
}

func (pp pageProbe) typeAddress(addr string) {
	pp.p.address.SetText("")
	test.Type(pp.p.address, addr)
}

// logHas reports whether a log line contains s.
func (pp pageProbe) logHas(s string) bool { return pp.logIndex(s, 0) >= 0 }

// logIndex is the index of the first log line from index from on that
// contains s, or -1.
func (pp pageProbe) logIndex(s string, from int) int {
	lines := pp.p.log.Lines()
	for i := from; i < len(lines); i++ {
		if strings.Contains(lines[i], s) {
			return i
		}
	}
	return -1
}

func (pp pageProbe) waitLog(s string) {
	pp.h.t.Helper()
	pp.h.waitFor(fmt.Sprintf("a log line with %q; log so far:\n%s", s, pp.p.log.Text()), func() bool { return pp.logHas(s) })
}

// logInOrder fails unless the log holds lines containing each of want, in
// that order (other lines may come between).
func (pp pageProbe) logInOrder(want ...string) {
	pp.h.t.Helper()
	at := 0
	for _, w := range want {
		i := pp.logIndex(w, at)
		if i < 0 {
			pp.h.t.Fatalf("no log line with %q after line %d; log:\n%s", w, at, pp.p.log.Text())
		}
		at = i + 1
	}
}

// lineAfter is the log line right after the first one containing s ("" if
// none), without its time stamp: the text of a received message.
func (pp pageProbe) lineAfter(s string) string {
	i := pp.logIndex(s, 0)
	lines := pp.p.log.Lines()
	if i < 0 || i+1 >= len(lines) {
		return ""
	}
	return unstamped(lines[i+1])
}

func unstamped(l string) string {
	if stampedLine.MatchString(l) {
		return l[len("15:04:05.000  "):]
	}
	return l
}

// allStamped fails for a log line without its HH:MM:SS.mmm stamp.
func (pp pageProbe) allStamped() {
	pp.h.t.Helper()
	for _, l := range pp.p.log.Lines() {
		if !stampedLine.MatchString(l) {
			pp.h.t.Errorf("log line without a HH:MM:SS.mmm stamp: %q", l)
		}
	}
}

// The shared part of the sample's visual states; each page's test adds
// its own controls.
func (pp pageProbe) disconnected() bool {
	return !pp.p.connect.Disabled() && pp.p.disconnect.Disabled() && !pp.p.address.Disabled()
}

func (pp pageProbe) connected() bool {
	return pp.p.connect.Disabled() && !pp.p.disconnect.Disabled() && pp.p.address.Disabled()
}

func (pp pageProbe) waitConnected() {
	pp.h.t.Helper()
	pp.h.waitFor("the Connected state; log:\n"+pp.p.log.Text(), func() bool { return pp.p.connected && pp.connected() })
}

func (pp pageProbe) waitDisconnected() {
	pp.h.t.Helper()
	pp.h.waitFor("the Disconnected state; log:\n"+pp.p.log.Text(), func() bool {
		return !pp.p.connected && !pp.p.busy() && pp.disconnected()
	})
}

// wantStatus fails unless the status bar shows msg, red when red.
func (pp pageProbe) wantStatus(msg string, red bool) {
	pp.h.t.Helper()
	if got, isRed := pp.h.status(); got != msg || isRed != red {
		pp.h.t.Fatalf("status %q (red %v), want %q (red %v)", got, isRed, msg, red)
	}
}

// waitStatus waits for the status bar to show msg.
func (pp pageProbe) waitStatus(msg string, red bool) {
	pp.h.t.Helper()
	pp.h.waitFor(fmt.Sprintf("status %q (red %v); log:\n%s", msg, red, pp.p.log.Text()), func() bool {
		got, isRed := pp.h.status()
		return got == msg && isRed == red
	})
}

// enabled lists which of ws are enabled, for failure messages.
func enabled(ws ...fyne.Disableable) []bool {
	out := make([]bool, len(ws))
	for i, w := range ws {
		out[i] = !w.Disabled()
	}
	return out
}

func TestStampedSplitsLines(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC)
	got := stamped(at, "Message Received; Type: Utf8", "one\r\ntwo\n", "")
	want := []string{
		"03:04:05.678  Message Received; Type: Utf8",
		"03:04:05.678  one",
		"03:04:05.678  two",
		"03:04:05.678  ",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("stamped = %q, want %q", got, want)
	}
}
