package kit

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/wssample/wssample/internal/present"
)

// chartFrame is a frame of n samples a second apart of a ramp to peak,
// and of a flat line at half of it.
func chartFrame(n int, peak float64) *present.ChartFrame {
	var ramp, flat present.Trend
	t0 := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Second)
		ramp.Add(at, peak*float64(i)/float64(max(n-1, 1)))
		flat.Add(at, peak/2)
	}
	f := &present.ChartFrame{}
	f.Update(t0.Add(time.Duration(n-1)*time.Second), present.ChartWindow, present.RateAxis, &ramp, &flat)
	return f
}

// lines and texts are the chart's visible canvas objects of each kind.
func chartObjects(c *Chart) (lines []*canvas.Line, texts []*canvas.Text) {
	for _, o := range test.WidgetRenderer(c).Objects() {
		switch o := o.(type) {
		case *canvas.Line:
			lines = append(lines, o)
		case *canvas.Text:
			if o.Visible() {
				texts = append(texts, o)
			}
		}
	}
	return lines, texts
}

func TestChartDrawsInsideItsBounds(t *testing.T) {
	test.NewTempApp(t)
	c := NewChart(110, theme.ColorNamePrimary, theme.ColorNameSuccess)
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(400, 200))
	c.Resize(fyne.NewSize(400, 140))
	c.Draw(chartFrame(31, 4.2e6), []string{"sent 4.2 MB/s", "received 2.1 MB/s"})

	lines, texts := chartObjects(c)
	// 30 segments a series, a grid line a tick (0…5 MB/s), a legend dash
	// a series.
	if want := 2*30 + 6 + 2; len(lines) != want {
		t.Fatalf("%d lines, want %d", len(lines), want)
	}
	size := c.Size()
	for _, l := range lines {
		for _, p := range []fyne.Position{l.Position1, l.Position2} {
			if p.X < 0 || p.Y < 0 || p.X > size.Width || p.Y > size.Height {
				t.Fatalf("a line reaches %v, outside the chart's %v", p, size)
			}
		}
	}
	words := map[string]bool{}
	for _, tx := range texts {
		words[tx.Text] = true
	}
	for _, want := range []string{"MB/s", "0", "5", "60 s", "now", "sent 4.2 MB/s", "received 2.1 MB/s"} {
		if !words[want] {
			t.Errorf("no %q among the chart's texts %v", want, words)
		}
	}
}

func TestLowChartLabelsFewerTicks(t *testing.T) {
	test.NewTempApp(t)
	c := NewChart(40, theme.ColorNamePrimary)
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(400, 100))
	c.Resize(fyne.NewSize(400, 60))
	f := chartFrame(31, 4.2e6) // six ticks, 0 to 5 MB/s
	c.Draw(f, []string{"file"})
	_, texts := chartObjects(c)
	shown := 0
	for _, tx := range texts {
		for _, l := range f.Axis.Labels {
			if tx.Text == l {
				shown++
			}
		}
	}
	if shown == 0 || shown >= len(f.Axis.Labels) {
		t.Fatalf("%d of %d value labels shown in a chart 60 high, want some, not all", shown, len(f.Axis.Labels))
	}
}

// BenchmarkChartDraw is one redraw of a chart of two series over a full
// minute (five samples a second), as the stream page's rates chart is
// redrawn ten times a second while it shows.
func BenchmarkChartDraw(b *testing.B) {
	test.NewTempApp(b)
	c := NewChart(110, theme.ColorNamePrimary, theme.ColorNameSuccess)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(400, 200))
	var up, down present.Trend
	t0 := time.Now()
	for i := range 600 {
		at := t0.Add(time.Duration(i) * 100 * time.Millisecond)
		up.Add(at, float64(i%97)*1e5)
		down.Add(at, float64(i%89)*1e5)
	}
	var f present.ChartFrame
	legend := []string{"sent", "received"}
	now := t0.Add(60 * time.Second)
	b.ReportAllocs()
	for b.Loop() {
		f.Update(now, present.ChartWindow, present.RateAxis, &up, &down)
		c.Draw(&f, legend)
	}
}
