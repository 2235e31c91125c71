package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file writes a run's reports the way Autobahn|Testsuite writes
// them (its fuzzing.py), so that a CI job that read Autobahn's reports
// reads these unchanged:
//
//	index.json                   agent → case ID → behavior, behaviorClose, duration, remoteCloseCode, reportfile
//	<agent>_case_<id>.json       everything about one case, under Autobahn's field names
//	<agent>_case_<id>.html       the same for a person
//	index.html                   a grid of cases × agents, for a person (abindexhtml.go)
//
// The facts carried over from Autobahn: index.json is one object per
// agent, keyed by case ID, each with exactly those five fields; the
// durations are whole milliseconds; a case's file is named from the
// agent lower-cased, every character other than a–z and 0–9 made "_"
// (and the ends trimmed first), then "_case_", then the case ID with "."
// made "_". JSON is written with sorted keys and an indent of three, as
// Python's json.dumps(sort_keys=True, indent=3) does.

// Side says which side of the connection the checker played in a run:
// Autobahn's reports record it per case as "isServer".
type Side int

const (
	// CheckedServer: the checker was the client and judged a server
	// (Autobahn's fuzzingclient; "isServer": false).
	CheckedServer Side = iota
	// CheckedClient: the checker was the server and judged a client
	// (Autobahn's fuzzingserver; "isServer": true).
	CheckedClient
)

// AgentRun is what one agent (a server that was checked, or a client) did
// in a run: the unit of Autobahn's reports.
type AgentRun struct {
	// Agent names the agent in the reports and in its files' names:
	// the spec's "agent", or the name the server gave.
	Agent string
	// URL is where the agent was reached (for a server), shown in
	// index.html; may be empty.
	URL string
	// Results are the cases that ran, in any order.
	Results []Result
	// NotRun are the cases that were asked for but did not run, because
	// the agent stopped answering; Stopped says so in words. Autobahn
	// leaves such cases out of index.json ("Missing" in its grid); so do
	// these reports, and index.html shows them as not run.
	NotRun  []Case
	Stopped string
}

// AgentRun gives the report as one agent's run, for WriteAutobahnReports.
func (r *Report) AgentRun(agent string) AgentRun {
	return AgentRun{Agent: agent, URL: r.URI, Results: r.Results, NotRun: r.NotRun, Stopped: r.Stopped}
}

// WriteAutobahnReports writes Autobahn|Testsuite's reports of runs into
// outdir (created if need be): index.json, index.html and, for every
// result, <agent>_case_<id>.json and .html. side says which side the
// checker played. Two agents whose names give the same file names are an
// error, since their reports would overwrite each other.
func WriteAutobahnReports(outdir string, side Side, runs []AgentRun) error {
	seen := map[string]string{}
	for _, run := range runs {
		f := AgentFileName(run.Agent)
		if other, ok := seen[f]; ok {
			if other == run.Agent {
				return fmt.Errorf("the agent %q appears twice: give each server its own \"agent\"", run.Agent)
			}
			return fmt.Errorf("the agents %q and %q would write the same report files (%s_case_…): give them names that differ in their letters or digits", other, run.Agent, f)
		}
		seen[f] = run.Agent
	}
	if err := os.MkdirAll(outdir, 0o755); err != nil {
		return fmt.Errorf("cannot create the report directory: %v", err)
	}
	index := map[string]map[string]abIndexEntry{}
	for _, run := range runs {
		entries := map[string]abIndexEntry{}
		for _, res := range run.Results {
			e := abIndexEntry{
				Behavior:        string(res.Verdict),
				BehaviorClose:   abBehaviorClose(res),
				Duration:        abMillis(res.Duration),
				RemoteCloseCode: res.RemoteCloseCode,
				ReportFile:      AutobahnCaseFile(run.Agent, res.ID, "json"),
			}
			entries[res.ID] = e
			js, err := abJSON(abCaseReport(run.Agent, side, res))
			if err != nil {
				return err
			}
			if err := writeReportFile(outdir, e.ReportFile, js); err != nil {
				return err
			}
			if err := writeReportFile(outdir, AutobahnCaseFile(run.Agent, res.ID, "html"), abCasePage(run, side, res)); err != nil {
				return err
			}
		}
		index[run.Agent] = entries
	}
	js, err := abJSON(index)
	if err != nil {
		return err
	}
	if err := writeReportFile(outdir, "index.json", js); err != nil {
		return err
	}
	return writeReportFile(outdir, "index.html", abIndexPage(side, runs))
}

// writeReportFile writes one file of the reports.
func writeReportFile(dir, name string, data []byte) error {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		return fmt.Errorf("cannot write the report: %v", err)
	}
	return nil
}

// abIndexEntry is one case of one agent in index.json.
type abIndexEntry struct {
	Behavior        string `json:"behavior"`
	BehaviorClose   string `json:"behaviorClose"`
	Duration        int64  `json:"duration"`
	RemoteCloseCode *int   `json:"remoteCloseCode"`
	ReportFile      string `json:"reportfile"`
}

// AgentFileName is the agent's name as Autobahn puts it in file names:
// lower-cased, trimmed, every character but a–z and 0–9 made "_".
func AgentFileName(agent string) string {
	s := strings.ToLower(strings.TrimSpace(agent))
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	// Autobahn trims the spaces the replacement made at the ends, then
	// turns each remaining one into "_" (runs are not merged).
	return strings.ReplaceAll(strings.TrimSpace(b.String()), " ", "_")
}

// AutobahnCaseFile is the name of one case's report file, as Autobahn
// names it: "autobahnserver_case_6_4_1.json" for the agent
// "AutobahnServer", the case 6.4.1 and ext "json".
func AutobahnCaseFile(agent, id, ext string) string {
	return AgentFileName(agent) + "_case_" + strings.ReplaceAll(id, ".", "_") + "." + ext
}

// abMillis is a duration in whole milliseconds, rounded, as Autobahn's
// int(round(1000 * seconds)).
func abMillis(d time.Duration) int64 { return int64((d + time.Millisecond/2) / time.Millisecond) }

// abTimed tells whether Autobahn reports the time of a case of category
// cat, in its grid and as "reportTime": its limits and performance (9)
// and its compression cases (12, 13) set reportTime; the others do not.
func abTimed(cat Category) bool {
	return cat.Key == "9" || cat.Key == "12" || cat.Key == "13"
}

// abBehaviorClose is the close behaviour as Autobahn writes it. A case
// of this package's own that ends no WebSocket of its own (a refused
// handshake) judges no close: Autobahn always has one, so it is
// INFORMATIONAL here, and its report says why.
func abBehaviorClose(r Result) string {
	if r.CloseVerdict == "" {
		return string(Informational)
	}
	return string(r.CloseVerdict)
}

// abJSON is v as Python's json.dumps(v, sort_keys=True, indent=3) writes
// it (Go sorts map keys the same way), with a final newline.
func abJSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "   ")
	if err != nil {
		return nil, fmt.Errorf("cannot write the report: %v", err)
	}
	return append(b, '\n'), nil
}

// abStarted is a time as Autobahn writes "started": UTC, to the
// millisecond, with a Z.
func abStarted(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// abCaseReport is one case's report under Autobahn's field names (a map,
// so that the keys come out sorted as Autobahn's do).
//
// Autobahn keeps a wire log, octet and frame statistics and the raw HTTP
// of each case; this checker keeps its own record instead (what was sent,
// what was observed, in words), under "wssample". So "createWirelog" and
// "createStats" are false and those fields empty, "httpRequest" and
// "httpResponse" are "?" (what Autobahn writes when it has none), and the
// bookkeeping Autobahn's own state machine has but this checker does not
// (closedByMe, failedByMe, wasClean …) is null rather than a guess.
func abCaseReport(agent string, side Side, r Result) map[string]any {
	var remoteReason any
	if r.Observed.Close != nil {
		remoteReason = r.Observed.Close.Reason
	}
	resultClose := r.CloseDetail
	if r.CloseVerdict == "" {
		resultClose = "This case ends no WebSocket of its own, so it judges no close."
	}
	var started any
	if !r.Started.IsZero() {
		started = abStarted(r.Started)
	}
	return map[string]any{
		"agent":                          agent,
		"behavior":                       string(r.Verdict),
		"behaviorClose":                  abBehaviorClose(r),
		"case":                           caseNumber(r.ID),
		"closedByMe":                     nil,
		"createStats":                    false,
		"createWirelog":                  false,
		"description":                    r.Title,
		"droppedByMe":                    nil,
		"duration":                       abMillis(r.Duration),
		"expectation":                    r.Expect,
		"expected":                       map[string]any{},
		"expectedClose":                  map[string]any{},
		"failedByMe":                     nil,
		"httpRequest":                    "?",
		"httpResponse":                   "?",
		"id":                             r.ID,
		"isServer":                       side == CheckedClient,
		"localCloseCode":                 nil,
		"localCloseReason":               nil,
		"received":                       []any{},
		"remoteCloseCode":                r.RemoteCloseCode,
		"remoteCloseReason":              remoteReason,
		"reportCompressionRatio":         false,
		"reportTime":                     abTimed(r.Category),
		"result":                         r.Detail,
		"resultClose":                    resultClose,
		"rxFrameStats":                   map[string]any{},
		"rxOctetStats":                   map[string]any{},
		"started":                        started,
		"trafficStats":                   nil,
		"txFrameStats":                   map[string]any{},
		"txOctetStats":                   map[string]any{},
		"wasClean":                       nil,
		"wasCloseHandshakeTimeout":       nil,
		"wasNotCleanReason":              nil,
		"wasOpenHandshakeTimeout":        nil,
		"wasServerConnectionDropTimeout": nil,
		"wirelog":                        []any{},
		"wssample": map[string]any{
			"category": r.Category,
			"section":  r.Section,
			"sent":     r.Sent,
			"observed": r.Observed,
		},
	}
}

// caseNumber is a case's 1-based number, Autobahn's "case": its place in
// Autobahn's list of cases (which is in the order of the IDs' numbers),
// with this package's own cases after them in the order they run; 0 for
// a case the catalogue lacks.
func caseNumber(id string) int {
	return caseNumbers()[id]
}

// caseNumbers numbers the catalogue's cases as caseNumber says.
var caseNumbers = sync.OnceValue(func() map[string]int {
	ids := caseOrder(nil)
	m := make(map[string]int, len(ids))
	for i, id := range ids {
		m[id] = i + 1
	}
	return m
})

// caseOrder returns the catalogue's case IDs and then extra ones (the
// IDs of cases the catalogue lacks, such as a client check's), in the
// order the reports list them: Autobahn's numeric IDs by their numbers,
// then the others in the order they come.
func caseOrder(extra []string) []string {
	var ids []string
	have := map[string]bool{}
	for _, c := range allCases() {
		ids = append(ids, c.ID)
		have[c.ID] = true
	}
	for _, id := range extra {
		if !have[id] {
			ids = append(ids, id)
			have[id] = true
		}
	}
	slices.SortStableFunc(ids, compareCaseIDs)
	return ids
}

// compareCaseIDs orders numeric IDs ("6.10.1") by their numbers, before
// any ID that is not all numbers; those keep their order.
func compareCaseIDs(a, b string) int {
	ta, okA := idNumbers(a)
	tb, okB := idNumbers(b)
	switch {
	case okA && okB:
		return slices.Compare(ta, tb)
	case okA:
		return -1
	case okB:
		return 1
	}
	return 0
}

// idNumbers is "6.10.1" as [6 10 1]; false when a part is not a number.
func idNumbers(id string) ([]int, bool) {
	var out []int
	for part := range strings.SplitSeq(id, ".") {
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}
