package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/ui/internal/uitest"
)

// Leaving the page cancels the run, as the other pages close their
// connection; the page shown keeps its status bar.
func TestCheckLeavingCancels(t *testing.T) {
	h, p := showCheck(t)
	p.Choose("H")
	p.Run()
	h.w.list.Select(scenarioIndex("utf8"))
	waitCheckIdle(h, p)
	if msg, _ := h.status(); msg != "" {
		t.Fatalf("the check, in the background, set the status to %q", msg)
	}
	if got, totals := p.Said(); got != "Cancelled before the first case." && !strings.HasSuffix(totals, " not run)") {
		t.Fatalf("after leaving, the page says %q, %q", got, totals)
	}
}

// showCheck shows the check page of a new window on the shared built-in
// server.
func showCheck(t *testing.T) (*harness, checkPage) {
	t.Helper()
	h := newHarness(t, Config{})
	return h, showPage[checkPage](h, "check")
}

// waitCheckIdle waits for the check page's run to end.
func waitCheckIdle(h *harness, p checkPage) {
	h.t.Helper()
	h.waitFor("the check to end", func() bool { return !p.Running() })
}

// The check page in the golden pictures (golden_test.go, TestGolden): as it opens,
// and after a run of categories 6 and 7 against the built-in echo, the
// real results with fixed times, category 6 folded and 7.1.1 open.
var checkGoldenCases = []goldenCase{
	{name: "check", key: "check"},
	{name: "check-results", key: "check", setup: func(t *testing.T, h *harness) {
		p := pageOf[checkPage](h, "check")
		p.Choose("6", "7")
		p.SetCheck(fixedTimeCheck)
		p.Run()
		waitCheckIdle(h, p)
		if p.Report() == nil || p.Report().Failed() {
			t.Fatalf("the run for the picture: %v", p.Report())
		}
		p.Fold("6")
		if !p.Select("7.1.1") {
			t.Fatal("no 7.1.1 to show")
		}
	}},
}

// fixedTimeCheck is conformance.Run against the shared server's echo,
// with the times a picture needs fixed: each case 1 to 3 ms, the run
// 180 ms, started at goldenStart, reported under uri.
func fixedTimeCheck(ctx context.Context, uri string, opts conformance.Options,
	filter func(conformance.Case) bool, progress func(conformance.Result)) (*conformance.Report, error) {
	fixed := func(i int) time.Duration { return time.Duration(1+i%3) * time.Millisecond }
	n := 0
	rep, err := conformance.Run(ctx, server.URL("/echo"), opts, filter, func(r conformance.Result) {
		r.Duration = fixed(n)
		n++
		progress(r)
	})
	if rep != nil {
		rep.URI, rep.Started, rep.Duration = uri, goldenStart, 180*time.Millisecond
		for i := range rep.Results {
			rep.Results[i].Duration = fixed(i)
		}
	}
	return rep, err
}

// TestGolden paints them with the others.
func init() { goldenCases = append(goldenCases, checkGoldenCases...) }

// The window's keys drive the check page as they drive the others: Enter
// (with no field focused) or Ctrl+Enter runs, Esc or Ctrl+. cancels. The
// page has no log, so the File menu's log items leave it alone.
func TestCheckPageTakesTheWindowsStartAndStopKeys(t *testing.T) {
	h, p := showCheck(t)
	p.Choose("H")
	slow := slices.IndexFunc(uitest.CasesOf("H"), func(c conformance.Case) bool { return strings.Contains(c.Title, "one byte every") })
	h.w.onKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitFor("the slow case to start", func() bool { return p.Running() && p.Done() == slow })
	h.w.onKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	waitCheckIdle(h, p)
	if p.Report() == nil || len(p.Report().Results) != slow {
		t.Fatalf("Esc did not cancel the run the Enter key started: report %v", p.Report())
	}
	menuItem(t, h.w, "Clear log").Action() // no log here: nothing happens, nothing breaks
}
