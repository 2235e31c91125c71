package clientpage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/ui/kit"
)

// noClientWait is how long the page waits for a first client before it
// says that none has come: long enough to start a script by hand.
const noClientWait = 30 * time.Second

// urlIdle stands in the URL's place while the server is stopped.
const urlIdle = "(Start listens; the URL appears here)"

// closeWait bounds how long Close waits for the server to stop at quit.
const closeWait = 5 * time.Second

// Env is what the shell hands the page: what every page of its own
// package gets (kit.PageEnv), nothing more.
type Env struct {
	kit.PageEnv
}

// resultsShareKey remembers the results' share of the page's height, as
// the user dragged the divider above them.
const resultsShareKey = "clientcheck.resultsShare"

// Page is "Check a client". Its fields belong to the UI goroutine; the
// server's callbacks write only to inbox.
type Page struct {
	env Env

	address  *widget.Entry // where to listen
	cases    *widget.Entry // which cases, as -cases patterns; empty for all
	startBtn *widget.Button
	stopBtn  *widget.Button
	url      *widget.Label // the URL to give the client
	copyBtn  *widget.Button
	ownBtn   *widget.Button
	save     *kit.ReportSaver
	results  *results
	content  fyne.CanvasObject

	srv     *conformance.FuzzingServer // the server listening, nil when stopped
	last    *conformance.FuzzingServer // the latest server, kept for its report after Stop
	stopped chan struct{}              // closed when srv's Stop has returned
	since   time.Time                  // when srv started
	waited  bool                       // "no client yet" was said
	poll    func()                     // stops the poller
	own     *ownRun                    // this app's clients under way, nil if none
	inbox   inbox

	noClient time.Duration // noClientWait; shorter in tests
}

// ownRun is one press of "Run this app's clients".
type ownRun struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// inbox is what the server's goroutines hand the page between two polls.
type inbox struct {
	mu      sync.Mutex
	results []conformance.AgentResult
	notes   []string
}

func (in *inbox) addResult(r conformance.AgentResult) {
	in.mu.Lock()
	in.results = append(in.results, r)
	in.mu.Unlock()
}

func (in *inbox) addNote(s string) {
	in.mu.Lock()
	if len(in.notes) < 100 { // a flood of bad connections stays bounded
		in.notes = append(in.notes, s)
	}
	in.mu.Unlock()
}

func (in *inbox) take() ([]conformance.AgentResult, []string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	r, n := in.results, in.notes
	in.results, in.notes = nil, nil
	return r, n
}

// New builds the page, stopped.
func New(env Env) *Page {
	p := &Page{env: env, noClient: noClientWait}
	p.address = widget.NewEntry()
	p.address.SetText(conformance.DefaultFuzzingAddr)
	p.address.SetPlaceHolder(conformance.DefaultFuzzingAddr)
	p.address.OnSubmitted = func(string) { p.Start() }
	p.cases = widget.NewEntry()
	p.cases.SetPlaceHolder("all cases, or patterns such as 1.*,5.*,C.*")
	p.cases.OnSubmitted = func(string) { p.Start() }
	p.startBtn = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), p.Start)
	p.startBtn.Importance = widget.HighImportance
	p.stopBtn = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), p.Stop)
	p.url = widget.NewLabelWithStyle(urlIdle, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	p.url.Selectable = true
	p.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), p.copyURL)
	p.ownBtn = widget.NewButtonWithIcon("Run this app's clients", theme.MediaFastForwardIcon(), p.RunOwnClients)
	p.results = newResults(env.Clipboard, func() { p.update() })
	p.save = kit.NewReportSaver(env.Window, "websocket-client-check", func() kit.Reportable {
		if rep := p.Report(); rep != nil {
			return rep
		}
		return nil
	}, env.Notify)

	header := kit.PageHeader(env.Title,
		"This scenario checks a WebSocket client as Autobahn|Testsuite's fuzzing server does: Start listens, "+
			"the client asks for each case by URL (/getCaseCount, /runCase?case=N&agent=A …) and echoes what it "+
			"receives, and each case's verdict appears as it ends. Click a case for what the client did.")
	listen := container.NewBorder(nil, nil, widget.NewLabel("Listen on:"), nil, p.address)
	cases := container.NewBorder(nil, nil, widget.NewLabel("Cases:"), nil, p.cases)
	setup := container.NewGridWithColumns(2, listen, cases)
	urlRow := container.NewBorder(nil, nil, widget.NewLabel("Give the client:"), p.copyBtn, p.url)
	buttons := container.NewBorder(nil, nil, container.NewHBox(p.startBtn, p.stopBtn, p.ownBtn), p.save.Button)
	// The set-up above a divider the user drags, as on the connection
	// pages; the buttons stay with the results, in view however far.
	// Dragged up, the URL to give the client stays in view and the heading
	// scrolls away.
	layout, content := kit.NewControlsAndLog(container.NewVBox(header, setup, urlRow),
		container.NewBorder(buttons, nil, nil, nil, p.results.content), env.Prefs, resultsShareKey)
	layout.KeepInView = urlRow
	p.content = content
	p.update()
	return p
}

// Content is the page's widget tree.
func (p *Page) Content() fyne.CanvasObject { return p.content }

// FocusTarget is the address field: Enter there is Start.
func (p *Page) FocusTarget() fyne.Focusable { return p.address }

// Start is the Start button: listen where the field says. A bad address,
// a busy port or a pattern that matches no case is said in red, and the
// page stays as it was.
func (p *Page) Start() {
	if p.srv != nil || p.stopped != nil {
		return
	}
	opts := conformance.FuzzingOptions{OnResult: p.inbox.addResult, OnNote: p.inbox.addNote}
	if pat := strings.TrimSpace(p.cases.Text); pat != "" {
		f, err := conformance.ClientCaseFilter(pat)
		if err != nil {
			p.env.Notify(err.Error(), true)
			return
		}
		opts.Filter = f
	}
	addr := strings.TrimSpace(p.address.Text)
	srv, err := conformance.StartFuzzingServer(context.Background(), addr, opts)
	if err != nil {
		p.env.Notify(listenProblem(addr, err), true)
		return
	}
	p.inbox.take() // nothing of an earlier server
	p.srv, p.last, p.since, p.waited = srv, srv, time.Now(), false
	p.results.begin(srv.Cases())
	p.url.SetText(srv.URL())
	p.poll = kit.StartPoller(kit.CounterRefresh, p.env.Do, srv.Done(), p.drain)
	p.env.Notify(fmt.Sprintf("Listening on %s with %d cases: point the client there (it asks /getCaseCount, then /runCase?case=N&agent=NAME).",
		srv.URL(), len(srv.Cases())), false)
	p.update()
}

// listenProblem says why Start could not listen on addr: a busy port in
// words a person acts on (a second copy of the app, or Autobahn's own
// server, may hold 9001), anything else as it is.
func listenProblem(addr string, err error) string {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Sprintf("Cannot listen on %s: another program uses that port. Choose another port, or 127.0.0.1:0 for any free one.", addr)
	}
	return err.Error()
}

// Stop is the Stop button: the clients of this app stop, the cases under
// way end (judged as interrupted) and the server stops listening. The
// wait is off the UI goroutine; stopDone follows.
func (p *Page) Stop() {
	srv := p.srv
	if srv == nil {
		return
	}
	p.srv = nil
	stopped := make(chan struct{})
	p.stopped = stopped
	own := p.own
	if own != nil {
		own.cancel()
	}
	p.update()
	go func() {
		defer close(stopped)
		if own != nil {
			<-own.done
		}
		srv.Stop()
		p.env.Do(func() { p.stopDone(stopped) })
	}()
}

// stopDone puts the page back once the server has stopped.
func (p *Page) stopDone(stopped chan struct{}) {
	if p.stopped != stopped {
		return
	}
	p.stopped = nil
	if p.poll != nil {
		p.poll()
		p.poll = nil
	}
	p.drain() // the results of the cases that ended on the way
	p.url.SetText(urlIdle)
	p.env.Notify(fmt.Sprintf("Stopped. %s: the results stay, to read and to save.", agentsWord(len(p.results.agents))), false)
	p.update()
}

// RunOwnClients is the button "Run this app's clients": wsclient's
// MessageSocket (plain and offering permessage-deflate), FrameSocket and
// Stream, each through every case that applies to it, at once, each as an
// agent of its own.
func (p *Page) RunOwnClients() {
	srv := p.srv
	if srv == nil || p.own != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := &ownRun{cancel: cancel, done: make(chan struct{})}
	p.own = run
	p.env.Notify("Running this app's clients through the cases…", false)
	p.update()
	go func() {
		defer close(run.done)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var errs []string
		for _, c := range conformance.OwnClients() {
			wg.Go(func() {
				if err := srv.RunOwnClient(ctx, c, nil); err != nil && ctx.Err() == nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		p.env.Do(func() { p.ownDone(run, ctx.Err() != nil, errs) })
	}()
}

// ownDone says how the run of this app's clients ended.
func (p *Page) ownDone(run *ownRun, cancelled bool, errs []string) {
	if p.own != run {
		return
	}
	p.own = nil
	run.cancel()
	p.drain()
	switch {
	case len(errs) > 0:
		p.env.Notify("This app's clients: "+strings.Join(errs, "; "), true)
	case !cancelled:
		p.env.Notify("This app's clients are done; choose one as the agent to see its verdicts.", false)
	}
	p.update()
}

// drain moves what the server handed over since the last poll to the
// widgets, and says what is worth saying: a note (a bad request, a case
// that does not exist), or that no client came.
func (p *Page) drain() {
	res, notes := p.inbox.take()
	if len(res) > 0 {
		had := len(p.results.agents)
		p.results.add(res)
		if n := len(p.results.agents); n > had && p.own == nil {
			// Replaces "listening" or "no client yet": someone came.
			p.env.Notify(fmt.Sprintf("%s is running through the cases; choose it as the agent to see its verdicts.", p.results.agents[n-1]), false)
		}
	}
	if len(notes) > 0 {
		msg := notes[len(notes)-1]
		if len(notes) > 1 {
			msg = fmt.Sprintf("%s (and %d more notes)", msg, len(notes)-1)
		}
		p.env.Notify(msg, true)
	}
	if p.srv != nil && !p.waited && len(p.results.agents) == 0 && time.Since(p.since) >= p.noClient {
		p.waited = true
		p.env.Notify(fmt.Sprintf("No client has asked for a case in %v: is it pointed at %s?", p.noClient, p.srv.URL()), true)
	}
	p.update()
}

// agentsWord says how many clients came: "3 clients came".
func agentsWord(n int) string {
	switch n {
	case 0:
		return "No client came"
	case 1:
		return "1 client came"
	}
	return fmt.Sprintf("%d clients came", n)
}

// copyURL puts the URL on the clipboard.
func (p *Page) copyURL() {
	if p.srv == nil || p.env.Clipboard == nil {
		return
	}
	p.env.Clipboard.SetContent(p.url.Text)
	p.env.Notify("Copied "+p.url.Text+".", false)
}

// update enables the controls.
func (p *Page) update() {
	listening := p.srv != nil
	idle := !listening && p.stopped == nil
	kit.SetEnabled(p.address, idle)
	kit.SetEnabled(p.cases, idle)
	kit.SetEnabled(p.startBtn, idle)
	kit.SetEnabled(p.stopBtn, listening)
	kit.SetEnabled(p.copyBtn, listening)
	kit.SetEnabled(p.ownBtn, listening && p.own == nil)
	kit.SetEnabled(p.save.Button, p.last != nil && len(p.results.byAgent[p.results.agent]) > 0)
}

// Leave stops the server, as the other pages close their connection when
// the user switches away.
func (p *Page) Leave() { p.Stop() }

// Close stops the server at quit and waits for it, a few seconds at most.
func (p *Page) Close() {
	p.Stop()
	if p.poll != nil {
		p.poll()
	}
	if st := p.stopped; st != nil {
		select {
		case <-st:
		case <-time.After(closeWait):
		}
	}
}

// What the tests and the shell ask of the page.

// Listening reports whether the server is listening.
func (p *Page) Listening() bool { return p.srv != nil }

// Stopping reports whether a Stop is still under way.
func (p *Page) Stopping() bool { return p.stopped != nil }

// OwnRunning reports whether this app's clients are under way.
func (p *Page) OwnRunning() bool { return p.own != nil }

// URL is the URL the page shows to give the client, "" when stopped.
func (p *Page) URL() string {
	if p.srv == nil {
		return ""
	}
	return p.url.Text
}

// SetAddress and SetCases fill the fields, as typing does.
func (p *Page) SetAddress(s string) { p.address.SetText(s) }

// SetCases fills the Cases field.
func (p *Page) SetCases(s string) { p.cases.SetText(s) }

// Agents are the agents the page has seen, in order.
func (p *Page) Agents() []string { return append([]string(nil), p.results.agents...) }

// ShowAgent shows agent's cases, as choosing it does.
func (p *Page) ShowAgent(agent string) { p.results.agentSel.SetSelected(agent) }

// Report is the shown agent's report so far, nil when there is none.
func (p *Page) Report() *conformance.Report {
	if p.last == nil || p.results.agent == "" {
		return nil
	}
	return p.last.Report(p.results.agent)
}
