package protoview

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/wsclient"
)

// The connection timeline: how one connect attempt went, step by step
// (wsclient.Timeline: DNS, TCP, TLS, the HTTP upgrade, the WebSocket
// open). Every attempt has one, reconnects included. The Connection panel
// (package ui's connpanel.go) shows the latest attempt as a TimelineView; the log gets
// a line per attempt (timelineEntry).

// TimelineView shows one attempt: a heading (when, which attempt, how it
// ended), then a row per step, a tick (theme.ConfirmIcon in the success
// colour) for a step that went well and a cross (theme.CancelIcon in the
// error colour, its words in red) for the step that failed. A step with
// details (every address tried, the certificate chain, the request sent
// and the answer) has a button at its end that shows them under it.
// Theme icons, not ✓ and ✗ characters: the bundled font may lack those.
// UI goroutine only.
type TimelineView struct {
	heading *widget.Label
	steps   *fyne.Container // a StepRow's content per step
	rows    []*StepRow
	content *fyne.Container
}

// StepRow is one step on screen.
type StepRow struct {
	step    wsclient.Step
	icon    *widget.Icon
	text    *widget.Label
	expand  *widget.Button // nil when the step has no details
	details *widget.Label  // the step's Lines, hidden until expand
	content *fyne.Container
}

// NewTimelineView makes an empty view.
func NewTimelineView() *TimelineView {
	v := &TimelineView{heading: widget.NewLabel(""), steps: container.NewVBox()}
	v.heading.TextStyle = fyne.TextStyle{Italic: true}
	v.heading.Wrapping = fyne.TextWrapWord
	v.content = container.NewVBox(v.heading, v.steps)
	return v
}

// Content is the view's widget tree.
func (v *TimelineView) Content() fyne.CanvasObject { return v.content }

// Heading is the line above the steps.
func (v *TimelineView) Heading() string { return v.heading.Text }

// Rows are the steps shown, in order.
func (v *TimelineView) Rows() []*StepRow { return v.rows }

// Connecting shows an attempt under way: the steps come with its outcome.
func (v *TimelineView) Connecting(at time.Time, uri string, attempt int) {
	v.heading.SetText(at.Format(present.TimeFormat) + " · " + attemptName(attempt) + ": connecting to " + uri + "…")
	v.setSteps(nil)
}

// Show shows the outcome of an attempt, tl (nil: the attempt ended
// before it had a timeline, e.g. an address refused before dialling).
func (v *TimelineView) Show(tl *wsclient.Timeline, attempt int) {
	v.heading.SetText(timelineHeading(tl, attempt))
	if tl == nil {
		v.setSteps(nil)
		return
	}
	v.setSteps(tl.Steps)
}

// setSteps builds a row per step.
func (v *TimelineView) setSteps(steps []wsclient.Step) {
	v.rows = v.rows[:0]
	objs := make([]fyne.CanvasObject, 0, len(steps))
	for _, s := range steps {
		r := newStepRow(s)
		v.rows = append(v.rows, r)
		objs = append(objs, r.content)
	}
	v.steps.Objects = objs
	v.steps.Refresh()
}

func newStepRow(s wsclient.Step) *StepRow {
	r := &StepRow{step: s, text: widget.NewLabel(s.String())}
	r.text.Wrapping = fyne.TextWrapWord // a failure's words can be long
	r.text.Selectable = true
	if s.Failed {
		r.icon = widget.NewIcon(theme.NewErrorThemedResource(theme.CancelIcon()))
		r.text.Importance = widget.DangerImportance
	} else {
		r.icon = widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	}
	var end fyne.CanvasObject
	if len(s.Lines) > 0 {
		r.details = widget.NewLabelWithStyle(strings.Join(s.Lines, "\n"), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		r.details.Wrapping = fyne.TextWrapBreak // a long header value must not widen the window
		r.details.Selectable = true
		r.details.Hide()
		r.expand = widget.NewButtonWithIcon(detailsLabel(len(s.Lines)), theme.MenuExpandIcon(), r.toggle)
		r.expand.Importance = widget.LowImportance
		r.expand.IconPlacement = widget.ButtonIconTrailingText
		end = r.expand
	}
	r.content = container.NewVBox(container.NewBorder(nil, nil, r.icon, end, r.text))
	if r.details != nil {
		// The details sit under the step's words, indented past the icon.
		indent := theme.IconInlineSize() + theme.Padding()
		r.content.Add(container.New(layout.NewCustomPaddedLayout(0, 0, indent, 0), r.details))
	}
	return r
}

// detailsLabel is the expand button's words: how many lines it opens.
func detailsLabel(n int) string {
	if n == 1 {
		return "1 line"
	}
	return strconv.Itoa(n) + " lines"
}

// Step is the step the row shows.
func (r *StepRow) Step() wsclient.Step { return r.step }

// Text is the step's words as the row shows them.
func (r *StepRow) Text() string { return r.text.Text }

// Icon is the row's tick or cross.
func (r *StepRow) Icon() fyne.Resource { return r.icon.Resource }

// Expand is the button that shows or hides the step's details, nil when
// the step has none.
func (r *StepRow) Expand() *widget.Button { return r.expand }

// Details are the step's details and whether they are shown.
func (r *StepRow) Details() (text string, shown bool) {
	if r.details == nil {
		return "", false
	}
	return r.details.Text, r.details.Visible()
}

// toggle shows or hides the step's details.
func (r *StepRow) toggle() {
	if r.details.Visible() {
		r.details.Hide()
		r.expand.SetIcon(theme.MenuExpandIcon())
	} else {
		r.details.Show()
		r.expand.SetIcon(theme.MenuDropDownIcon())
	}
	r.content.Refresh()
}

// Row returns the row of step kind k, or nil.
func (v *TimelineView) Row(k wsclient.StepKind) *StepRow {
	for _, r := range v.rows {
		if r.step.Kind == k {
			return r
		}
	}
	return nil
}

// attemptName is "attempt 1", and for a reconnect "attempt 3 (reconnect 2)".
func attemptName(attempt int) string {
	name := "attempt " + strconv.Itoa(attempt)
	if attempt > 1 {
		name += " (reconnect " + strconv.Itoa(attempt-1) + ")"
	}
	return name
}

// timelineHeading is the line above the steps: when the attempt began,
// which it was, and how it ended after how long.
func timelineHeading(tl *wsclient.Timeline, attempt int) string {
	if tl == nil {
		return attemptName(attempt) + ": no steps recorded"
	}
	head := tl.Start.Format(present.TimeFormat) + " · " + attemptName(attempt) + ": "
	if f := tl.Failed(); f != nil {
		return head + "failed at " + f.Kind.String() + " after " + roundDuration(tl.Duration)
	}
	return head + "open after " + roundDuration(tl.Duration)
}

// TimelineSummary is the Connection section's title for an attempt's
// outcome: "open", "failed at TCP".
func TimelineSummary(tl *wsclient.Timeline) string {
	if f := tl.Failed(); f != nil {
		return "failed at " + f.Kind.String()
	}
	return "open"
}

// roundDuration writes an attempt's total time: "0.7 ms", "312.4 ms",
// "1.50 s".
func roundDuration(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
}

// TimelinePrefix starts the log's line for an attempt's timeline.
const TimelinePrefix = "Timeline: "

// timelineEntry is the log entry for the timeline an event carries (the
// outcome of a connect attempt: EventConnected or EventConnectFailed),
// and false for any other event. It is one row, Timeline.String(); a
// failed attempt adds the details of the step that failed, indented (the
// addresses tried, the certificate, the request sent and what came back),
// which say why more than the step's own words. The details of a step
// that went well are in the Connection panel, not in the log: every
// connect would otherwise add a dozen rows of headers.
func timelineEntry(e wsclient.Event) (present.LogEntry, bool) {
	tl := e.Timeline()
	if tl == nil || len(tl.Steps) == 0 {
		return present.LogEntry{}, false
	}
	rows := []string{TimelinePrefix + tl.String()}
	if f := tl.Failed(); f != nil {
		for _, l := range f.Lines {
			rows = append(rows, "    "+l)
		}
	}
	return present.LogEntry{Time: e.Time, Kind: present.LogKindConnect, Summary: strings.Join(rows, "\n")}, true
}

// WithProtocolEntries appends to entries the log's entries for event e,
// whose entry as every event has it (eventEntry) is en: an attempt's
// timeline comes right before its outcome, and a frame of the wire view
// is logged as a frame, with its header (wireEntry).
func WithProtocolEntries(entries []present.LogEntry, e wsclient.Event, en present.LogEntry) []present.LogEntry {
	if tl, ok := timelineEntry(e); ok {
		entries = append(entries, tl)
	}
	if e.Kind == wsclient.EventWire {
		en = wireEntry(e)
	}
	return append(entries, en)
}
