package logview

import (
	"bytes"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

// rowBytesFor is the most of a line a row of the list draws when the list
// is width wide: more than fits (no character is narrower than two units
// in any text size a person reads), but not much more. A label shapes its
// whole text, glyph by glyph, on every update to find where to cut it,
// so a row of a 64 KiB message would cost milliseconds on every refresh.
// The detail area and Copy line have the whole line.
func rowBytesFor(width float32) int { return max(200, int(width/2)) }

// Pane is a page's output log. It keeps entries (present.LogEntry), each
// shown as one or more rows in a ring of the newest present.LogLimit rows
// (present.LogRing), in a widget.List whose rows are recycled Labels, so the
// cost of a redraw depends on the rows visible, not on the rows kept.
// Above the list a toolbar row holds the filter (present.LogFilter), the count
// of rows it hides, the follow state, and Save, Copy all and Clear; under
// it the detail area (logdetail.go) shows the selected row whole.
// Every method must run on the UI goroutine.
//
// Why not binding.StringList or a multi-line Entry: an Append to either
// costs time in proportion to everything already there, so a log of a few
// thousand lines freezes the window (BenchmarkLogPaneAppend100k measures the list).
type Pane struct {
	ring      *present.LogRing
	filter    present.LogFilter
	list      *logList
	clipboard fyne.Clipboard
	page      string  // the scenario, for entries that do not name theirs
	rowHeight float32 // height of one row, to tell whether the view is at the bottom
	rowBytes  int     // the most of a line a row shows (rowBytesFor the list's width)

	// following is the auto-scroll state: the view shows the newest row
	// and keeps showing it as rows arrive. Scrolling up pauses it;
	// scrolling back to the bottom or the follow button resumes it.
	following bool
	// adjusting is set while the pane moves the view itself, so that the
	// list's scroll callback is not taken for the user's scrolling.
	adjusting bool

	filterEntry *widget.Entry
	hidden      *widget.Label // "N hidden" while a filter is set
	follow      *widget.Button
	saveButton  *widget.Button
	saveMenu    *fyne.Menu
	detail      *logDetail
	toolbar     fyne.CanvasObject
	content     fyne.CanvasObject
	now         func() time.Time // the clock for Append's notes
}

// NewPane builds an empty log pane. The clipboard receives "Copy all"
// and "Copy line".
func NewPane(clipboard fyne.Clipboard) *Pane {
	p := &Pane{
		ring:      present.NewLogRing(present.LogLimit, present.LogByteLimit),
		clipboard: clipboard,
		following: true,
		rowBytes:  rowBytesFor(1000),
		now:       time.Now,
	}
	p.list = &logList{pane: p}
	p.list.Length = p.visibleLen
	p.list.CreateItem = func() fyne.CanvasObject {
		// The default (proportional) font: it fits a third more of a long
		// line than monospace, and its digits are still of equal width, so
		// the time stamps line up.
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis // the detail area has the whole line
		// Not Selectable: a selectable label takes the click, and the click
		// must select the row to show it whole (with Copy line).
		//
		// A log reads best dense (kit.DenseRow).
		return kit.DenseRow(l)
	}
	p.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		kit.RowLabel(o).SetText(present.CutUTF8(p.rowAt(id).Line, p.rowBytes))
	}
	p.list.OnSelected = p.selected
	p.list.ExtendBaseWidget(p.list)
	p.list.HideSeparators = true
	p.rowHeight = p.list.CreateItem().MinSize().Height

	p.filterEntry = widget.NewEntry()
	p.filterEntry.SetPlaceHolder("Filter")
	p.filterEntry.OnChanged = p.setFilter
	p.filterEntry.ActionItem = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { p.SetFilter("") })
	p.filterEntry.ActionItem.Hide()
	p.hidden = widget.NewLabel("")
	p.hidden.Hide()
	p.follow = widget.NewButtonWithIcon("", theme.MoveDownIcon(), p.Follow)
	p.showFollowing()
	p.detail = newLogDetail(p.rowHeight, p.copyLine, p.closeDetail)

	p.saveMenu = fyne.NewMenu("",
		fyne.NewMenuItem("Text (.txt)…", p.Save),
		fyne.NewMenuItem("JSON Lines (.jsonl)…", p.SaveJSONLines),
	)
	p.saveButton = widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), p.openSaveMenu)
	copyAll := widget.NewButtonWithIcon("Copy all", theme.ContentCopyIcon(), p.CopyAll)
	clear := widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), p.Clear)
	title := widget.NewLabelWithStyle("Output", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.toolbar = container.NewBorder(nil, nil, title,
		container.NewHBox(p.hidden, p.follow, p.saveButton, copyAll, clear), p.filterEntry)
	p.content = container.NewBorder(p.toolbar, p.detail.content, nil, nil, p.list)
	return p
}

// Content is the pane's widget tree: the toolbar above the list, the
// detail area below it.
func (p *Pane) Content() fyne.CanvasObject { return p.content }

// SetPage names the scenario the pane logs for; it goes into entries that
// do not name their own (every line from Append), and so into the JSON.
func (p *Pane) SetPage(name string) { p.page = name }

// Append adds a batch of lines, each already present.Stamped by the page
// ("15:04:05.000  text"), with one refresh. Each line is a row as given
// and a note entry of its own, at the time of its stamp.
func (p *Pane) Append(lines ...string) {
	if len(lines) == 0 {
		return
	}
	now := p.now()
	rows := make([]present.LogRow, len(lines))
	for i, l := range lines {
		e := present.NoteEntry(l, now)
		e.Page = p.page
		rows[i] = present.LineRow(l, e)
	}
	p.add(rows)
}

// AppendEntries adds a batch of entries with one refresh, each as the rows
// present.LogEntry.rows gives it. The pane keeps copies: at most present.LogKeepLimit of
// each entry's text and payload (Size still says how much there was).
func (p *Pane) AppendEntries(entries ...present.LogEntry) {
	var rows []present.LogRow
	for i := range entries {
		e := new(present.LogEntry)
		*e = entries[i]
		if e.Page == "" {
			e.Page = p.page
		}
		e.Kept()
		rows = append(rows, present.EntryRows(e)...)
	}
	if len(rows) > 0 {
		p.add(rows)
	}
}

// add appends rows to the ring and the filter's matches, and refreshes
// the list once. The view follows the newest row while following.
func (p *Pane) add(rows []present.LogRow) {
	follow := p.stillFollowing()
	top, shown := p.topSeq()
	p.ring.Append(rows...)
	p.filter.Appended(p.ring, len(rows))
	if now, _ := p.topSeq(); shown && now != top {
		// The oldest rows shown fell off and the others moved up the list:
		// a highlighted row number would now mean another row. The detail
		// area keeps the row it shows.
		p.list.UnselectAll()
	}
	p.showHidden()
	p.adjust(func() {
		p.list.Refresh()
		if follow {
			p.scrollToBottom()
		}
	})
}

// Lines returns every kept row's line, oldest first, whatever the filter.
func (p *Pane) Lines() []string { return p.ring.Lines() }

// VisibleLines returns the lines the list shows: those the filter lets
// through, or all of them.
func (p *Pane) VisibleLines() []string {
	out := make([]string, p.visibleLen())
	for i := range out {
		out[i] = p.rowAt(i).Line
	}
	return out
}

// Entries returns the kept entries, oldest first, each once.
func (p *Pane) Entries() []present.LogEntry {
	var out []present.LogEntry
	var last *present.LogEntry
	for i := range p.ring.Len() {
		if e := p.ring.At(i).Entry; e != last {
			out = append(out, *e)
			last = e
		}
	}
	return out
}

// Text is the whole log, one line per line, as "Copy all" puts it on the
// clipboard (all the rows, not only those a filter shows).
func (p *Pane) Text() string { return strings.Join(p.ring.Lines(), "\n") }

// SaveTo writes every kept line, oldest first, one per line with its time
// stamp, as a plain text file people can keep, diff or attach to a bug.
func (p *Pane) SaveTo(w io.Writer) error { return present.WriteText(w, p.ring) }

// SaveJSONLinesTo writes every kept entry, oldest first, as one JSON
// object per line (present.WriteJSONLines; docs/guide.md documents the fields).
func (p *Pane) SaveJSONLinesTo(w io.Writer) error { return present.WriteJSONLines(w, p.ring) }

// Save asks where to save the log as text (Ctrl+S does the same) and
// writes it; a name ending in .jsonl writes JSON Lines instead.
func (p *Pane) Save() { p.saveAs(present.LogFormatText) }

// SaveJSONLines asks where to save the log as JSON Lines and writes it; a
// name ending in .txt writes text instead.
func (p *Pane) SaveJSONLines() { p.saveAs(present.LogFormatJSONLines) }

// saveAs shows the file dialog for format; a name ending in .jsonl or
// .txt chooses the other. What went wrong, if anything, is said in a
// dialog; the log is unchanged either way.
func (p *Pane) saveAs(format present.LogFormat) {
	kit.SaveFile(kit.WindowOf(p.list), kit.FileSave{
		What: "the log",
		Name: kit.StampedName("websocket-sample-log", format.Ext()),
		Exts: []string{present.LogFormatText.Ext(), present.LogFormatJSONLines.Ext()},
		Render: func(name string) ([]byte, error) {
			var b bytes.Buffer
			var err error
			if present.LogFormatFor(name, format) == present.LogFormatJSONLines {
				err = p.SaveJSONLinesTo(&b)
			} else {
				err = p.SaveTo(&b)
			}
			return b.Bytes(), err
		},
	})
}

// openSaveMenu drops the format choice down from the Save… button.
func (p *Pane) openSaveMenu() {
	kit.DropDown(p.saveMenu, p.saveButton)
}

// CopyAll puts every row kept, filtered or not, on the clipboard.
func (p *Pane) CopyAll() {
	if p.clipboard != nil {
		p.clipboard.SetContent(p.Text())
	}
}

func (p *Pane) copyLine(line string) {
	if p.clipboard != nil {
		p.clipboard.SetContent(line)
	}
}

// Clear forgets every row; the filter text stays, for the rows to come.
func (p *Pane) Clear() {
	p.ring.Clear()
	p.filter.Cleared()
	p.list.UnselectAll()
	p.detail.hide()
	p.showHidden()
	p.adjust(func() {
		p.list.Refresh()
		p.list.ScrollToTop()
	})
	p.setFollowing(true)
}

// SetFilter shows only the rows whose line contains text, ignoring case;
// "" shows every row again. The filter field shows text.
func (p *Pane) SetFilter(text string) {
	if p.filterEntry.Text != text {
		p.filterEntry.SetText(text) // calls setFilter
		return
	}
	p.setFilter(text)
}

// Filter is the filter's text, "" when there is none.
func (p *Pane) Filter() string { return p.filterEntry.Text }

// Hidden is how many kept rows the filter hides.
func (p *Pane) Hidden() int { return p.ring.Len() - p.visibleLen() }

// setFilter applies the filter field's text. A selected row that the new
// filter still shows stays selected and is scrolled into view, so
// clearing a filter shows the row found among its neighbours.
func (p *Pane) setFilter(text string) {
	selected, wasSelected := p.selectedSeq()
	p.filter.Set(text, p.ring)
	if text == "" {
		p.filterEntry.ActionItem.Hide()
	} else {
		p.filterEntry.ActionItem.Show()
	}
	p.showHidden()
	p.adjust(func() {
		p.list.UnselectAll()
		p.list.Refresh()
		if i := p.visibleIndex(selected); wasSelected && i >= 0 {
			p.list.Select(i)
			p.setFollowing(i == p.visibleLen()-1)
			return
		}
		if p.following {
			p.scrollToBottom()
		}
	})
}

// showHidden updates the count of rows the filter hides.
func (p *Pane) showHidden() {
	if !p.filter.Active() {
		p.hidden.Hide()
		return
	}
	p.hidden.SetText(present.GroupDigits(int64(p.Hidden())) + " hidden")
	p.hidden.Show()
}

// visibleLen is how many rows the list shows.
func (p *Pane) visibleLen() int {
	if p.filter.Active() {
		return p.filter.Len()
	}
	return p.ring.Len()
}

// rowAt is the list's i-th row.
func (p *Pane) rowAt(i int) present.LogRow {
	if p.filter.Active() {
		return p.ring.At(p.ring.Index(p.filter.Seq(i)))
	}
	return p.ring.At(i)
}

// seqAt is the seq of the list's i-th row.
func (p *Pane) seqAt(i int) uint64 {
	if p.filter.Active() {
		return p.filter.Seq(i)
	}
	return p.ring.First() + uint64(i)
}

// topSeq is the seq of the list's first row; false when it shows none.
func (p *Pane) topSeq() (uint64, bool) {
	if p.visibleLen() == 0 {
		return 0, false
	}
	return p.seqAt(0), true
}

// visibleIndex is the list position of the row numbered seq, or -1 if
// it is gone or filtered out.
func (p *Pane) visibleIndex(seq uint64) int {
	if p.filter.Active() {
		return p.filter.Find(seq)
	}
	return p.ring.Index(seq)
}

// The selected row is remembered by seq, which survives the ring and the
// filter moving rows about; the list's own selection is a row number.
func (p *Pane) selectedSeq() (uint64, bool) {
	if !p.detail.visible() {
		return 0, false
	}
	return p.detail.seq, true
}

// selected shows the list's selected row in the detail area.
func (p *Pane) selected(id widget.ListItemID) {
	if id < 0 || id >= p.visibleLen() {
		return
	}
	p.detail.seq = p.seqAt(id)
	p.detail.show(p.rowAt(id))
}

// SelectLine selects the list's i-th row (0 the oldest shown), as a
// click does: the detail area shows it whole.
func (p *Pane) SelectLine(i int) { p.list.Select(i) }

// DetailLine is the line the detail area shows, "" when it is closed.
func (p *Pane) DetailLine() string {
	if !p.detail.visible() {
		return ""
	}
	return p.detail.row.Line
}

// DetailEntry is the entry of the row the detail area shows, nil when it
// shows none.
func (p *Pane) DetailEntry() *present.LogEntry {
	if !p.detail.visible() {
		return nil
	}
	return p.detail.row.Entry
}

// DetailDump is the hex dump the detail area shows of the entry's bytes,
// "" when it shows none.
func (p *Pane) DetailDump() string {
	if !p.detail.visible() || !p.detail.dump.Visible() {
		return ""
	}
	return p.detail.dump.Text
}

func (p *Pane) closeDetail() {
	p.detail.hide()
	p.list.UnselectAll()
}

// Following reports whether the view follows the newest row.
func (p *Pane) Following() bool { return p.following }

// Follow resumes following: the view jumps to the newest row and stays
// with the rows to come (the follow button).
func (p *Pane) Follow() {
	p.setFollowing(true)
	p.adjust(p.scrollToBottom)
}

// setFollowing sets the follow state and shows it.
func (p *Pane) setFollowing(on bool) {
	if p.following == on {
		return
	}
	p.following = on
	p.showFollowing()
}

// showFollowing shows the follow state on its button: a quiet, disabled
// "Following", or "Paused" as a button that jumps to the newest row.
func (p *Pane) showFollowing() {
	if p.following {
		p.follow.SetText("Following")
		p.follow.Importance = widget.LowImportance
		p.follow.Disable()
	} else {
		p.follow.SetText("Paused: follow")
		p.follow.Importance = widget.HighImportance
		p.follow.Enable()
	}
	p.follow.Refresh()
}

// stillFollowing is the follow state, after noticing a move away from the
// bottom that did not come through a scroll (the list's arrow keys move
// the view without one).
func (p *Pane) stillFollowing() bool {
	if p.following && !p.atBottom() {
		p.setFollowing(false)
	}
	return p.following
}

// scrolled is the list's scroll callback: the user scrolled (wheel, drag,
// scroll bar). Up from the bottom pauses following; back down resumes it.
func (p *Pane) scrolled() {
	if !p.adjusting {
		p.setFollowing(p.atBottom())
	}
}

// adjust runs fn, which moves the view, without taking the move for the
// user's scrolling.
func (p *Pane) adjust(fn func()) {
	was := p.adjusting
	p.adjusting = true
	defer func() { p.adjusting = was }()
	fn()
}

// scrollToBottom shows the newest row. List.ScrollToBottom needs the
// list's renderer, which may not exist before the pane is first drawn;
// asking for the MinSize creates it.
func (p *Pane) scrollToBottom() {
	p.list.MinSize()
	p.list.ScrollToBottom()
}

// logList is a widget.List that tells the pane when the user scrolls, and
// keeps following the newest row when the window is resized (a resize
// keeps the offset, which would otherwise leave the newest rows below the
// fold).
type logList struct {
	widget.List
	pane *Pane
}

// CreateRenderer is List's, with the pane listening to its scroller.
// widget.List has no scroll callback of its own; its renderer's one
// object is its scroll container (a container.Scroll), whose OnScrolled
// the list already uses, so the pane's is chained after it.
func (l *logList) CreateRenderer() fyne.WidgetRenderer {
	r := l.List.CreateRenderer()
	if objs := r.Objects(); len(objs) > 0 {
		if s, ok := objs[0].(*container.Scroll); ok {
			inner := s.OnScrolled
			s.OnScrolled = func(pos fyne.Position) {
				if inner != nil {
					inner(pos)
				}
				l.pane.scrolled()
			}
		}
	}
	return r
}

// Resize resizes the list, staying at the bottom if it is following.
func (l *logList) Resize(s fyne.Size) {
	p := l.pane
	follow := p.stillFollowing()
	if b := rowBytesFor(s.Width); b > p.rowBytes {
		p.rowBytes = b // the rows in view are updated as the list lays them out again
	}
	p.adjust(func() {
		l.List.Resize(s)
		if follow && p.visibleLen() > 0 {
			p.scrollToBottom()
		}
	})
}

// atBottom reports whether the newest row is in view (or nothing is laid
// out yet), i.e. whether the user is following the log rather than reading
// back. The list's content height is rows × (row + padding) − padding, the
// same sum widget.List uses; half a row of slack absorbs rounding.
func (p *Pane) atBottom() bool {
	visible := p.list.Size().Height
	if visible <= 0 {
		return true
	}
	pad := p.list.Theme().Size(theme.SizeNamePadding) // the list's row gap
	n := float32(p.visibleLen())
	content := n*(p.rowHeight+pad) - pad
	return p.list.GetScrollOffset() >= content-visible-p.rowHeight/2
}
