package protoview

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// The wire view: every frame that passes the connection, both ways, as
// wsclient parses it from the bytes really written and read
// (Options.WireView, wsclient.FrameRecord). Each page has it in a Frames
// tab beside its log (Tabs). Every connection records its frames, within
// wsclient.WireViewPerSecond a second each way, so that this tab and the
// Diagram tab show a connection from its start whenever they are opened;
// the tab keeps the newest wireKeep. A check there lists them here and in
// the log, at once.

// wireKeep is how many records the Frames tab keeps: the newest thousand,
// twenty seconds of a flood at wsclient.WireViewPerSecond each way.
const wireKeep = 1000

// wireRefresh is how often the list is redrawn while records arrive: at
// most ten times a second, however fast the frames come.
const wireRefresh = kit.CounterRefresh

// The toggle's words.
const (
	wireToggleText = "Show frames"
	wireLegend     = "→ client, always masked (RFC 6455 §5.3) · ← server, never masked · FIN ends a message · " +
		"lengths as on the wire (RSV1: compressed)"
)

// wireNote says what the toggle does now: on says it is checked,
// connected that a connection is open.
func wireNote(on, connected bool) string {
	switch {
	case connected && on:
		return "showing this connection's frames from its start, here and in the log"
	case on:
		return "each connection's frames, here and in the log"
	}
	return "off: frames are kept (the newest " + present.GroupDigits(wireKeep) + "), not listed or logged; tick to see this connection's from its start"
}

// wireRow is one record as the list shows it.
type wireRow struct {
	line string // present.Stamped FrameRecord.String()
	rec  wsclient.FrameRecord
}

// WirePanel is the Frames tab: the toggle, what it does now, counts, the
// newest wireKeep records in a list that follows the newest one, and
// under it the selected record whole. Its fields belong to the UI
// goroutine; a poller of its own (kit.StartPoller) redraws the list while
// records arrive.
type WirePanel struct {
	do   func(func())
	done <-chan struct{}

	toggle  *widget.Check
	note    *widget.Label
	counts  *widget.Label
	list    *wireList
	detail  *widget.Label
	close   *widget.Button
	below   *fyne.Container // the detail area, hidden until a row is selected
	content fyne.CanvasObject
	tab     *container.TabItem // the Frames tab; set by Tabs
	tabs    *container.AppTabs
	visible bool // the Frames tab is the page's tab shown (Selected)

	ring      []wireRow // the newest records, oldest first from start
	start     int       // index of the oldest record in ring once it is full
	shown     int64     // records received since the last Clear
	notShown  int64     // frames the view left out (summaries) since the last Clear
	dirty     bool      // records arrived since the last redraw
	stopPoll  func()    // stops the redraw poller; nil while none runs
	following bool      // the list shows the newest record (no row selected)
	connected bool
}

// NewWirePanel makes an empty Frames tab. do runs a function on the UI
// goroutine; the panel's redraw poller stops when done is closed.
func NewWirePanel(do func(func()), done <-chan struct{}) *WirePanel {
	w := &WirePanel{do: do, done: done, following: true}
	w.toggle = widget.NewCheck(wireToggleText, func(bool) { w.showNote(); w.refreshList() })
	w.note = widget.NewLabel("")
	w.note.TextStyle = fyne.TextStyle{Italic: true}
	w.note.Truncation = fyne.TextTruncateEllipsis
	w.counts = widget.NewLabel("")
	clear := widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), w.clear)
	legend := widget.NewLabel(wireLegend)
	legend.Wrapping = fyne.TextWrapWord
	legend.SizeName = theme.SizeNameCaptionText

	w.list = &wireList{panel: w}
	w.list.Length = w.len
	w.list.CreateItem = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis // the detail area has the whole line
		return kit.DenseRow(l)
	}
	w.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { kit.RowLabel(o).SetText(w.at(id).line) }
	w.list.ExtendBaseWidget(w.list)
	w.list.HideSeparators = true
	w.list.OnSelected = w.selected

	w.detail = widget.NewLabel("")
	w.detail.Wrapping = fyne.TextWrapWord
	w.detail.Selectable = true
	w.close = widget.NewButtonWithIcon("", theme.CancelIcon(), w.unselect)
	w.below = container.NewBorder(widget.NewSeparator(), nil, nil, w.close, w.detail)
	w.below.Hide()

	top := container.NewVBox(
		container.NewBorder(nil, nil, w.toggle, container.NewHBox(w.counts, clear), w.note),
		legend,
	)
	w.content = container.NewBorder(top, w.below, nil, nil, w.list)
	w.showNote()
	w.showCounts()
	return w
}

// TabView is a view a page shows in a tab of its own beside Output and
// Frames (the Diagram): its tab, and what it does when the shown tab
// changes (a view draws only while its tab is shown).
type TabView interface {
	Tab() *container.TabItem
	Selected(shown *container.TabItem)
}

// Tabs is what a page shows below its controls: its log, output, in the
// Output tab, the wire view in the Frames tab, then the tabs of more.
// Each view hears which tab is shown (Selected).
func (w *WirePanel) Tabs(output fyne.CanvasObject, more ...TabView) fyne.CanvasObject {
	w.tab = container.NewTabItem("Frames", w.content)
	items := []*container.TabItem{container.NewTabItem("Output", output), w.tab}
	for _, m := range more {
		items = append(items, m.Tab())
	}
	w.tabs = container.NewAppTabs(items...)
	w.tabs.OnSelected = func(t *container.TabItem) {
		w.Selected(t)
		for _, m := range more {
			m.Selected(t)
		}
	}
	w.showNote()
	return w.tabs
}

// Selected tells the panel which of the page's tabs is now shown: the
// list is redrawn only while its own is.
func (w *WirePanel) Selected(t *container.TabItem) {
	w.visible = t == w.tab
	if w.visible && w.dirty {
		w.dirty = false
		w.refreshList()
	}
}

// Options are o with the wire view on, for the connection about to
// start: a connection's options are fixed when it starts, and the view
// must run from the start for a tab opened later to show the whole
// connection. It is bounded (wsclient.WireViewPerSecond a second each way).
func (w *WirePanel) Options(o wsclient.Options) wsclient.Options {
	o.WireView = true
	return o
}

// Toggle is the "Show frames" check box.
func (w *WirePanel) Toggle() *widget.Check { return w.toggle }

// Logged reports whether e goes into the log: a frame of the wire view
// only while the toggle is on.
func (w *WirePanel) Logged(e wsclient.Event) bool {
	return e.Kind != wsclient.EventWire || w.toggle.Checked
}

// Observe follows the page's events: the records, and whether the open
// connection has them.
func (w *WirePanel) Observe(e wsclient.Event) {
	switch e.Kind {
	case wsclient.EventConnected:
		w.connected = true
		w.showNote()
		if e.Info != nil {
			// Where one connection's frames end and the next one's begin.
			w.keep(wireRow{line: e.Time.Format(present.TimeFormat) + "  Connected to " + e.Info.URI})
		}
	case wsclient.EventClosed, wsclient.EventReconnectCancelled, wsclient.EventConnectFailed:
		if w.connected {
			w.connected = false
			w.showNote()
		}
	case wsclient.EventWire:
		if e.Frame != nil {
			w.add(e.Time, *e.Frame)
		}
	}
}

// add keeps a record.
func (w *WirePanel) add(at time.Time, r wsclient.FrameRecord) {
	if r.NotShown > 0 {
		w.notShown += r.NotShown
	} else {
		w.shown++
	}
	w.keep(wireRow{line: at.Format(present.TimeFormat) + "  " + r.String(), rec: r})
}

// keep adds row to the ring and has the list redrawn within wireRefresh.
func (w *WirePanel) keep(row wireRow) {
	if len(w.ring) < wireKeep {
		w.ring = append(w.ring, row)
	} else {
		w.ring[w.start] = row
		w.start = (w.start + 1) % wireKeep
		if !w.following {
			// The rows moved up by one: a selected row number would now
			// mean its neighbour. The detail keeps the record it shows.
			w.list.UnselectAll()
		}
	}
	w.dirty = true
	if w.stopPoll == nil && (w.tabs == nil || w.visible) {
		w.stopPoll = kit.StartPoller(wireRefresh, w.do, w.done, w.redraw)
	}
}

// redraw is a tick of the poller: the list and the counts catch up with
// the records; a tick with nothing new stops the poller.
func (w *WirePanel) redraw() {
	if !w.dirty || w.tabs != nil && !w.visible {
		w.stopPoll()
		w.stopPoll = nil
		return
	}
	w.dirty = false
	w.refreshList()
}

// Records are the rows' records, oldest first; a row that marks a new
// connection, or sums up frames not shown, has the zero record.
func (w *WirePanel) Records() []wsclient.FrameRecord {
	out := make([]wsclient.FrameRecord, len(w.ring))
	for i := range out {
		out[i] = w.at(i).rec
	}
	return out
}

// Note is what the toggle does now, as the panel says it.
func (w *WirePanel) Note() string { return w.note.Text }

// TabTitle is the Frames tab's title: "Frames", or "Frames (on)" while
// the toggle is on.
func (w *WirePanel) TabTitle() string {
	if w.tab == nil {
		return ""
	}
	return w.tab.Text
}

// Drawn reports whether the list shows every record kept: the ≤10 Hz
// redraw has caught up.
func (w *WirePanel) Drawn() bool { return !w.dirty }

// Show shows the Frames tab, the list and the counts drawn now.
func (w *WirePanel) Show() {
	w.dirty = false
	w.refreshList()
	if w.tabs != nil {
		w.tabs.Select(w.tab)
	}
}

// ShowTab shows t, one of the page's tabs (the Diagram's).
func (w *WirePanel) ShowTab(t *container.TabItem) {
	if w.tabs != nil {
		w.tabs.Select(t)
	}
}

// refreshList redraws the list and the counts now.
func (w *WirePanel) refreshList() {
	w.showCounts()
	w.list.Refresh()
	if w.following && len(w.ring) > 0 {
		w.list.ScrollToBottom()
	}
}

// wireList is the list of records: a widget.List that stays at the
// newest row when it is laid out again (first shown, the tab selected,
// the window resized) while following, as the log's list does.
type wireList struct {
	widget.List
	panel *WirePanel
}

// Resize resizes the list, staying at the bottom while following.
func (l *wireList) Resize(s fyne.Size) {
	l.List.Resize(s)
	if l.panel.following && len(l.panel.ring) > 0 {
		l.ScrollToBottom()
	}
}

// len is how many records the list shows: none while the toggle is off.
func (w *WirePanel) len() int {
	if !w.toggle.Checked {
		return 0
	}
	return len(w.ring)
}

// at is the list's i-th record, oldest first.
func (w *WirePanel) at(i int) wireRow {
	if i < 0 || i >= len(w.ring) {
		return wireRow{}
	}
	return w.ring[(w.start+i)%len(w.ring)]
}

// Lines are the records' lines, oldest first.
func (w *WirePanel) Lines() []string {
	out := make([]string, len(w.ring))
	for i := range out {
		out[i] = w.at(i).line
	}
	return out
}

// selected shows a record whole below the list and stops following.
func (w *WirePanel) selected(id widget.ListItemID) {
	if id < 0 || id >= len(w.ring) {
		return
	}
	w.following = false
	w.detail.SetText(w.at(id).line)
	w.below.Show()
}

// unselect closes the detail and follows the newest record again.
func (w *WirePanel) unselect() {
	w.list.UnselectAll()
	w.below.Hide()
	w.following = true
	w.refreshList()
}

// clear forgets the records (not the toggle).
func (w *WirePanel) clear() {
	w.ring, w.start, w.shown, w.notShown = nil, 0, 0, 0
	w.unselect()
}

// showNote says what the toggle does now, and marks the tab while it is
// on.
func (w *WirePanel) showNote() {
	kit.SetLabel(w.note, wireNote(w.toggle.Checked, w.connected))
	if w.tab != nil {
		title := "Frames"
		if w.toggle.Checked {
			title = "Frames (on)"
		}
		if w.tab.Text != title {
			w.tab.Text = title
			if w.tabs != nil {
				w.tabs.Refresh()
			}
		}
	}
}

// showCounts says how many records there are, and how many frames the
// view left out (at most wsclient.WireViewPerSecond a second each way are
// shown).
func (w *WirePanel) showCounts() {
	s := present.GroupDigits(w.shown) + " frames"
	if w.shown == 1 {
		s = "1 frame"
	}
	if w.notShown > 0 {
		s += fmt.Sprintf(", %s not shown (at most %d a second each way are)", present.GroupDigits(w.notShown), wsclient.WireViewPerSecond)
	}
	if w.shown > wireKeep {
		s += fmt.Sprintf("; the newest %s kept", present.GroupDigits(wireKeep))
	}
	kit.SetLabel(w.counts, s)
}

// wireEntry is the log entry for a record of the wire view (an
// EventWire): a frame with its header (kind frame), so a JSON Lines
// export has every frame the view showed; its payload is the first
// wsclient.WirePrefix bytes, unmasked, and Size the whole payload's
// length. A summary of frames not shown is a note.
func wireEntry(e wsclient.Event) present.LogEntry {
	en := present.LogEntry{Time: e.Time, Kind: present.LogKindFrame, Summary: e.String()}
	r := e.Frame
	if r == nil {
		en.Kind = present.LogKindNote
		return en
	}
	en.Dir = present.DirReceived
	if r.Sent {
		en.Dir = present.DirSent
	}
	if r.NotShown > 0 {
		en.Kind = present.LogKindNote
		return en
	}
	en.Frame = &present.LogFrameHeader{
		Fin: r.Fin, Rsv1: r.RSV[0], Rsv2: r.RSV[1], Rsv3: r.RSV[2],
		Opcode: uint8(r.Opcode), Masked: r.Masked, MaskKey: r.MaskKey,
		Length: int64(r.Length),
	}
	en.Payload, en.Size = r.Prefix, int64(r.Length)
	return en
}
