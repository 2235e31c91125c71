package diagram

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
)

// The ladder drawn with Fyne's canvas: lines, text and rectangles placed by
// present.LadderLayout, the same layout the SVG export uses. The drawing
// is rebuilt whole when it changes (at most ten times a second, and only
// while the Diagram tab is shown); a ladder has at most
// present.LadderMaxArrows rows, a few objects each.

// minWidth keeps the labels between the lifelines readable in a narrow
// window: below it the drawing scrolls sideways rather than squeeze.
const minWidth = 720

// palette is the drawing's colours, taken from a theme in one variant:
// the window's on screen, the light one for an exported PNG.
type palette struct {
	bg, ink, faint, red, group, box, note, noteRed color.Color
}

// paletteOf takes the drawing's colours from t in variant v.
func paletteOf(t fyne.Theme, v fyne.ThemeVariant) palette {
	withAlpha := func(c color.Color, a uint8) color.Color {
		r, g, b, _ := c.RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
	}
	return palette{
		bg:      t.Color(theme.ColorNameBackground, v),
		ink:     t.Color(theme.ColorNameForeground, v),
		faint:   t.Color(theme.ColorNamePlaceHolder, v),
		red:     t.Color(theme.ColorNameError, v),
		group:   t.Color(theme.ColorNamePrimary, v),
		box:     t.Color(theme.ColorNameInputBackground, v),
		note:    withAlpha(t.Color(theme.ColorNamePrimary, v), 0x2a),
		noteRed: withAlpha(t.Color(theme.ColorNameError, v), 0x30),
	}
}

// drawing is the ladder as a widget: tapping a row selects it.
type drawing struct {
	widget.BaseWidget
	ladder   present.Ladder
	selected int            // the row whose detail is open, -1 for none
	onTap    func(int)      // a row was tapped
	colours  func() palette // the colours to draw with, asked at each redraw
	textSize float32
}

func newDrawing(colours func() palette, onTap func(int)) *drawing {
	d := &drawing{selected: -1, onTap: onTap, colours: colours, textSize: theme.TextSize()}
	d.ExtendBaseWidget(d)
	return d
}

// layoutFor is the layout at width w.
func (d *drawing) layoutFor(w float32) present.LadderLayout {
	return present.NewLadderLayout(max(w, minWidth), d.textSize*2.2, len(d.ladder.Arrows))
}

// MinSize is the whole ladder's height, so a scroll around it scrolls.
func (d *drawing) MinSize() fyne.Size {
	l := d.layoutFor(minWidth)
	return fyne.NewSize(minWidth, l.Height)
}

// Tapped opens the row under the pointer.
func (d *drawing) Tapped(e *fyne.PointEvent) {
	l := d.layoutFor(d.Size().Width)
	if i := l.RowAt(e.Position.Y, len(d.ladder.Arrows)); i >= 0 && d.onTap != nil {
		d.onTap(i)
	}
}

func (d *drawing) CreateRenderer() fyne.WidgetRenderer { return &drawingRenderer{d: d} }

// drawingRenderer rebuilds the objects on Refresh and Layout, reusing
// those of the rows that did not change.
type drawingRenderer struct {
	d       *drawing
	objects []fyne.CanvasObject
	size    fyne.Size
	rows    rowCache
}

// rowCache keeps each row's objects from one redraw to the next: while a
// stream runs only its runs' rows change (their counts), and measuring
// the text of two hundred unchanged rows ten times a second would be most
// of a redraw's cost. A row is known by its place and its words; a new
// width or palette starts afresh.
type rowCache struct {
	width float32
	pal   palette
	rows  map[string][]fyne.CanvasObject
}

// get is the objects known by key: the cached ones, or those make
// returns, kept for the next redraw in next. A nil cache keeps nothing.
func (c *rowCache) get(next map[string][]fyne.CanvasObject, key string, make func() []fyne.CanvasObject) []fyne.CanvasObject {
	if c == nil {
		return make()
	}
	objs, ok := c.rows[key]
	if !ok {
		objs = make()
	}
	next[key] = objs
	return objs
}

func (r *drawingRenderer) Destroy()                     {}
func (r *drawingRenderer) MinSize() fyne.Size           { return r.d.MinSize() }
func (r *drawingRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *drawingRenderer) Refresh()                     { r.build(r.d.Size()) }

func (r *drawingRenderer) Layout(s fyne.Size) {
	if s != r.size {
		r.build(s)
	}
}

// build makes the objects of the whole picture at size s.
func (r *drawingRenderer) build(s fyne.Size) {
	r.size = s
	l, p := r.d.layoutFor(s.Width), r.d.colours()
	if r.rows.width != l.Width || r.rows.pal != p {
		r.rows = rowCache{width: l.Width, pal: p}
	}
	r.objects = paint(r.d.ladder, l, p, r.d.textSize, r.d.selected, &r.rows)
	canvas.Refresh(r.d)
}

// paint draws ladder in layout l: the background, the lifelines and their
// names, the brackets of fragmented messages, and each row with its time,
// taking unchanged rows from cache (nil: none).
func paint(ladder present.Ladder, l present.LadderLayout, p palette, size float32, selected int, cache *rowCache) []fyne.CanvasObject {
	out := []fyne.CanvasObject{rect(0, 0, l.Width, l.Height, p.bg, nil)}
	next := map[string][]fyne.CanvasObject{}
	if selected >= 0 && selected < len(ladder.Arrows) {
		y := l.RowY(selected)
		out = append(out, rect(0, y-l.Row/2, l.Width, l.Row, p.note, nil))
	}
	end := l.Height - 4
	if ladder.Ended && len(ladder.Arrows) > 0 {
		end = l.RowY(len(ladder.Arrows)-1) + l.Row/2
	}
	for _, who := range []struct {
		x    float32
		name string
	}{{l.AppX, present.LadderClient}, {l.ServerX, ladder.Server}} {
		stroke, to := p.faint, end
		cut := who.x == l.ServerX && ladder.Cut
		if cut { // the server's line stops at the cut, with no end
			to = l.RowY(len(ladder.Arrows) - 1)
		}
		out = append(out, line(who.x, 8+l.BoxH, who.x, to, stroke, 1.5))
		if ladder.Ended && !cut {
			out = append(out, line(who.x-10, end, who.x+10, end, stroke, 2))
		}
		out = append(out, cache.get(next, fmt.Sprint("name ", who.x, who.name), func() []fyne.CanvasObject {
			return []fyne.CanvasObject{
				rect(who.x-l.BoxW/2, 8, l.BoxW, l.BoxH, p.box, p.ink),
				text(who.name, who.x, 8+l.BoxH/2, size, p.ink, fyne.TextAlignCenter, true, l.BoxW-8),
			}
		})...)
	}
	out = append(out, cache.get(next, "time", func() []fyne.CanvasObject {
		return []fyne.CanvasObject{text("since Start", l.TimeX, 8+l.BoxH/2, size*0.85, p.faint, fyne.TextAlignTrailing, false, 0)}
	})...)
	for _, g := range ladder.Groups() {
		x, dx := l.AppX-14, float32(5)
		if !g.Sent {
			x, dx = l.ServerX+14, -5
		}
		y0, y1 := l.RowY(g.First)-8, l.RowY(g.Last)+8
		out = append(out, line(x, y0, x, y1, p.group, 2), line(x, y0, x+dx, y0, p.group, 2), line(x, y1, x+dx, y1, p.group, 2))
	}
	for i, a := range ladder.Arrows {
		key := fmt.Sprint(i, a.Kind, a.Sent, a.Both, a.Failed, a.Stamp(), a.Text())
		out = append(out, cache.get(next, key, func() []fyne.CanvasObject { return row(a, l, l.RowY(i), p, size) })...)
	}
	if cache != nil {
		cache.rows = next
	}
	return out
}

// row draws one row at height y.
func row(a present.LadderArrow, l present.LadderLayout, y float32, p palette, size float32) []fyne.CanvasObject {
	ink := p.ink
	if a.Failed {
		ink = p.red
	}
	out := []fyne.CanvasObject{text(a.Stamp(), l.TimeX, y, size*0.85, p.faint, fyne.TextAlignTrailing, false, 0)}
	switch a.Kind {
	case present.LadderCut:
		// The server's lifeline cut: a zigzag across it, the words beside.
		x := l.ServerX - 20
		for k := range 5 {
			dy := float32(6)
			if k%2 == 1 {
				dy = -6
			}
			out = append(out, line(x+float32(k)*8, y-dy, x+float32(k+1)*8, y+dy, p.red, 2))
		}
		out = append(out, text(a.Text(), l.ServerX-28, y, size, ink, fyne.TextAlignTrailing, true, l.ServerX-l.AppX-40))
	case present.LadderNote:
		fill := p.note
		if a.Failed {
			fill = p.noteRed
		}
		x0, x1 := l.AppX-l.BoxW/2, l.ServerX+l.BoxW/2
		// The background first, so the lifelines do not show through.
		out = append(out, rect(x0, y-l.Row/2+3, x1-x0, l.Row-6, p.bg, nil), rect(x0, y-l.Row/2+3, x1-x0, l.Row-6, fill, ink))
		out = append(out, text(a.Text(), (x0+x1)/2, y, size, ink, fyne.TextAlignCenter, false, x1-x0-16))
	default:
		from, to := l.Ends(a)
		ly := y + l.Row/4
		if a.Failed && a.Kind == present.LadderStep && a.Sent {
			// It never arrived: the arrow stops short, crossed out.
			to = from + (to-from)*0.8
			out = append(out, line(to-6, ly-6, to+6, ly+6, ink, 2.5), line(to-6, ly+6, to+6, ly-6, ink, 2.5))
		} else {
			out = append(out, head(from, to, ly, ink)...)
		}
		if a.Both {
			out = append(out, head(to, from, ly, ink)...)
		}
		out = append(out, line(from, ly, to, ly, ink, 1.5))
		out = append(out, text(a.Text(), (l.AppX+l.ServerX)/2, y-l.Row/8, size, ink, fyne.TextAlignCenter, false, l.ServerX-l.AppX-16))
	}
	return out
}

// head is an arrowhead at to, for an arrow from from, at height y.
func head(from, to, y float32, c color.Color) []fyne.CanvasObject {
	back := float32(9)
	if to < from {
		back = -9
	}
	return []fyne.CanvasObject{line(to-back, y-5, to, y, c, 2), line(to-back, y+5, to, y, c, 2)}
}

func line(x0, y0, x1, y1 float32, c color.Color, w float32) fyne.CanvasObject {
	l := canvas.NewLine(c)
	l.StrokeWidth = w
	l.Position1, l.Position2 = fyne.NewPos(x0, y0), fyne.NewPos(x1, y1)
	return l
}

func rect(x, y, w, h float32, fill, stroke color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(fill)
	if stroke != nil {
		r.StrokeColor, r.StrokeWidth = stroke, 1
		r.CornerRadius = 4
	}
	r.Move(fyne.NewPos(x, y))
	r.Resize(fyne.NewSize(w, h))
	return r
}

// text places s with its middle at height y, centred on x, or ending at x
// (TextAlignTrailing). Wider than room (0: no limit), it is set smaller,
// down to four fifths of size, and then cut with "…": the whole text is
// a click away.
func text(s string, x, y, size float32, c color.Color, align fyne.TextAlign, bold bool, room float32) fyne.CanvasObject {
	t := canvas.NewText(s, c)
	t.TextStyle.Bold = bold
	m := fyne.MeasureText(s, size, t.TextStyle)
	if room > 0 && m.Width > room {
		size = max(size*0.8, size*room/m.Width)
		m = fyne.MeasureText(s, size, t.TextStyle)
		for r := []rune(s); m.Width > room && len(r) > 1; m = fyne.MeasureText(t.Text, size, t.TextStyle) {
			r = r[:len(r)-1]
			t.Text = string(r) + "…"
		}
	}
	t.TextSize = size
	switch align {
	case fyne.TextAlignCenter:
		x -= m.Width / 2
	case fyne.TextAlignTrailing:
		x -= m.Width
	}
	t.Move(fyne.NewPos(x, y-m.Height/2))
	t.Resize(m)
	return t
}
