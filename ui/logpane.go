package ui

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// logLimit is how many lines a log pane keeps, and so how much of a long
// session Save can write out. At one line per event the sample never comes
// near it; a server that floods errors or a session of days would otherwise
// grow without bound. The list draws only the rows in view, so the limit
// costs memory (about 100 bytes a line), not drawing time.
const logLimit = 50000

// logPane is a page's output log: a ring of the newest logLimit lines shown
// in a widget.List, whose rows are recycled Labels, so the cost of a redraw
// depends on the rows visible, not on the lines kept. Every method must run
// on the UI goroutine.
//
// Why not binding.StringList or a multi-line Entry: an Append to either
// costs time in proportion to everything already there, so a log of a few
// thousand lines freezes the window (shared/reference/fyne.md §5).
type logPane struct {
	ring      *logRing
	list      *logList
	clipboard fyne.Clipboard
	rowHeight float32 // height of one row, to tell whether the view is at the bottom
	content   fyne.CanvasObject
}

// newLogPane builds an empty log pane. The clipboard receives "Copy all".
func newLogPane(clipboard fyne.Clipboard) *logPane {
	p := &logPane{ring: newLogRing(logLimit), clipboard: clipboard}
	p.list = &logList{pane: p}
	p.list.Length = func() int { return p.ring.Len() }
	p.list.CreateItem = func() fyne.CanvasObject {
		// The default (proportional) font: it fits a third more of a long
		// line than monospace, and its digits are still of equal width, so
		// the time stamps line up.
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis // "Copy all" has the whole line
		l.Selectable = true                      // drag to select, Ctrl+C to copy
		// A log reads best dense: less padding than a label's default.
		// The override wraps each row rather than the whole list because
		// Fyne applies an override to the objects present when it is made
		// (or refreshed): rows the list creates later would miss it.
		// The inset keeps the text in line with the labels above the pane,
		// which have the default padding.
		inset := container.New(layout.NewCustomPaddedLayout(0, 0, compactInset, 0), l)
		return container.NewThemeOverride(inset, compactTheme{})
	}
	p.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		rowLabel(o).SetText(p.ring.At(id))
	}
	p.list.ExtendBaseWidget(p.list)
	p.list.HideSeparators = true
	p.rowHeight = p.list.CreateItem().MinSize().Height

	save := widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), p.Save)
	copyAll := widget.NewButtonWithIcon("Copy all", theme.ContentCopyIcon(), p.copyAll)
	clear := widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), p.clear)
	header := container.NewBorder(nil, nil, widget.NewLabelWithStyle("Output", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), container.NewHBox(save, copyAll, clear))
	p.content = container.NewBorder(header, nil, nil, nil, p.list)
	return p
}

// rowLabel is the Label inside a list row.
func rowLabel(row fyne.CanvasObject) *widget.Label {
	return row.(*container.ThemeOverride).Content.(*fyne.Container).Objects[0].(*widget.Label)
}

// Content is the pane's widget tree: a header with the buttons above the list.
func (p *logPane) Content() fyne.CanvasObject { return p.content }

// Append adds a batch of lines with one refresh. The view follows the newest
// line unless the user has scrolled up to read something, where it stays.
func (p *logPane) Append(lines ...string) {
	if len(lines) == 0 {
		return
	}
	follow := p.atBottom()
	p.ring.Append(lines...)
	p.list.Refresh()
	if follow {
		p.scrollToBottom()
	}
}

// Lines returns every kept line, oldest first.
func (p *logPane) Lines() []string { return p.ring.All() }

// Text is the whole log, one line per line, as "Copy all" puts it on the
// clipboard.
func (p *logPane) Text() string { return strings.Join(p.ring.All(), "\n") }

// SaveTo writes every kept line, oldest first, one per line with its time
// stamp, as a plain text file people can keep, diff or attach to a bug.
func (p *logPane) SaveTo(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i := 0; i < p.ring.Len(); i++ {
		bw.WriteString(p.ring.At(i))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Save asks where to save the log (Ctrl+S does the same) and writes it.
// What went wrong, if anything, is said in a dialog; the log is unchanged.
func (p *logPane) Save() {
	win := windowOf(p.list)
	if win == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("Cannot save the log: %w", err), win)
			return
		}
		if w == nil { // cancelled
			return
		}
		err = p.SaveTo(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			dialog.ShowError(fmt.Errorf("Cannot save the log to %s: %w", w.URI().Name(), err), win)
		}
	}, win)
	d.SetFileName("websocket-sample-log-" + time.Now().Format("20060102-150405") + ".txt")
	d.Show()
}

func (p *logPane) copyAll() {
	if p.clipboard != nil {
		p.clipboard.SetContent(p.Text())
	}
}

func (p *logPane) clear() {
	p.ring.Clear()
	p.list.Refresh()
	p.list.ScrollToTop()
}

// scrollToBottom shows the newest line. List.ScrollToBottom needs the
// list's renderer, which may not exist before the pane is first drawn;
// asking for the MinSize creates it.
func (p *logPane) scrollToBottom() {
	p.list.MinSize()
	p.list.ScrollToBottom()
}

// logList is a widget.List that keeps following the newest line when the
// window is resized (a resize keeps the offset, which would otherwise leave
// the newest lines below the fold).
type logList struct {
	widget.List
	pane *logPane
}

// Resize resizes the list, staying at the bottom if it was there.
func (l *logList) Resize(s fyne.Size) {
	follow := l.pane.atBottom()
	l.List.Resize(s)
	if follow && l.pane.ring.Len() > 0 {
		l.pane.scrollToBottom()
	}
}

// atBottom reports whether the newest line is in view (or nothing is laid
// out yet), i.e. whether the user is following the log rather than reading
// back. The list's content height is rows × (row + padding) − padding, the
// same sum widget.List uses; half a row of slack absorbs rounding.
func (p *logPane) atBottom() bool {
	visible := p.list.Size().Height
	if visible <= 0 {
		return true
	}
	pad := p.list.Theme().Size(theme.SizeNamePadding) // the list's row gap
	n := float32(p.ring.Len())
	content := n*(p.rowHeight+pad) - pad
	return p.list.GetScrollOffset() >= content-visible-p.rowHeight/2
}

// compactTheme is the app's theme with less padding inside a label, for
// log rows.
type compactTheme struct{ appTheme }

// compactPadding is the inner padding of a log row (the theme's default
// is 8); compactInset makes up the difference on the left.
const (
	compactPadding = 2
	compactInset   = 6
)

func (compactTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return compactPadding
	}
	return appTheme{}.Size(n) // everything else as the app has it
}
