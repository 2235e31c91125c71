package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/ui/kit"
)

// absolute is where o is on the window's canvas.
func absolute(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// atDefaultSize lays h's window out at the size a first start opens it
// with, the status bar showing (its worst case).
func atDefaultSize(h *harness) {
	h.w.Resize(defaultSize)
	h.w.status.Notify("Connected", statusMessage)
	h.q.Drain()
	layoutAll(h.w.Content())
}

// wantLogThird fails unless the output pane (the log, and the tabs beside
// it) of the page with content has at least a third of the window's
// height.
func wantLogThird(t *testing.T, h *harness, content fyne.CanvasObject, what string) {
	t.Helper()
	layoutAll(h.w.Content())
	l := controlsLayoutOf(t, content)
	if got, want := l.Log().Size().Height, defaultSize.Height/3; got < want {
		t.Fatalf("%s: the output pane is %.0f px high, less than a third of the window (%.0f)", what, got, want)
	}
}

// At the default window size the log keeps a third of the height with any
// one of the stream page's sections open, and on every other page.
func TestLogKeepsAThirdAtDefaultSize(t *testing.T) {
	h := newHarness(t, Config{})
	atDefaultSize(h)
	wantLogThird(t, h, h.p.content, "stream, sections closed")
	for _, s := range []*widget.Accordion{h.p.advSection, h.p.hexSection} {
		s.Open(0)
		wantLogThird(t, h, h.p.content, s.Items[0].Title+" open")
		s.Close(0)
	}
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.p.connSection.Open(0)
	wantLogThird(t, h, h.p.content, "Connection open")
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()

	for _, sc := range scenarios {
		if p, ok := showPage[page](h, sc.key).(connectionPage); ok {
			wantLogThird(t, h, p.Content(), sc.key)
		}
	}
}

// Picking a flow from "Try a flow" moves nothing above the log: the
// pointer, where the menu item was, stays over what it was over, and
// Start stays where it was.
func TestFlowPickKeepsTheControlsInPlace(t *testing.T) {
	h := newHarness(t, Config{})
	atDefaultSize(h)
	l := controlsLayoutOf(t, h.p.content)
	controls := []fyne.CanvasObject{h.p.primaryBtn, h.p.validate, h.p.connSection, h.p.hexSection, h.p.advSection,
		l.Divider(), l.Log()}
	before := make([]fyne.Position, len(controls))
	for i, o := range controls {
		before[i] = absolute(o)
	}
	for _, f := range []string{"Handshake timeout", "Server closes with 4000", "Echo"} {
		if !h.p.flows.pick(f) {
			t.Fatalf("no flow %q", f)
		}
		h.q.Drain()
		layoutAll(h.w.Content())
		for i, o := range controls {
			if got := absolute(o); got != before[i] {
				t.Fatalf("after %q: control %d (%T) moved from %v to %v", f, i, o, before[i], got)
			}
		}
	}
}

// The divider gives the log the share of the page the user drags it to;
// the share is kept for the next run, per page, and a double click goes
// back to the automatic share.
func TestLogShareIsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	first := newHarnessIn(t, a, Config{})
	atDefaultSize(first)
	u := showPage[*utf8Page](first, "utf8")
	layoutAll(first.w.Content())
	l := controlsLayoutOf(t, u.content)
	auto := l.LogHeight()
	l.Divider().Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DY: -120}})
	l.Divider().DragEnd()
	layoutAll(first.w.Content())
	dragged := l.LogHeight()
	if dragged < auto+100 {
		t.Fatalf("dragging the divider 120 px up: the log went from %.0f to %.0f px", auto, dragged)
	}

	second := newHarnessIn(t, a, Config{})
	atDefaultSize(second)
	v := showPage[*utf8Page](second, "utf8")
	layoutAll(second.w.Content())
	m := controlsLayoutOf(t, v.content)
	if got := m.LogHeight(); got < dragged-1 || got > dragged+1 {
		t.Fatalf("after a restart the log is %.0f px high, it was dragged to %.0f", got, dragged)
	}
	// Another page keeps its own share.
	s := controlsLayoutOf(t, second.p.content)
	if s.Share() != 0 {
		t.Fatalf("the stream page took scenario 1's share %.2f", s.Share())
	}
	m.Divider().DoubleTapped(nil)
	if m.Share() != 0 || a.Preferences().Float("utf8.logShare") != 0 {
		t.Fatal("a double click did not go back to the automatic share")
	}
}

// controlsLayoutOf is the controls-and-log layout of a page's content.
func controlsLayoutOf(t *testing.T, content fyne.CanvasObject) *kit.ControlsAndLog {
	t.Helper()
	c, ok := content.(*fyne.Container)
	if !ok {
		t.Fatalf("page content is a %T", content)
	}
	l, ok := c.Layout.(*kit.ControlsAndLog)
	if !ok {
		t.Fatalf("page layout is a %T", c.Layout)
	}
	return l
}
