package present

import (
	"math"
	"strings"
	"testing"
	"time"
)

var chartT0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// at is chartT0 plus ms milliseconds.
func at(ms int) time.Time { return chartT0.Add(time.Duration(ms) * time.Millisecond) }

func TestTrendKeepsOneSamplePerStep(t *testing.T) {
	var s Trend
	// The poller's ten ticks a second: every second one takes a new slot,
	// the other replaces it with the newer value.
	for i := range 10 {
		s.Add(at(100*i), float64(i))
	}
	if s.Len() != 5 {
		t.Fatalf("Len = %d after 10 samples 100 ms apart, want 5", s.Len())
	}
	if last, _ := s.Last(); last.Value != 9 || !last.At.Equal(at(900)) {
		t.Fatalf("Last = %+v, want the newest value 9 at 900 ms", last)
	}
	// Out of order: dropped.
	s.Add(at(500), 100)
	if last, _ := s.Last(); last.Value != 9 || s.Len() != 5 {
		t.Fatalf("an older sample changed the trend: Last %+v, Len %d", last, s.Len())
	}
}

func TestTrendIsBounded(t *testing.T) {
	var s Trend
	// An hour at ten samples a second: the ring keeps only the last
	// minute and a step.
	for i := range 36000 {
		s.Add(at(100*i), float64(i))
	}
	if s.Len() != trendCap {
		t.Fatalf("Len = %d, want the cap %d", s.Len(), trendCap)
	}
	oldest, _ := s.First()
	if age := at(100 * 35999).Sub(oldest.At); age < ChartWindow || age > ChartWindow+2*ChartStep {
		t.Fatalf("oldest sample is %v old, want just over %v", age, ChartWindow)
	}
	for i := 1; i < s.Len(); i++ {
		if !s.at(i - 1).At.Before(s.at(i).At) {
			t.Fatalf("samples %d and %d out of order", i-1, i)
		}
	}
	s.Reset()
	if _, ok := s.Last(); ok || s.Len() != 0 {
		t.Fatal("Reset left samples")
	}
}

func TestRateAxis(t *testing.T) {
	for _, c := range []struct {
		peak   float64
		top    float64
		unit   string
		labels string
	}{
		{0, 10, "B/s", "0 2 4 6 8 10"},               // idle: the floor
		{math.NaN(), 10, "B/s", "0 2 4 6 8 10"},      // nothing measured
		{11, 15, "B/s", "0 5 10 15"},                 // the sample's Hello World a second
		{999, 1000, "kB/s", "0 0.2 0.4 0.6 0.8 1.0"}, // the top decides the unit
		{1234, 1500, "kB/s", "0 0.5 1.0 1.5"},
		{4.2e6, 5e6, "MB/s", "0 1 2 3 4 5"},
		{95e6, 100e6, "MB/s", "0 20 40 60 80 100"}, // loopback at the fastest rate
		{2.5e9, 2.5e9, "GB/s", "0 0.5 1.0 1.5 2.0 2.5"},
	} {
		a := RateAxis(c.peak)
		if math.Abs(a.Top-c.top) > 1e-9*c.top || a.Unit != c.unit || strings.Join(a.Labels, " ") != c.labels {
			t.Errorf("RateAxis(%v) = top %v %s %q, want top %v %s %q", c.peak, a.Top, a.Unit, a.Labels, c.top, c.unit, c.labels)
		}
		if len(a.Ticks) != len(a.Labels) || a.Ticks[0] != 0 || math.Abs(a.Ticks[len(a.Ticks)-1]-a.Top) > 1e-9*a.Top {
			t.Errorf("RateAxis(%v): ticks %v do not run from 0 to the top %v", c.peak, a.Ticks, a.Top)
		}
		if !math.IsNaN(c.peak) && a.Top < c.peak {
			t.Errorf("RateAxis(%v): top %v below the peak", c.peak, a.Top)
		}
	}
}

func TestMillisAxis(t *testing.T) {
	for peak, want := range map[float64]string{
		0.04: "0 0.02 0.04 0.06 0.08 0.10 ms", // loopback: the floor of 0.1 ms
		0.13: "0 0.05 0.10 0.15 ms",
		7:    "0 2 4 6 8 ms",
		480:  "0 100 200 300 400 500 ms",
	} {
		a := MillisAxis(peak)
		if got := strings.Join(a.Labels, " ") + " " + a.Unit; got != want {
			t.Errorf("MillisAxis(%v) = %q, want %q", peak, got, want)
		}
	}
}

func TestChartFrameScalesToTheAxis(t *testing.T) {
	var up, down Trend
	// 30 s of a steady 1 kB/s up, and down ramping from 0 to 2 kB/s.
	for i := 0; i <= 30; i++ {
		up.Add(at(1000*i), 1000)
		down.Add(at(1000*i), float64(i)*2000/30)
	}
	var f ChartFrame
	now := at(30000)
	f.Update(now, ChartWindow, RateAxis, &up, &down)
	if f.Axis.Top != 2000 || f.Axis.Unit != "kB/s" {
		t.Fatalf("axis top %v %s, want 2000 in kB/s (the peak in view)", f.Axis.Top, f.Axis.Unit)
	}
	if len(f.Lines) != 2 || len(f.Lines[0]) != 31 {
		t.Fatalf("lines %d, points %d, want 2 lines of 31", len(f.Lines), len(f.Lines[0]))
	}
	// The first sample is 30 s ago: half way along a minute.
	if p := f.Lines[0][0]; p.X != 0.5 || p.Y != 0.5 {
		t.Errorf("first point %+v, want {0.5 0.5}", p)
	}
	if p := f.Lines[1][30]; p.X != 1 || p.Y != 1 {
		t.Errorf("newest point %+v, want {1 1} (now, at the top)", p)
	}
	if got := strings.Join(f.TimeLabels, " "); got != "60 s 45 s 30 s 15 s now" {
		t.Errorf("time labels %q", got)
	}
}

func TestChartFrameEntersAtTheLeftEdge(t *testing.T) {
	var s Trend
	s.Add(at(0), 0)
	s.Add(at(20000), 1000)
	s.Add(at(30000), 1000)
	var f ChartFrame
	// 10 s span ending at 25 s: 15 s is the left edge, between the first
	// two samples (value 750 there), and the sample at 30 s is after now.
	f.Update(at(25000), 10*time.Second, RateAxis, &s)
	line := f.Lines[0]
	if len(line) != 2 {
		t.Fatalf("line %+v, want the entry point and the sample at 20 s", line)
	}
	if line[0].X != 0 || math.Abs(float64(line[0].Y)-0.75) > 1e-6 {
		t.Errorf("entry point %+v, want {0 0.75}", line[0])
	}
	if line[1].X != 0.5 || line[1].Y != 1 {
		t.Errorf("second point %+v, want {0.5 1}", line[1])
	}
	// The peak is what is in view: the 1000 at 20 s.
	if f.Axis.Top != 1000 {
		t.Errorf("axis top %v, want 1000", f.Axis.Top)
	}
}

func TestChartFrameEmptyAndReused(t *testing.T) {
	var a, b Trend
	var f ChartFrame
	f.Update(chartT0, ChartWindow, MillisAxis, &a, &b)
	if len(f.Lines) != 2 || len(f.Lines[0]) != 0 || f.Axis.Top != 0.1 {
		t.Fatalf("empty trends: %d lines, %d points, top %v", len(f.Lines), len(f.Lines[0]), f.Axis.Top)
	}
	a.Add(chartT0, 5)
	f.Update(chartT0, ChartWindow, MillisAxis, &a)
	if len(f.Lines) != 1 || len(f.Lines[0]) != 1 {
		t.Fatalf("one trend of one sample: %+v", f.Lines)
	}
}

func TestChartFrameUpdateAllocatesNothingOnceGrown(t *testing.T) {
	var up, down, rtt Trend
	for i := range 700 {
		up.Add(at(100*i), float64(i))
		down.Add(at(100*i), float64(i))
		rtt.Add(at(100*i), 0.1)
	}
	var rates, ping ChartFrame
	now := at(70000)
	rates.Update(now, ChartWindow, RateAxis, &up, &down)
	ping.Update(now, ChartWindow, MillisAxis, &rtt)
	// The axes' ticks and labels are built anew (a handful of small
	// values); the lines, the bulk, are not.
	allocs := testing.AllocsPerRun(20, func() {
		rates.Update(now, ChartWindow, RateAxis, &up, &down)
	})
	if allocs > 12 {
		t.Errorf("Update allocates %v times a frame, want only the axis' few", allocs)
	}
}

func TestTransferSpan(t *testing.T) {
	for elapsed, want := range map[time.Duration]time.Duration{
		0: 10 * time.Second, 3 * time.Second: 10 * time.Second, 11 * time.Second: 20 * time.Second,
		25 * time.Second: 30 * time.Second, 31 * time.Second: ChartWindow, time.Hour: ChartWindow,
	} {
		if got := TransferSpan(elapsed); got != want {
			t.Errorf("TransferSpan(%v) = %v, want %v", elapsed, got, want)
		}
	}
}

func BenchmarkChartFrameUpdate(b *testing.B) {
	var up, down Trend
	for i := range 700 {
		up.Add(at(100*i), float64(i%50)*1e6)
		down.Add(at(100*i), float64(i%40)*1e6)
	}
	var f ChartFrame
	now := at(70000)
	b.ReportAllocs()
	for b.Loop() {
		f.Update(now, ChartWindow, RateAxis, &up, &down)
	}
}

func TestFormatMillis(t *testing.T) {
	for ms, want := range map[float64]string{0.1184: "0.118 ms", 3.14159: "3.14 ms", 12.34: "12.3 ms", 480.4: "480 ms", 5000: "5000 ms"} {
		if got := FormatMillis(ms); got != want {
			t.Errorf("FormatMillis(%v) = %q, want %q", ms, got, want)
		}
	}
}
