package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func newTestLogPane(t *testing.T) (*logPane, fyne.App) {
	t.Helper()
	a := test.NewTempApp(t)
	p := newLogPane(a.Clipboard())
	w := test.NewTempWindow(t, p.Content())
	w.Resize(fyne.NewSize(400, 300))
	return p, a
}

func TestLogPaneBoundedAndBatched(t *testing.T) {
	p, _ := newTestLogPane(t)
	// 60 batches of 100: one Append (one refresh) per batch.
	for b := range 60 {
		batch := make([]string, 100)
		for i := range batch {
			batch[i] = fmt.Sprintf("line %d", b*100+i)
		}
		p.Append(batch...)
	}
	lines := p.Lines()
	if len(lines) != logLimit {
		t.Fatalf("kept %d lines, want %d", len(lines), logLimit)
	}
	if lines[0] != "line 1000" || lines[len(lines)-1] != "line 5999" {
		t.Fatalf("kept %q … %q", lines[0], lines[len(lines)-1])
	}
	if n := p.list.Length(); n != logLimit {
		t.Fatalf("list shows %d rows", n)
	}
}

func TestLogPaneFollowsNewestUnlessScrolledUp(t *testing.T) {
	p, _ := newTestLogPane(t)
	for i := range 100 {
		p.Append(fmt.Sprint("line ", i))
	}
	bottom := p.list.GetScrollOffset()
	if bottom <= 0 {
		t.Fatalf("offset %v: did not follow the newest line", bottom)
	}
	p.Append("one more")
	if got := p.list.GetScrollOffset(); got <= bottom {
		t.Fatalf("offset %v after append, was %v: did not follow", got, bottom)
	}

	p.list.ScrollToTop() // the user scrolls up to read
	p.Append("and another")
	if got := p.list.GetScrollOffset(); got != 0 {
		t.Fatalf("offset %v: jumped away from where the user was reading", got)
	}

	p.list.ScrollToBottom() // back at the bottom: following again
	p.Append("last")
	if !p.atBottom() {
		t.Fatal("not at the bottom after scrolling back down and appending")
	}
}

func TestLogPaneCopyAllAndClear(t *testing.T) {
	p, a := newTestLogPane(t)
	p.Append("first", "second")
	p.copyAll()
	if got := a.Clipboard().Content(); got != "first\nsecond" {
		t.Fatalf("clipboard %q", got)
	}
	p.clear()
	if len(p.Lines()) != 0 || p.list.Length() != 0 {
		t.Fatalf("after Clear: %q", p.Lines())
	}
}

func TestLogPaneRowsSelectable(t *testing.T) {
	p, _ := newTestLogPane(t)
	if !rowLabel(p.list.CreateItem()).Selectable {
		t.Fatal("log rows are not selectable labels: a person could not copy a line")
	}
}

func TestLogPaneFollowsThroughResize(t *testing.T) {
	p, _ := newTestLogPane(t)
	for i := range 100 {
		p.Append(fmt.Sprint("line ", i))
	}
	p.list.Resize(fyne.NewSize(400, 120)) // the window shrinks
	if !p.atBottom() {
		t.Fatal("the newest line went out of view when the pane shrank")
	}
}
