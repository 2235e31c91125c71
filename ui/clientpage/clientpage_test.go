package clientpage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/ui/internal/uitest"
	"github.com/wssample/wssample/ui/kit"
)

// harness is the page in a test window, as the shell builds it: its UI
// work runs on the test goroutine through q; what it says goes to msg.
type harness struct {
	t   *testing.T
	q   *uitest.Queue
	w   fyne.Window
	p   *Page
	app fyne.App
	msg string
	red bool
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, q: uitest.NewQueue(), app: test.NewTempApp(t)}
	h.w = test.NewTempWindow(t, nil)
	h.p = New(Env{kit.PageEnv{
		Title:     "Check a client",
		Do:        h.q.Do,
		Notify:    func(msg string, isError bool) { h.msg, h.red = msg, isError },
		Window:    h.w,
		Prefs:     h.app.Preferences(),
		Clipboard: h.app.Clipboard(),
	}})
	h.w.SetContent(h.p.Content())
	h.w.Resize(fyne.NewSize(1000, 700))
	t.Cleanup(func() {
		h.p.Close()
		h.q.Drain()
	})
	return h
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	h.q.WaitFor(h.t, what, cond)
}

// start starts the server on a free loopback port with the cases
// patterns, and fails unless it listens.
func (h *harness) start(patterns string) {
	h.t.Helper()
	h.p.SetAddress("127.0.0.1:0")
	h.p.SetCases(patterns)
	test.Tap(h.p.startBtn)
	if !h.p.Listening() || h.red {
		h.t.Fatalf("Start: listening %v, said %q (red %v)", h.p.Listening(), h.msg, h.red)
	}
}

// stop taps Stop and waits until the server has stopped.
func (h *harness) stop() {
	h.t.Helper()
	test.Tap(h.p.stopBtn)
	h.waitFor("the server to stop", func() bool { return !h.p.Listening() && !h.p.Stopping() })
	if h.p.startBtn.Disabled() || !h.p.stopBtn.Disabled() || h.p.URL() != "" {
		h.t.Fatalf("after Stop: Start off %v, Stop off %v, URL %q", h.p.startBtn.Disabled(), h.p.stopBtn.Disabled(), h.p.URL())
	}
}

// waitOwn waits for this app's clients to be done, as long as results
// keep coming (each wait is uitest's bound).
func (h *harness) waitOwn() {
	h.t.Helper()
	for h.p.OwnRunning() {
		n := h.count()
		h.waitFor(fmt.Sprintf("a result after %d, or the end", n), func() bool { return !h.p.OwnRunning() || h.count() != n })
	}
}

// count is how many results the page holds, over every agent.
func (h *harness) count() int {
	n := 0
	for _, m := range h.p.results.byAgent {
		n += len(m)
	}
	return n
}

// The whole round as a person does it: Start, the URL with Copy, this
// app's clients through a few categories, the verdicts in the list as
// they come, a case's detail, the verdict filter, the report saved, Stop.
func TestClientPageRunsOwnClients(t *testing.T) {
	h := newHarness(t)
	p := h.p
	if !p.stopBtn.Disabled() || !p.ownBtn.Disabled() || !p.save.Button.Disabled() {
		t.Fatal("before Start, Stop, the clients' button and Save must be off")
	}
	h.start("1.1.*,2.*,5.1,C.*")
	url := p.URL()
	if !strings.HasPrefix(url, "ws://127.0.0.1:") || !strings.Contains(h.msg, url) {
		t.Fatalf("URL %q, status %q", url, h.msg)
	}
	test.Tap(p.copyBtn)
	if got := h.app.Clipboard().Content(); got != url {
		t.Fatalf("Copy put %q on the clipboard, want %q", got, url)
	}

	test.Tap(p.ownBtn)
	if !p.OwnRunning() || !p.ownBtn.Disabled() {
		t.Fatal("the clients' button did not start them")
	}
	h.waitOwn()
	if h.red {
		t.Fatalf("the own clients' run said %q in red", h.msg)
	}
	agents := p.Agents()
	for _, c := range conformance.OwnClients() {
		applies := false
		for _, cs := range p.results.cases {
			applies = applies || c.Applies(cs)
		}
		if applies != strings.Contains(strings.Join(agents, ","), c.Name) {
			t.Errorf("agent %s: applies to a case %v, seen among %v", c.Name, applies, agents)
		}
	}

	// The MessageSocket passes the framing, ping, fragmentation and
	// client-duty cases chosen here (as conformance's own test of it
	// says, §5.2–§5.5, §5.1, §5.3, §4.1); each row shows its verdicts.
	p.ShowAgent("MessageSocket")
	if len(p.results.rows) != len(p.results.cases) {
		t.Fatalf("All cases shows %d rows of %d", len(p.results.rows), len(p.results.cases))
	}
	rep := p.Report()
	if rep == nil || len(rep.Results) != len(p.results.cases) {
		t.Fatalf("MessageSocket's report: %v, want %d results", rep, len(p.results.cases))
	}
	for _, r := range rep.Results {
		if r.Status() != conformance.Pass {
			t.Errorf("MessageSocket, case %s: %s/%s, want OK: %s", r.ID, r.Verdict, r.CloseVerdict, r.Detail)
		}
	}
	row := p.results.list.CreateItem()
	p.results.fillRow(0, row)
	_, colsLabel, _ := rowParts(row)
	cols := colsLabel.Text
	if !strings.HasPrefix(cols, "1.1.1") || !strings.Contains(cols, "OK") || !strings.Contains(cols, "1000") {
		t.Errorf("row 0 reads %q, want case 1.1.1, OK and the client's code 1000", cols)
	}

	// A case's detail: what the client did, in the wire view's words, and
	// the RFC section.
	p.results.list.Select(0)
	d := p.results.detail.Text
	if !p.results.frame.Shown() || !strings.Contains(d, "RFC 6455 §") || !strings.Contains(d, "Client did:") {
		t.Fatalf("the detail of 1.1.1 reads %q", d)
	}

	// The filter: FAILED shows none of MessageSocket's cases; OK all.
	p.results.filterSel.SetSelected(string(conformance.Fail))
	if len(p.results.rows) != 0 {
		t.Errorf("FAILED shows %d rows, want none", len(p.results.rows))
	}
	p.results.filterSel.SetSelected(string(conformance.Pass))
	if len(p.results.rows) != len(p.results.cases) {
		t.Errorf("OK shows %d rows, want %d", len(p.results.rows), len(p.results.cases))
	}
	// The Stream applies to few cases: the others are "not run yet".
	p.ShowAgent("Stream")
	p.results.filterSel.SetSelected(filterNotRun)
	if len(p.results.rows) == 0 || len(p.results.rows) == len(p.results.cases) {
		t.Errorf("Not run yet shows %d of the Stream's %d cases", len(p.results.rows), len(p.results.cases))
	}

	// The report saves as the server check's does.
	p.ShowAgent("MessageSocket")
	if p.save.Button.Disabled() {
		t.Fatal("Save report… is off with a report to save")
	}
	var out bytes.Buffer
	if err := kit.WriteReport(&out, p.Report(), kit.ReportJSON); err != nil {
		t.Fatal(err)
	}
	var back conformance.Report
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back.URI != "MessageSocket" || len(back.Results) != len(rep.Results) {
		t.Fatalf("the saved JSON reads back as %s with %d results (%v)", back.URI, len(back.Results), err)
	}
	test.Tap(p.save.Button)
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("Save report… shows no menu of the formats")
	}
	h.w.Canvas().Overlays().Top().Hide()

	h.stop()
	if !strings.HasPrefix(h.msg, "Stopped") || p.save.Button.Disabled() {
		t.Fatalf("after Stop: %q, Save off %v; the report stays to save", h.msg, p.save.Button.Disabled())
	}
	// It starts again.
	h.start("1.1.1")
	h.stop()
}

// Bad input is said in red, and the page stays usable: a bad address, a
// busy port, a pattern that matches no case; then a good Start works.
func TestClientPageBadInput(t *testing.T) {
	h := newHarness(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct{ addr, cases, want string }{
		{"nonsense", "", "not a listening address"},
		{busy.Addr().String(), "", "Cannot listen on " + busy.Addr().String() + ": another program uses that port."},
		{"127.0.0.1:0", "99.*", "99.*"},
	} {
		h.msg, h.red = "", false
		h.p.SetAddress(c.addr)
		h.p.SetCases(c.cases)
		test.Tap(h.p.startBtn)
		if h.p.Listening() || !h.red || !strings.Contains(h.msg, c.want) {
			t.Errorf("%q %q: listening %v, said %q (red %v), want %q in red", c.addr, c.cases, h.p.Listening(), h.msg, h.red, c.want)
		}
		if h.p.startBtn.Disabled() || h.p.address.Disabled() {
			t.Fatalf("%q: the page is not usable after the error", c.addr)
		}
	}
	h.start("")
	h.stop()
}

// A client that never comes is said, once, after noClientWait; what the
// server notes of a bad request (here: garbage instead of a handshake)
// reaches the status bar; leaving the page stops the server.
func TestClientPageNoClientAndNotes(t *testing.T) {
	h := newHarness(t)
	h.p.noClient = 50 * time.Millisecond
	h.start("1.1.1")
	h.waitFor("the page to say no client came", func() bool { return strings.Contains(h.msg, "No client has asked") && h.red })

	addr := strings.TrimPrefix(h.p.URL(), "ws://")
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(nc, "this is not HTTP\r\n\r\n")
	h.msg = ""
	h.waitFor("a note of the garbage", func() bool { return h.red && h.msg != "" && !strings.Contains(h.msg, "No client") })
	nc.Close()

	// A client comes at last: the red words give way.
	done := make(chan error, 1)
	go func() { done <- h.p.last.RunOwnClient(context.Background(), conformance.OwnClients()[0], nil) }()
	h.waitFor("the page to say the client came", func() bool { return strings.Contains(h.msg, "MessageSocket is running") && !h.red })
	h.waitFor("the client's case", func() bool { return len(h.p.results.byAgent["MessageSocket"]) == 1 })
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	h.p.Leave()
	h.waitFor("Leave to stop the server", func() bool { return !h.p.Listening() && !h.p.Stopping() })
}
