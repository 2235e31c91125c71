package logview

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

func newTestLogPane(t *testing.T) (*Pane, fyne.App) {
	t.Helper()
	p, a, _ := newTestLogPaneWindow(t)
	return p, a
}

func newTestLogPaneWindow(t *testing.T) (*Pane, fyne.App, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	p := NewPane(a.Clipboard())
	w := test.NewTempWindow(t, p.Content())
	w.Resize(fyne.NewSize(700, 300))
	return p, a, w
}

// appendNumbered appends n lines "line 0" … in one batch.
func appendNumbered(p *Pane, n int) {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprint("line ", i)
	}
	p.Append(lines...)
}

func TestLogPaneBoundedAndBatched(t *testing.T) {
	p, _ := newTestLogPane(t)
	// present.LogLimit+1000 lines in batches of 1000: one Append (one refresh) per
	// batch; the first thousand fall off the top.
	batches := present.LogLimit/1000 + 1
	for b := range batches {
		batch := make([]string, 1000)
		for i := range batch {
			batch[i] = fmt.Sprintf("line %d", b*1000+i)
		}
		p.Append(batch...)
	}
	lines := p.Lines()
	if len(lines) != present.LogLimit {
		t.Fatalf("kept %d lines, want %d", len(lines), present.LogLimit)
	}
	if last := fmt.Sprintf("line %d", batches*1000-1); lines[0] != "line 1000" || lines[len(lines)-1] != last {
		t.Fatalf("kept %q … %q", lines[0], lines[len(lines)-1])
	}
	if n := p.list.Length(); n != present.LogLimit {
		t.Fatalf("list shows %d rows", n)
	}
}

// Long messages hit the byte bound before the row bound: memory stays
// bounded however big the entries. (A bound of 1 MiB instead of the pane's
// 64 MiB: the same mechanism, a 64th of the work.)
func TestLogPaneByteBound(t *testing.T) {
	p, _ := newTestLogPane(t)
	if rows, bytes := p.ring.Limits(); bytes != present.LogByteLimit || rows != present.LogLimit {
		t.Fatalf("the pane's ring is bounded at %d rows and %d bytes", rows, bytes)
	}
	const bound = 1 << 20
	p.ring = present.NewLogRing(present.LogLimit, bound)
	big := strings.Repeat("x", present.LogKeepLimit)
	for range 2 * bound / present.LogKeepLimit {
		p.AppendEntries(present.LogEntry{Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeText, Summary: "Message Received; Type: Utf8", Text: big})
	}
	if p.ring.Bytes() > bound {
		t.Fatalf("the ring holds %d bytes, over its bound of %d", p.ring.Bytes(), bound)
	}
	// Each entry costs its text twice (the entry's and the row's line).
	if n := len(p.Entries()); n > bound/(2*present.LogKeepLimit) || n < bound/(3*present.LogKeepLimit) {
		t.Fatalf("kept %d entries", n)
	}
}

func TestLogPaneFollowsNewestUnlessScrolledUp(t *testing.T) {
	p, _ := newTestLogPane(t)
	appendNumbered(p, 100)
	bottom := p.list.GetScrollOffset()
	if bottom <= 0 || !p.Following() {
		t.Fatalf("offset %v, following %v: did not follow the newest line", bottom, p.Following())
	}
	p.Append("one more")
	if got := p.list.GetScrollOffset(); got <= bottom {
		t.Fatalf("offset %v after append, was %v: did not follow", got, bottom)
	}

	p.list.ScrollToTop() // the user scrolls up to read (as the arrow keys do: no scroll event)
	p.Append("and another")
	if got := p.list.GetScrollOffset(); got != 0 {
		t.Fatalf("offset %v: jumped away from where the user was reading", got)
	}
	if p.Following() {
		t.Fatal("still following after the view left the bottom")
	}

	p.list.ScrollToBottom() // back at the bottom: following again
	p.Append("last")
	if !p.atBottom() || !p.Following() {
		t.Fatal("not following after scrolling back down and appending")
	}
}

// The follow state is shown and follows the mouse wheel: scrolling up
// pauses ("Paused: follow", a button), the button resumes ("Following").
func TestLogPaneFollowStateVisible(t *testing.T) {
	p, _, w := newTestLogPaneWindow(t)
	appendNumbered(p, 100)
	if p.follow.Text != "Following" || !p.follow.Disabled() {
		t.Fatalf("follow button %q (disabled %v) while following", p.follow.Text, p.follow.Disabled())
	}
	overList := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.list).Add(fyne.NewPos(50, 50))

	test.Scroll(w.Canvas(), overList, 0, 200) // wheel up
	if p.Following() || p.follow.Text != "Paused: follow" || p.follow.Disabled() {
		t.Fatalf("after scrolling up: following %v, button %q (disabled %v)", p.Following(), p.follow.Text, p.follow.Disabled())
	}
	offset := p.list.GetScrollOffset()
	p.Append("while paused")
	if p.list.GetScrollOffset() != offset {
		t.Fatal("the view moved while paused")
	}

	test.Tap(p.follow)
	if !p.Following() || !p.atBottom() || p.follow.Text != "Following" {
		t.Fatalf("after the follow button: following %v, at bottom %v, button %q", p.Following(), p.atBottom(), p.follow.Text)
	}

	test.Scroll(w.Canvas(), overList, 0, 100)    // up again
	test.Scroll(w.Canvas(), overList, 0, -10000) // and down to the end
	if !p.Following() {
		t.Fatal("scrolling back to the bottom did not resume following")
	}
	p.Append("newest")
	if !p.atBottom() {
		t.Fatal("did not follow after scrolling back down")
	}
}

func TestLogPaneFollowsThroughResize(t *testing.T) {
	p, _ := newTestLogPane(t)
	appendNumbered(p, 100)
	p.list.Resize(fyne.NewSize(400, 120)) // the window shrinks
	if !p.atBottom() {
		t.Fatal("the newest line went out of view when the pane shrank")
	}
}

func TestLogPaneCopyAllAndClear(t *testing.T) {
	p, a := newTestLogPane(t)
	p.Append("first", "second")
	p.CopyAll()
	if got := a.Clipboard().Content(); got != "first\nsecond" {
		t.Fatalf("clipboard %q", got)
	}
	p.Clear()
	if len(p.Lines()) != 0 || p.list.Length() != 0 {
		t.Fatalf("after Clear: %q", p.Lines())
	}
}

// Append keeps the pages' lines exactly as they present.Stamped them, and makes
// each one a note entry at the time of its stamp.
func TestLogPaneAppendMakesNotes(t *testing.T) {
	p, _ := newTestLogPane(t)
	p.SetPage("UTF-8 text messages")
	now := time.Date(2025, 3, 14, 9, 26, 54, 0, time.Local)
	p.now = func() time.Time { return now }
	p.Append("09:26:53.589  Connecting to ws://x/...", "no stamp here", "25:61:00.000  not a time")
	if got := p.Lines(); len(got) != 3 || got[0] != "09:26:53.589  Connecting to ws://x/..." || got[1] != "no stamp here" {
		t.Fatalf("lines %q", got)
	}
	es := p.Entries()
	if len(es) != 3 {
		t.Fatalf("%d entries", len(es))
	}
	want := present.LogEntry{Time: time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.Local), Page: "UTF-8 text messages", Kind: present.LogKindNote, Summary: "Connecting to ws://x/..."}
	if !es[0].Time.Equal(want.Time) || es[0].Page != want.Page || es[0].Kind != want.Kind || es[0].Summary != want.Summary {
		t.Fatalf("entry %+v, want %+v", es[0], want)
	}
	if es[1].Summary != "no stamp here" || !es[1].Time.Equal(now) {
		t.Fatalf("entry %+v", es[1])
	}
	if !es[2].Time.Equal(now) {
		t.Fatalf("a stamp that is no time gave %v", es[2].Time)
	}
}

// A line present.Stamped just before midnight that reaches the log just after it
// is of the day before.
func TestLogEntryStampTimeAcrossMidnight(t *testing.T) {
	now := time.Date(2025, 3, 15, 0, 0, 0, 100_000_000, time.Local)
	if got, want := present.StampTime("23:59:59.900", now), time.Date(2025, 3, 14, 23, 59, 59, 900_000_000, time.Local); !got.Equal(want) {
		t.Fatalf("stampTime = %v, want %v", got, want)
	}
	if got, want := present.StampTime("00:00:30.000", now), time.Date(2025, 3, 15, 0, 0, 30, 0, time.Local); !got.Equal(want) {
		t.Fatalf("a stamp a little ahead of the clock: %v, want %v", got, want)
	}
}

// AppendEntries shows each entry as the pages' lines look today: the
// stamp, two spaces, the summary; then a message's text on rows of its
// own.
func TestLogPaneAppendEntriesRows(t *testing.T) {
	p, _ := newTestLogPane(t)
	at := time.Date(2025, 3, 14, 9, 26, 53, 663_000_000, time.Local)
	p.AppendEntries(
		present.LogEntry{Time: at, Kind: present.LogKindConnect, Summary: "Connected"},
		present.LogEntry{Time: at, Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeText, Summary: "Message Received; Type: Utf8", Text: "one\r\ntwo\n"},
		present.LogEntry{Time: at, Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeText, Summary: "Message Received; Type: Utf8", Text: ""},
		present.LogEntry{Time: at, Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeBinary, Summary: "Message Received; Type: Binary", Payload: []byte("Hello World")},
		present.LogEntry{Time: at, Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeBinary, Summary: "Message Received; Type: Binary", Payload: []byte{0xff}, Text: "\ufffd"},
		present.LogEntry{Time: at, Kind: present.LogKindClose, Dir: present.DirReceived, Summary: "Closed; Code: 1000, Reason: bye [closed by the server]", Code: 1000, Reason: "bye"},
	)
	want := []string{
		"09:26:53.663  Connected",
		"09:26:53.663  Message Received; Type: Utf8",
		"09:26:53.663  one",
		"09:26:53.663  two",
		"09:26:53.663  Message Received; Type: Utf8",
		"09:26:53.663  ", // an empty message: an empty row, as the sample shows it
		"09:26:53.663  Message Received; Type: Binary",
		"09:26:53.663  48 65 6c 6c 6f 20 57 6f 72 6c 64",
		"09:26:53.663  Message Received; Type: Binary",
		"09:26:53.663  \ufffd",
		"09:26:53.663  Closed; Code: 1000, Reason: bye [closed by the server]",
	}
	if got := p.Lines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	es := p.Entries()
	if len(es) != 6 || es[1].Size != 9 || es[3].Size != 11 || es[5].Code != 1000 {
		t.Fatalf("entries %+v", es)
	}
}

// An entry keeps at most present.LogKeepLimit of its data, copied (not a window
// on the page's buffer, which would keep all of it alive); Size keeps the
// real size and the row says how much there was.
func TestLogPaneEntryKeepsBoundedCopy(t *testing.T) {
	p, _ := newTestLogPane(t)
	payload := make([]byte, 1<<20)
	text := strings.Repeat("é", 1<<19) // 1 MiB of two-byte characters
	p.AppendEntries(
		present.LogEntry{Kind: present.LogKindMessage, Type: present.TypeBinary, Summary: "b", Payload: payload},
		present.LogEntry{Kind: present.LogKindMessage, Type: present.TypeText, Summary: "t", Text: text + "x"},
	)
	es := p.Entries()
	if len(es[0].Payload) != present.LogKeepLimit || es[0].Size != 1<<20 || !es[0].Truncated() {
		t.Fatalf("binary: kept %d of %d (truncated %v)", len(es[0].Payload), es[0].Size, es[0].Truncated())
	}
	payload[0] = 1
	if es[0].Payload[0] != 0 {
		t.Fatal("the entry shares the page's buffer")
	}
	if len(es[1].Text) != present.LogKeepLimit || es[1].Size != 1<<20+1 || !strings.HasSuffix(es[1].Text, "é") {
		t.Fatalf("text: kept %d bytes of %d, ends %q", len(es[1].Text), es[1].Size, es[1].Text[len(es[1].Text)-4:])
	}
	rows := p.Lines()
	if want := " … (1,048,577 bytes; the log keeps the first 64 KiB)"; !strings.HasSuffix(rows[len(rows)-1], want) {
		t.Fatalf("the truncated text's row ends %q, want %q", rows[len(rows)-1][len(rows[len(rows)-1])-80:], want)
	}
}

// The filter shows only the lines that contain its text, in any case,
// says how many it hides, and clearing it shows them all again.
func TestLogPaneFilter(t *testing.T) {
	p, _ := newTestLogPane(t)
	p.Append("12:00:00.000  Connecting to ws://x/echo...", "12:00:00.001  Connected",
		"12:00:00.002  Error during read: EOF", "12:00:00.003  Message Received; Type: Utf8",
		"12:00:00.004  Grüße aus ÄGYPTEN")
	all := p.Lines()

	p.SetFilter("ERROR")
	if got := p.VisibleLines(); len(got) != 1 || got[0] != "12:00:00.002  Error during read: EOF" {
		t.Fatalf("filter ERROR shows %q", got)
	}
	if !p.hidden.Visible() || p.hidden.Text != "4 hidden" || p.Hidden() != 4 {
		t.Fatalf("hidden count %q (visible %v)", p.hidden.Text, p.hidden.Visible())
	}
	if p.list.Length() != 1 || rowText(t, p, 0) != "12:00:00.002  Error during read: EOF" {
		t.Fatalf("the list shows %d rows", p.list.Length())
	}

	p.Append("12:00:01.000  Another error", "12:00:01.001  fine")
	if got := p.VisibleLines(); len(got) != 2 || got[1] != "12:00:01.000  Another error" {
		t.Fatalf("after new lines the filter shows %q", got)
	}
	if p.hidden.Text != "5 hidden" {
		t.Fatalf("hidden count %q", p.hidden.Text)
	}

	p.SetFilter("conn") // matches "Connecting" and "Connected"
	if got := p.VisibleLines(); len(got) != 2 {
		t.Fatalf("filter conn shows %q", got)
	}
	p.SetFilter("connecte") // narrower
	if got := p.VisibleLines(); len(got) != 1 || !strings.HasSuffix(got[0], "Connected") {
		t.Fatalf("filter connecte shows %q", got)
	}
	p.SetFilter("äGYPTEN") // not ASCII: Unicode case folding
	if got := p.VisibleLines(); len(got) != 1 || !strings.Contains(got[0], "Grüße") {
		t.Fatalf("filter äGYPTEN shows %q", got)
	}
	p.SetFilter("no such text")
	if len(p.VisibleLines()) != 0 || p.hidden.Text != "7 hidden" {
		t.Fatalf("a filter matching nothing shows %q, %q", p.VisibleLines(), p.hidden.Text)
	}

	p.SetFilter("")
	want := append(all, "12:00:01.000  Another error", "12:00:01.001  fine")
	if got := p.VisibleLines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after clearing the filter:\n%s", strings.Join(got, "\n"))
	}
	if p.hidden.Visible() {
		t.Fatal("the hidden count shows without a filter")
	}
	if p.Text() != strings.Join(want, "\n") {
		t.Fatal("the filter changed what Copy all copies")
	}
}

// rowText is the text the list's row i shows.
func rowText(t *testing.T, p *Pane, i int) string {
	t.Helper()
	row := p.list.CreateItem()
	p.list.UpdateItem(i, row)
	return kit.RowLabel(row).Text
}

// Typing in the filter field filters; its clear button clears it.
func TestLogPaneFilterField(t *testing.T) {
	p, _ := newTestLogPane(t)
	p.Append("12:00:00.000  alpha", "12:00:00.001  beta", "12:00:00.002  alphabet")
	test.Type(p.filterEntry, "alp")
	if got := p.VisibleLines(); len(got) != 2 || p.Filter() != "alp" {
		t.Fatalf("typing alp shows %q", got)
	}
	clearButton := p.filterEntry.ActionItem.(*widget.Button)
	if !clearButton.Visible() {
		t.Fatal("no clear button in a filter field with text")
	}
	test.Tap(clearButton)
	if p.Filter() != "" || len(p.VisibleLines()) != 3 || clearButton.Visible() {
		t.Fatalf("after the clear button: filter %q, %d lines", p.Filter(), len(p.VisibleLines()))
	}
}

// Rows that fall off the top of a full log leave the filter's matches too.
func TestLogPaneFilterAsOldRowsGo(t *testing.T) {
	p, _ := newTestLogPane(t)
	p.ring = present.NewLogRing(5, present.LogByteLimit)
	p.SetFilter("odd")
	for i := range 12 {
		kind := "even"
		if i%2 == 1 {
			kind = "odd"
		}
		p.Append(fmt.Sprintf("line %d %s", i, kind))
	}
	// Kept: lines 7..11; of them 7, 9 and 11 are odd.
	if got := p.VisibleLines(); strings.Join(got, ",") != "line 7 odd,line 9 odd,line 11 odd" {
		t.Fatalf("filter shows %q", got)
	}
	if p.hidden.Text != "2 hidden" {
		t.Fatalf("hidden %q", p.hidden.Text)
	}
	p.Clear()
	if len(p.VisibleLines()) != 0 || p.hidden.Text != "0 hidden" || p.Filter() != "odd" {
		t.Fatalf("after Clear: %q, %q, filter %q", p.VisibleLines(), p.hidden.Text, p.Filter())
	}
	p.Append("line 12 odd")
	if got := p.VisibleLines(); len(got) != 1 {
		t.Fatalf("after Clear and a line: %q", got)
	}
}

// Clicking a row shows it whole under the list, wrapped, with a button
// that copies it; the list's row is cut at the window's edge.
func TestLogPaneDetailShowsWholeLine(t *testing.T) {
	p, a, w := newTestLogPaneWindow(t)
	long := "12:00:00.000  Message Received; " + strings.Repeat("all work and no play ", 100)
	p.Append("12:00:00.000  short", long, "12:00:00.001  after")
	if p.detail.visible() {
		t.Fatal("the detail area shows before anything was selected")
	}
	// Click the second row, as a person would.
	rowPos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.list).Add(fyne.NewPos(30, p.rowHeight*1.5+2))
	test.TapCanvas(w.Canvas(), rowPos)
	if !p.detail.visible() || p.DetailLine() != long || p.detail.shownText() != long {
		t.Fatalf("after clicking row 1 the detail shows %q (visible %v)", p.detail.shownText(), p.detail.visible())
	}
	for _, o := range p.detail.text.Objects {
		if l := o.(*widget.Label); l.Wrapping == fyne.TextWrapOff || !l.Selectable {
			t.Fatal("the detail's line is not wrapped and selectable")
		}
	}
	if got := rowText(t, p, 1); len(got) > p.rowBytes || p.rowBytes > 1000 {
		t.Fatalf("the list's row holds %d bytes", len(got))
	}
	if p.detail.meta.Text == "" {
		t.Fatal("the detail says nothing about the entry")
	}
	test.Tap(p.detail.copyLine)
	if got := a.Clipboard().Content(); got != long {
		t.Fatalf("Copy line copied %q", got)
	}
	test.Tap(p.detail.close)
	if p.detail.visible() || p.DetailLine() != "" {
		t.Fatal("the detail area is still shown after closing it")
	}
}

// A binary entry's detail has a hex dump of its bytes.
func TestLogPaneDetailHexDump(t *testing.T) {
	p, _ := newTestLogPane(t)
	p.AppendEntries(present.LogEntry{Time: time.Date(2025, 3, 14, 9, 26, 53, 0, time.Local), Page: "Binary data stream",
		Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeBinary, Summary: "Message Received; Type: Binary", Payload: []byte("Hello World")})
	p.SelectLine(1)
	want := "00000000  48 65 6c 6c 6f 20 57 6f  72 6c 64                 |Hello World|"
	if !p.detail.dump.Visible() || p.detail.dump.Text != want {
		t.Fatalf("dump %q (visible %v), want %q", p.detail.dump.Text, p.detail.dump.Visible(), want)
	}
	if got, want := p.detail.meta.Text, "2025-03-14 09:26:53.000 · Binary data stream · received · message · binary · 11 bytes"; got != want {
		t.Fatalf("meta %q, want %q", got, want)
	}
	p.Append("12:00:00.000  a note")
	p.SelectLine(2)
	if p.detail.dump.Visible() {
		t.Fatal("a note's detail shows a hex dump")
	}
}

// A row found with the filter stays selected when the filter is cleared,
// among its neighbours, and the view stays there (paused).
func TestLogPaneFilterKeepsSelection(t *testing.T) {
	p, _ := newTestLogPane(t)
	lines := make([]string, 200)
	for i := range lines {
		lines[i] = fmt.Sprintf("12:00:00.000  line %d", i)
	}
	lines[40] += " the one"
	p.Append(lines...)
	p.SetFilter("the one")
	p.SelectLine(0)
	p.SetFilter("")
	if p.DetailLine() != "12:00:00.000  line 40 the one" {
		t.Fatalf("detail %q", p.DetailLine())
	}
	if p.Following() {
		t.Fatal("still following: the newest row would push the found one away")
	}
	top := p.list.GetScrollOffset() / (p.rowHeight + p.list.Theme().Size("padding"))
	if top > 40 || top+p.list.Size().Height/p.rowHeight < 40 {
		t.Fatalf("row 40 is not in view (top row %.1f)", top)
	}
	p.Append("12:00:00.000  newer")
	if p.DetailLine() != "12:00:00.000  line 40 the one" {
		t.Fatalf("detail %q after a new line", p.DetailLine())
	}
}

// The toolbar row fits the pane as the default window (1000×660) gives it,
// in its widest state: a filter set, paused.
func TestLogPaneToolbarFits(t *testing.T) {
	p, _ := newTestLogPane(t)
	appendNumbered(p, 50)
	p.SetFilter("line 1")
	p.setFollowing(false)
	// The page is the window less the scenario list (about 260) and padding.
	if w := p.toolbar.MinSize().Width; w > 700 {
		t.Fatalf("the toolbar needs %v wide, more than the pane has at the default size", w)
	}
}

// Save writes every kept line with its stamp, oldest first, one per line.
func TestLogPaneSaveTo(t *testing.T) {
	test.NewTempApp(t)
	p := NewPane(nil)
	p.Append("10:00:00.000  Connecting to ws://x/...", "10:00:00.001  Connected")
	var b strings.Builder
	if err := p.SaveTo(&b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "10:00:00.000  Connecting to ws://x/...\n10:00:00.001  Connected\n"; got != want {
		t.Errorf("saved %q, want %q", got, want)
	}
	p.Clear()
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
		p := NewPane(nil)
		w := test.NewWindow(p.Content())
		w.Resize(fyne.NewSize(800, 600))
		for i := 0; i < 1000; i++ {
			p.Append(batch...)
		}
		w.Close()
	}
}

// BenchmarkLogPaneFilter50k sets a filter on a full log of 50,000 lines
// and clears it, as typing in the filter field does: a full scan and a
// list refresh per change. The figure is per filter change.
func BenchmarkLogPaneFilter50k(b *testing.B) {
	test.NewTempApp(b)
	p := NewPane(nil)
	w := test.NewWindow(p.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(800, 600))
	batch := make([]string, 1000)
	for n := range present.LogLimit / len(batch) {
		for i := range batch {
			batch[i] = fmt.Sprintf("12:00:%02d.%03d  Message Received; Type: Utf8 (line %d)", n%60, i, n*1000+i)
		}
		p.Append(batch...)
	}
	needles := []string{"LINE 4", "received", "line 49999", "no such text", "Grüße"}
	for i := 0; b.Loop(); i++ {
		p.SetFilter(needles[i%len(needles)]) // a new needle: a full scan
		p.SetFilter("")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(2*b.N)/1000, "ms/change")
}
