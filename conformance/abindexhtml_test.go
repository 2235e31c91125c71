package conformance

import (
	"strings"
	"testing"
	"time"
)

// catalogueCase is the catalogue's case id.
func catalogueCase(t *testing.T, id string) Case {
	t.Helper()
	for _, c := range Cases() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no case %s in the catalogue", id)
	return Case{}
}

// index.html as a person reads it beside Autobahn's (its report.py and
// fuzzing.py's createMasterReportHTML): every subcategory named, 12.x and
// 13.x too; the time of the cases Autobahn times (9, 12, 13) under their
// verdict, and of no other; a coloured legend of the verdicts; a stopped
// agent said by its name, as several share the page; the run's date.
func TestAutobahnIndexPage(t *testing.T) {
	code := 1000
	at := time.Date(2026, 12, 7, 2, 29, 0, 0, time.UTC)
	result := func(id string, v Verdict, d time.Duration, started time.Time) Result {
		return Result{Case: catalogueCase(t, id), Verdict: v, Detail: "Said.", CloseVerdict: Pass, CloseDetail: "Clean.",
			RemoteCloseCode: &code, Started: started, Duration: d}
	}
	alpha := AgentRun{Agent: "Alpha", Results: []Result{
		result("7.1.1", Pass, 3*time.Millisecond, at.Add(time.Second)),
		result("12.2.1", Pass, 1500*time.Millisecond, at),
		result("13.3.1", Pass, 250*time.Millisecond, at.Add(2*time.Second)),
		result("13.7.18", Unimplemented, 2*time.Millisecond, at.Add(3*time.Second)),
	}}
	beta := AgentRun{Agent: "Beta", Results: []Result{result("7.1.1", Fail, time.Millisecond, at.Add(time.Minute))},
		Stopped: "the server stopped answering after 7.1.1", NotRun: []Case{catalogueCase(t, "12.2.1")}}
	html := string(abIndexPage(CheckedServer, []AgentRun{beta, alpha}))

	for _, want := range []string{
		"<b>Beta:</b> the server stopped answering after 7.1.1",
		"12.2 a 512×512 grey bitmap, binary messages; permessage-deflate, nothing asked of the peer",
		"13.3 JSON records, text messages; asked of the peer: a window of 9 bits",
		"13.7 JSON records, text messages; asked of the peer, 3 choices, the first that fits taken: " +
			"no context takeover and a window of 9 bits; no context takeover; nothing (context takeover, a window of 15 bits)",
		`<a href="alpha_case_12_2_1.html">Pass</a><br><span class="case_duration">1500 ms</span>`,
		`<a href="alpha_case_13_3_1.html">Pass</a><br><span class="case_duration">250 ms</span>`,
		`<a href="alpha_case_7_1_1.html">Pass</a></td>`, // 7.x is not timed
		"The run began on 2026-12-07 02:29 (UTC).",
		`<td class="case_unimplemented">Unimplemented</td>`, // the legend, in the grid's colours
		`<td class="case_missing">Not run</td>`,
		`<td class="agent" colspan="2">Alpha</td>`,
		`<th class="case_failed">FAILED</th>`, // the totals' heads, in the grid's colours too
		`<th class="case_almost">FAILED BY CLIENT</th>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// A client's run has its agent for a URL: said once.
	if clients := string(abIndexPage(CheckedClient, []AgentRun{{Agent: "ws 8.23.0", URL: "ws 8.23.0", Results: alpha.Results}})); strings.Contains(clients, "(ws 8.23.0)") {
		t.Error("a client's agent is said twice in the totals")
	}
	if n := strings.Count(html, `class="case_duration"`); n != 2 {
		t.Errorf("%d timed cells, want 2: 12.2.1 and 13.3.1 (an Unimplemented cell, as Autobahn's, has no time)", n)
	}
	// Every subcategory head has a name after its number.
	for _, line := range strings.Split(html, "\n") {
		if rest, ok := strings.CutPrefix(line, `<tr class="case_subcategory_row">`); ok {
			if head := rest[strings.Index(rest, ">")+1 : strings.Index(rest, "</td>")]; !strings.Contains(head, " ") {
				t.Errorf("a subcategory without a name: %q", head)
			}
		}
	}
}

// A case's page is headed in its verdict's colour, as Autobahn's is, and
// says the close behaviour once, without a stray "()."
func TestAutobahnCasePage(t *testing.T) {
	code := 1008
	r := Result{Case: catalogueCase(t, "9.3.1"), Verdict: Fail, Detail: "0 of 1 text messages came back.", CloseVerdict: Fail,
		CloseDetail: "The server started the close.", RemoteCloseCode: &code, Duration: 317 * time.Millisecond}
	html := string(abCasePage(AgentRun{Agent: "ws"}, CheckedServer, r))
	for _, want := range []string{`<h1 class="case case_failed">ws – Case 9.3.1: FAILED / FAILED – 317 ms`,
		"<b>Case closing behavior: FAILED</b><br>The server started the close.<br>Remote close code: 1008."} {
		if !strings.Contains(html, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
}

// "reportTime", as Autobahn sets it: true in 9, 12 and 13, false elsewhere.
func TestAutobahnReportTime(t *testing.T) {
	for id, want := range map[string]bool{"9.1.1": true, "12.1.1": true, "13.7.18": true, "7.1.1": false, "6.4.1": false} {
		r := Result{Case: catalogueCase(t, id), Verdict: Pass, CloseVerdict: Pass}
		if got := abCaseReport("a", CheckedServer, r)["reportTime"]; got != want {
			t.Errorf("%s: reportTime %v, want %v", id, got, want)
		}
	}
}
