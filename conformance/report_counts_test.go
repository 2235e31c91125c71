package conformance

import (
	"strings"
	"testing"
	"time"
)

// The report's totals and the words around them: each verdict counted
// (a case by its worse verdict), the summary line naming the rarer
// verdicts only when some case has them, a run failed only by a FAILED
// case, a case that is not OK said with both its verdicts (or its one),
// and durations rounded for a person to read.

// A report holding n cases of the n-th verdict (one OK, two FAILED, …,
// eight FAILED BY CLIENT) counts each verdict, in the summary, per
// category, and in the summary's words.
func TestReportCountsEachVerdict(t *testing.T) {
	// Each status made as a case reaches it: a behaviour and a close
	// behaviour; the totals count the worse (Result.Status).
	statuses := []struct {
		behaviour, close Verdict
	}{
		{Pass, Pass},                // OK
		{Fail, Pass},                // FAILED
		{NonStrict, Pass},           // NON-STRICT
		{Informational, Pass},       // INFORMATIONAL
		{Unimplemented, ""},         // UNIMPLEMENTED: no close judged
		{Pass, WrongCode},           // WRONG CODE
		{Pass, Unclean},             // UNCLEAN
		{NonStrict, FailedByClient}, // FAILED BY CLIENT
	}
	rep := &Report{URI: "ws://example.test/echo", Started: time.Now()}
	c := catalogueCase(t, "1.1.1")
	for i, s := range statuses {
		for range i + 1 {
			rep.Results = append(rep.Results, Result{Case: c, Verdict: s.behaviour, CloseVerdict: s.close})
		}
	}
	rep.finish()

	want := Summary{Total: 36, Pass: 1, Fail: 2, NonStrict: 3, Informational: 4, Unimplemented: 5, WrongCode: 6, Unclean: 7, FailedByClient: 8}
	if rep.Summary != want {
		t.Errorf("summary %+v, want %+v", rep.Summary, want)
	}
	if len(rep.Categories) != 1 || rep.Categories[0].Summary != want || rep.Categories[0].Category != c.Category {
		t.Errorf("categories %+v, want one, %s, with the same counts", rep.Categories, c.Category)
	}
	for i, s := range statuses {
		v := (Result{Verdict: s.behaviour, CloseVerdict: s.close}).Status()
		if got := rep.Summary.Count(v); got != i+1 {
			t.Errorf("Count(%s) = %d, want %d", v, got, i+1)
		}
	}
	const words = "36 cases: 1 OK, 2 FAILED, 3 NON-STRICT, 4 INFORMATIONAL, 5 UNIMPLEMENTED, 6 WRONG CODE, 7 UNCLEAN, 8 FAILED BY CLIENT"
	if got := rep.Summary.String(); got != words {
		t.Errorf("summary says %q\nwant %q", got, words)
	}
	if !rep.Failed() {
		t.Error("two FAILED cases, yet the run did not fail")
	}
	md := string(rep.Markdown())
	for _, line := range []string{"**" + words + "**", "| **All** | 36 | 1 | 4 | 5 | 3 | 8 | 7 | 6 | 2 |"} {
		if !strings.Contains(md, line) {
			t.Errorf("Markdown lacks %q", line)
		}
	}
}

// The summary names OK, FAILED, NON-STRICT and INFORMATIONAL always, the
// other verdicts only when some case has them; a run fails only when a
// case has FAILED.
func TestReportSummaryWordsWithoutRareVerdicts(t *testing.T) {
	c := catalogueCase(t, "1.1.1")
	for _, tc := range []struct {
		results []Result
		words   string
		failed  bool
	}{
		{nil, "0 cases: 0 OK, 0 FAILED, 0 NON-STRICT, 0 INFORMATIONAL", false},
		{[]Result{{Case: c, Verdict: Pass, CloseVerdict: Pass}}, "1 cases: 1 OK, 0 FAILED, 0 NON-STRICT, 0 INFORMATIONAL", false},
		{[]Result{{Case: c, Verdict: Pass, CloseVerdict: Unclean}, {Case: c, Verdict: Pass, CloseVerdict: Pass}},
			"2 cases: 1 OK, 0 FAILED, 0 NON-STRICT, 0 INFORMATIONAL, 1 UNCLEAN", false},
		{[]Result{{Case: c, Verdict: Fail, CloseVerdict: Pass}}, "1 cases: 0 OK, 1 FAILED, 0 NON-STRICT, 0 INFORMATIONAL", true},
	} {
		rep := &Report{Results: tc.results, Started: time.Now()}
		rep.finish()
		if got := rep.Summary.String(); got != tc.words {
			t.Errorf("summary says %q, want %q", got, tc.words)
		}
		if rep.Failed() != tc.failed {
			t.Errorf("%s: Failed() = %v", tc.words, rep.Failed())
		}
	}
}

// A case that is not OK is said in the Markdown report with both its
// verdicts and the close's own words, or with its one verdict when the
// case judges no close; a case without close words has no "Close:" line.
func TestReportMarkdownSaysBothVerdicts(t *testing.T) {
	code := 1002
	rep := &Report{URI: "ws://example.test/echo", Started: time.Now(), Results: []Result{
		{Case: catalogueCase(t, "7.9.1"), Verdict: Pass, Detail: "The close frame was answered.",
			CloseVerdict: WrongCode, CloseDetail: "The server closed with 1002; the code should have been 1000.", RemoteCloseCode: &code},
		{Case: catalogueCase(t, "H.1"), Verdict: Informational, Detail: "The server chose to refuse."},
	}}
	rep.finish()
	md := string(rep.Markdown())
	for _, want := range []string{
		"\n### 7.9.1 " + rep.Results[0].Title + ": OK / WRONG CODE\n\nThe close frame was answered.\n\nClose: The server closed with 1002; the code should have been 1000.\n\n- RFC 6455 ",
		"\n### H.1 " + rep.Results[1].Title + ": INFORMATIONAL\n\nThe server chose to refuse.\n\n- RFC 6455 ",
		"| OK | WRONG CODE | 1002 |",
		"| INFORMATIONAL | - | - |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "Close: "); n != 1 {
		t.Errorf("%d lines of close words, want 1 (7.9.1's):\n%s", n, md)
	}
}

// Durations are rounded for a person to read: to the millisecond below a
// second, to a tenth of a second from a second on, in both reports'
// "Checked on … in …".
func TestReportRoundsDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{
		123456 * time.Microsecond: "123ms",
		999400 * time.Microsecond: "999ms",
		time.Second:               "1s",
		1260 * time.Millisecond:   "1.3s",
		61240 * time.Millisecond:  "1m1.2s",
	} {
		if got := Round(d).String(); got != want {
			t.Errorf("Round(%v) = %s, want %s", d, got, want)
		}
	}
	rep := &Report{URI: "ws://example.test/echo", Started: time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)}
	rep.finish()
	rep.Duration = 1260 * time.Millisecond
	if md := string(rep.Markdown()); !strings.Contains(md, "Checked on 2026-12-07 11:00:00 UTC in 1.3s: ") {
		t.Errorf("Markdown: %s", md)
	}
	if page := string(rep.HTML()); !strings.Contains(page, "Checked on 2026-12-07 11:00:00 UTC in 1.3s: ") {
		t.Errorf("HTML: %s", page)
	}
}

// A group's throughput: the payload echoed in MiB, the time rounded, the
// rate in MB (10^6 bytes) per second.
func TestThroughputWords(t *testing.T) {
	tp := Throughput{Group: "9.1", What: "text messages", Cases: 2, Echoed: 3 << 20, Time: 2 * time.Second}
	// 3 × 2^20 bytes in 2 s: 1.572864 MB/s.
	if got := tp.MBps(); got < 1.5728 || got > 1.5729 {
		t.Errorf("MBps = %v, want 1.572864", got)
	}
	const want = "9.1 (text messages): 2 cases, 3.0 MiB echoed in 2s, 1.6 MB/s"
	if got := tp.String(); got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
