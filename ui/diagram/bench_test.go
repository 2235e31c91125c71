package diagram

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/ui/internal/uitest"
	"github.com/wssample/wssample/wsclient"
)

// BenchmarkDiagramOpen and BenchmarkDiagramClosed stream "Hello World" at
// the fastest rate (wsclient.Continuous) through the built-in /echo with
// the wire view on, every event going to a Diagram tab that is shown
// (Open) or behind another tab (Closed), on a window of Fyne's test
// driver. MB/s is the echo's; ui-ms/s is how many milliseconds a second
// the UI goroutine spent on the tab (following events, redrawing ten
// times a second): its cost to the app. make bench runs them interleaved.
// (The test driver does not paint, so the GPU's share of a redraw is not
// in it.)
//
//	go test -run '^$' -bench 'BenchmarkDiagram(Open|Closed)$' ./ui/diagram/
func BenchmarkDiagramOpen(b *testing.B)   { benchDiagram(b, true) }
func BenchmarkDiagramClosed(b *testing.B) { benchDiagram(b, false) }

func benchDiagram(b *testing.B, open bool) {
	test.NewTempApp(b)
	srv := testserver.Start(b)
	b.Run("11B", func(b *testing.B) {
		q := uitest.NewQueue()
		done := make(chan struct{})
		defer close(done)
		v := NewView(q.Do, done, nil)
		other := container.NewTabItem("Output", widget.NewLabel("the log"))
		tabs := container.NewAppTabs(other, v.Tab())
		w := test.NewWindow(tabs)
		defer w.Close()
		w.Resize(fyne.NewSize(1000, 660))
		if open {
			tabs.Select(v.Tab())
		}
		v.Selected(tabs.Selected())

		var o wsclient.StreamOptions
		o.WireView, o.Interval = true, wsclient.Continuous
		s := wsclient.NewStream(o)
		if err := s.Start(srv.URL("/echo")); err != nil {
			b.Fatal(err)
		}
		defer func() { // Stop, and take the events up to the last, so none is left waiting
			go s.Stop()
			for e := range s.Events() {
				if e.IsFinal() {
					return
				}
			}
		}()
		var ui time.Duration
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		deadline := time.After(time.Minute)
		pump := func(until func() bool) {
			for !until() {
				select {
				case e := <-s.Events():
					t0 := time.Now()
					v.Observe(e)
					ui += time.Since(t0)
				case <-tick.C:
					t0 := time.Now()
					q.Drain()
					ui += time.Since(t0)
				case <-deadline:
					b.Fatal("the stream stalled")
				}
			}
		}
		pump(func() bool { return s.Received() >= 64<<10 }) // connected and warm
		const per = 64 << 10
		b.SetBytes(per)
		ui = 0
		start := time.Now()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			target := s.Received() + per
			pump(func() bool { return s.Received() >= target })
		}
		b.StopTimer()
		b.ReportMetric(float64(ui)/float64(time.Millisecond)/time.Since(start).Seconds(), "ui-ms/s")
		if open && len(v.drawing.ladder.Arrows) == 0 {
			b.Error("the open tab drew nothing")
		}
	})
}

// BenchmarkLadderFrame is what following one frame of the wire view costs
// the UI goroutine, shown or not: the builder's fold, within a full ladder.
func BenchmarkLadderFrame(b *testing.B) {
	lb := present.NewLadderBuilder(present.LadderMaxArrows)
	lb.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: time.Now(), URI: "ws://127.0.0.1:8080/echo"})
	recs := [2]wsclient.FrameRecord{
		{Sent: true, Fin: true, Opcode: wsclient.OpBinary, Length: 11},
		{Fin: true, Opcode: wsclient.OpBinary, Length: 11},
	}
	for i := range 2 * present.LadderMaxArrows { // full: every length its own row
		r := recs[i%2]
		r.Length = uint64(i)
		lb.Add(wsclient.Event{Kind: wsclient.EventWire, Frame: &r})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := recs[i%2]
		lb.Add(wsclient.Event{Kind: wsclient.EventWire, Frame: &r})
	}
}

// BenchmarkLadderPaint is one redraw of a full ladder whose last row
// changed, as while a stream runs: the canvas objects of that row made
// and placed, the others' reused (the Diagram tab redraws at most ten
// times a second).
func BenchmarkLadderPaint(b *testing.B) {
	test.NewTempApp(b)
	lb := present.NewLadderBuilder(present.LadderMaxArrows)
	lb.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: time.Now(), URI: "ws://127.0.0.1:8080/echo"})
	for i := range 2 * present.LadderMaxArrows {
		r := wsclient.FrameRecord{Sent: i%2 == 0, Fin: true, Opcode: wsclient.OpBinary, Length: uint64(i)}
		lb.Add(wsclient.Event{Kind: wsclient.EventWire, Frame: &r})
	}
	d := lb.Ladder()
	l := present.NewLadderLayout(1000, 30, len(d.Arrows))
	p := screenPalette()
	cache := &rowCache{width: l.Width, pal: p}
	paint(d, l, p, 14, -1, cache)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Arrows[len(d.Arrows)-1].Count = i + 2
		paint(d, l, p, 14, -1, cache)
	}
}
