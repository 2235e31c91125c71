package checkpage

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/conformance"
)

// benchRows is the size of the table the benchmarks fill: Autobahn's
// full run.
const benchRows = 517

// benchCases are benchRows cases, each category's cases together as a
// run has them: the catalogue's cases, each repeated in place under IDs
// of its own when the catalogue has fewer.
func benchCases() []conformance.Case {
	all := conformance.Cases()
	reps := (benchRows + len(all) - 1) / len(all)
	var out []conformance.Case
	for _, c := range all {
		for j := range reps {
			cc := c
			if j > 0 {
				cc.ID += "." + string(rune('a'+j))
			}
			out = append(out, cc)
		}
	}
	return out[:benchRows]
}

// benchResults are the results of cases, all OK with the server's 1000.
func benchResults(cases []conformance.Case) []conformance.Result {
	code := 1000
	out := make([]conformance.Result, len(cases))
	for i, c := range cases {
		out[i] = conformance.Result{Case: c, Verdict: conformance.Pass, CloseVerdict: conformance.Pass,
			RemoteCloseCode: &code, Observed: conformance.Observed{HTTPStatus: 101, Frames: 2, BytesEchoed: 12},
			Duration: time.Millisecond}
	}
	return out
}

// BenchmarkCheckTableFill fills the table, on screen in a window of the
// app's default size, with benchRows results as a run delivers them, and
// ends the run: "per result" shows each one as it comes (a rebuild of the
// row list and a refresh of the rows in view per result), "batched" as the
// page does, what arrived since the last flush at most ten times a second
// (here 8 per flush: a fast category's pace).
func BenchmarkCheckTableFill(b *testing.B) {
	cases := benchCases()
	results := benchResults(cases)
	for _, bc := range []struct {
		name  string
		batch int
	}{{"per result", 1}, {"batched", 8}} {
		b.Run(bc.name, func(b *testing.B) {
			test.NewTempApp(b)
			w := test.NewTempWindow(b, nil)
			r := newCheckResults(nil)
			w.SetContent(r.content)
			w.Resize(fyne.NewSize(1000, 700))
			b.ReportAllocs()
			for b.Loop() {
				r.begin(cases)
				for i := 0; i < len(results); i += bc.batch {
					r.add(results[i:min(i+bc.batch, len(results))]...)
				}
				r.end(&conformance.Report{Results: results}, "")
			}
		})
	}
}
