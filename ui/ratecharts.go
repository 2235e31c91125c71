package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// rateCharts are the stream page's charts of the last minute, the first
// row of its Connection section's facts: bytes per second each way, and
// the ping round trip. There, at the default window size, they show as
// the section opens, under the connect's timeline; beside the counters
// they would take the log's room on every stream, open or not. The counter poller samples the rates ten times
// a second (sampleRates); every pong, whether of the keep-alive ping or of
// the Ping button, adds a round trip (addRTT). Sampling always goes on, so
// opening the section shows the whole minute; drawing happens only while
// the section is open (draw), at the poller's pace. UI goroutine only.
type rateCharts struct {
	panel           *connPanel
	sent, recv, rtt present.Trend
	ratesFrame      present.ChartFrame
	rttFrame        present.ChartFrame
	rates, ping     *kit.Chart
	rateLegend      [2]string
	rttLegend       [1]string
	content         fyne.CanvasObject
}

// rateChartHeight is the height of a chart's plot and labels: about
// five rows of the compact section, enough to read a trend.
const rateChartHeight = 110

// newRateCharts puts the charts in panel's rows and has them follow c: a
// connection starts them afresh, a pong adds its round trip.
func newRateCharts(c *connPage, panel *connPanel) *rateCharts {
	rc := newRateChartWidgets()
	rc.panel = panel
	panel.charts = rc.content
	c.observe(rc.react)
	c.ping.onRTT = func(rtt time.Duration) { rc.addRTT(time.Now(), rtt) }
	return rc
}

// react starts afresh with a connection and records a keep-alive pong.
func (c *rateCharts) react(e wsclient.Event) {
	switch e.Kind {
	case wsclient.EventConnected:
		c.reset()
	case wsclient.EventPong:
		c.addRTT(e.Time, e.RTT)
	}
}

// tick is the counter poller's: it records the rates measured at now, and
// draws if the charts can be seen.
func (c *rateCharts) tick(now time.Time, sent, recv float64) {
	c.sampleRates(now, sent, recv)
	if c.panel.chartsShown() {
		c.draw(now)
	}
}

// newRateChartWidgets makes the charts, empty.
func newRateChartWidgets() *rateCharts {
	c := &rateCharts{
		rates: kit.NewChart(rateChartHeight, theme.ColorNamePrimary, theme.ColorNameSuccess),
		ping:  kit.NewChart(rateChartHeight, theme.ColorNameWarning),
	}
	// Side by side: two charts of half the section's width read better
	// than one above the other at the default window size, which would
	// push the certificate rows below the fold.
	c.content = container.NewGridWithColumns(2, c.rates, c.ping)
	c.reset()
	return c
}

// reset forgets the samples of an earlier connection.
func (c *rateCharts) reset() {
	c.sent.Reset()
	c.recv.Reset()
	c.rtt.Reset()
}

// sampleRates records the rates measured at now.
func (c *rateCharts) sampleRates(now time.Time, sent, recv float64) {
	c.sent.Add(now, sent)
	c.recv.Add(now, recv)
}

// addRTT records a pong's round trip, answered at at.
func (c *rateCharts) addRTT(at time.Time, rtt time.Duration) {
	c.rtt.Add(at, float64(rtt)/float64(time.Millisecond))
}

// draw shows the last minute as of now.
func (c *rateCharts) draw(now time.Time) {
	c.ratesFrame.Update(now, present.ChartWindow, present.RateAxis, &c.sent, &c.recv)
	c.rttFrame.Update(now, present.ChartWindow, present.MillisAxis, &c.rtt)
	c.rateLegend[0] = "sent " + present.FormatRate(lastValue(&c.sent))
	c.rateLegend[1] = "received " + present.FormatRate(lastValue(&c.recv))
	c.rttLegend[0] = "ping round trip: none yet"
	if s, ok := c.rtt.Last(); ok {
		c.rttLegend[0] = "ping round trip " + present.FormatMillis(s.Value)
	}
	c.rates.Draw(&c.ratesFrame, c.rateLegend[:])
	c.ping.Draw(&c.rttFrame, c.rttLegend[:])
}

// lastValue is a trend's newest value, 0 if it has none.
func lastValue(t *present.Trend) float64 {
	s, _ := t.Last()
	return s.Value
}

// chartsShown says whether the Connection section, and so the charts in
// it, can be seen: open, and the page connected (the charts are a row of
// the connection's form).
func (p *connPanel) chartsShown() bool {
	return p.section.Visible() && p.item.Open && len(p.form.Objects) > 0
}
