package conformance

import (
	"bytes"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file writes the two HTML pages of Autobahn's reports: index.html,
// a grid with a row per case and two columns per agent (the behaviour,
// linked to the case's page, and the close code), as Autobahn's is; and
// one page per case and agent. Both are self-contained: styles inline,
// no script, nothing fetched (Autobahn's index fetches its logos).

// abSubcategories names Autobahn's subcategories, as its grid heads them.
var abSubcategories = map[string]string{
	"1.1": "Text Messages", "1.2": "Binary Messages",
	"4.1": "Non-control Opcodes", "4.2": "Control Opcodes",
	"6.1": "Valid UTF-8 with zero payload fragments",
	"6.2": "Valid UTF-8 unfragmented, fragmented on code-points and within code-points",
	"6.3": "Invalid UTF-8 differently fragmented", "6.4": "Fail-fast on invalid UTF-8",
	"6.5": "Some valid UTF-8 sequences", "6.6": "All prefixes of a valid UTF-8 string that contains multi-byte code points",
	"6.7": "First possible sequence of a certain length", "6.8": "First possible sequence length 5/6 (invalid codepoints)",
	"6.9": "Last possible sequence of a certain length", "6.10": "Last possible sequence length 4/5/6 (invalid codepoints)",
	"6.11": "Other boundary conditions", "6.12": "Unexpected continuation bytes", "6.13": "Lonely start characters",
	"6.14": "Sequences with last continuation byte missing", "6.15": "Concatenation of incomplete sequences",
	"6.16": "Impossible bytes", "6.17": "Examples of an overlong ASCII character", "6.18": "Maximum overlong sequences",
	"6.19": "Overlong representation of the NUL character", "6.20": "Single UTF-16 surrogates",
	"6.21": "Paired UTF-16 surrogates", "6.22": "Non-character code points (valid UTF-8)",
	"6.23": "Unicode specials (i.e. replacement char)",
	"7.1":  "Basic close behavior (fuzzer initiated)", "7.3": "Close frame structure: payload length (fuzzer initiated)",
	"7.5": "Close frame structure: payload value (fuzzer initiated)", "7.7": "Close frame structure: valid close codes (fuzzer initiated)",
	"7.9": "Close frame structure: invalid close codes (fuzzer initiated)", "7.13": "Informational close information (fuzzer initiated)",
	"9.1": "Text Message (increasing size)", "9.2": "Binary Message (increasing size)",
	"9.3": "Fragmented Text Message (fixed size, increasing fragment size)", "9.4": "Fragmented Binary Message (fixed size, increasing fragment size)",
	"9.5": "Text Message (fixed size, increasing chop size)", "9.6": "Binary Text Message (fixed size, increasing chop size)",
	"9.7": "Text Message Roundtrip Time (fixed number, increasing size)", "9.8": "Binary Message Roundtrip Time (fixed number, increasing size)",
	"10.1": "Auto-Fragmentation",
}

// abSubcategoryName is the name of subcategory sub ("7.9", "12.2"), whose
// case c is: Autobahn's names where it has fixed ones; for 12.x the kind
// of data, and for 13.x the permessage-deflate parameters the case asks
// of the peer, both read from the case itself so that they cannot drift.
// The words of 13.x hold on both sides: the checker asks the server for
// them in its offer, the fuzzing server asks the client in its answer.
func abSubcategoryName(sub string, c Case) string {
	if name, ok := abSubcategories[sub]; ok {
		return name
	}
	if c.ab == nil || c.ab.seq == nil || len(c.ab.offers) == 0 {
		return ""
	}
	kind := "text messages"
	if c.ab.seq.binary {
		kind = "binary messages"
	}
	switch c.Category.Key {
	case "12":
		n, err := strconv.Atoi(strings.TrimPrefix(sub, "12."))
		if err != nil || n < 1 || n > len(dataSets) {
			return ""
		}
		return dataSets[n-1].what + ", " + kind + "; permessage-deflate, nothing asked of the peer"
	case "13":
		var asks []string
		for _, o := range c.ab.offers {
			asks = append(asks, abDeflateAsk(o))
		}
		if len(asks) == 1 {
			return dataSets[0].what + ", " + kind + "; asked of the peer: " + asks[0]
		}
		return dataSets[0].what + ", " + kind + "; asked of the peer, " + strconv.Itoa(len(asks)) + " choices, the first that fits taken: " + strings.Join(asks, "; ")
	}
	return ""
}

// abDeflateAsk says in words what one permessage-deflate offer asks of
// the peer's compression.
func abDeflateAsk(o pmdOffer) string {
	var w []string
	if o.serverNoContext {
		w = append(w, "no context takeover")
	}
	if o.serverBits != 0 {
		w = append(w, "a window of "+strconv.Itoa(o.serverBits)+" bits")
	}
	if len(w) == 0 {
		return "nothing (context takeover, a window of 15 bits)"
	}
	return strings.Join(w, " and ")
}

// abCell is one agent's two cells in a case's row.
type abCell struct {
	Text, Class string // the behaviour's word and its style
	Link        string // the case's page; empty for a case that did not run
	Detail      string // the duration, for the cases Autobahn times (9.x)
	Close       string // the close code, or Autobahn's word for a bad close
	CloseClass  string
	Span        bool // one cell across both columns (Unimplemented, Not run, Missing)
}

// abRow is a line of the grid: a category's head with the agents, a
// subcategory's head, or a case.
type abRow struct {
	Category    string // set on a category's head
	Subcategory string // set on a subcategory's head
	ID, Anchor  string // set on a case
	Cells       []abCell
}

// abAgentHead is an agent's summary above the grid.
type abAgentHead struct {
	Agent, URL, Stopped string
	Summary             Summary
	NotRun              int
}

// abDescription is a case's description below the grid.
type abDescription struct {
	ID, Anchor, Title, Section, Expect string
}

// abIndexPage is index.html.
func abIndexPage(side Side, runs []AgentRun) []byte {
	runs = slices.Clone(runs)
	// Autobahn sorts the agents by name.
	slices.SortFunc(runs, func(a, b AgentRun) int { return strings.Compare(a.Agent, b.Agent) })

	byAgent := make([]map[string]Result, len(runs))
	notRun := make([]map[string]bool, len(runs))
	cases := map[string]Case{}
	var extra []string
	var heads []abAgentHead
	var first time.Time // when the earliest case began: the run's date
	for i, run := range runs {
		byAgent[i], notRun[i] = map[string]Result{}, map[string]bool{}
		head := abAgentHead{Agent: run.Agent, URL: run.URL, Stopped: run.Stopped, NotRun: len(run.NotRun)}
		if head.URL == head.Agent {
			head.URL = "" // a client's run is known by its agent alone: not said twice
		}
		for _, r := range run.Results {
			byAgent[i][r.ID] = r
			cases[r.ID] = r.Case
			extra = append(extra, r.ID)
			head.Summary.Add(r.Status())
			if !r.Started.IsZero() && (first.IsZero() || r.Started.Before(first)) {
				first = r.Started
			}
		}
		for _, c := range run.NotRun {
			notRun[i][c.ID] = true
			cases[c.ID] = c
			extra = append(extra, c.ID)
		}
		heads = append(heads, head)
	}

	var rows []abRow
	var descs []abDescription
	lastCat, lastSub := "", ""
	for _, id := range caseOrder(extra) {
		c, ok := cases[id]
		if !ok {
			continue // in the catalogue, but no agent was asked for it
		}
		parts := strings.Split(id, ".")
		cat := parts[0]
		sub := cat // 2.1 … 2.11 are cases of category 2, not subcategories
		if len(parts) > 2 {
			sub = parts[0] + "." + parts[1]
		}
		if cat != lastCat || sub != lastSub {
			// As Autobahn's grid: the category and the agents again at
			// each subcategory, so that a long table stays readable.
			rows = append(rows, abRow{Category: c.Category.String()})
			if len(parts) > 2 {
				rows = append(rows, abRow{Subcategory: strings.TrimSpace(sub + " " + abSubcategoryName(sub, c))})
			}
			lastCat, lastSub = cat, sub
		}
		row := abRow{ID: id, Anchor: "case_desc_" + strings.ReplaceAll(id, ".", "_")}
		for i, run := range runs {
			r, ran := byAgent[i][id]
			switch {
			case ran:
				row.Cells = append(row.Cells, abResultCell(run.Agent, r))
			case notRun[i][id]:
				row.Cells = append(row.Cells, abCell{Text: "Not run", Class: "case_missing", Span: true})
			default:
				row.Cells = append(row.Cells, abCell{Text: "Missing", Class: "case_missing", Span: true})
			}
		}
		rows = append(rows, row)
		descs = append(descs, abDescription{ID: id, Anchor: row.Anchor, Title: c.Title, Section: c.Section, Expect: c.Expect})
	}

	started := ""
	if !first.IsZero() {
		started = first.UTC().Format("2006-01-02 15:04")
	}
	var b bytes.Buffer
	err := abIndexTemplate.Execute(&b, struct {
		Side, Started string
		Heads         []abAgentHead
		Agents        []AgentRun
		Rows          []abRow
		Descriptions  []abDescription
	}{sideWords(side), started, heads, runs, rows, descs})
	if err != nil {
		// The template is fixed and the data plain: a bug, caught by the tests.
		panic("conformance: index.html: " + err.Error())
	}
	return b.Bytes()
}

// sideWords says what was checked.
func sideWords(side Side) string {
	if side == CheckedClient {
		return "clients"
	}
	return "servers"
}

// abResultCell is the cells of a case that ran, in Autobahn's words.
func abResultCell(agent string, r Result) abCell {
	c := abCell{Link: AutobahnCaseFile(agent, r.ID, "html"), Class: abVerdictClass(r.Verdict)}
	switch r.Verdict {
	case Unimplemented:
		c.Text, c.Span = "Unimplemented", true
		return c
	case Pass:
		c.Text = "Pass"
	case NonStrict:
		c.Text = "Non-Strict"
	case Informational:
		c.Text = "Info"
	default:
		c.Text = "Fail"
	}
	if abTimed(r.Category) {
		c.Detail = strconv.FormatInt(abMillis(r.Duration), 10) + " ms"
	}
	closeVerdict := Verdict(abBehaviorClose(r))
	c.CloseClass = abVerdictClass(closeVerdict)
	switch closeVerdict {
	case Pass, FailedByClient, WrongCode, Informational:
		c.Close = "None" // what Autobahn writes for no code (Python's str(None))
		if r.RemoteCloseCode != nil {
			c.Close = strconv.Itoa(*r.RemoteCloseCode)
		}
	case Unclean:
		c.Close = "Unclean"
	default:
		c.Close = "Fail"
	}
	return c
}

// abVerdictClass is the grid's colour of a verdict, as Autobahn's grid
// has it: a behaviour's cell, a close behaviour's close cell, and the
// totals' heads.
func abVerdictClass(v Verdict) string {
	switch v {
	case Pass:
		return "case_ok"
	case Informational:
		return "case_info"
	case Unimplemented:
		return "case_unimplemented"
	case NonStrict, WrongCode:
		return "case_non_strict"
	case FailedByClient:
		return "case_almost"
	}
	return "case_failed"
}

// abStyle is the pages' style sheet: Autobahn's colours for its classes
// (its grid's white words on green, olive, red, blue, purple and brown),
// each cell centred as in its grid.
const abStyle = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; background: #f4f4f4; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
.block { background: #e0e0e0; padding: .8em 1.2em; margin: 1em 0; }
table { border-collapse: collapse; }
td, th { border: 1px solid #bbb; padding: .2em .5em; text-align: left; vertical-align: middle; }
tr.case_category_row td { background: #000; color: #fff; font-weight: bold; }
tr.case_category_row td.agent { background: #048; text-align: center; }
tr.case_subcategory_row td { background: #444; color: #fff; }
td.case { background: #fff; }
.case_ok, .case_almost, .case_non_strict, .case_failed, .case_info, .case_unimplemented, .case_missing { color: #fff; text-align: center; }
.case_ok { background: #0a0; } .case_almost { background: #6d6; } .case_non_strict { background: #9a0; }
.case_failed { background: #900; } .case_info { background: #4095bf; } .case_unimplemented { background: #800080; }
.case_missing { background: #a05a2c; }
#agent_case_results td[class^="case_"] a { color: #fff; }
.case_duration { font-size: .8em; }
td.close { font-size: .85em; } td.n { text-align: right; }
table.totals th { font-size: .75em; font-weight: normal; }
table.legend td { border-color: #e0e0e0; } table.legend td:first-child { width: 8em; }
h1.case { text-align: left; color: #fff; padding: .5em .8em; border-radius: 6px; }
p.case_text_block { border: 1px solid #aaa; border-radius: 6px; padding: .7em 1em; margin: .4em 0; background: #fff; }
code { font: 12px ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
`

var abIndexTemplate = template.Must(template.New("index").Funcs(template.FuncMap{
	"span":     func(agents []AgentRun) int { return 2*len(agents) + 1 },
	"style":    func() template.CSS { return template.CSS(abStyle) },
	"count":    func(s Summary, v Verdict) int { return s.Count(v) },
	"verdicts": Verdicts,
	"class":    abVerdictClass,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WebSocket conformance: {{len .Agents}} {{.Side}}</title>
<style>{{style}}</style>
</head>
<body>
<h1>WebSocket conformance of {{len .Agents}} {{.Side}}</h1>
<div class="block">
<p>Autobahn|Testsuite's cases, run by WebSocket Sample's checker; these reports have the form of Autobahn's
(index.json, and a JSON report per case and agent).{{with .Started}} The run began on {{.}} (UTC).{{end}}</p>
<table class="legend">
<tr><td class="case_ok">Pass</td><td>As RFC 6455 asks (RFC 7692 in 12 and 13).</td></tr>
<tr><td class="case_non_strict">Non-Strict</td><td>Allowed, but not what the RFC recommends (a SHOULD) or what is plainly best, such as failing the connection before echoing the valid message that came before the bad frame.</td></tr>
<tr><td class="case_failed">Fail</td><td>A MUST of the RFC broken; in 9 (limits and performance), it may be a limit the implementation chose.</td></tr>
<tr><td class="case_info">Info</td><td>The RFC leaves the choice to the implementation; the case's page says what it did.</td></tr>
<tr><td class="case_unimplemented">Unimplemented</td><td>An optional feature the implementation lacks (permessage-deflate, in 12 and 13).</td></tr>
<tr><td class="case_missing">Not run</td><td>The agent stopped answering before this case.</td></tr>
<tr><td class="case_missing">Missing</td><td>Not asked of this agent.</td></tr>
</table>
<p>Each agent has two columns: the behaviour, linked to the case's page (with the case's time in 9, 12 and 13, as Autobahn shows it),
and the close: the peer's close code, coloured by the close behaviour (light green: the checker had to close the TCP connection itself;
olive: a wrong code; blue: informational), or Unclean or Fail in red. "None": the peer sent no close code.</p>
<table class="totals">
<tr><th>Agent</th><th>Cases</th>{{range verdicts}}<th class="{{class .}}">{{.}}</th>{{end}}<th class="case_missing">NOT RUN</th></tr>
{{range .Heads}}<tr><td>{{.Agent}}{{with .URL}} <small>({{.}})</small>{{end}}</td><td class="n">{{.Summary.Total}}</td>{{$s := .Summary}}{{range verdicts}}<td class="n">{{count $s .}}</td>{{end}}<td class="n">{{.NotRun}}</td></tr>
{{end}}</table>
{{range .Heads}}{{if .Stopped}}<p><b>{{.Agent}}:</b> {{.Stopped}}</p>
{{end}}{{end}}</div>
<table id="agent_case_results">
{{range .Rows}}{{if .Category}}<tr class="case_category_row"><td class="case_category">{{.Category}}</td>{{range $.Agents}}<td class="agent" colspan="2">{{.Agent}}</td>{{end}}</tr>
{{else if .Subcategory}}<tr class="case_subcategory_row"><td colspan="{{span $.Agents}}">{{.Subcategory}}</td></tr>
{{else}}<tr><td class="case"><a href="#{{.Anchor}}">Case {{.ID}}</a></td>{{range .Cells}}{{if .Span}}<td class="{{.Class}}" colspan="2">{{if .Link}}<a href="{{.Link}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</td>{{else}}<td class="{{.Class}}"><a href="{{.Link}}">{{.Text}}</a>{{with .Detail}}<br><span class="case_duration">{{.}}</span>{{end}}</td><td class="close {{.CloseClass}}">{{.Close}}</td>{{end}}{{end}}</tr>
{{end}}{{end}}</table>
<h2>The cases</h2>
{{range .Descriptions}}<p class="case_text_block" id="{{.Anchor}}"><b>Case {{.ID}}</b> {{.Title}} <small>(RFC 6455 {{.Section}})</small><br>Expected: {{.Expect}}</p>
{{end}}</body>
</html>
`))

// abCasePage is one case's page for one agent.
func abCasePage(run AgentRun, side Side, r Result) []byte {
	var b bytes.Buffer
	err := abCaseTemplate.Execute(&b, struct {
		Agent   string
		Server  bool
		R       Result
		Class   string // the banner's colour: the case's cell in the grid
		Close   string
		Started string
		Millis  int64
	}{run.Agent, side == CheckedClient, r, abResultCell(run.Agent, r).Class, abBehaviorClose(r), abStartedOrDash(r.Started), abMillis(r.Duration)})
	if err != nil {
		panic("conformance: case page: " + err.Error())
	}
	return b.Bytes()
}

// abStartedOrDash is abStarted, or "-" for a result without a start.
func abStartedOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return abStarted(t)
}

var abCaseTemplate = template.Must(template.New("case").Funcs(template.FuncMap{
	"style": func() template.CSS { return template.CSS(abStyle) },
	"code": func(c *int) string {
		if c == nil {
			return "none"
		}
		return strconv.Itoa(*c)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Agent}}: case {{.R.ID}}</title>
<style>{{style}}</style>
</head>
<body>
<p><a href="index.html">All cases</a></p>
<h1 class="case {{.Class}}">{{.Agent}} – Case {{.R.ID}}: {{.R.Verdict}} / {{.Close}} – {{.Millis}} ms @ {{.Started}}</h1>
<p class="case_text_block"><b>Case description</b><br>{{.R.Title}} (RFC 6455 {{.R.Section}})</p>
<p class="case_text_block"><b>Case expectation</b><br>{{.R.Expect}}</p>
<p class="case_text_block"><b>Case outcome</b><br>{{.R.Detail}}</p>
<p class="case_text_block"><b>Case closing behavior: {{.Close}}</b><br>{{with .R.CloseDetail}}{{.}}{{else}}This case ends no WebSocket of its own, so it judges no close.{{end}}<br>Remote close code: {{code .R.RemoteCloseCode}}{{with .R.Observed.Close}}{{with .Reason}}, reason {{printf "%q" .}}{{else}}, no reason{{end}}{{end}}.</p>
<p class="case_text_block"><b>What was sent</b>{{range .R.Sent}}<br><code>{{.}}</code>{{end}}</p>
<p class="case_text_block"><b>What was observed</b>{{range .R.Observed.Events}}<br><code>{{.}}</code>{{end}}
{{with .R.Observed.HTTPStatus}}<br>HTTP status {{.}}{{end}}<br>Frames: {{.R.Observed.Frames}}, payload bytes echoed: {{.R.Observed.BytesEchoed}}{{with .R.Observed.End}}; connection {{.}}{{end}}</p>
<p><small>isServer: {{.Server}} (true when the checker was the server and the agent a client).</small></p>
</body>
</html>
`))
