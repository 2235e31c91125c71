package conformance

import (
	"bytes"
	"html/template"
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
.pass { color: #0a6b2d; } .fail { color: #b00020; font-weight: bold; } .non-strict { color: #8a5a00; } .informational { color: #1f4e9c; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .25em 0; padding: .3em .6em; }
summary { cursor: pointer; }
details ul { margin: .3em 0; }
code { font: 13px ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #161616; } th, td, details { border-color: #444; }
  .pass { color: #5fd38a; } .fail { color: #ff6b81; } .non-strict { color: #f0b74a; } .informational { color: #8fb4ff; }
}
</style>
</head>
<body>
<h1>WebSocket conformance of {{.URI}}</h1>
<p>Checked on {{when .Started}} in {{s .Duration}}: <strong>{{.Summary}}</strong>.</p>
<table>
<tr><th>Category</th><th>Cases</th><th>Pass</th><th>Fail</th><th>Non-strict</th><th>Informational</th></tr>
{{range .Categories}}<tr><td>{{.Category}}</td><td class="n">{{.Total}}</td><td class="n">{{.Pass}}</td><td class="n">{{.Fail}}</td><td class="n">{{.NonStrict}}</td><td class="n">{{.Informational}}</td></tr>
{{end}}<tr><th>All</th><th class="n">{{.Summary.Total}}</th><th class="n">{{.Summary.Pass}}</th><th class="n">{{.Summary.Fail}}</th><th class="n">{{.Summary.NonStrict}}</th><th class="n">{{.Summary.Informational}}</th></tr>
</table>
<p><span class="pass">pass</span>: as RFC 6455 asks. <span class="fail">fail</span>: a MUST broken.
<span class="non-strict">non-strict</span>: allowed, not ideal. <span class="informational">informational</span>: the RFC lets the server choose.</p>
{{range $cat := .Categories}}
<h2>{{.Category}}</h2>
{{range $.Results}}{{if eq .Category $cat.Category}}
<details{{if ne .Verdict "pass"}} open{{end}}>
<summary><span class="{{.Verdict}}">{{.Verdict}}</span> <b>{{.ID}}</b> {{.Title}} <small>({{.Section}}, {{ms .Duration}})</small></summary>
<p>{{.Detail}}</p>
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
