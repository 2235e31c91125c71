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

	"github.com/wssample/wssample/sampleserver"
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

// builtInOf describes srv as main does.
func builtInOf(srv *sampleserver.Server) BuiltIn {
	cert := srv.ClientCertificate()
	return BuiltIn{
		EchoURL:       srv.URL("/echo"),
		SampleURL:     srv.URL("/sample"),
		PartialURL:    srv.URL("/partial"),
		SecureEchoURL: srv.SecureURL("/echo"),
		ClientAuthURL: srv.ClientAuthURL(),
		CA:            srv.CA(),
		ClientCert:    &cert,
	}
}

// harness is a main window on a test app whose UI work runs on the test
// goroutine through q.
type harness struct {
	t   *testing.T
	app fyne.App
	q   *uiQueue
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
	q := newUIQueue()
	if cfg.BuiltIn.EchoURL == "" && cfg.BuiltInErr == nil {
		cfg.BuiltIn = builtInOf(server)
	}
	cfg.Do = q.Do
	w := NewMainWindow(a, cfg)
	t.Cleanup(func() {
		w.Shutdown() // closes any connection the test left open
		w.Close()
	})
	return &harness{t: t, app: a, q: q, w: w, p: w.stream}
}

// typeAddress replaces the address field's text as a person would.
func (h *harness) typeAddress(addr string) {
	h.p.address.SetText("")
	test.Type(h.p.address, addr)
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	h.q.waitFor(h.t, what, cond)
}

// logHas reports whether a log line contains s.
func (h *harness) logHas(s string) bool {
	for _, l := range h.p.log.Lines() {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func (h *harness) waitLog(s string) {
	h.t.Helper()
	h.waitFor(fmt.Sprintf("a log line with %q; log so far:\n%s", s, h.p.log.Text()), func() bool { return h.logHas(s) })
}

// The sample's three visual states.
func (h *harness) disconnected() bool {
	return !h.p.start.Disabled() && h.p.stop.Disabled() && !h.p.address.Disabled()
}

func (h *harness) connected() bool {
	return h.p.start.Disabled() && !h.p.stop.Disabled() && h.p.address.Disabled()
}

func (h *harness) busy() bool {
	return h.p.start.Disabled() && h.p.stop.Disabled() && h.p.address.Disabled()
}

func (h *harness) waitDisconnected() {
	h.t.Helper()
	h.waitFor("the Disconnected state (Start on, Stop off)", h.disconnected)
}

func (h *harness) waitConnected() {
	h.t.Helper()
	h.waitFor("the Connected state (Start off, Stop on); log:\n"+h.p.log.Text(), h.connected)
}

// status returns the status bar's text and whether it is red.
func (h *harness) status() (string, bool) { return h.w.status.Text(), h.w.status.IsError() }

// stampedLine matches a log line: a HH:MM:SS.mmm time stamp, two spaces,
// the words.
var stampedLine = regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{3}  \S`)
