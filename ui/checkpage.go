package ui

import (
	"github.com/wssample/wssample/ui/kit"

	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/wsclient"
)

// checkAddressKey is the preference that remembers this page's address.
const checkAddressKey = "check.address"

// checkWarning is said above Run, where nobody can miss it: the check is
// an attack on the server's parser, a gentle one, but an attack.
const checkWarning = "The check sends malformed frames on purpose (wrong lengths, reserved bits, " +
	"invalid UTF-8, bad close codes). Point it only at a server you run or may test."

// checkCloseWait bounds how long Close waits for a cancelled run: Run
// stops at once when its context ends (it closes the case's connection),
// so this is only a guard against a hang at quit.
const checkCloseWait = 3 * time.Second

// checkPage is scenario 5, "Check a server": package conformance run from
// the window against one echo endpoint. The address, the categories and
// the connection options go in; Run checks them one case at a time on a
// goroutine of its own, the results fill the table as each case ends,
// Cancel stops at once, and Save report… writes the report as JSON, HTML
// or Markdown. It has no connection of its own to show: every case opens
// and closes its own, inside conformance.
//
// Its fields belong to the UI goroutine. The run's goroutine feeds it
// through env.do: one call per finished case, one when the run ends.
type checkPage struct {
	env pageEnv

	address    *widget.Entry
	categories *categoryPicker
	options    *checkOptions
	runBtn     *widget.Button
	cancelBtn  *widget.Button
	save       *reportSaver
	progress   *widget.ProgressBar // "8 of 113 · handshake.9": how far, and the case that runs
	results    *checkResults
	content    fyne.CanvasObject

	run     *checkRun           // the run going on, nil when idle
	planned int                 // the cases of the last run started, 0 before the first
	report  *conformance.Report // the last run's report, nil if none (or it checked nothing)

	// check is conformance.Run; the golden pictures put a run with fixed
	// times in its place.
	check func(ctx context.Context, uri string, opts conformance.Options,
		filter func(conformance.Case) bool, progress func(conformance.Result)) (*conformance.Report, error)
}

// checkRun is one press of Run; its cases and results are in the table
// (checkResults).
type checkRun struct {
	cancel     context.CancelFunc
	done       chan struct{} // closed when the run's goroutine has ended
	cancelling bool
}

// newCheckPage builds the page (scenarios.go).
func newCheckPage(env pageEnv) page {
	p := &checkPage{env: env, check: conformance.Run}
	p.address = widget.NewEntry()
	p.address.SetPlaceHolder("ws://host:port/path or wss://host:port/path")
	p.address.SetText(env.initialAddress(checkAddressKey, env.builtIn.EchoURL))
	p.address.OnSubmitted = func(string) { p.onRun() } // Enter = Run
	p.categories = newCategoryPicker(env.prefs)
	p.options = newCheckOptions(env.window)
	p.runBtn = widget.NewButtonWithIcon("Run", theme.MediaPlayIcon(), p.onRun)
	p.runBtn.Importance = widget.HighImportance
	p.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.MediaStopIcon(), p.onCancel)
	p.save = newReportSaver(env.window, func() *conformance.Report { return p.report }, env.notify)
	p.progress = widget.NewProgressBar()
	p.results = newCheckResults(env.clipboard)
	p.progress.TextFormatter = func() string {
		if p.planned == 0 { // no run yet: an empty bar, not "0 of 1"
			return ""
		}
		text := fmt.Sprintf("%d of %d", int(p.progress.Value), p.planned)
		if c := p.results.current(); c != nil {
			text += " · " + c.ID // the title is in the table, whose last row it is
		}
		return text
	}

	header := pageHeader(env.title,
		"This scenario checks a WebSocket echo endpoint against RFC 6455 as Autobahn|Testsuite's fuzzing "+
			"client does: each case opens its own connection and judges what comes back. Click a case for its details.")
	addressRow := container.NewBorder(nil, nil, widget.NewLabel("Server address:"),
		container.NewHBox(p.categories.button, p.options.button), p.address)
	warningText := widget.NewLabelWithStyle(checkWarning, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	warningText.Wrapping = fyne.TextWrapWord
	warning := container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, warningText)
	buttons := container.NewBorder(nil, nil, container.NewHBox(p.runBtn, p.cancelBtn), p.save.button, p.progress)
	top := container.NewVBox(header, addressRow, warning, buttons)
	p.content = container.NewBorder(top, nil, nil, nil, p.results.content)
	p.update()
	return p
}

func (p *checkPage) Content() fyne.CanvasObject { return p.content }

// FocusTarget is the address field: Enter there is Run.
func (p *checkPage) FocusTarget() fyne.Focusable { return p.address }

// onRun is the Run button and Enter in the address field. What cannot
// run is said in red and changes nothing: a bad address (in the words of
// the other pages), a bad option (naming its field), no category.
func (p *checkPage) onRun() {
	if p.run != nil {
		return
	}
	addr := strings.TrimSpace(p.address.Text)
	if _, err := wsclient.ParseURI(addr); err != nil {
		p.env.notify(err.Error(), errorMessage)
		return
	}
	opts, err := p.options.read(p.env.builtIn.CA)
	if err != nil {
		p.env.notify(err.Error(), errorMessage)
		return
	}
	filter, cases := p.categories.chosen()
	if len(cases) == 0 {
		p.env.notify("Choose at least one category to check.", errorMessage)
		return
	}
	rememberAddress(p.env.prefs, checkAddressKey, addr, p.env.builtIn)

	ctx, cancel := context.WithCancel(context.Background())
	r := &checkRun{cancel: cancel, done: make(chan struct{})}
	p.run, p.report = r, nil
	p.results.begin(cases)
	p.planned = len(cases)
	p.progress.Max = float64(len(cases))
	p.progress.SetValue(0)
	p.env.notify(fmt.Sprintf("Checking %s: %s…", addr, casesWord(len(cases))), statusMessage)
	p.update()
	go func() {
		defer close(r.done)
		rep, err := p.check(ctx, addr, opts, filter, func(res conformance.Result) {
			p.env.do(func() { p.caseDone(r, res) })
		})
		p.env.do(func() { p.runEnded(r, rep, err) })
	}()
}

// onCancel is the Cancel button: the run's context ends, conformance
// closes the case's connection at once, and runEnded follows.
func (p *checkPage) onCancel() {
	r := p.run
	if r == nil || r.cancelling {
		return
	}
	r.cancelling = true
	r.cancel()
	p.env.notify("Cancelling…", statusMessage)
	p.update()
}

// caseDone shows one finished case.
func (p *checkPage) caseDone(r *checkRun, res conformance.Result) {
	if r != p.run {
		return
	}
	p.results.add(res)
	p.progress.SetValue(float64(p.results.done))
}

// runEnded puts the page back after a run and says how it ended. An error
// without a report means nothing could be checked (a server that cannot
// be reached, refuses the handshake or is not an echo): conformance says
// which in plain words, and the page is ready for another address.
func (p *checkPage) runEnded(r *checkRun, rep *conformance.Report, err error) {
	if r != p.run {
		return
	}
	p.run = nil
	r.cancel() // releases the context
	msg, kind := "", statusMessage
	switch {
	case rep == nil && errors.Is(err, context.Canceled):
		msg = "Cancelled before the first case."
	case rep == nil:
		msg, kind = "Nothing was checked: "+err.Error(), errorMessage
	case err != nil: // cancelled: the report of the cases done
		msg = fmt.Sprintf("Cancelled after %d of %s: %s.", len(rep.Results), casesWord(p.planned), verdictCounts(rep.Summary))
	default:
		msg = fmt.Sprintf("Checked %s: %s in %s.", rep.URI, rep.Summary, conformance.Round(rep.Duration))
		if rep.Failed() {
			kind = errorMessage
		}
	}
	if rep != nil {
		p.report = rep
	}
	p.results.end(rep, msg) // without a report, the table gives way to msg
	p.progress.Refresh()    // no case runs now
	p.env.notify(msg, kind)
	p.update()
}

// update enables the controls: everything that sets up a run while idle,
// Cancel while a run is on, Save report… once there is a report.
func (p *checkPage) update() {
	idle := p.run == nil
	kit.SetEnabled(p.address, idle)
	kit.SetEnabled(p.categories.button, idle)
	kit.SetEnabled(p.options.button, idle)
	kit.SetEnabled(p.runBtn, idle)
	kit.SetEnabled(p.cancelBtn, !idle && !p.run.cancelling)
	kit.SetEnabled(p.save.button, idle && p.report != nil)
}

// Leave cancels a run, as the other pages close their connection when
// the user switches away: a check is connections to the server too. Its
// end still reaches the page; the status bar belongs to the page shown.
func (p *checkPage) Leave() { p.onCancel() }

// Close cancels a run and waits for its goroutine (a moment; bounded).
func (p *checkPage) Close() {
	r := p.run
	if r == nil {
		return
	}
	r.cancel()
	select {
	case <-r.done:
	case <-time.After(checkCloseWait):
	}
}

// casesWord is "1 case" or "12 cases".
func casesWord(n int) string {
	if n == 1 {
		return "1 case"
	}
	return fmt.Sprintf("%d cases", n)
}

// verdictCounts is "15 pass, 0 fail", with the non-strict and
// informational verdicts only when there are some.
func verdictCounts(s conformance.Summary) string {
	out := fmt.Sprintf("%d pass, %d fail", s.Pass, s.Fail)
	if s.NonStrict > 0 {
		out += fmt.Sprintf(", %d non-strict", s.NonStrict)
	}
	if s.Informational > 0 {
		out += fmt.Sprintf(", %d informational", s.Informational)
	}
	return out
}
