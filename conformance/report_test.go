package conformance

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/testserver"
)

// One report, three forms: JSON that parses back to the same report, a
// self-contained HTML page, Markdown with the totals.
func TestReportForms(t *testing.T) {
	srv := testserver.Start(t)
	rep := runAgainst(t, srv.URL("/echo"), Options{}, keep("H.1", "1.1.1", "6.3.1", "7.9.2", "M.1", "X.2"))
	if rep.Summary.Total != 6 || len(rep.Categories) != 6 {
		t.Fatalf("summary %s, %d categories", rep.Summary, len(rep.Categories))
	}

	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatalf("the JSON does not parse back: %v", err)
	}
	if back.Summary != rep.Summary || len(back.Results) != len(rep.Results) || back.URI != rep.URI {
		t.Errorf("JSON round trip: %s, want %s", back.Summary, rep.Summary)
	}
	for i, r := range back.Results {
		want := rep.Results[i]
		if r.ID != want.ID || r.Verdict != want.Verdict || r.Detail != want.Detail || r.Category != want.Category ||
			r.Duration != want.Duration || len(r.Sent) != len(want.Sent) || r.Observed.BytesEchoed != want.Observed.BytesEchoed {
			t.Errorf("JSON round trip of %s: %+v", want.ID, r)
		}
	}
	for _, field := range []string{`"behavior": "OK"`, `"behaviorClose": "OK"`, `"remoteCloseCode": 1007`, `"section": "§4.1, §4.2.2"`, `"http_status": 101`, `"bytes_echoed"`, `"events"`} {
		if !strings.Contains(string(js), field) {
			t.Errorf("JSON lacks %s", field)
		}
	}

	page := string(rep.HTML())
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, "</html>") {
		t.Error("HTML is not a whole page")
	}
	// Self-contained: nothing to fetch, nothing to run.
	if m := regexp.MustCompile(`(?i)<script|<link|<img|src=|href=|url\(|@import`).FindString(page); m != "" {
		t.Errorf("HTML refers to something outside itself: %s", m)
	}
	for _, want := range []string{rep.URI, rep.Summary.String(), "6.3.1", "<details open>", "M.1"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}

	md := string(rep.Markdown())
	for _, want := range []string{"# WebSocket conformance of " + rep.URI, "| 1 Framing | 1 |", "| **All** | 6 |", "## All cases", "| 7.9.2 |", "| WRONG CODE |", "| OK | OK | 1007 |", "## Cases that are not OK", "### X.2 "} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}
