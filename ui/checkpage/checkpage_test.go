package checkpage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/ui/internal/uitest"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// checkProbe is a test's handle on the check page in a window of its own,
// with a built-in server of its own to check.
type checkProbe struct {
	h   *harness
	p   *Page
	srv *sampleserver.Server
}

func showCheck(t *testing.T) checkProbe {
	t.Helper()
	srv := testserver.Start(t)
	return checkProbe{newHarness(t, test.NewTempApp(t), srv), nil, srv}.withPage()
}

// withPage is c with its harness's page.
func (c checkProbe) withPage() checkProbe { c.p = c.h.p; return c }

// run taps Run and waits for the run to end.
func (c checkProbe) run() {
	c.h.t.Helper()
	test.Tap(c.p.runBtn)
	c.waitIdle()
}

func (c checkProbe) waitIdle() {
	c.h.t.Helper()
	c.h.waitFor("the check to end; now: "+c.p.results.totalsLine(), func() bool { return c.p.run == nil })
	c.wantIdle()
}

// wantIdle fails unless the page is ready for another run: Run and the
// settings on, Cancel off.
func (c checkProbe) wantIdle() {
	c.h.t.Helper()
	p := c.p
	if p.runBtn.Disabled() || p.address.Disabled() || p.categories.button.Disabled() || p.options.button.Disabled() || !p.cancelBtn.Disabled() {
		c.h.t.Fatalf("idle, but Run %v, address %v, categories %v, options %v, Cancel %v (true = disabled)",
			p.runBtn.Disabled(), p.address.Disabled(), p.categories.button.Disabled(), p.options.button.Disabled(), p.cancelBtn.Disabled())
	}
}

// wantRunning fails unless cs is the case shown running: the progress
// bar names it after done of n, and the table has one running row, it,
// under its category's results.
func (c checkProbe) wantRunning(cs conformance.Case, done, n int) {
	c.h.t.Helper()
	if got, want := c.p.progress.TextFormatter(), fmt.Sprintf("%d of %d · %s", done, n, cs.ID); got != want {
		c.h.t.Fatalf("the progress bar says %q, want %q", got, want)
	}
	at := -1
	for i, row := range c.p.results.rows {
		if row.kind == rowRunning {
			if at >= 0 {
				c.h.t.Fatalf("rows %d and %d both run", at, i)
			}
			at = i
		}
	}
	if at < 0 {
		c.h.t.Fatal("no row shows the case that runs")
	}
	if row := c.shownRow(at); len(row) < 3 || row[0] != cs.ID || row[1] != cs.Title || row[2] != "running…" {
		c.h.t.Fatalf("the running row shows %q, want %s running", row, cs.ID)
	}
	if prev := c.p.results.rows[at-1]; prev.group.cat != cs.Category {
		c.h.t.Fatalf("the running row is not in category %s", cs.Category)
	}
}

// categoryLine is the text of the category's row in the table, "" if it
// has none.
func (c checkProbe) categoryLine(key string) string {
	for _, row := range c.p.results.rows {
		if row.kind == rowCategory && row.group.cat.Key == key {
			return row.group.line(c.p.results.running)
		}
	}
	return ""
}

// shownRow is what the list's row id shows, as drawn: the case line's
// columns, or the category line.
func (c checkProbe) shownRow(id int) []string {
	w := newCheckRowWidget()
	c.p.results.list.UpdateItem(id, w)
	if w.lineRow.Visible() {
		return []string{w.words.Text}
	}
	return []string{w.id.Text, w.title.Text, w.verdict.Text, w.closing.Text, w.observed.Text, w.taken.Text}
}

// A run of two categories against the built-in /echo: UTF-8 handling
// (RFC 6455 §5.6, §8.1: invalid UTF-8 fails the connection with 1007) and
// close handling (§5.5.1, §7.4: the close code echoed, bad codes 1002).
// Every case passes, each category's row sums it up, the status bar has
// the totals, and a case opens to what it sent and what came back.
func TestCheckRunsTwoCategoriesAgainstTheBuiltInEcho(t *testing.T) {
	c := showCheck(t)
	p := c.p
	if p.address.Text != c.srv.URL("/echo") {
		t.Fatalf("the address starts as %q, want the built-in echo %q", p.address.Text, c.srv.URL("/echo"))
	}
	if !p.save.Button.Disabled() {
		t.Fatal("Save report… is enabled before any run")
	}
	p.categories.Choose("6", "7")
	if p.categories.button.Text != "Categories 6, 7" {
		t.Fatalf("the categories button says %q", p.categories.button.Text)
	}
	want := uitest.CasesOf("6", "7")

	start := time.Now()
	test.Tap(p.runBtn)
	if !p.runBtn.Disabled() || p.cancelBtn.Disabled() || !p.address.Disabled() || !p.categories.button.Disabled() || !p.categories.run.Disabled() {
		t.Fatal("while running, Run, the address and the categories must be off and Cancel on")
	}
	c.h.wantStatus("Checking "+c.srv.URL("/echo")+": "+casesWord(len(want))+"…", false)
	c.wantRunning(want[0], 0, len(want))
	c.waitIdle()
	// The results reach the window in batches, at most ten times a
	// second (the poller's ticks), and once more at the end: not one
	// call per case.
	if posted, most := c.h.q.Posted(), int(time.Since(start)/kit.CounterRefresh)+2; posted > most {
		t.Errorf("the run posted %d updates to the UI goroutine in %v; at most %d", posted, time.Since(start), most)
	}

	rep := p.report
	if rep == nil || len(rep.Results) != len(want) {
		t.Fatalf("report %v, want %d results", rep, len(want))
	}
	// RFC 6455 leaves three of Autobahn's close cases to the server: what
	// it does there is INFORMATIONAL, in both behaviours.
	informational := map[string]bool{"7.1.6": true, "7.13.1": true, "7.13.2": true}
	for i, r := range rep.Results {
		wantV := conformance.Pass
		if informational[r.ID] {
			wantV = conformance.Informational
		}
		if r.ID != want[i].ID || r.Verdict != wantV || r.CloseVerdict != wantV {
			t.Errorf("result %d: %s %s/%s (%s), want %s %s", i, r.ID, r.Verdict, r.CloseVerdict, r.Detail, want[i].ID, wantV)
		}
	}
	for _, key := range []string{"6", "7"} {
		n := len(uitest.CasesOf(key))
		cat := uitest.CasesOf(key)[0].Category
		s := conformance.Summary{Total: n, Pass: n}
		if key == "7" {
			s.Pass, s.Informational = n-3, 3
		}
		if got, w := c.categoryLine(key), cat.String()+": "+verdictCounts(s); got != w {
			t.Errorf("category row %q, want %q", got, w)
		}
	}
	totals := fmt.Sprintf("All %d cases: %s in %s", len(want), verdictCounts(conformance.Summary{Pass: len(want) - 3, Informational: 3}), took(conformance.Round(rep.Duration)))
	if got := c.shownRow(0); len(got) != 1 || got[0] != totals {
		t.Errorf("the first row shows %q, want %q", got, totals)
	}
	if got := c.shownRow(1); len(got) != 1 || !strings.HasPrefix(got[0], "6 UTF-8 handling: ") {
		t.Errorf("the second row shows %q, want category 6's totals", got)
	}
	c.h.wantStatus("Checked "+c.srv.URL("/echo")+": "+rep.Summary.String()+" in "+conformance.Round(rep.Duration).String()+".", false)
	if got, w := p.progress.TextFormatter(), fmt.Sprintf("%d of %d", len(want), len(want)); p.progress.Value != p.progress.Max || got != w {
		t.Errorf("progress %v of %v, %q; want %q", p.progress.Value, p.progress.Max, got, w)
	}
	if p.save.Button.Disabled() {
		t.Error("Save report… is off after a run")
	}

	// 6.3.1 sends C3 28 in a text message: the server closes with 1007.
	i := p.results.indexOf("6.3.1")
	if i < 0 {
		t.Fatal("no row for 6.3.1")
	}
	// Both verdicts, as Autobahn's index has them: the behaviour, and the
	// close behaviour with the server's code.
	if row := c.shownRow(i); row[0] != "6.3.1" || row[2] != "OK" || row[3] != "OK, 1007" || !strings.Contains(row[4], "close 1007") {
		t.Errorf("row of 6.3.1: %q", row)
	}
	if !p.results.Select("6.3.1") || p.results.detail.shown != "6.3.1" || !p.results.detail.frame.Shown() {
		t.Fatal("selecting 6.3.1 does not show it")
	}
	detail := p.results.detail.text
	// What went over the wire, in the Frames tab's words: the handshake,
	// the masked text frame, the server's close with 1007, the checker's
	// answer.
	for _, s := range []string{"6.3.1", "Behaviour: OK · Close: OK (the server's code 1007)", "Expected: ",
		"ms  → GET /echo HTTP/1.1 (the opening handshake, ", "ms  ← HTTP/1.1 101 Switching Protocols",
		"ms  → text ", ", FIN, mask key ", "ms  ← close 1007 ", "ms  → close ",
		"Close: The connection was closed properly"} {
		if !strings.Contains(detail, s) {
			t.Errorf("the detail of 6.3.1 has no %q:\n%s", s, detail)
		}
	}
	test.Tap(p.results.detail.frame.Copy)
	if got := c.h.app.Clipboard().Content(); got != detail {
		t.Errorf("Copy put %q on the clipboard", got)
	}
	test.Tap(p.results.detail.frame.Close)
	if p.results.detail.frame.Shown() {
		t.Error("the close button leaves the detail open")
	}

	// The filter by verdict: the three INFORMATIONAL cases alone, then
	// none FAILED, then all again.
	p.results.filter.SetSelected(string(conformance.Informational))
	var shown []string
	for _, row := range p.results.rows {
		if row.kind == rowCase {
			shown = append(shown, row.group.results[row.result].ID)
		}
	}
	if strings.Join(shown, " ") != "7.1.6 7.13.1 7.13.2" {
		t.Errorf("INFORMATIONAL shows %v", shown)
	}
	p.results.filter.SetSelected(string(conformance.Fail))
	if got := len(p.results.rows); got != 3 { // the totals and the two categories
		t.Errorf("FAILED shows %d rows, want 3", got)
	}
	if slices.Contains(p.results.filter.Options, verdictNotRun) {
		t.Error("a whole run offers the cases not run")
	}
	p.results.filter.SetSelected(verdictAll)

	// A click on a category's row folds its cases away, another brings
	// them back.
	rows := len(p.results.rows)
	p.results.list.Select(1)
	if got := len(p.results.rows); got != rows-len(uitest.CasesOf("6")) {
		t.Fatalf("%d rows after folding category 6, want %d", got, rows-len(uitest.CasesOf("6")))
	}
	p.results.list.Select(1)
	if got := len(p.results.rows); got != rows {
		t.Fatalf("%d rows after unfolding category 6, want %d", got, rows)
	}
}

// Cancel ends a run at once, in the middle of a case: the opening
// handshake cases end with one (§4.1, §4.2.1) that sends its request a
// byte every half second, which the built-in server ends only after its
// 10 s header timeout. The cases done stay, with their report.
func TestCheckCancelStopsARunPromptly(t *testing.T) {
	c := showCheck(t)
	p := c.p
	p.categories.Choose("H")
	cases := uitest.CasesOf("H")
	at := slices.IndexFunc(cases, func(c conformance.Case) bool { return strings.Contains(c.Title, "one byte every") })
	if at < 0 {
		t.Fatal("no handshake case sends its request slowly: this test cancels that one")
	}
	slow := cases[at]
	test.Tap(p.runBtn)
	c.h.waitFor("the slow case to start", func() bool { return p.run != nil && p.results.done == at })
	c.wantRunning(slow, at, len(cases))
	start := time.Now()
	test.Tap(p.cancelBtn)
	c.h.wantStatus("Cancelling…", false)
	if !p.cancelBtn.Disabled() || !p.runBtn.Disabled() {
		t.Fatal("while cancelling, Cancel and Run must be off")
	}
	c.waitIdle()
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("Cancel took %v to end the run", took)
	}
	done := at
	c.h.wantStatus(fmt.Sprintf("Cancelled after %d of %s: %s.", done, casesWord(len(cases)), verdictCounts(conformance.Summary{Pass: done})), false)
	if p.report == nil || len(p.report.Results) != done || p.save.Button.Disabled() {
		t.Fatalf("after Cancel: report %v, Save off %v; want the %d cases done, to save", p.report, p.save.Button.Disabled(), done)
	}
	if got := c.categoryLine("H"); !strings.HasSuffix(got, fmt.Sprintf("(%d of %d)", done, len(cases))) {
		t.Errorf("the category row after Cancel says %q", got)
	}
	if got, want := p.results.totalsLine(), fmt.Sprintf("(%d of %d; %d not run)", done, len(cases), len(cases)-done); !strings.HasSuffix(got, want) {
		t.Errorf("the totals after Cancel say %q, want the end %q", got, want)
	}

	// The cases the run did not reach: under All after those done, and
	// alone under "Not run", which only a run that stopped early offers.
	if !slices.Contains(p.results.filter.Options, verdictNotRun) {
		t.Fatalf("after Cancel the filter offers %v", p.results.filter.Options)
	}
	p.results.filter.SetSelected(verdictNotRun)
	var notRun []string
	for i, row := range p.results.rows {
		if row.kind == rowNotRun {
			if r := c.shownRow(i); r[2] != "not run" {
				t.Errorf("a case not run shows %q", r)
			}
			notRun = append(notRun, row.group.notRun[row.result].ID)
		} else if row.kind == rowCase {
			t.Errorf("Not run shows a case that ran")
		}
	}
	var wantNotRun []string
	for _, cs := range cases[done:] {
		wantNotRun = append(wantNotRun, cs.ID)
	}
	if !slices.Equal(notRun, wantNotRun) {
		t.Errorf("Not run shows %v, want %v", notRun, wantNotRun)
	}
	p.categories.Choose("2")
	c.run()
	if slices.Contains(p.results.filter.Options, verdictNotRun) || p.results.only != verdictAll {
		t.Errorf("a whole run after it: the filter offers %v, shows %q", p.results.filter.Options, p.results.only)
	}
}

// What cannot be checked is said in plain words, and the page stays
// ready: a bad address in the words of the other pages (nothing is sent),
// then conformance's own words for a port where nothing listens, a
// refused handshake (a path the server does not have: 404) and an
// endpoint that is not an echo (/sample greets instead, RFC 6455 §5.6 text
// of its own).
func TestCheckSaysWhyNothingWasChecked(t *testing.T) {
	c := showCheck(t)
	p := c.p
	p.categories.Choose("6")
	for _, addr := range []string{"http://127.0.0.1:8080/echo", "", "ws://127.0.0.1:8080/echo#top"} {
		_, perr := wsclient.ParseURI(addr)
		p.address.SetText(addr)
		test.Tap(p.runBtn)
		c.h.wantStatus(perr.Error(), true)
		if p.run != nil {
			t.Fatalf("%q started a run", addr)
		}
		c.wantIdle()
	}

	// /sample's announcement carries the server's clock, to the second:
	// the page's run and the one here can fall in two seconds.
	announced := regexp.MustCompile(`Connected at: [^"]*`)
	untimed := func(s string) string { return announced.ReplaceAllString(s, "Connected at: (time)") }
	for _, addr := range []string{"ws://127.0.0.1:1/echo", c.srv.URL("/no-such-endpoint"), c.srv.URL("/sample")} {
		// What conformance says of the address, word for word.
		_, want := conformance.Run(context.Background(), addr, conformance.Options{}, nil, nil)
		if want == nil {
			t.Fatalf("%s: conformance found nothing wrong", addr)
		}
		p.address.SetText(addr)
		c.run()
		wantMsg := untimed("Nothing was checked: " + want.Error())
		if msg, red := c.h.status(); untimed(msg) != wantMsg || !red {
			t.Fatalf("status %q (red %v), want %q (red true)", msg, red, wantMsg)
		}
		if p.report != nil || len(p.results.rows) != 0 || !p.save.Button.Disabled() {
			t.Fatalf("%s: report %v, %d rows, Save off %v; want nothing", addr, p.report, len(p.results.rows), p.save.Button.Disabled())
		}
		if p.results.body.Objects[0] != p.results.message || untimed(p.results.message.Text) != wantMsg {
			t.Errorf("%s: the table's place says %q", addr, p.results.message.Text)
		}
	}

	// And the page still checks.
	p.address.SetText(c.srv.URL("/echo"))
	c.run()
	if p.report == nil || len(p.report.Results) != len(uitest.CasesOf("6")) {
		t.Fatalf("after the errors, a run of category 6 gave %v", p.report)
	}
}

// The report saves in the three forms; the JSON parses back into the
// report the page holds.
func TestCheckSavesTheReport(t *testing.T) {
	c := showCheck(t)
	p := c.p
	p.categories.Choose("2")
	c.run()
	dir := t.TempDir()
	for _, f := range kit.ReportFormats {
		path := filepath.Join(dir, "report"+f.Ext())
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := kit.WriteReport(out, p.report, f); err != nil {
			t.Fatal(err)
		}
		out.Close()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch f {
		case kit.ReportJSON:
			var back conformance.Report
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("the saved JSON does not parse: %v", err)
			}
			if back.URI != p.report.URI || back.Summary != p.report.Summary || len(back.Results) != len(p.report.Results) {
				t.Fatalf("the JSON read back is %s %v with %d results, want %s %v with %d",
					back.URI, back.Summary, len(back.Results), p.report.URI, p.report.Summary, len(p.report.Results))
			}
			for i, r := range back.Results {
				if w := p.report.Results[i]; r.ID != w.ID || r.Verdict != w.Verdict || r.Detail != w.Detail || r.Duration != w.Duration {
					t.Errorf("result %d read back as %s %s, want %s %s", i, r.ID, r.Verdict, w.ID, w.Verdict)
				}
			}
		case kit.ReportHTML:
			if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || !bytes.Contains(b, []byte(p.report.Results[0].ID)) {
				t.Errorf("the HTML report starts %q", b[:min(len(b), 60)])
			}
		case kit.ReportMarkdown:
			if !bytes.HasPrefix(b, []byte("# WebSocket conformance of "+p.report.URI)) {
				t.Errorf("the Markdown report starts %q", b[:min(len(b), 60)])
			}
		}
	}
	// The button drops the formats down, and each opens the save dialog.
	overlays := c.h.w.Canvas().Overlays()
	test.Tap(p.save.Button)
	if overlays.Top() == nil || len(p.save.Menu.Items) != len(kit.ReportFormats) {
		t.Fatal("Save report… shows no menu of the formats")
	}
	overlays.Top().Hide()
	overlays.Remove(overlays.Top())
	p.save.Menu.Items[0].Action()
	if overlays.Top() == nil {
		t.Fatal("JSON (.json)… shows no save dialog")
	}

}

// For wss:// the built-in server's test authority is trusted, as on the
// client authentication page: its secure echo passes too.
func TestCheckTrustsTheBuiltInCAForWSS(t *testing.T) {
	c := showCheck(t)
	p := c.p
	p.categories.Choose("5")
	p.address.SetText(c.srv.SecureURL("/echo"))
	c.run()
	if p.report == nil || p.report.Summary.Pass != len(uitest.CasesOf("5")) {
		t.Fatalf("the secure echo: report %v; status %q", p.report, c.h.msg)
	}
}

// The options reach conformance as typed; a bad one names its field and
// nothing runs.
func TestCheckOptions(t *testing.T) {
	c := showCheck(t)
	p := c.p
	o := p.options
	o.protocols.SetText("chat, superchat")
	o.headers.SetText("Origin: https://example.com\nX-Trace: 1")
	o.timeout.SetText("2.5")
	opts, err := o.read(c.srv.CA())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(opts.Subprotocols, ",") != "chat,superchat" || opts.Header.Get("Origin") != "https://example.com" ||
		opts.Header.Get("X-Trace") != "1" || opts.CaseTimeout != 2500*time.Millisecond || opts.RootCAs == nil {
		t.Fatalf("options read as %+v", opts)
	}
	if opts, _ := (newCheckOptions(nil)).read(nil); opts.RootCAs != nil || opts.CaseTimeout != conformance.DefaultCaseTimeout || opts.Header != nil {
		t.Fatalf("the defaults read as %+v", opts)
	}

	for _, bad := range []func(){
		func() { o.headers.SetText("no colon here") },
		func() { o.headers.SetText(""); o.protocols.SetText("two words") },
		func() { o.protocols.SetText(""); o.timeout.SetText("0") },
	} {
		bad()
		_, want := o.read(nil)
		if want == nil {
			t.Fatal("a bad option read without an error")
		}
		test.Tap(p.runBtn)
		c.h.wantStatus(want.Error(), true)
		if p.run != nil {
			t.Fatal("a bad option started a run")
		}
	}

	// Run hands them to conformance, which puts them into the handshake
	// of every case (§4.1); the built-in echo takes them.
	o.timeout.SetText("5")
	o.headers.SetText("X-Trace: checked")
	o.protocols.SetText("chat, superchat")
	var given conformance.Options
	p.check = func(ctx context.Context, uri string, opts conformance.Options,
		filter func(conformance.Case) bool, progress func(conformance.Result)) (*conformance.Report, error) {
		given = opts
		return conformance.Run(ctx, uri, opts, filter, progress)
	}
	p.categories.Choose("6")
	c.run()
	if p.report == nil || p.report.Summary.Pass != len(uitest.CasesOf("6")) {
		t.Fatalf("with options: report %v", p.report)
	}
	if given.Header.Get("X-Trace") != "checked" || strings.Join(given.Subprotocols, ",") != "chat,superchat" ||
		given.CaseTimeout != 5*time.Second || given.RootCAs == nil {
		t.Fatalf("Run was given %+v", given)
	}
}

// The choice of cases: the quick run (Autobahn's categories but 9, 12
// and 13, and the app's own) at first, the full run one click away, the
// boxes following the run and the run the boxes; no box refuses to run;
// and the choice is remembered for the next window.
func TestCheckCategoryPicker(t *testing.T) {
	c := showCheck(t)
	cp := c.p.categories
	var quick []string
	for _, cat := range conformance.Categories() {
		if cat.Key != "9" && cat.Key != "12" && cat.Key != "13" { // Autobahn's quick run
			quick = append(quick, cat.Key)
		}
	}
	if cp.run.Selected != cp.quickLabel || !slices.Equal(cp.keys(), quick) {
		t.Fatalf("at first: the run %q, categories %v; want the quick run, %v", cp.run.Selected, cp.keys(), quick)
	}
	if _, cases := cp.chosen(); len(cases) != len(uitest.CasesOf(quick...)) {
		t.Fatalf("the quick run keeps %d cases, want %d", len(cases), len(uitest.CasesOf(quick...)))
	}
	if !strings.HasPrefix(cp.quickLabel, "Quick run (247 + ") {
		t.Errorf("the quick run says %q; Autobahn's quick run is 247 cases", cp.quickLabel)
	}
	for label, took := range map[string]string{cp.quickLabel: quickRunTime, cp.fullLabel: fullRunTime} {
		if !strings.Contains(label, " + ") || !strings.Contains(label, took) {
			t.Errorf("the choice %q does not say its cases and its time", label)
		}
	}
	cp.run.SetSelected(cp.fullLabel)
	if len(cp.group.Selected) != len(conformance.Categories()) {
		t.Fatalf("the full run chooses %v", cp.group.Selected)
	}
	if _, cases := cp.chosen(); len(cases) != len(conformance.Cases()) {
		t.Fatalf("the full run keeps %d cases, want %d", len(cases), len(conformance.Cases()))
	}
	cp.group.SetSelected(nil)
	if cp.run.Selected != "" || cp.button.Text != "No category" {
		t.Fatalf("no box leaves the run %q, the button %q", cp.run.Selected, cp.button.Text)
	}
	test.Tap(c.p.runBtn)
	c.h.wantStatus("Choose at least one category to check.", true)
	cp.run.SetSelected(cp.quickLabel)
	if !slices.Equal(cp.keys(), quick) {
		t.Fatalf("the quick run chooses %v", cp.keys())
	}
	cp.Choose("7")
	if cp.run.Selected != "" || cp.button.Text != "Category 7 Close handling (37)" {
		t.Fatalf("one category: the run %q, the button %q", cp.run.Selected, cp.button.Text)
	}
	if _, cases := cp.chosen(); len(cases) != len(uitest.CasesOf("7")) {
		t.Fatalf("category 7 keeps %d cases", len(cases))
	}
	test.Tap(cp.button)
	if top := c.h.w.Canvas().Overlays().Top(); top == nil || top != cp.popup {
		t.Fatalf("the categories button shows %v, want its boxes", top)
	}
	cp.popup.Hide()
	test.Tap(c.p.options.button)
	if c.h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("Options… shows no dialog")
	}

	again := newHarness(t, c.h.app, c.srv)
	if got := again.p.categories.keys(); strings.Join(got, ",") != "7" {
		t.Fatalf("the next window starts with %v", got)
	}
	cp.run.SetSelected(cp.fullLabel)
	if got := newHarness(t, c.h.app, c.srv).p.categories; got.run.Selected != got.fullLabel {
		t.Fatalf("after the full run, the next window starts with %q", got.run.Selected)
	}
	cp.run.SetSelected(cp.quickLabel)
	if got := newHarness(t, c.h.app, c.srv).p.categories; got.run.Selected != got.quickLabel {
		t.Fatalf("after the quick run, the next window starts with %q", got.run.Selected)
	}
}

// A server that stops answering part way (conformance: "the server
// stopped answering after …", Report.Stopped): the cases done stay, the
// reason is said once, in red, with how far the run got, and the cases
// after it are not run, not failures. The server here is a built-in one
// of the test's own, closed as its third case ends.
func TestCheckSaysWhenTheServerStopsAnswering(t *testing.T) {
	c := showCheck(t)
	p := c.p
	dying := testserver.Start(t)
	p.address.SetText(dying.URL("/echo"))
	p.categories.Choose("1")
	cases := uitest.CasesOf("1")
	const stopAfter = 3
	p.check = func(ctx context.Context, uri string, opts conformance.Options,
		filter func(conformance.Case) bool, progress func(conformance.Result)) (*conformance.Report, error) {
		return conformance.Run(ctx, uri, opts, filter, func(r conformance.Result) {
			progress(r)
			if r.ID == cases[stopAfter-1].ID {
				dying.Close()
			}
		})
	}
	c.run()
	rep := p.report
	if rep == nil || len(rep.Results) != stopAfter || rep.Stopped == "" || p.save.Button.Disabled() {
		t.Fatalf("report %+v, Save off %v; want the %d cases done and why it stopped, to save", rep, p.save.Button.Disabled(), stopAfter)
	}
	want := fmt.Sprintf("Stopped after %d of %s (%s): %s.",
		stopAfter, casesWord(len(cases)), verdictCounts(conformance.Summary{Pass: stopAfter}), strings.TrimSuffix(rep.Stopped, "."))
	c.h.wantStatus(want, true)
	if !strings.Contains(want, "stopped answering after "+cases[stopAfter-1].ID) {
		t.Errorf("the status %q does not say after which case", want)
	}
	p.results.filter.SetSelected(verdictNotRun)
	n := 0
	for _, row := range p.results.rows {
		if row.kind == rowNotRun {
			n++
		}
	}
	if n != len(cases)-stopAfter || len(rep.NotRun) != n {
		t.Errorf("%d cases shown not run, the report %d; want %d", n, len(rep.NotRun), len(cases)-stopAfter)
	}
}
