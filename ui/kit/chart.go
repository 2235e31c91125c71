package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
)

// Chart is a live line chart drawn with Fyne's canvas lines and texts: the
// value axis' unit at the top left and its ticks on the left, the time
// axis below, a line per series in its colour, and a legend (each
// series' name and newest value in its colour) along the top. What it
// shows is a present.ChartFrame, which holds all the arithmetic; Draw
// hands it one. (The Go charting packages, go-analyze/charts and
// gonum/plot, paint whole images; a live chart in a Fyne window is
// cheaper as a few hundred lines it moves.) UI goroutine only.
type Chart struct {
	widget.BaseWidget
	colors []fyne.ThemeColorName // a series' colour, by index
	frame  *present.ChartFrame
	legend []string
	height float32 // of the plot area and its labels, without the legend row
}

// NewChart makes a chart of len(colors) series, the k-th drawn in
// colors[k], height points tall.
func NewChart(height float32, colors ...fyne.ThemeColorName) *Chart {
	c := &Chart{colors: colors, frame: &present.ChartFrame{}, height: height}
	c.ExtendBaseWidget(c)
	return c
}

// Draw draws frame, with legend[k] naming series k. The chart keeps both
// until the next Draw (the caller may not change them meanwhile: a resize
// lays them out again). Refreshing a hidden chart is left to its next
// Draw, so the caller need not check.
func (c *Chart) Draw(frame *present.ChartFrame, legend []string) {
	c.frame, c.legend = frame, legend
	if c.Visible() {
		c.Refresh()
	}
}

// CreateRenderer is part of fyne.Widget.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{chart: c, bg: canvas.NewRectangle(color.Transparent), unit: chartText()}
	r.bg.StrokeWidth = 1
	r.Refresh()
	return r
}

// chartRenderer holds pools of canvas objects that grow to what a frame
// needs and are reused frame after frame: a redraw moves lines, it does
// not make them.
type chartRenderer struct {
	chart   *Chart
	bg      *canvas.Rectangle // the plot area's frame
	unit    *canvas.Text
	grid    []*canvas.Line // one per value tick
	yLabels []*canvas.Text
	xLabels []*canvas.Text
	legend  []*canvas.Text
	swatch  []*canvas.Line   // a dash of each series' colour before its name
	series  [][]*canvas.Line // segments per series
	objects []fyne.CanvasObject
}

// chartText is a small label, as the axes' labels are.
func chartText() *canvas.Text {
	t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.CaptionTextSize()
	return t
}

// chartPad is the room between the labels and the plot area;
// chartRight the room kept at the right, where a scroll bar may show over
// the chart and where the next chart in a row begins.
const (
	chartPad   = 4
	chartRight = 14
)

func (r *chartRenderer) Destroy() {}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

// MinSize is as wide as the labels need and as tall as asked.
func (r *chartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(160, r.chart.height+r.unit.MinSize().Height)
}

// Refresh takes the chart's frame: it sizes the pools, sets texts and
// colours, and lays everything out.
func (r *chartRenderer) Refresh() {
	c, f := r.chart, r.chart.frame
	fg := theme.Color(theme.ColorNameForeground)
	r.bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)

	r.grid = growLines(r.grid, len(f.Axis.Ticks))
	r.yLabels = growTexts(r.yLabels, len(f.Axis.Labels))
	r.xLabels = growTexts(r.xLabels, len(f.TimeLabels))
	r.legend = growTexts(r.legend, len(c.legend))
	r.swatch = growLines(r.swatch, len(c.legend))
	setText(r.unit, f.Axis.Unit, fg)
	for i, l := range f.Axis.Labels {
		setText(r.yLabels[i], l, fg)
		r.grid[i].StrokeColor = theme.Color(theme.ColorNameSeparator)
	}
	for i, l := range f.TimeLabels {
		setText(r.xLabels[i], l, fg)
	}
	for len(r.series) < len(f.Lines) {
		r.series = append(r.series, nil)
	}
	r.series = r.series[:len(f.Lines)]
	for k, line := range f.Lines {
		col := theme.Color(c.colors[k%len(c.colors)])
		// n points make n-1 segments; a single point a short dash.
		r.series[k] = growLines(r.series[k], max(len(line)-1, min(len(line), 1)))
		// Each series a little thinner than the one before, drawn over
		// it: lines that coincide (an echo's two rates) both show.
		width := max(2, 3-float32(k))
		for _, s := range r.series[k] {
			s.StrokeColor, s.StrokeWidth = col, width
		}
		if k < len(r.legend) {
			setText(r.legend[k], c.legend[k], fg)
			r.swatch[k].StrokeColor, r.swatch[k].StrokeWidth = col, 3
		}
	}

	r.objects = append(r.objects[:0], r.bg)
	for _, ls := range append([][]*canvas.Line{r.grid, r.swatch}, r.series...) {
		for _, l := range ls {
			r.objects = append(r.objects, l)
		}
	}
	r.objects = append(r.objects, r.unit)
	for _, ts := range [][]*canvas.Text{r.yLabels, r.xLabels, r.legend} {
		for _, t := range ts {
			r.objects = append(r.objects, t)
		}
	}
	r.Layout(c.Size())
	// A line has no texture to redraw: refreshing it is cheap. A text
	// refreshes itself when its words change (setText).
	for _, ls := range append([][]*canvas.Line{r.grid, r.swatch}, r.series...) {
		for _, l := range ls {
			l.Refresh()
		}
	}
}

// Layout puts the plot area right of the value labels and above the time
// labels, and the points of each line in it.
func (r *chartRenderer) Layout(size fyne.Size) {
	f := r.chart.frame
	textH := r.unit.MinSize().Height
	labelW := r.unit.MinSize().Width
	for _, t := range r.yLabels {
		labelW = max(labelW, t.MinSize().Width)
	}
	// The plot: below the unit and legend row, above the time labels.
	x0, y0 := labelW+chartPad, textH+textH/2
	right := size.Width - chartRight
	w, h := right-x0, size.Height-y0-textH-chartPad
	if w < 1 || h < 1 {
		return
	}
	r.bg.Move(fyne.NewPos(x0, y0))
	r.bg.Resize(fyne.NewSize(w, h))
	at := func(p present.Point) fyne.Position {
		return fyne.NewPos(x0+p.X*w, y0+(1-p.Y)*h)
	}

	r.unit.Move(fyne.NewPos(0, 0))
	// A low chart labels every other tick (or fewer), so labels never
	// overlap; the grid lines stay.
	every := 1
	if n := len(f.Axis.Ticks) - 1; n > 0 {
		for h/float32(n)*float32(every) < textH && every < n {
			every++
		}
	}
	for i, v := range f.Axis.Ticks {
		y := y0 + h
		if f.Axis.Top > 0 {
			y -= float32(v/f.Axis.Top) * h
		}
		r.grid[i].Position1, r.grid[i].Position2 = fyne.NewPos(x0, y), fyne.NewPos(x0+w, y)
		t := r.yLabels[i]
		t.Move(fyne.NewPos(labelW-t.MinSize().Width, y-textH/2))
		if show := i%every == 0; show != t.Visible() {
			t.Hidden = !show
			t.Refresh()
		}
	}
	for i, x := range f.TimeTicks {
		t := r.xLabels[i]
		tw := t.MinSize().Width
		// Centred under its tick, but inside the chart at either end.
		tx := min(max(x0+x*w-tw/2, x0), right-tw)
		t.Move(fyne.NewPos(tx, y0+h+chartPad/2))
	}
	// The legend, right-aligned on the unit's row: a dash of colour, then
	// the words.
	const dash = 14
	lx := right
	for i := len(r.legend) - 1; i >= 0; i-- {
		t := r.legend[i]
		lx -= t.MinSize().Width
		t.Move(fyne.NewPos(lx, 0))
		lx -= chartPad
		r.swatch[i].Position1 = fyne.NewPos(lx-dash, textH/2)
		r.swatch[i].Position2 = fyne.NewPos(lx, textH/2)
		lx -= dash + 3*chartPad
	}
	for k, line := range f.Lines {
		segs := r.series[k]
		switch {
		case len(line) == 1:
			p := at(line[0])
			segs[0].Position1, segs[0].Position2 = p.SubtractXY(3, 0), p.AddXY(3, 0)
		case len(line) > 1:
			for i := range segs {
				segs[i].Position1, segs[i].Position2 = at(line[i]), at(line[i+1])
			}
		}
	}
}

// growLines returns n lines, reusing those in ls.
func growLines(ls []*canvas.Line, n int) []*canvas.Line {
	for len(ls) < n {
		ls = append(ls, canvas.NewLine(color.Transparent))
	}
	return ls[:n]
}

// growTexts returns n small texts, reusing those in ts.
func growTexts(ts []*canvas.Text, n int) []*canvas.Text {
	for len(ts) < n {
		ts = append(ts, chartText())
	}
	return ts[:n]
}

// setText sets a text's words and colour, and redraws it if they
// changed (a text's redraw renders it anew, unlike a line's).
func setText(t *canvas.Text, s string, c color.Color) {
	if t.Text != s || t.Color != c {
		t.Text, t.Color = s, c
		t.Refresh()
	}
}
