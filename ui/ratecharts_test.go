package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/wsclient"
)

// The stream page's charts while it streams to the built-in server: the
// rates each way and the round trips, of the Ping button and of the
// keep-alive ping, reach the charts, which draw only while the Connection
// section is open.
func TestRateChartsFollowTheStream(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/echo"))
	h.p.adv.interval.SetText("0.1") // ten messages a second: rates to chart, few log lines
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	c := h.p.charts

	// Closed section: the trends fill, nothing is drawn.
	h.waitFor("rates sampled", func() bool { return c.recv.Len() >= 3 && lastValue(&c.recv) > 0 })
	if c.ratesFrame.Span != 0 || c.rttFrame.Span != 0 {
		t.Fatal("the charts were drawn while the Connection section was closed")
	}
	// No keep-alive: the one round trip is the Ping button's.
	test.Tap(h.p.ping.button)
	h.waitFor("the Ping button's pong charted", func() bool { return !h.p.ping.waiting && c.rtt.Len() == 1 })

	h.p.connSection.Open(0)
	h.waitFor("the charts drawn with both rates and the round trip", func() bool {
		f := c.ratesFrame
		return f.Span == present.ChartWindow && len(f.Lines) == 2 && len(f.Lines[0]) > 1 && len(f.Lines[1]) > 1 &&
			len(c.rttFrame.Lines) == 1 && len(c.rttFrame.Lines[0]) == 1
	})
	if !strings.HasPrefix(c.rateLegend[0], "sent ") || !strings.HasSuffix(c.rateLegend[1], "B/s") {
		t.Errorf("rate legend %q", c.rateLegend)
	}
	if !strings.HasPrefix(c.rttLegend[0], "ping round trip ") || !strings.HasSuffix(c.rttLegend[0], " ms") {
		t.Errorf("round-trip legend %q", c.rttLegend)
	}
	// The axis holds the peak in view: no point outside the plot.
	for _, l := range c.ratesFrame.Lines {
		for _, p := range l {
			if p.Y < 0 || p.Y > 1 || p.X < 0 || p.X > 1 {
				t.Fatalf("point %+v outside the plot", p)
			}
		}
	}

	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	if h.p.connSection.Visible() {
		t.Fatal("the Connection section, with the charts, shows after Stop")
	}
	// A new connection starts the charts afresh; the keep-alive's pongs
	// are charted.
	h.p.adv.ping.SetText("0.2")
	restart := time.Now()
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("a keep-alive pong charted", func() bool {
		s, ok := c.rtt.Last()
		return ok && s.At.After(restart)
	})
	if s, _ := c.rtt.First(); s.At.Before(restart) {
		t.Errorf("a round trip of %v from the connection before is still charted", s.At)
	}
	if s, _ := c.sent.First(); s.At.Before(restart) {
		t.Errorf("a rate of %v from the connection before is still charted", s.At)
	}
}

// The chart's pictures (TestGolden renders them with the rest): the
// stream page connected to the built-in server, its Connection section
// open on the charts, after a minute of a stream that ramps up and a ping
// a second. The samples have fixed times, and the poller, which samples
// on the clock, is stopped.
func init() {
	goldenCases = append(goldenCases, goldenCase{name: "stream-charts", key: "stream", setup: func(t *testing.T, h *harness) {
		h.p.handle(events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8080/echo"},
			wsclient.Event{Kind: wsclient.EventConnected, Info: &wsclient.ConnInfo{
				URI: "ws://127.0.0.1:8080/echo", LocalAddr: "127.0.0.1:50312", RemoteAddr: "127.0.0.1:8080",
				StatusLine: "101 Switching Protocols",
				Timeline: &wsclient.Timeline{Start: goldenStart, Duration: 640 * time.Microsecond, Steps: []wsclient.Step{
					{Kind: wsclient.StepDNS, Detail: "127.0.0.1 (an address, no lookup)"},
					{Kind: wsclient.StepTCP, Detail: "127.0.0.1:8080", Duration: 190 * time.Microsecond},
					{Kind: wsclient.StepUpgrade, Detail: "101 Switching Protocols", Duration: 380 * time.Microsecond},
					{Kind: wsclient.StepOpen},
				}}}},
		))
		h.p.stopCounters()
		c := h.p.charts
		start := goldenStart.Add(time.Second)
		for i := range 600 { // a minute at ten a second
			at := start.Add(time.Duration(i) * 100 * time.Millisecond)
			up := min(float64(i), 300) * 40e3 // up to 12 MB/s in 30 s, then steady
			c.sampleRates(at, up, up*0.85)    // part of the echo still on its way
			if i%10 == 5 {
				// Loopback's round trips: mostly near 0.2 ms, now and
				// then a slower one.
				c.addRTT(at, time.Duration(150+(i*37)%23*15+(i/10%13/12)*900)*time.Microsecond)
			}
		}
		h.p.showCounters(512_345_678, 498_765_432)
		h.p.conn.showRates(12e6, 10.2e6)
		h.p.connSection.Open(0)
		h.p.charts.draw(start.Add(60 * time.Second))
	}})
}

// BenchmarkRateChartsDraw is the cost of one redraw of the stream page's
// charts with a full minute in them (both rates and a ping a second), as
// the counter poller does it ten times a second while they show: the
// frames laid out, the legends written and the canvas objects moved.
func BenchmarkRateChartsDraw(b *testing.B) {
	test.NewTempApp(b)
	c := newRateChartWidgets()
	w := test.NewTempWindow(b, c.content)
	w.Resize(fyne.NewSize(700, 160))
	start := time.Now()
	for i := range 600 {
		at := start.Add(time.Duration(i) * 100 * time.Millisecond)
		c.sampleRates(at, float64(i%97)*1e5, float64(i%89)*1e5)
		if i%10 == 0 {
			c.addRTT(at, time.Duration(100+i)*time.Microsecond)
		}
	}
	now := start.Add(60 * time.Second)
	c.draw(now)
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(100 * time.Millisecond)
		c.sampleRates(now, 5e6, 4e6)
		c.draw(now)
	}
}
