package ui

import (
	"fmt"
	"strings"
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
	// logLimit+1000 lines in batches of 1000: one Append (one refresh) per
	// batch; the first thousand fall off the top.
	batches := logLimit/1000 + 1
	for b := range batches {
		batch := make([]string, 1000)
		for i := range batch {
			batch[i] = fmt.Sprintf("line %d", b*1000+i)
		}
		p.Append(batch...)
	}
	lines := p.Lines()
	if len(lines) != logLimit {
		t.Fatalf("kept %d lines, want %d", len(lines), logLimit)
	}
	if last := fmt.Sprintf("line %d", batches*1000-1); lines[0] != "line 1000" || lines[len(lines)-1] != last {
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

// Save writes every kept line with its stamp, oldest first, one per line.
func TestLogPaneSaveTo(t *testing.T) {
	test.NewTempApp(t)
	p := newLogPane(nil)
	p.Append("10:00:00.000  Connecting to ws://x/...", "10:00:00.001  Connected")
	var b strings.Builder
	if err := p.SaveTo(&b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "10:00:00.000  Connecting to ws://x/...\n10:00:00.001  Connected\n"; got != want {
		t.Errorf("saved %q, want %q", got, want)
	}
	p.clear()
	b.Reset()
	p.SaveTo(&b)
	if b.Len() != 0 {
		t.Errorf("a cleared log saved %q", b.String())
	}
}

// BenchmarkLogPaneAppend100k appends 100,000 lines in batches of 100, as
// the event pump does under a flood, and renders after each batch: the
// cost per batch must not grow with the lines already kept.
func BenchmarkLogPaneAppend100k(b *testing.B) {
	test.NewTempApp(b)
	batch := make([]string, 100)
	for i := range batch {
		batch[i] = fmt.Sprintf("12:00:00.%03d  Message Received; Type: Binary (line %d)", i, i)
	}
	for n := 0; n < b.N; n++ {
		p := newLogPane(nil)
		w := test.NewWindow(p.Content())
		w.Resize(fyne.NewSize(800, 600))
		for i := 0; i < 1000; i++ {
			p.Append(batch...)
		}
		w.Close()
	}
}
