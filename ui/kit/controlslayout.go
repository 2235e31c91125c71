package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// How a page shares its height between its controls and its log (or,
// on the check pages, its results).
const (
	// autoLogShare is the least share of the page's height the log keeps
	// until the user drags the divider: at the default window size
	// (1000×660, with the menu bar and the status bar) that is more than a
	// third of the window, with any one section open.
	autoLogShare = 0.39
	// minLogHeight and minControlsHeight are the least the divider leaves
	// each side: the log's toolbar and a few rows; a few lines of controls.
	minLogHeight      = 120
	minControlsHeight = 60
	// dividerHeight is the height of the draggable bar between the two.
	dividerHeight = 10
)

// NewControlsAndLog stacks a page's controls above its log, with a divider
// between them that the user can drag. Until they do, the controls get
// the height they need, up to what leaves the log autoLogShare of the
// page; beyond that they scroll. So in a roomy window nothing scrolls and
// the log takes the rest, and opening a section in a small window scrolls
// the controls rather than squeezing the log away. Dragging the divider
// gives the log the share of the page the user chose, which the page
// keeps on resizing and which is remembered in prefs under key for the
// next run; a double click on the divider goes back to the automatic
// share.
func NewControlsAndLog(controls, log fyne.CanvasObject, prefs fyne.Preferences, key string) (*ControlsAndLog, fyne.CanvasObject) {
	l := &ControlsAndLog{controls: controls, scroll: container.NewVScroll(controls), prefs: prefs, key: key}
	if s := prefs.Float(key); s > 0 && s < 1 {
		l.share = float32(s)
	}
	l.divider = newDivider(l)
	l.container = container.New(l, l.scroll, l.divider, log, newMinSizeWatch(controls))
	return l, l.container
}

// ControlsAndLog is the layout of NewControlsAndLog: objects[0] is the
// controls' scroll container, objects[1] the divider, objects[2] the log,
// objects[3] a minSizeWatch on the controls (laid out at zero size).
// UI goroutine only.
type ControlsAndLog struct {
	controls  fyne.CanvasObject // inside the scroll container; its MinSize is what it wants
	scroll    *container.Scroll
	divider   *Divider
	container *fyne.Container
	prefs     fyne.Preferences
	key       string // the preference that remembers share

	// share is the log's share of the height below the divider's, as the
	// user dragged it; 0 is the automatic share.
	share    float32
	top      float32 // the controls' height at the last layout
	avail    float32 // the height shared at the last layout
	lastWant float32

	// OnChange, if set, is called (during layout) when the controls'
	// height changes, e.g. a section was opened; Reveal can then bring it
	// into view.
	OnChange func()
	// KeepInView, when set, is a direct child of the controls that is
	// scrolled into view whenever the controls' height or their share
	// changes: in a short window the part a person types into (the
	// composer) stays visible, and the header scrolls away instead.
	KeepInView fyne.CanvasObject
}

// Reveal scrolls the controls as little as needed to show obj, a direct
// child of them, whole; if it is taller than the view, its top.
func (l *ControlsAndLog) Reveal(obj fyne.CanvasObject) {
	top := obj.Position().Y
	bottom := top + obj.MinSize().Height
	view := l.scroll.Size().Height
	off := l.scroll.Offset.Y
	if bottom > off+view {
		off = bottom - view
	}
	off = min(off, top)
	most := max(0, l.controls.MinSize().Height-view)
	l.scroll.ScrollToOffset(fyne.NewPos(0, max(0, min(off, most))))
}

// controlsHeight is the controls' share of avail, the height left for
// controls and log.
func (l *ControlsAndLog) controlsHeight(avail float32) float32 {
	if l.share > 0 {
		top := avail - max(l.share*avail, minLogHeight)  // the log keeps a few rows…
		return max(top, min(minControlsHeight, avail/2)) // …and the controls a few lines
	}
	return min(l.controls.MinSize().Height, avail*(1-autoLogShare))
}

func (l *ControlsAndLog) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 4 {
		return
	}
	objs[3].Resize(fyne.Size{})
	avail := max(0, size.Height-dividerHeight)
	top := l.controlsHeight(avail)
	l.top, l.avail = top, avail
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, top))
	objs[1].Move(fyne.NewPos(0, top))
	objs[1].Resize(fyne.NewSize(size.Width, dividerHeight))
	objs[2].Move(fyne.NewPos(0, top+dividerHeight))
	objs[2].Resize(fyne.NewSize(size.Width, avail-top))
	want := l.controls.MinSize().Height
	if want != l.lastWant {
		l.lastWant = want
		if l.OnChange != nil {
			l.OnChange()
		}
	}
	if l.KeepInView != nil && want > top {
		// The controls' own layout has not run yet: do it now, so the
		// child's position is the one it is about to have.
		l.controls.Resize(fyne.NewSize(size.Width, want))
		l.Reveal(l.KeepInView)
	}
}

func (l *ControlsAndLog) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 4 {
		return fyne.Size{}
	}
	w := max(objs[0].MinSize().Width, objs[2].MinSize().Width)
	return fyne.NewSize(w, minControlsHeight+dividerHeight+minLogHeight)
}

// dragBy moves the divider dy down (up when negative): the log's share
// follows, within the bounds controlsHeight keeps.
func (l *ControlsAndLog) dragBy(dy float32) {
	if l.avail <= 0 {
		return
	}
	top := min(max(l.top+dy, minControlsHeight), l.avail-minLogHeight)
	l.share = max(0.01, min(0.99, (l.avail-top)/l.avail))
	l.container.Refresh()
}

// remember keeps the share for the next run, writing only a change (a
// write costs a save of the whole preferences file): 0 removes it.
func (l *ControlsAndLog) remember() {
	old := float32(l.prefs.Float(l.key))
	switch {
	case l.share == 0 && old != 0:
		l.prefs.RemoveValue(l.key)
	case l.share != 0 && old != l.share:
		l.prefs.SetFloat(l.key, float64(l.share))
	}
}

// automatic goes back to the automatic share and forgets the user's.
func (l *ControlsAndLog) automatic() {
	l.share = 0
	l.remember()
	l.container.Refresh()
}

// LogHeight is the log's height at the last layout.
func (l *ControlsAndLog) LogHeight() float32 { return l.avail - l.top }

// Log is what stands below the divider.
func (l *ControlsAndLog) Log() fyne.CanvasObject { return l.container.Objects[2] }

// Divider is the bar the user drags (for the tests, which drag it).
func (l *ControlsAndLog) Divider() *Divider { return l.divider }

// Share is the log's share of the height as the user dragged it, 0 for
// the automatic share.
func (l *ControlsAndLog) Share() float32 { return l.share }

// Divider is the bar between the controls and the log: drag it to give
// the log more or less of the page, double-click it for the automatic
// share. It shows a grip line and the resize cursor.
type Divider struct {
	widget.BaseWidget
	layout *ControlsAndLog
}

func newDivider(l *ControlsAndLog) *Divider {
	d := &Divider{layout: l}
	d.ExtendBaseWidget(d)
	return d
}

func (d *Divider) CreateRenderer() fyne.WidgetRenderer {
	line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	grip := canvas.NewRectangle(theme.Color(theme.ColorNameInputBorder))
	grip.CornerRadius = 2
	return &dividerRenderer{line: line, grip: grip}
}

// Dragged follows the pointer; DragEnd remembers where the divider was left.
func (d *Divider) Dragged(e *fyne.DragEvent) { d.layout.dragBy(e.Dragged.DY) }
func (d *Divider) DragEnd()                  { d.layout.remember() }

// DoubleTapped goes back to the automatic share.
func (d *Divider) DoubleTapped(*fyne.PointEvent) { d.layout.automatic() }

// Cursor is the vertical resize arrow over the divider.
func (d *Divider) Cursor() desktop.Cursor { return desktop.VResizeCursor }

// dividerRenderer draws a separator line across the page and a short grip
// in its middle, in the theme's colours.
type dividerRenderer struct {
	line, grip *canvas.Rectangle
}

func (r *dividerRenderer) Layout(size fyne.Size) {
	r.line.Move(fyne.NewPos(0, size.Height/2))
	r.line.Resize(fyne.NewSize(size.Width, 1))
	const gripW, gripH = 48, 4
	r.grip.Move(fyne.NewPos((size.Width-gripW)/2, (size.Height-gripH)/2))
	r.grip.Resize(fyne.NewSize(gripW, gripH))
}

func (r *dividerRenderer) MinSize() fyne.Size { return fyne.NewSize(0, dividerHeight) }

func (r *dividerRenderer) Refresh() {
	r.line.FillColor = theme.Color(theme.ColorNameSeparator)
	r.grip.FillColor = theme.Color(theme.ColorNameInputBorder)
	r.line.Refresh()
	r.grip.Refresh()
}

func (r *dividerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.line, r.grip} }
func (r *dividerRenderer) Destroy()                     {}

// minSizeWatch is an invisible, zero-sized widget whose MinSize is that of
// another object. Why: Fyne lays a container out again when a child's
// MinSize changes, but a scroll container's MinSize stays the same however
// tall its content grows, so opening a section would leave the controls'
// share of the page stale. The watch, a direct child of the page's
// container, passes the change on.
type minSizeWatch struct {
	widget.BaseWidget
	target fyne.CanvasObject
}

func newMinSizeWatch(target fyne.CanvasObject) *minSizeWatch {
	w := &minSizeWatch{target: target}
	w.ExtendBaseWidget(w)
	return w
}

func (w *minSizeWatch) MinSize() fyne.Size { return w.target.MinSize() }

func (w *minSizeWatch) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}
