package checkpage

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// checkWarning is said above Run, where nobody can miss it: the check is
// an attack on the server's parser, a gentle one, but an attack.
// One line at the default window size, so that the table keeps its room.
const checkWarning = "The check sends malformed frames on purpose: point it only at a server you run or may test."

// resultsShareKey remembers the results' share of the page's height, as
// the user dragged the divider above them.
const resultsShareKey = "check.resultsShare"

// checkCloseWait bounds how long Close waits for a cancelled run: Run
// stops at once when its context ends (it closes the case's connection),
// so this is only a guard against a hang at quit.
const checkCloseWait = 3 * time.Second

// Env is what the shell hands the page: what every page of its own
// package gets (kit.PageEnv; Prefs keeps the categories chosen between
// runs, and the divider above the results), and the address and the
// authority of the built-in server.
type Env struct {
	kit.PageEnv
	// Address is what the address field starts with; Remember keeps the
	// address of a run for the next start.
	Address  string
	Remember func(addr string)
	// CA is the built-in server's test authority, trusted for wss:// as on
	// the client authentication page; nil when the server did not start.
	CA *x509.Certificate
}

// Page is scenario 5, "Check a server": package conformance run from
// the window against one echo endpoint. The address, the categories and
// the connection options go in; Run checks them one case at a time on a
// goroutine of its own, the results fill the table as each case ends,
// Cancel stops at once, and Save report… writes the report as JSON, HTML
// or Markdown. It has no connection of its own to show: every case opens
// and closes its own, inside conformance.
//
// Its fields belong to the UI goroutine. The run's goroutine puts each
// finished case in the run's inbox; a poller (kit.StartPoller, through
// env.Do) takes what has arrived at most ten times a second and shows it
// in one go, so a run of 517 fast cases costs a few dozen redraws, not
// 517. One env.Do more ends the run.
type Page struct {
	env Env

	address    *widget.Entry
	categories *categoryPicker
	options    *checkOptions
	runBtn     *widget.Button
	cancelBtn  *widget.Button
	save       *kit.ReportSaver
	progress   *widget.ProgressBar // "255 of 276 · H.9": how far, and the case that runs
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
	stopPoll   func() // stops the poller that shows the results

	mu    sync.Mutex
	inbox []conformance.Result // finished cases not shown yet
}

// deliver is conformance.Run's progress: it keeps res for the next
// flush. The run's goroutine.
func (r *checkRun) deliver(res conformance.Result) {
	r.mu.Lock()
	r.inbox = append(r.inbox, res)
	r.mu.Unlock()
}

// take empties the inbox. Any goroutine.
func (r *checkRun) take() []conformance.Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	batch := r.inbox
	r.inbox = nil
	return batch
}

// New builds the page.
func New(env Env) *Page {
	p := &Page{env: env, check: conformance.Run}
	p.address = widget.NewEntry()
	p.address.SetPlaceHolder("ws://host:port/path or wss://host:port/path")
	p.address.SetText(env.Address)
	p.address.OnSubmitted = func(string) { p.Run() } // Enter = Run
	p.categories = newCategoryPicker(env.Prefs)
	p.options = newCheckOptions(env.Window)
	p.runBtn = widget.NewButtonWithIcon("Run", theme.MediaPlayIcon(), p.Run)
	p.runBtn.Importance = widget.HighImportance
	p.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.MediaStopIcon(), p.Cancel)
	p.save = kit.NewReportSaver(env.Window, "websocket-check", func() kit.Reportable {
		if p.report == nil {
			return nil // not a nil *Report in an interface
		}
		return p.report
	}, env.Notify)
	p.progress = widget.NewProgressBar()
	p.results = newCheckResults(env.Clipboard)
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

	header := kit.PageHeader(env.Title,
		"This scenario checks a WebSocket echo endpoint against RFC 6455 as Autobahn|Testsuite's fuzzing "+
			"client does: each case opens its own connection and judges what comes back. Click a case for its details.")
	addressRow := container.NewBorder(nil, nil, widget.NewLabel("Server address:"),
		container.NewHBox(p.categories.button, p.options.button), p.address)
	runRow := container.NewHBox(p.categories.run)
	warningText := widget.NewLabelWithStyle(checkWarning, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	warningText.Wrapping = fyne.TextWrapWord
	warning := container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, warningText)
	buttons := container.NewBorder(nil, nil, container.NewHBox(p.runBtn, p.cancelBtn),
		container.NewHBox(p.results.filterBar, p.save.Button), p.progress)
	// The set-up above a divider the user drags, as on the connection
	// pages; the warning, Run and the filter stay with the results, in
	// view however far it is dragged.
	// Dragged up, the address stays in view and the heading scrolls away.
	layout, content := kit.NewControlsAndLog(container.NewVBox(header, addressRow, runRow),
		container.NewBorder(container.NewVBox(warning, buttons), nil, nil, nil, p.results.content), env.Prefs, resultsShareKey)
	layout.KeepInView = addressRow
	p.content = content
	p.update()
	return p
}

// Content is the page's widget tree.
func (p *Page) Content() fyne.CanvasObject { return p.content }

// FocusTarget is the address field: Enter there is Run.
func (p *Page) FocusTarget() fyne.Focusable { return p.address }

// Run is the Run button and Enter in the address field. What cannot
// run is said in red and changes nothing: a bad address (in the words of
// the other pages), a bad option (naming its field), no category.
func (p *Page) Run() {
	if p.run != nil {
		return
	}
	addr := strings.TrimSpace(p.address.Text)
	if _, err := wsclient.ParseURI(addr); err != nil {
		p.env.Notify(err.Error(), true)
		return
	}
	opts, err := p.options.read(p.env.CA)
	if err != nil {
		p.env.Notify(err.Error(), true)
		return
	}
	filter, cases := p.categories.chosen()
	if len(cases) == 0 {
		p.env.Notify("Choose at least one category to check.", true)
		return
	}
	p.env.Remember(addr)

	ctx, cancel := context.WithCancel(context.Background())
	r := &checkRun{cancel: cancel, done: make(chan struct{})}
	p.run, p.report = r, nil
	p.results.begin(cases)
	p.planned = len(cases)
	p.progress.Max = float64(len(cases))
	p.progress.SetValue(0)
	p.env.Notify(fmt.Sprintf("Checking %s: %s…", addr, casesWord(len(cases))), false)
	p.update()
	r.stopPoll = kit.StartPoller(kit.CounterRefresh, p.env.Do, r.done, func() { p.flush(r) })
	go func() {
		defer close(r.done)
		rep, err := p.check(ctx, addr, opts, filter, r.deliver)
		p.env.Do(func() { p.runEnded(r, rep, err) })
	}()
}

// Cancel is the Cancel button: the run's context ends, conformance
// closes the case's connection at once, and runEnded follows.
func (p *Page) Cancel() {
	r := p.run
	if r == nil || r.cancelling {
		return
	}
	r.cancelling = true
	r.cancel()
	p.env.Notify("Cancelling…", false)
	p.update()
}

// flush shows the cases that finished since the last flush, all at once.
func (p *Page) flush(r *checkRun) {
	if r != p.run {
		return
	}
	batch := r.take()
	if len(batch) == 0 {
		return
	}
	p.results.add(batch...)
	p.progress.SetValue(float64(p.results.done))
}

// runEnded puts the page back after a run and says how it ended. An error
// without a report means nothing could be checked (a server that cannot
// be reached, refuses the handshake or is not an echo): conformance says
// which in plain words, and the page is ready for another address.
func (p *Page) runEnded(r *checkRun, rep *conformance.Report, err error) {
	if r != p.run {
		return
	}
	r.stopPoll()
	p.flush(r) // the cases that ended since the last tick
	p.run = nil
	r.cancel() // releases the context
	msg, isError := "", false
	switch {
	case rep == nil && errors.Is(err, context.Canceled):
		msg = "Cancelled before the first case."
	case rep == nil:
		msg, isError = "Nothing was checked: "+err.Error(), true
	case errors.Is(err, context.Canceled): // the report of the cases done
		msg = fmt.Sprintf("Cancelled after %d of %s: %s.", len(rep.Results), casesWord(p.planned), verdictCounts(rep.Summary))
	case err != nil || rep.Stopped != "": // the run stopped on its own: conformance says why
		why := rep.Stopped
		if err != nil {
			why = err.Error()
		}
		msg = fmt.Sprintf("Stopped after %d of %s (%s): %s.", len(rep.Results), casesWord(p.planned), verdictCounts(rep.Summary),
			strings.TrimSuffix(why, "."))
		isError = true
	default:
		msg = fmt.Sprintf("Checked %s: %s in %s.", rep.URI, rep.Summary, conformance.Round(rep.Duration))
		if rep.Failed() {
			isError = true
		}
	}
	if rep != nil {
		p.report = rep
	}
	p.results.end(rep, msg) // without a report, the table gives way to msg
	p.progress.Refresh()    // no case runs now
	p.env.Notify(msg, isError)
	p.update()
}

// update enables the controls: everything that sets up a run while idle,
// Cancel while a run is on, Save report… once there is a report.
func (p *Page) update() {
	idle := p.run == nil
	kit.SetEnabled(p.address, idle)
	kit.SetEnabled(p.categories.button, idle)
	kit.SetEnabled(p.categories.run, idle)
	kit.SetEnabled(p.options.button, idle)
	kit.SetEnabled(p.runBtn, idle)
	kit.SetEnabled(p.cancelBtn, !idle && !p.run.cancelling)
	kit.SetEnabled(p.save.Button, idle && p.report != nil)
}

// Leave cancels a run, as the other pages close their connection when
// the user switches away: a check is connections to the server too. Its
// end still reaches the page; the status bar belongs to the page shown.
func (p *Page) Leave() { p.Cancel() }

// Close cancels a run and waits for its goroutine (a moment; bounded).
func (p *Page) Close() {
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

// verdictCounts is "15 OK, 0 FAILED", with the other statuses only when
// some case has them.
func verdictCounts(s conformance.Summary) string {
	out := fmt.Sprintf("%d OK, %d FAILED", s.Pass, s.Fail)
	for _, v := range conformance.Verdicts() {
		if n := s.Count(v); n > 0 && v != conformance.Pass && v != conformance.Fail {
			out += fmt.Sprintf(", %d %s", n, v)
		}
	}
	return out
}

// What the window's tests ask of the page (the golden pictures, the
// window's keys, leaving the page): each does or reads what a person
// sees.

// Choose checks the categories keys and no other, as ticking them does.
func (p *Page) Choose(keys ...string) { p.categories.Choose(keys...) }

// SetCheck puts check in conformance.Run's place for the next runs: the
// golden pictures need a run with fixed times.
func (p *Page) SetCheck(check func(ctx context.Context, uri string, opts conformance.Options,
	filter func(conformance.Case) bool, progress func(conformance.Result)) (*conformance.Report, error)) {
	p.check = check
}

// Running reports whether a run is going on.
func (p *Page) Running() bool { return p.run != nil }

// Done is how many cases of the latest run have ended.
func (p *Page) Done() int { return p.results.done }

// Report is the latest run's report, nil if none (or it checked nothing).
func (p *Page) Report() *conformance.Report { return p.report }

// Fold folds or unfolds the table's category key, as its row's tap does.
func (p *Page) Fold(key string) { p.results.toggle(key) }

// Select shows case id whole, as a tap on its row does; false if the
// table has no such case.
func (p *Page) Select(id string) bool { return p.results.Select(id) }

// Said is what the table says in words: the message that stands in its
// place when it is empty, and its totals line.
func (p *Page) Said() (message, totals string) {
	return p.results.message.Text, p.results.totalsLine()
}
