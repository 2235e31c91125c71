package present

import (
	"math"
	"strconv"
	"time"
)

// A live chart, without the widget: the samples a series keeps (Trend),
// the value axis chosen to fit what is in view (Axis, RateAxis,
// MillisAxis), the time axis, and the lines scaled to the plot area
// (ChartFrame). ui/kit/chart.go draws a ChartFrame with Fyne's canvas.

// ChartWindow is how far back a live chart looks: the last minute.
const ChartWindow = 60 * time.Second

// ChartStep is the finest spacing of a series' samples: five a second is
// smooth at any chart width the window allows, and bounds a series to a
// few hundred samples however often it is fed.
const ChartStep = 200 * time.Millisecond

// trendCap is how many samples a Trend keeps: one per step over the
// window, and one more from just before it, so a line reaches the left
// edge.
const trendCap = int(ChartWindow/ChartStep) + 2

// Sample is a series' value at a time.
type Sample struct {
	At    time.Time
	Value float64
}

// Trend is one series of a live chart: a fixed ring of its latest
// samples, so a connection of any length costs the same memory. The zero
// Trend is empty and ready. Not safe for concurrent use (the UI goroutine
// owns a page's trends).
type Trend struct {
	ring   [trendCap]Sample
	head   int       // the oldest sample's index in ring
	n      int       // how many samples ring holds
	opened time.Time // when the newest sample's slot was taken
}

// Add records v at t. A sample less than ChartStep after the newest slot
// was taken replaces it (the latest value is the one a live chart shows),
// so a series fed ten times a second keeps five samples a second. A sample
// older than the newest is out of order and dropped.
func (s *Trend) Add(t time.Time, v float64) {
	if s.n > 0 {
		newest := &s.ring[(s.head+s.n-1)%trendCap]
		switch {
		case t.Before(newest.At):
			return
		case t.Sub(s.opened) < ChartStep:
			*newest = Sample{t, v}
			return
		}
	}
	if s.n == trendCap {
		s.head = (s.head + 1) % trendCap // the oldest makes room
		s.n--
	}
	s.ring[(s.head+s.n)%trendCap] = Sample{t, v}
	s.n++
	s.opened = t
}

// Reset forgets every sample, for a new connection or transfer.
func (s *Trend) Reset() { *s = Trend{} }

// Len is how many samples the trend holds.
func (s *Trend) Len() int { return s.n }

// First is the oldest sample; false if there is none.
func (s *Trend) First() (Sample, bool) {
	if s.n == 0 {
		return Sample{}, false
	}
	return s.ring[s.head], true
}

// Last is the newest sample; false if there is none.
func (s *Trend) Last() (Sample, bool) {
	if s.n == 0 {
		return Sample{}, false
	}
	return s.ring[(s.head+s.n-1)%trendCap], true
}

// at is the i-th sample, oldest first.
func (s *Trend) at(i int) Sample { return s.ring[(s.head+i)%trendCap] }

// Axis is a chart's value axis: it starts at 0 and ends at Top, with a
// labelled tick at each of Ticks (Labels, in Unit).
type Axis struct {
	Top    float64
	Ticks  []float64
	Labels []string
	Unit   string
}

// axisUnit is a unit an axis can be written in: Name, worth Size base units.
type axisUnit struct {
	Name string
	Size float64
}

// rateUnits are decimal, as FormatRate writes the counters' rates beside
// the chart: a chart in KiB/s next to a label in kB/s would disagree.
var rateUnits = []axisUnit{{"B/s", 1}, {"kB/s", 1e3}, {"MB/s", 1e6}, {"GB/s", 1e9}}

// RateAxis is the value axis for bytes per second peaking at peak: the
// unit is the largest that keeps the top label at least 1 (B/s, kB/s,
// MB/s, GB/s). An idle connection still gets an axis, up to 10 B/s.
func RateAxis(peak float64) Axis { return niceAxis(peak, 10, rateUnits) }

// MillisAxis is the value axis for round-trip times in milliseconds
// peaking at peak. Its floor is a tenth of a millisecond: a ping over
// loopback takes about that.
func MillisAxis(peak float64) Axis { return niceAxis(peak, 0.1, []axisUnit{{"ms", 1}}) }

// axisTicks and maxAxisSteps are how many steps an axis is divided in:
// about four, at most five, enough to read a value off and few enough for
// a chart 100 pixels high.
const (
	axisTicks    = 4
	maxAxisSteps = 5
)

// niceAxis divides 0..peak (at least floor) in steps of 1, 2 or 5 times
// a power of ten, so every tick label is a round number. Of the step
// that gives about four steps and the next finer one, it takes the one
// whose top is nearer the peak (the finer on a tie), so the line uses
// most of the chart's height.
func niceAxis(peak, floor float64, units []axisUnit) Axis {
	if !(peak > floor) { // NaN too
		peak = floor
	}
	steps := func(step float64) int { return int(math.Ceil(peak/step - 1e-9)) }
	step := niceStep(peak / axisTicks)
	if finer := finerStep(step); steps(finer) <= maxAxisSteps &&
		float64(steps(finer))*finer <= float64(steps(step))*step*(1+1e-9) {
		step = finer
	}
	n := steps(step)
	a := Axis{Top: float64(n) * step, Unit: units[0].Name}
	u := units[0]
	for _, c := range units[1:] {
		if a.Top >= c.Size {
			u = c
		}
	}
	a.Unit = u.Name
	decimals := max(0, int(math.Ceil(-math.Log10(step/u.Size)-1e-9)))
	for i := 0; i <= n; i++ {
		v := float64(i) * step
		a.Ticks = append(a.Ticks, v)
		label := strconv.FormatFloat(v/u.Size, 'f', decimals, 64)
		if i == 0 {
			label = "0"
		}
		a.Labels = append(a.Labels, label)
	}
	return a
}

// niceStep is the smallest of 1, 2, 5 or 10 times a power of ten that is
// at least raw (raw > 0).
func niceStep(raw float64) float64 {
	exp := int(math.Floor(math.Log10(raw)))
	mag := math.Pow10(exp)
	for _, f := range []float64{1, 2, 5} {
		if raw <= f*mag*(1+1e-9) {
			return f * mag
		}
	}
	return 10 * mag
}

// finerStep is the nice step below step: 1 → 0.5, 2 → 1, 5 → 2 (times
// the power of ten).
func finerStep(step float64) float64 {
	mag := math.Pow10(int(math.Floor(math.Log10(step) + 1e-9)))
	switch f := step / mag; {
	case f > 4:
		return 2 * mag
	case f > 1.5:
		return mag
	}
	return mag / 2
}

// Point is a place in a chart's plot area as fractions of it: X from 0
// (the left edge, the span ago) to 1 (now), Y from 0 (the bottom, 0) to 1
// (the axis' top).
type Point struct{ X, Y float32 }

// ChartFrame is what a chart shows at one moment: the value axis, the
// time axis and a line per series. Update fills it again in place, so a
// chart redrawn ten times a second allocates nothing once its slices have
// grown.
type ChartFrame struct {
	Axis       Axis
	Span       time.Duration // how far back the left edge is
	TimeTicks  []float32     // the time axis' ticks, as X fractions
	TimeLabels []string      // "60 s" … "now"
	Lines      [][]Point     // one per series, oldest first; empty for a series with nothing in view
}

// Update lays the series out for now over span: axis picks the value axis
// for the peak in view (RateAxis, MillisAxis). A line begins at the left
// edge, with the value there interpolated from the samples either side.
func (f *ChartFrame) Update(now time.Time, span time.Duration, axis func(peak float64) Axis, series ...*Trend) {
	since := now.Add(-span)
	peak := 0.0
	for _, s := range series {
		for i := range s.n {
			if x := s.at(i); !x.At.Before(since) && !x.At.After(now) {
				peak = max(peak, x.Value)
			}
		}
	}
	f.Axis = axis(peak)
	f.timeAxis(span)
	f.Span = span
	for len(f.Lines) < len(series) {
		f.Lines = append(f.Lines, nil)
	}
	f.Lines = f.Lines[:len(series)]
	for k, s := range series {
		f.Lines[k] = s.points(f.Lines[k][:0], since, now, f.Axis.Top)
	}
}

// points appends the trend's line between since and now to dst.
func (s *Trend) points(dst []Point, since, now time.Time, top float64) []Point {
	span := now.Sub(since).Seconds()
	pt := func(at time.Time, v float64) Point {
		return Point{X: float32(at.Sub(since).Seconds() / span), Y: float32(min(1, max(0, v/top)))}
	}
	for i := range s.n {
		x := s.at(i)
		if x.At.After(now) {
			break
		}
		if x.At.Before(since) {
			continue
		}
		if len(dst) == 0 && i > 0 {
			// The sample before the window: the line enters at the value
			// it would have had at the left edge.
			p := s.at(i - 1)
			w := since.Sub(p.At).Seconds() / x.At.Sub(p.At).Seconds()
			dst = append(dst, pt(since, p.Value+w*(x.Value-p.Value)))
		}
		dst = append(dst, pt(x.At, x.Value))
	}
	return dst
}

// timeAxis puts a tick every quarter of the span (every 15 s of a
// minute), labelled with how long ago it is, and "now" at the right.
func (f *ChartFrame) timeAxis(span time.Duration) {
	if span == f.Span && len(f.TimeTicks) > 0 {
		return // as last time
	}
	f.TimeTicks, f.TimeLabels = f.TimeTicks[:0], f.TimeLabels[:0]
	const parts = 4
	for i := 0; i <= parts; i++ {
		f.TimeTicks = append(f.TimeTicks, float32(i)/parts)
		ago := span * time.Duration(parts-i) / parts
		label := "now"
		if ago > 0 {
			label = FormatSeconds(ago) + " s"
		}
		f.TimeLabels = append(f.TimeLabels, label)
	}
}

// TransferSpan is the time axis for a transfer that has run for elapsed:
// 10, 20, 30 s, then the full minute, so a short transfer fills the
// chart rather than a sliver at its right edge.
func TransferSpan(elapsed time.Duration) time.Duration {
	for _, s := range []time.Duration{10 * time.Second, 20 * time.Second, 30 * time.Second} {
		if elapsed <= s {
			return s
		}
	}
	return ChartWindow
}

// FormatMillis writes a round trip in milliseconds with three significant
// digits: "0.118 ms", "12.3 ms", "480 ms".
func FormatMillis(ms float64) string {
	decimals := 0
	switch {
	case ms < 1:
		decimals = 3
	case ms < 10:
		decimals = 2
	case ms < 100:
		decimals = 1
	}
	return strconv.FormatFloat(ms, 'f', decimals, 64) + " ms"
}
