package ui

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/ui/internal/uitest"
	"github.com/wssample/wssample/wsclient"
)

// server is the real built-in server, on loopback, shared by the tests.
var server *sampleserver.Server

func TestMain(m *testing.M) {
	srv, err := sampleserver.Start(context.Background(), sampleserver.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start the built-in server:", err)
		os.Exit(1)
	}
	server = srv
	code := m.Run()
	srv.Close()
	os.Exit(code)
}

// harness is a main window on a test app whose UI work runs on the test
// goroutine through q. It embeds the probe of the stream page, the page
// shown at start, so h.waitLog and the rest work on it.
type harness struct {
	probe
	t   *testing.T
	app fyne.App
	q   *uitest.Queue
	w   *MainWindow
	p   *streamPage
}

// newHarness opens the window with cfg (BuiltIn defaults to the shared
// server's) in a fresh test app.
func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	return newHarnessIn(t, test.NewTempApp(t), cfg)
}

// newHarnessIn opens the window in app a, e.g. a second window on the same
// preferences.
func newHarnessIn(t *testing.T, a fyne.App, cfg Config) *harness {
	t.Helper()
	q := uitest.NewQueue()
	if cfg.BuiltIn.EchoURL == "" && cfg.BuiltInErr == nil {
		cfg.BuiltIn = BuiltInOf(server)
	}
	cfg.Do = q.Do
	w := NewMainWindow(a, cfg)
	t.Cleanup(func() {
		w.Shutdown() // closes any connection the test left open
		w.Close()
	})
	h := &harness{t: t, app: a, q: q, w: w}
	h.p = pageOf[*streamPage](h, "stream")
	h.probe = h.probeOf(h.p.connPage)
	return h
}

// pageOf returns the page of the scenario key, typed.
func pageOf[T page](h *harness, key string) T {
	h.t.Helper()
	i := scenarioIndex(key)
	if i < 0 {
		h.t.Fatalf("no scenario %q", key)
	}
	p, ok := h.w.pages[i].page.(T)
	if !ok {
		h.t.Fatalf("scenario %q is a %T", key, h.w.pages[i].page)
	}
	return p
}

// showPage selects the scenario key in the list, as a click would, and
// returns its page, typed.
func showPage[T page](h *harness, key string) T {
	h.t.Helper()
	h.w.list.Select(scenarioIndex(key))
	return pageOf[T](h, key)
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	h.q.WaitFor(h.t, what, cond)
}

// status returns the status bar's text and whether it is red.
func (h *harness) status() (string, bool) { return h.w.status.Text(), h.w.status.IsError() }

// wantStatus fails unless the status bar shows msg, red when red.
func (h *harness) wantStatus(msg string, red bool) {
	h.t.Helper()
	if got, isRed := h.status(); got != msg || isRed != red {
		h.t.Fatalf("status %q (red %v), want %q (red %v)", got, isRed, msg, red)
	}
}

// waitStatus waits for the status bar to show msg, red when red.
func (h *harness) waitStatus(msg string, red bool) {
	h.t.Helper()
	h.waitFor(fmt.Sprintf("status %q (red %v)", msg, red), func() bool {
		got, isRed := h.status()
		return got == msg && isRed == red
	})
}

// probe is a test's one handle on a page with a connection: what every
// such page shares (connPage: the address, the primary and halt buttons,
// the log, the state), plus the page's own controls for wantState.
type probe struct {
	h        *harness
	c        *connPage
	controls []control // the page's own controls, for wantState
}

// probeOf returns a probe of c, a page of h's window; controls are the
// page's own, for wantState.
func (h *harness) probeOf(c *connPage, controls ...control) probe {
	return probe{h: h, c: c, controls: controls}
}

// core is the shared part of a page with a connection.
func (c *connPage) core() *connPage { return c }

// connectionPage is a page with a connection: every page the tests probe.
type connectionPage interface {
	page
	core() *connPage
}

// pageProbe is a probe with the page it probes, typed.
type pageProbe[P connectionPage] struct {
	probe
	page P
}

// showProbe shows the scenario key in a new window and returns a probe of
// its page; controls lists the page's own controls, for wantState.
func showProbe[P connectionPage](t *testing.T, key string, controls func(P) []control) pageProbe[P] {
	h := newHarness(t, Config{})
	p := showPage[P](h, key)
	return pageProbe[P]{h.probeOf(p.core(), controls(p)...), p}
}

// connectWalk taps Connect and follows the sample's states: Busy, then
// Connected with a green "Connected".
func (pr probe) connectWalk() {
	pr.h.t.Helper()
	test.Tap(pr.c.primaryBtn)
	pr.wantState("Busy")
	pr.waitConnected()
	pr.wantState("Connected")
	pr.h.wantStatus(connectedLine, false)
}

// disconnectWalk taps Disconnect and follows the sample's states: Busy
// with "Closing", then Disconnected with "Closed".
func (pr probe) disconnectWalk() {
	pr.h.t.Helper()
	test.Tap(pr.c.haltBtn)
	pr.h.wantStatus("Closing", false) // the sample's words
	pr.wantState("Busy")
	pr.waitDisconnected()
	pr.wantState("Disconnected")
	pr.h.wantStatus("Closed", false)
}

// typeAddress replaces the address field's text as a person would.
func (pr probe) typeAddress(addr string) {
	pr.c.address.SetText("")
	test.Type(pr.c.address, addr)
}

// logHas reports whether a log line contains s.
func (pr probe) logHas(s string) bool { return pr.logIndex(s, 0) >= 0 }

// logIndex is the index of the first log line from index from on that
// contains s, or -1.
func (pr probe) logIndex(s string, from int) int {
	lines := pr.c.log.Lines()
	for i := from; i < len(lines); i++ {
		if strings.Contains(lines[i], s) {
			return i
		}
	}
	return -1
}

// waitLog waits for a log line that contains s.
func (pr probe) waitLog(s string) {
	pr.h.t.Helper()
	pr.h.waitFor(fmt.Sprintf("a log line with %q; log so far:\n%s", s, pr.c.log.Text()), func() bool { return pr.logHas(s) })
}

// logInOrder fails unless the log holds lines containing each of want, in
// that order (other lines may come between).
func (pr probe) logInOrder(want ...string) {
	pr.h.t.Helper()
	if missing, at := pr.inOrder(want); missing != "" {
		pr.h.t.Fatalf("no log line with %q after line %d; log:\n%s", missing, at, pr.c.log.Text())
	}
}

// waitInOrder waits until logInOrder would pass.
func (pr probe) waitInOrder(want ...string) {
	pr.h.t.Helper()
	pr.h.waitFor(fmt.Sprintf("log lines with %q in order; log so far:\n%s", want, pr.c.log.Text()), func() bool {
		missing, _ := pr.inOrder(want)
		return missing == ""
	})
}

// inOrder finds lines containing each of want in order; missing is the
// first one not found (after line at), "" when all are there.
func (pr probe) inOrder(want []string) (missing string, at int) {
	for _, w := range want {
		i := pr.logIndex(w, at)
		if i < 0 {
			return w, at
		}
		at = i + 1
	}
	return "", at
}

// lineAfter is the log line right after the first one containing s ("" if
// none), without its time stamp: the text of a received message.
func (pr probe) lineAfter(s string) string {
	i := pr.logIndex(s, 0)
	lines := pr.c.log.Lines()
	if i < 0 || i+1 >= len(lines) {
		return ""
	}
	return unstamped(lines[i+1])
}

// lastLines returns the log's last n lines without their time stamps.
func (pr probe) lastLines(n int) []string {
	lines := pr.c.log.Lines()
	lines = lines[max(0, len(lines)-n):]
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = unstamped(l)
	}
	return out
}

// countLines is how many log lines read exactly s (after the stamp).
func (pr probe) countLines(s string) int {
	n := 0
	for _, l := range pr.c.log.Lines() {
		if unstamped(l) == s {
			n++
		}
	}
	return n
}

// allStamped fails for a log line without its HH:MM:SS.mmm stamp.
func (pr probe) allStamped() {
	pr.h.t.Helper()
	for _, l := range pr.c.log.Lines() {
		if !stampedLine.MatchString(l) {
			pr.h.t.Errorf("log line without a HH:MM:SS.mmm stamp: %q", l)
		}
	}
}

// stampedLine matches a log line: a HH:MM:SS.mmm time stamp, two spaces,
// the words (which may start with spaces of their own: indented JSON).
var stampedLine = regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3}  `)

// unstamped drops a log line's "15:04:05.000  " time stamp.
func unstamped(l string) string {
	if stampedLine.MatchString(l) {
		return l[len(present.TimeFormat)+2:]
	}
	return l
}

// The sample's three visual states, as the shared controls show them.
func (pr probe) disconnected() bool {
	return !pr.c.primaryBtn.Disabled() && pr.c.haltBtn.Disabled() && !pr.c.address.Disabled()
}

func (pr probe) connected() bool {
	return pr.c.primaryBtn.Disabled() && !pr.c.haltBtn.Disabled() && pr.c.address.Disabled()
}

func (pr probe) busy() bool {
	return pr.c.primaryBtn.Disabled() && pr.c.haltBtn.Disabled() && pr.c.address.Disabled()
}

func (pr probe) waitConnected() {
	pr.h.t.Helper()
	pr.h.waitFor("the Connected state; log:\n"+pr.c.log.Text(), func() bool { return pr.c.state.connected && pr.connected() })
}

func (pr probe) waitDisconnected() {
	pr.h.t.Helper()
	pr.h.waitFor("the Disconnected state; log:\n"+pr.c.log.Text(), func() bool {
		return pr.c.state.idle() && pr.disconnected()
	})
}

// control is one of a page's own controls and whether it is enabled in
// each of the sample's visual states.
type control struct {
	name                          string
	w                             fyne.Disableable
	disconnected, connected, busy bool
}

// wantState fails unless every control is enabled as the sample's visual
// state says ("Disconnected", "Connected" or "Busy"): the shared ones
// (the address, the primary and the halt button) and the page's own.
func (pr probe) wantState(state string) {
	pr.h.t.Helper()
	all := append([]control{
		{"address", pr.c.address, true, false, false},
		{pr.c.primaryBtn.Text, pr.c.primaryBtn, true, false, false},
		{pr.c.haltBtn.Text, pr.c.haltBtn, false, true, false},
	}, pr.controls...)
	var wrong []string
	for _, c := range all {
		want := map[string]bool{"Disconnected": c.disconnected, "Connected": c.connected, "Busy": c.busy}
		on, ok := want[state]
		if !ok {
			pr.h.t.Fatalf("no visual state %q", state)
		}
		if got := !c.w.Disabled(); got != on {
			wrong = append(wrong, fmt.Sprintf("%s enabled %v", c.name, got))
		}
	}
	if len(wrong) > 0 {
		pr.h.t.Fatalf("%s: %s", state, strings.Join(wrong, ", "))
	}
}

// record starts recording the events the page handles, so a test can
// expect the log and the status bar to say what wsclient said.
func (pr probe) record() *seen {
	s := &seen{}
	pr.c.observe(func(e wsclient.Event) { s.events = append(s.events, e) })
	return s
}

// seen are the events a page has handled, in order.
type seen struct{ events []wsclient.Event }

// last is the last event of kind, and whether there is one.
func (s *seen) last(kind wsclient.EventKind) (wsclient.Event, bool) {
	for i := len(s.events) - 1; i >= 0; i-- {
		if s.events[i].Kind == kind {
			return s.events[i], true
		}
	}
	return wsclient.Event{}, false
}

// has reports whether an event of kind was seen.
func (s *seen) has(kind wsclient.EventKind) bool {
	_, ok := s.last(kind)
	return ok
}

// final is the last event that ended an attempt, and whether there is one.
func (s *seen) final() (wsclient.Event, bool) {
	for i := len(s.events) - 1; i >= 0; i-- {
		if s.events[i].IsFinal() {
			return s.events[i], true
		}
	}
	return wsclient.Event{}, false
}

// The log's words for events, built from wsclient (Event.String), so the
// wording is checked in one place, wsclient's and flows' tests, and a
// reworded message changes no test here.
func connectingLine(addr string) string {
	return wsclient.Event{Kind: wsclient.EventConnecting, URI: addr}.String()
}

func closedLine(code int, reason string, by wsclient.Closer) string {
	return wsclient.Event{Kind: wsclient.EventClosed, Close: wsclient.CloseInfo{Code: code, Reason: reason, By: by}}.String()
}

var (
	connectedLine   = wsclient.Event{Kind: wsclient.EventConnected}.String()
	utf8MessageLine = wsclient.Event{Kind: wsclient.EventMessage, Type: wsclient.TypeUtf8}.String()
	// userStopLine is a close the user asked for: Stop, Disconnect, Leave.
	userStopLine = closedLine(1000, wsclient.StopReason, wsclient.ClosedByClient)
)
