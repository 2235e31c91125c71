package ui

import (
	"fmt"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// transferPanel is the "Send file…" button and, while a file is on its
// way, its progress: a bar (bytes sent / size), the live rate, the time left,
// Cancel, and a chart of the rate since the transfer began (its time axis
// 10, 20, 30 s, then the last minute: present.TransferSpan). It owns no
// goroutine: the page's counter poller calls tick. UI goroutine only.
type transferPanel struct {
	send     *widget.Button
	cancel   *widget.Button
	bar      *widget.ProgressBar
	progress *widget.Label
	running  fyne.CanvasObject // bar, text and Cancel; hidden when idle

	transfer *wsclient.Transfer // the file on its way, nil when idle
	meter    rateMeter
	started  time.Time // when the transfer began, for the chart's time axis
	rate     present.Trend
	frame    present.ChartFrame
	legend   [1]string
	chart    *kit.Chart
}

// transferChartHeight is the height of the transfer's chart: lower than
// the Connection section's, as it pushes the log down while it shows.
const transferChartHeight = 80

func newTransferPanel(onSend func()) *transferPanel {
	t := &transferPanel{
		send:     widget.NewButtonWithIcon("Send file…", theme.UploadIcon(), onSend),
		bar:      widget.NewProgressBar(),
		progress: widget.NewLabel(""),
		chart:    kit.NewChart(transferChartHeight, theme.ColorNamePrimary),
	}
	t.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), t.onCancel)
	t.bar.TextFormatter = func() string { return fmt.Sprintf("%.0f%%", 100*t.bar.Value) }
	t.running = container.NewVBox(
		container.NewBorder(nil, nil, nil, t.cancel, container.NewVBox(t.bar, t.progress)),
		t.chart)
	t.running.Hide()
	return t
}

// begin shows the progress of a transfer that has just started.
func (t *transferPanel) begin(tr *wsclient.Transfer) {
	t.transfer = tr
	t.meter.reset()
	t.started = time.Now()
	t.rate.Reset()
	t.draw(t.started, 0)
	t.bar.SetValue(0)
	t.progress.SetText(transferText(0, tr.Size, 0, false))
	t.cancel.Enable()
	t.running.Show()
}

// tick refreshes the progress from the transfer's counter (from the
// counter poller, at most ten times a second).
func (t *transferPanel) tick(now time.Time) {
	tr := t.transfer
	if tr == nil {
		return
	}
	sent := tr.Sent()
	t.meter.add(now, sent, 0)
	rate, _ := t.meter.rates()
	if tr.Size > 0 {
		if v := float64(sent) / float64(tr.Size); v != t.bar.Value {
			t.bar.SetValue(v)
		}
	}
	if s := transferText(sent, tr.Size, rate, len(t.meter.samples) > 1); s != t.progress.Text {
		t.progress.SetText(s)
	}
	if len(t.meter.samples) > 1 {
		t.rate.Add(now, rate)
	}
	t.draw(now, rate)
}

// draw shows the rate since the transfer began, as of now.
func (t *transferPanel) draw(now time.Time, rate float64) {
	t.frame.Update(now, present.TransferSpan(now.Sub(t.started)), present.RateAxis, &t.rate)
	t.legend[0] = "file sent " + present.FormatRate(rate)
	t.chart.Draw(&t.frame, t.legend[:])
}

// end hides the progress once the transfer is over (its result is in the
// log).
func (t *transferPanel) end() {
	t.transfer = nil
	t.running.Hide()
}

func (t *transferPanel) onCancel() {
	if t.transfer != nil {
		t.transfer.Cancel() // the connection stays open; EventTransferDone follows
		t.cancel.Disable()
		t.progress.SetText("Cancelling…")
	}
}

// transferText is the line under the progress bar: "3.2 MB of 10.5 MB,
// 11.0 MB/s, about 1 s left". measured says whether rate is known yet.
func transferText(sent, size int64, rate float64, measured bool) string {
	s := present.FormatBytes(sent) + " of " + present.FormatBytes(size)
	if !measured {
		return s
	}
	s += ", " + present.FormatRate(rate)
	switch left := size - sent; {
	case left <= 0:
		return s + ", waiting for the echo"
	case rate <= 0:
		return s + ", stalled"
	default:
		return s + ", about " + formatLeft(time.Duration(float64(left)/rate*float64(time.Second))) + " left"
	}
}

// formatLeft rounds a remaining time the way a person reads it: whole
// seconds below two minutes, then minutes.
func formatLeft(d time.Duration) string {
	switch {
	case d < time.Second:
		return "1 s"
	case d < 2*time.Minute:
		return fmt.Sprintf("%.0f s", math.Ceil(d.Seconds()))
	case d < 100*time.Hour:
		return fmt.Sprintf("%.0f min", math.Ceil(d.Minutes()))
	}
	return "ages"
}
