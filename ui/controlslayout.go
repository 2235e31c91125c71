package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// minLogHeight is the least the log keeps of the page's height: about five
// lines, enough to see what just happened while the sections above are open.
const minLogHeight = 160

// newControlsAndLog stacks a page's controls above its log. The controls
// get the height they need, up to what leaves the log minLogHeight; beyond
// that they scroll. So in a roomy window nothing scrolls and the log takes
// the rest, and opening the Advanced section in a small window scrolls the
// controls rather than squeezing the log away.
//
// onChange, if set, is called (during layout) when the controls' height
// changes, e.g. a section was opened; reveal can then bring it into view.
func newControlsAndLog(controls, log fyne.CanvasObject) (*controlsAndLog, fyne.CanvasObject) {
	l := &controlsAndLog{controls: controls, scroll: container.NewVScroll(controls)}
	return l, container.New(l, l.scroll, log, newMinSizeWatch(controls))
}

// controlsAndLog is the layout of newControlsAndLog: objects[0] is the
// controls' scroll container, objects[1] the log, objects[2] a
// minSizeWatch on the controls (laid out at zero size).
type controlsAndLog struct {
	controls fyne.CanvasObject // inside the scroll container; its MinSize is what it wants
	scroll   *container.Scroll
	onChange func()
	lastWant float32
}

// reveal scrolls the controls as little as needed to show obj, a direct
// child of them, whole; if it is taller than the view, its top.
func (l *controlsAndLog) reveal(obj fyne.CanvasObject) {
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

func (l *controlsAndLog) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 3 {
		return
	}
	objs[2].Resize(fyne.Size{})
	pad := theme.Padding()
	want := l.controls.MinSize().Height
	// The controls may take all but the log's share, and never less than
	// 40% of the page, so a very short window still shows some of both.
	room := max(size.Height-minLogHeight-pad, size.Height*0.4)
	top := min(want, room)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, top))
	objs[1].Move(fyne.NewPos(0, top+pad))
	objs[1].Resize(fyne.NewSize(size.Width, max(0, size.Height-top-pad)))
	if want != l.lastWant {
		l.lastWant = want
		if l.onChange != nil {
			l.onChange()
		}
	}
}

func (l *controlsAndLog) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 3 {
		return fyne.Size{}
	}
	w := max(objs[0].MinSize().Width, objs[1].MinSize().Width)
	return fyne.NewSize(w, 2*minLogHeight)
}

// minSizeWatch is an invisible, zero-sized widget whose MinSize is that of
// another object. Why: Fyne lays a container out again when a child's
// MinSize changes, but a scroll container's MinSize stays the same however
// tall its content grows, so opening a section (or showing the flow hint)
// would leave the controls' share of the page stale. The watch, a direct
// child of the page's container, passes the change on.
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
