package conformance

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Report is the outcome of a run: every case's result and the totals.
type Report struct {
	// URI is the address that was checked.
	URI string `json:"uri"`
	// Server is the Server header of the endpoint's handshake answer, ""
	// when it sent none: what names an agent the spec does not name.
	Server string `json:"server,omitempty"`
	// Started is when the first case started; Duration how long the
	// cases took in all.
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
	// Summary counts the verdicts of all cases.
	Summary Summary `json:"summary"`
	// Categories counts the verdicts per category, in the order of
	// Categories(), for the categories that ran.
	Categories []CategorySummary `json:"categories"`
	// Results are the cases' results, in the order they ran.
	Results []Result `json:"results"`
	// Stopped, when set, says why the run ended before its last case:
	// "the server stopped answering after 1.4.1: …". NotRun lists the
	// cases it did not run then; they count in no total.
	Stopped string `json:"stopped,omitempty"`
	NotRun  []Case `json:"not_run,omitempty"`
}

// Summary counts results by their Status.
type Summary struct {
	Total          int `json:"total"`
	Pass           int `json:"ok"`
	Fail           int `json:"failed"`
	NonStrict      int `json:"non_strict"`
	Informational  int `json:"informational"`
	Unimplemented  int `json:"unimplemented"`
	WrongCode      int `json:"wrong_code"`
	Unclean        int `json:"unclean"`
	FailedByClient int `json:"failed_by_client"`
}

// Count returns the number of results with status v.
func (s Summary) Count(v Verdict) int {
	switch v {
	case Pass:
		return s.Pass
	case Fail:
		return s.Fail
	case NonStrict:
		return s.NonStrict
	case Informational:
		return s.Informational
	case Unimplemented:
		return s.Unimplemented
	case WrongCode:
		return s.WrongCode
	case Unclean:
		return s.Unclean
	case FailedByClient:
		return s.FailedByClient
	}
	return 0
}

// String gives "247 cases: 240 OK, 0 FAILED, 4 NON-STRICT, 3
// INFORMATIONAL", naming the other statuses only when some case has them.
func (s Summary) String() string {
	out := fmt.Sprintf("%d cases: %d OK, %d FAILED, %d NON-STRICT, %d INFORMATIONAL", s.Total, s.Pass, s.Fail, s.NonStrict, s.Informational)
	for _, v := range []Verdict{Unimplemented, WrongCode, Unclean, FailedByClient} {
		if n := s.Count(v); n > 0 {
			out += fmt.Sprintf(", %d %s", n, v)
		}
	}
	return out
}

// Add counts one more result with status v (see Result.Status).
func (s *Summary) Add(v Verdict) {
	s.Total++
	switch v {
	case Pass:
		s.Pass++
	case Fail:
		s.Fail++
	case NonStrict:
		s.NonStrict++
	case Informational:
		s.Informational++
	case Unimplemented:
		s.Unimplemented++
	case WrongCode:
		s.WrongCode++
	case Unclean:
		s.Unclean++
	case FailedByClient:
		s.FailedByClient++
	}
}

// CategorySummary counts the verdicts of one category.
type CategorySummary struct {
	Category Category `json:"category"`
	Summary
}

// Failed reports whether any case failed.
func (r *Report) Failed() bool { return r.Summary.Fail > 0 }

// finish computes the totals and the duration.
func (r *Report) finish() {
	r.Duration = time.Since(r.Started)
	r.Summary = Summary{}
	r.Categories = nil
	for _, cat := range Categories() {
		cs := CategorySummary{Category: cat}
		for _, res := range r.Results {
			if res.Category == cat {
				cs.Add(res.Status())
			}
		}
		if cs.Total > 0 {
			r.Categories = append(r.Categories, cs)
		}
	}
	for _, res := range r.Results {
		r.Summary.Add(res.Status())
	}
}

// JSON is the report as indented JSON; durations are in nanoseconds.
func (r *Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Markdown is the report as a Markdown document: the totals per category,
// the cases that are not OK with what they found, then every case in a
// table with both its verdicts and the server's close code.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# WebSocket conformance of %s\n\n", r.URI)
	fmt.Fprintf(&b, "Checked on %s in %s: **%s**.\n\n", r.Started.Format("2006-01-02 15:04:05 MST"), Round(r.Duration), r.Summary)
	if r.Stopped != "" {
		fmt.Fprintf(&b, "**%s.** %s\n\n", capital(r.Stopped), notRunWords(r.NotRun))
	}
	b.WriteString("| Category | Cases |")
	for _, v := range Verdicts() {
		b.WriteString(" " + string(v) + " |")
	}
	b.WriteString("\n|---|---:|" + strings.Repeat("---:|", len(Verdicts())) + "\n")
	row := func(name string, s Summary) {
		fmt.Fprintf(&b, "| %s | %d |", name, s.Total)
		for _, v := range Verdicts() {
			fmt.Fprintf(&b, " %d |", s.Count(v))
		}
		b.WriteString("\n")
	}
	for _, c := range r.Categories {
		row(mdCell(c.Category.String()), c.Summary)
	}
	row("**All**", r.Summary)
	for _, t := range r.Throughput() {
		fmt.Fprintf(&b, "\nThroughput %s.\n", t)
	}
	b.WriteString("\nEach case has two verdicts, as Autobahn|Testsuite's reports do: the behaviour and the close behaviour, with the server's close code; the totals count each case by its worse verdict.\n")

	first := true
	for _, res := range r.Results {
		if res.Status() == Pass {
			continue
		}
		if first {
			b.WriteString("\n## Cases that are not OK\n")
			first = false
		}
		fmt.Fprintf(&b, "\n### %s %s: %s\n\n", res.ID, res.Title, verdictPair(res))
		fmt.Fprintf(&b, "%s\n\n", res.Detail)
		if res.CloseDetail != "" {
			fmt.Fprintf(&b, "Close: %s\n\n", res.CloseDetail)
		}
		fmt.Fprintf(&b, "- RFC 6455 %s\n- Expected: %s\n", res.Section, res.Expect)
		for _, s := range res.Sent {
			fmt.Fprintf(&b, "- Sent: `%s`\n", mdCode(s))
		}
		for _, e := range res.Observed.Events {
			fmt.Fprintf(&b, "- Observed: `%s`\n", mdCode(e))
		}
		fmt.Fprintf(&b, "- Took %s\n", res.Duration.Round(time.Millisecond))
	}

	b.WriteString("\n## All cases\n\n| ID | Case | RFC 6455 | Behaviour | Close | Code | Time |\n|---|---|---|---|---|---:|---:|\n")
	for _, res := range r.Results {
		code := "-"
		if res.RemoteCloseCode != nil {
			code = fmt.Sprint(*res.RemoteCloseCode)
		}
		closeV := string(res.CloseVerdict)
		if closeV == "" {
			closeV = "-"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", res.ID, mdCell(res.Title), res.Section, res.Verdict, closeV, code, res.Duration.Round(time.Millisecond))
	}
	return []byte(b.String())
}

// notRunWords says how many cases were not run, and which.
func notRunWords(cases []Case) string {
	switch len(cases) {
	case 0:
		return ""
	case 1:
		return "Case " + cases[0].ID + " was not run."
	}
	return fmt.Sprintf("%d cases were not run (%s … %s).", len(cases), cases[0].ID, cases[len(cases)-1].ID)
}

// verdictPair gives "OK / WRONG CODE", or the behaviour alone for a case
// that judges no close.
func verdictPair(r Result) string {
	if r.CloseVerdict == "" {
		return string(r.Verdict)
	}
	return string(r.Verdict) + " / " + string(r.CloseVerdict)
}

// Round rounds a duration for a person to read: to the millisecond below
// a second, to a tenth of a second above.
func Round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// mdCode makes text safe inside `code`.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "\n", " ").Replace(s)
}
