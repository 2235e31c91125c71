package ui

import (
	"runtime"
	"runtime/debug"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// menuItem finds a main-menu item by its label.
func menuItem(t *testing.T, w *MainWindow, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

// The Connection menu's items (Ctrl+Enter, Ctrl+.) and Escape start and
// stop the page shown, and the shortcuts are listed in the menu.
func TestMenuStartsAndStopsThePageShown(t *testing.T) {
	h := newHarness(t, Config{})
	start := menuItem(t, h.w, "Start / Connect")
	if start.Shortcut != shortcutStart || menuItem(t, h.w, "Stop / Disconnect (or Esc)").Shortcut != shortcutStop {
		t.Fatal("the Connection menu does not show its shortcuts")
	}
	start.Action()
	h.waitConnected()
	h.w.onKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.waitLog(userStopLine)
	h.waitDisconnected()

	// Ctrl+3 shows scenario 3; its Connect comes from the same menu item.
	item := menuItem(t, h.w, "3) Client authentication")
	if sc, ok := item.Shortcut.(*desktop.CustomShortcut); !ok || sc.KeyName != fyne.Key3 {
		t.Fatalf("shortcut %v, want Ctrl+3", item.Shortcut)
	}
	item.Action()
	if h.w.current.key != "clientauth" {
		t.Fatalf("current page %q, want clientauth", h.w.current.key)
	}
	start.Action()
	auth := h.probeOf(pageOf[*clientAuthPage](h, "clientauth").connPage)
	auth.waitConnected()
	menuItem(t, h.w, "Stop / Disconnect (or Esc)").Action()
	auth.waitDisconnected()
}

func TestMenuCopiesAndClearsTheLog(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress("http://not-websocket")
	menuItem(t, h.w, "Start / Connect").Action() // a URI error: status only
	h.p.log.Append("12:00:00.000  a line")
	menuItem(t, h.w, "Copy log").Action()
	if got := h.app.Clipboard().Content(); got != "12:00:00.000  a line" {
		t.Errorf("clipboard = %q", got)
	}
	menuItem(t, h.w, "Clear log").Action()
	if n := len(h.p.log.Lines()); n != 0 {
		t.Errorf("%d lines after Clear", n)
	}
	if menuItem(t, h.w, "Save log…").Shortcut != shortcutSave {
		t.Error("Save log… does not show Ctrl+S")
	}
}

// The window comes back at the size and on the scenario of the last run;
// -uri brings the stream page regardless.
func TestWindowRemembersSizeAndScenario(t *testing.T) {
	a := test.NewTempApp(t)
	h := newHarnessIn(t, a, Config{})
	h.w.list.Select(scenarioIndex("partial"))
	h.w.Resize(fyne.NewSize(1200, 800))
	h.w.Shutdown()

	again := newHarnessIn(t, a, Config{})
	if again.w.current.key != "partial" {
		t.Errorf("scenario %q, want partial (the last used)", again.w.current.key)
	}
	if got := rememberedSize(a.Preferences()); got != fyne.NewSize(1200, 800) {
		t.Errorf("remembered size %v, want 1200x800", got)
	}
	withURI := newHarnessIn(t, a, Config{URI: "ws://127.0.0.1:1/"})
	if withURI.w.current.key != startScenario {
		t.Errorf("with -uri the scenario is %q, want the stream page", withURI.w.current.key)
	}
}

// Versions before the scenario table remembered the list position; it is
// read once and replaced by the scenario's key at the next quit.
func TestWindowMigratesTheRememberedPosition(t *testing.T) {
	for pos, key := range legacyScenarioOrder {
		a := test.NewTempApp(t)
		a.Preferences().SetInt(prefLegacyScenario, pos)
		h := newHarnessIn(t, a, Config{})
		if h.w.current.key != key {
			t.Fatalf("saved position %d shows %q, want %q", pos, h.w.current.key, key)
		}
		h.w.Shutdown()
		if got := a.Preferences().String(prefScenario); got != key && !(got == "" && key == startScenario) {
			t.Fatalf("after the quit %s = %q, want %q", prefScenario, got, key)
		}
		if got := a.Preferences().IntWithFallback(prefLegacyScenario, -1); got != -1 {
			t.Fatalf("the old position %d is still kept", got)
		}
		if again := newHarnessIn(t, a, Config{}); again.w.current.key != key {
			t.Fatalf("the next run shows %q, want %q", again.w.current.key, key)
		}
	}
	// A position or a key that names no scenario falls back to the start.
	a := test.NewTempApp(t)
	a.Preferences().SetInt(prefLegacyScenario, 99)
	if h := newHarnessIn(t, a, Config{}); h.w.current.key != startScenario {
		t.Fatalf("a bad position shows %q", h.w.current.key)
	}
	a.Preferences().SetString(prefScenario, "gone")
	if h := newHarnessIn(t, a, Config{}); h.w.current.key != startScenario {
		t.Fatalf("an unknown key shows %q", h.w.current.key)
	}
}

// Every row of the scenario table is in the list, the menu (with its
// shortcut) and the status routing; no two share a key or a shortcut.
func TestScenarioTable(t *testing.T) {
	h := newHarness(t, Config{})
	keys, shortcuts := map[string]bool{}, map[fyne.KeyName]bool{}
	for i, sc := range scenarios {
		if keys[sc.key] || sc.shortcut != "" && shortcuts[sc.shortcut] {
			t.Fatalf("scenario %q repeats a key or a shortcut", sc.key)
		}
		keys[sc.key], shortcuts[sc.shortcut] = true, true
		item := menuItem(t, h.w, listLabel(i, sc.title))
		if cs, ok := item.Shortcut.(*desktop.CustomShortcut); sc.shortcut != "" && (!ok || cs.KeyName != sc.shortcut) {
			t.Errorf("%q: menu shortcut %v, want Ctrl+%s", sc.key, item.Shortcut, sc.shortcut)
		}
		item.Action()
		if h.w.current.key != sc.key {
			t.Fatalf("the menu item of %q shows %q", sc.key, h.w.current.key)
		}
		// Only the page shown may use the status bar.
		for _, other := range h.w.pages {
			notify := func(msg string) { h.w.notifyFrom(other, msg, statusMessage) }
			if cp, ok := other.page.(connectionPage); ok {
				notify = func(msg string) { cp.core().env.notify(msg, statusMessage) } // the page's own way
			}
			notify("from " + other.key)
			if msg, _ := h.status(); (msg == "from "+other.key) != (other.key == sc.key) {
				t.Fatalf("with %q shown, %q notified and the status says %q", sc.key, other.key, msg)
			}
		}
	}
	if scenarioIndex(startScenario) < 0 {
		t.Fatalf("the start scenario %q is not in the table", startScenario)
	}
}

func TestAboutShowsVersions(t *testing.T) {
	info := &debug.BuildInfo{Deps: []*debug.Module{
		{Path: "fyne.io/fyne/v2", Version: "v2.7.1"},
		{Path: "github.com/coder/websocket", Version: "v1.8.15"},
	}}
	v := versionsFrom(fyne.AppMetadata{Version: "0.1.0", Build: 7}, info)
	want := versions{App: "0.1.0", Build: "build 7", Fyne: "v2.7.1", WebSocket: "v1.8.15", Go: runtime.Version()}
	if v != want {
		t.Errorf("versions = %+v, want %+v", v, want)
	}
	if dev := versionsFrom(fyne.AppMetadata{}, nil); dev.App != "development build" || dev.Fyne != "unknown" {
		t.Errorf("without metadata or build info: %+v", dev)
	}
	test.NewTempApp(t)
	if o := aboutContent(v, func() {}); o == nil {
		t.Fatal("no About content")
	}
}

// Enter in the address field starts; the field is then disabled and gives
// up the focus, so Esc reaches the window and stops; Enter, with nothing
// focused, starts again.
func TestEnterEscEnterWithoutTheMouse(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.w.Canvas()
	c.Focus(h.p.address)
	h.p.address.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitConnected()
	if c.Focused() != nil {
		t.Fatalf("the disabled address field kept the focus: %v", c.Focused())
	}
	h.w.onKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.waitLog(userStopLine)
	h.waitDisconnected()
	h.w.onKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitConnected()
	h.w.onKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.waitDisconnected()
}

// Once quitting begins, nothing the pages' goroutines send reaches a
// widget, though the stream goes on until Shutdown.
func TestStopUpdatesDropsPageUpdates(t *testing.T) {
	h := newHarness(t, Config{})
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("bytes counted", func() bool { return h.p.sent.Text != "0" })
	h.w.StopUpdates()
	h.q.Drain()
	shown, lines := h.p.sent.Text, len(h.p.log.Lines())
	sent := h.p.stream.Sent()
	h.waitFor("more bytes sent", func() bool { return h.p.stream.Sent() > sent })
	h.q.Drain()
	if h.p.sent.Text != shown || len(h.p.log.Lines()) != lines {
		t.Fatalf("updates reached the widgets after StopUpdates: counter %q → %q, log %d → %d lines",
			shown, h.p.sent.Text, lines, len(h.p.log.Lines()))
	}
}

// Tab follows the page's reading order, skipping disabled controls:
// address, Try a flow, the validation checkbox, Start (Stop is disabled).
func TestTabOrderFollowsThePage(t *testing.T) {
	h := newHarness(t, Config{})
	c := h.w.Canvas()
	c.Focus(h.p.address)
	want := []fyne.Focusable{h.p.address, h.p.flows.button, h.p.validate, h.p.primaryBtn}
	for i, w := range want {
		if c.Focused() != w {
			t.Fatalf("Tab stop %d is %T, want %T", i, c.Focused(), w)
		}
		c.FocusNext()
	}
	if c.Focused() == fyne.Focusable(h.p.haltBtn) {
		t.Fatal("Tab stopped on the disabled Stop button")
	}
}
