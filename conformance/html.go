package conformance

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"
)

// HTML is the report as one self-contained HTML page (no scripts, styles
// inline, nothing fetched): the totals per category, then every case with
// what it sent, what it expected and what it observed, in a <details>
// that opens by itself for the cases that did not pass.
func (r *Report) HTML() []byte {
	var b bytes.Buffer
	if err := reportPage.Execute(&b, r); err != nil {
		// The template is fixed and the data is plain: an error here is a
		// bug in the template, caught by the tests.
		panic("conformance: HTML report: " + err.Error())
	}
	return b.Bytes()
}

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"ms":   func(d time.Duration) string { return d.Round(time.Millisecond).String() },
	"s":    func(d time.Duration) string { return d.Round(100 * time.Millisecond).String() },
	"when": func(t time.Time) string { return t.Format("2006-01-02 15:04:05 MST") },
	// class is a verdict as a CSS class: "OK" → "v-ok", "WRONG CODE" → "v-wrong-code".
	"class":    func(v Verdict) string { return "v-" + strings.ToLower(strings.ReplaceAll(string(v), " ", "-")) },
	"verdicts": Verdicts,
	"count":    func(s Summary, v Verdict) int { return s.Count(v) },
	"capital":  capital,
	"notRun":   notRunWords,
	"code": func(c *int) string {
		if c == nil {
			return "-"
		}
		return strconv.Itoa(*c)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WebSocket conformance of {{.URI}}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; word-break: break-all; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
.v-ok { color: #0a6b2d; } .v-failed { color: #b00020; font-weight: bold; } .v-non-strict, .v-failed-by-client { color: #8a5a00; }
.v-informational, .v-unimplemented { color: #1f4e9c; } .v-wrong-code, .v-unclean { color: #a33f00; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .25em 0; padding: .3em .6em; }
summary { cursor: pointer; }
details ul { margin: .3em 0; }
code { font: 13px ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #161616; } th, td, details { border-color: #444; }
  .v-ok { color: #5fd38a; } .v-failed { color: #ff6b81; } .v-non-strict, .v-failed-by-client { color: #f0b74a; }
  .v-informational, .v-unimplemented { color: #8fb4ff; } .v-wrong-code, .v-unclean { color: #ff9a5c; }
}
</style>
</head>
<body>
<h1>WebSocket conformance of {{.URI}}</h1>
<p>Checked on {{when .Started}} in {{s .Duration}}: <strong>{{.Summary}}</strong>.</p>
{{with .Stopped}}<p><strong class="v-failed">{{capital .}}.</strong> {{notRun $.NotRun}}</p>{{end}}
<table>
<tr><th>Category</th><th>Cases</th>{{range verdicts}}<th class="{{class .}}">{{.}}</th>{{end}}</tr>
{{range .Categories}}<tr><td>{{.Category}}</td><td class="n">{{.Total}}</td>{{$s := .Summary}}{{range verdicts}}<td class="n">{{count $s .}}</td>{{end}}</tr>
{{end}}<tr><th>All</th><th class="n">{{.Summary.Total}}</th>{{$s := .Summary}}{{range verdicts}}<th class="n">{{count $s .}}</th>{{end}}</tr>
</table>
{{range .Throughput}}<p>Throughput {{.}}.</p>
{{end}}<p>Each case has two verdicts, as Autobahn|Testsuite's reports do: the behaviour (what the server did with what was sent) and the close behaviour (how the connection ended),
with the server's close code. The totals count each case once, by its worse verdict.
<span class="v-ok">OK</span>: as RFC 6455 asks. <span class="v-failed">FAILED</span>: RFC 6455 broken.
<span class="v-non-strict">NON-STRICT</span>: allowed, not the best choice. <span class="v-informational">INFORMATIONAL</span>: the RFC lets the server choose.
<span class="v-unimplemented">UNIMPLEMENTED</span>: an optional feature the server lacks.
<span class="v-wrong-code">WRONG CODE</span>: a close code the case does not allow. <span class="v-unclean">UNCLEAN</span>: no clean close where one is required.
<span class="v-failed-by-client">FAILED BY CLIENT</span>: the checker had to close TCP, which the server should have done.</p>
{{range $cat := .Categories}}
<h2>{{.Category}}</h2>
{{range $.Results}}{{if eq .Category $cat.Category}}
<details{{if ne .Status "OK"}} open{{end}}>
<summary><span class="{{class .Verdict}}">{{.Verdict}}</span>{{with .CloseVerdict}} · <span class="{{class .}}">{{.}}</span>{{end}} <b>{{.ID}}</b> {{.Title}} <small>({{.Section}}, {{ms .Duration}})</small></summary>
<p>{{.Detail}}</p>
{{if .CloseDetail}}<p>Close: {{.CloseDetail}} Server's close code: {{code .RemoteCloseCode}}.</p>{{end}}
<ul>
<li>Expected: {{.Expect}}</li>
{{range .Sent}}<li>Sent: <code>{{.}}</code></li>
{{end}}{{range .Observed.Events}}<li>Observed: <code>{{.}}</code></li>
{{end}}{{with .Observed.HTTPStatus}}<li>HTTP status: {{.}}</li>{{end}}
<li>Bytes echoed: {{.Observed.BytesEchoed}}{{with .Observed.End}}; connection {{.}}{{end}}</li>
</ul>
</details>
{{end}}{{end}}
{{end}}
</body>
</html>
`))
