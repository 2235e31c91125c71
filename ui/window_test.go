package ui

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

var enterKey = &fyne.KeyEvent{Name: fyne.KeyReturn}

func TestShellListsTheSampleScenarios(t *testing.T) {
	h := newHarness(t, Config{})
	if got := h.w.Title(); got != "WebSocket Sample" {
		t.Fatalf("title %q", got)
	}
	// The sample's four scenarios come first, in its order and words; the
	// pages the workbench adds follow, as the scenario table lists them.
	sample := []string{"UTF-8 text messages", "Binary data stream", "Client authentication", "Partial and complete messages"}
	want := make([]string, len(scenarios))
	for i, sc := range scenarios {
		if i < len(sample) && sc.title != sample[i] {
			t.Errorf("scenario %d is titled %q, want the sample's %q", i+1, sc.title, sample[i])
		}
		want[i] = strconv.Itoa(i+1) + ") " + sc.title
	}
	if n := h.w.list.Length(); n != len(want) {
		t.Fatalf("%d scenarios", n)
	}
	for i, w := range want {
		row := h.w.list.CreateItem()
		h.w.list.UpdateItem(i, row)
		if got := row.(*widget.Label).Text; got != w {
			t.Errorf("scenario %d is %q, want %q", i, got, w)
		}
	}
	if h.w.current.key != "stream" || h.w.holder.Objects[0] != h.p.Content() {
		t.Fatalf("%q shown at start, want 2) Binary data stream", h.w.current.key)
	}
	if h.w.Canvas().Focused() != h.p.address {
		t.Fatal("the address field does not have the focus at start")
	}
	if _, shown := h.status(); h.w.status.Content().Visible() || shown {
		t.Fatal("status bar visible with nothing to say")
	}
}

func TestSwitchingPagesClosesTheStreamAndClearsStatus(t *testing.T) {
	h := newHarness(t, Config{})
	test.Tap(h.p.primaryBtn) // the prefilled built-in echo address
	h.waitConnected()
	h.wantStatus(connectedLine, false)

	h.w.list.Select(scenarioIndex("utf8"))
	if msg, _ := h.status(); msg != "" || h.w.status.Content().Visible() {
		t.Fatalf("status %q still shown after switching", msg)
	}
	if h.w.holder.Objects[0] != pageOf[page](h, "utf8").Content() {
		t.Fatal("scenario 1 is not shown")
	}
	// Leaving closed the connection; its last words reach the log but not
	// the status bar, which belongs to the page shown.
	h.waitLog(userStopLine)
	h.waitDisconnected()
	if msg, _ := h.status(); msg != "" {
		t.Fatalf("a background page set the status to %q", msg)
	}

	h.w.list.Select(scenarioIndex("stream")) // back: the log is still there
	if !h.logHas(connectedLine) {
		t.Fatal("the log was lost on the way back")
	}
}

func TestBuiltInServerDown(t *testing.T) {
	h := newHarness(t, Config{BuiltInErr: errors.New("listen tcp 127.0.0.1:0: no ports")})
	msg, red := h.status()
	if !red || !strings.Contains(msg, "built-in server did not start") || !strings.Contains(msg, "no ports") {
		t.Fatalf("status %q (red %v)", msg, red)
	}
	if h.p.address.Text != "" {
		t.Fatalf("address %q prefilled without a built-in server", h.p.address.Text)
	}
	// Start on the empty field says what to do.
	test.Tap(h.p.primaryBtn)
	if msg, red := h.status(); msg != "Please specify a URI to connect to" || !red {
		t.Fatalf("status %q (red %v)", msg, red)
	}
}

// textIn reports whether a label under o contains s.
func textIn(o fyne.CanvasObject, s string) bool {
	switch v := o.(type) {
	case *widget.Label:
		return strings.Contains(v.Text, s)
	case *fyne.Container:
		for _, c := range v.Objects {
			if textIn(c, s) {
				return true
			}
		}
	case *container.Scroll: // the controls above the log
		return textIn(v.Content, s)
	}
	return false
}
