package diagram

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// hint says what the tab shows, above the drawing.
const hint = "This connection from its start · like frames fold into one arrow · click an arrow to see it whole"

// View is the Diagram tab: the current connection as a sequence diagram,
// drawn as it happens, with Export above it and, below it, the row a click
// opened. It follows every event of its page (Observe), which costs a few
// field updates; it draws only while its tab is shown, at most ten times a
// second (kit.StartPoller). Its fields belong to the UI goroutine.
type View struct {
	do   func(func())
	done <-chan struct{}

	builder  *present.LadderBuilder
	drawing  *drawing
	scroll   *container.Scroll
	detail   *widget.Label
	below    *fyne.Container
	export   *widget.Button
	menu     *fyne.Menu
	clip     fyne.Clipboard
	tab      *container.TabItem
	shown    bool   // the tab is the one selected
	drawn    int    // the builder's version the drawing shows; -1 for none
	stopPoll func() // stops the redraw poller; nil while none runs
}

// NewView makes the Diagram tab of a page. do runs a function on the UI
// goroutine; the redraw poller stops when done is closed; "Copy as
// Mermaid" puts the text on clipboard (nil: the item does nothing).
func NewView(do func(func()), done <-chan struct{}, clipboard fyne.Clipboard) *View {
	v := &View{do: do, done: done, clip: clipboard, drawn: -1, builder: present.NewLadderBuilder(present.LadderMaxArrows)}
	v.drawing = newDrawing(screenPalette, v.Open)
	v.scroll = container.NewScroll(v.drawing)
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapWord
	v.detail.Selectable = true
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), v.closeDetail)
	// The detail scrolls within a few lines, so the drawing keeps its room.
	detail := container.NewVScroll(v.detail)
	detail.SetMinSize(fyne.NewSize(0, 4*theme.TextSize()*1.6))
	v.below = container.NewBorder(widget.NewSeparator(), nil, nil, closeBtn, detail)
	v.below.Hide()

	v.menu = fyne.NewMenu("",
		fyne.NewMenuItem("SVG picture (.svg)…", func() { v.saveAs(formatSVG) }),
		fyne.NewMenuItem("PNG picture (.png)…", func() { v.saveAs(formatPNG) }),
		fyne.NewMenuItem("Mermaid text (.mmd)…", func() { v.saveAs(formatMermaid) }),
		fyne.NewMenuItem("Copy as Mermaid", v.CopyMermaid),
	)
	v.export = widget.NewButtonWithIcon("Export", theme.DocumentSaveIcon(), v.openMenu)
	note := widget.NewLabel(hint)
	note.Wrapping = fyne.TextWrapWord
	note.SizeName = theme.SizeNameCaptionText
	top := container.NewBorder(nil, nil, nil, v.export, note)
	v.tab = container.NewTabItem("Diagram", container.NewBorder(top, v.below, nil, nil, v.scroll))
	return v
}

// screenPalette is the window's theme in its current variant.
func screenPalette() palette {
	app := fyne.CurrentApp()
	if app == nil {
		return paletteOf(theme.DefaultTheme(), theme.VariantLight)
	}
	return paletteOf(app.Settings().Theme(), app.Settings().ThemeVariant())
}

// Tab is the Diagram tab, for the page's tabs.
func (v *View) Tab() *container.TabItem { return v.tab }

// Observe follows one event of the page's connection.
func (v *View) Observe(e wsclient.Event) {
	v.builder.Add(e)
	if v.shown && v.stopPoll == nil && v.builder.Version() != v.drawn {
		v.stopPoll = kit.StartPoller(kit.CounterRefresh, v.do, v.done, v.redraw)
	}
}

// Selected tells the view which of the page's tabs is now shown: on its
// own it draws at once and then follows; on another it stops drawing.
func (v *View) Selected(t *container.TabItem) {
	v.shown = t == v.tab
	if !v.shown {
		v.stop()
		return
	}
	v.draw()
}

// redraw is a tick of the poller: the drawing catches up; a tick with
// nothing new, or with the tab hidden, stops the poller.
func (v *View) redraw() {
	if !v.shown || v.builder.Version() == v.drawn {
		v.stop()
		return
	}
	v.draw()
}

func (v *View) stop() {
	if v.stopPoll != nil {
		v.stopPoll()
		v.stopPoll = nil
	}
}

// draw shows the ladder as it stands, staying at the newest row unless a
// row is open.
func (v *View) draw() {
	v.drawn = v.builder.Version()
	var open present.LadderArrow
	if i := v.drawing.selected; i >= 0 {
		open = v.drawing.ladder.Arrows[i]
	}
	v.drawing.ladder = v.builder.Ladder()
	if v.drawing.selected >= 0 {
		// The open row may have grown (a run) or moved up (older rows
		// folded): find it again, or close it (a new connection).
		i := slices.IndexFunc(v.drawing.ladder.Arrows, func(a present.LadderArrow) bool { return a.At == open.At && a.Label == open.Label })
		if i < 0 {
			v.closeDetail()
		} else {
			v.Open(i)
		}
	}
	v.drawing.Refresh()
	v.scroll.Refresh()
	if v.drawing.selected < 0 {
		v.scroll.ScrollToBottom()
	}
}

// Drawn reports whether the drawing shows the ladder as it stands.
func (v *View) Drawn() bool { return v.builder.Version() == v.drawn }

// Ladder is the ladder as it stands (drawn or not yet).
func (v *View) Ladder() present.Ladder { return v.builder.Ladder() }

// Open shows row i whole below the drawing, as a click on it does.
func (v *View) Open(i int) {
	d := v.drawing.ladder
	if i < 0 || i >= len(d.Arrows) {
		return
	}
	a := d.Arrows[i]
	v.drawing.selected = i
	v.detail.SetText(a.Stamp() + "  " + a.Text() + "\n" + strings.Join(a.Detail, "\n"))
	if !v.below.Visible() {
		v.below.Show()
		v.relayout()
	}
	v.drawing.Refresh()
}

// relayout lays the tab out again now that the detail opened or closed,
// so the drawing's scroll has its new height before it scrolls: Fyne
// would lay it out only at the next frame, and a scroll to the bottom
// made before would go past the end.
func (v *View) relayout() {
	if c, ok := v.tab.Content.(*fyne.Container); ok {
		c.Refresh()
	}
}

// Detail is the text the open row shows, "" when none is open.
func (v *View) Detail() string {
	if !v.below.Visible() {
		return ""
	}
	return v.detail.Text
}

// closeDetail closes the open row and follows the newest row again.
func (v *View) closeDetail() {
	v.drawing.selected = -1
	if v.below.Visible() {
		v.below.Hide()
		v.relayout()
	}
	v.drawing.Refresh()
}

// CopyMermaid puts the ladder on the clipboard as Mermaid text.
func (v *View) CopyMermaid() {
	if v.clip != nil {
		v.clip.SetContent(v.builder.Ladder().Mermaid())
	}
}

// openMenu drops the export formats down from the Export button.
func (v *View) openMenu() {
	kit.DropDown(v.menu, v.export)
}
