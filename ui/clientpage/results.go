package clientpage

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

// The verdict filter's first two choices; the others are the verdicts.
const (
	filterAll    = "All cases"
	filterNotRun = "Not run yet"
)

// Bounds of the detail: a case's lists are bounded in conformance
// already; these keep one case from filling the area.
const (
	detailLineLimit = 400
	detailListLimit = 24
)

// results is the lower half of the page: which agent, which verdicts,
// the cases in a virtualised list (one row per case, built only while on
// screen) and the selected case whole. UI goroutine only.
type results struct {
	cases    []conformance.Case
	agents   []string                                 // in the order they came
	byAgent  map[string]map[string]conformance.Result // agent → case ID → result
	agent    string                                   // the agent shown
	filter   string
	rows     []int // indexes into cases of the rows shown
	selected string

	agentSel  *widget.Select
	filterSel *widget.Select
	totals    *widget.Label
	list      *widget.List
	detail    *widget.Label   // the selected case whole
	frame     *kit.ListDetail // the list above, the detail below
	clipboard fyne.Clipboard
	changed   func()
	content   fyne.CanvasObject
}

func newResults(clipboard fyne.Clipboard, changed func()) *results {
	r := &results{byAgent: map[string]map[string]conformance.Result{}, filter: filterAll, clipboard: clipboard, changed: changed}
	r.agentSel = widget.NewSelect(nil, func(a string) { r.agent = a; r.refilter(); r.changed() })
	r.agentSel.PlaceHolder = "(no client yet)"
	opts := []string{filterAll, filterNotRun}
	for _, v := range conformance.Verdicts() {
		opts = append(opts, string(v))
	}
	r.filterSel = widget.NewSelect(opts, func(f string) { r.filter = f; r.refilter() })
	r.totals = widget.NewLabel("")
	r.totals.Truncation = fyne.TextTruncateEllipsis
	r.list = widget.NewList(func() int { return len(r.rows) }, newRow, r.fillRow)
	r.list.OnSelected = func(id widget.ListItemID) {
		if id >= 0 && id < len(r.rows) {
			r.show(r.cases[r.rows[id]].ID)
		}
	}
	r.detail = widget.NewLabel("")
	r.detail.Wrapping = fyne.TextWrapWord
	r.detail.TextStyle = fyne.TextStyle{Monospace: true}
	r.frame = kit.NewListDetail(r.list, r.detail, clipboard, func() string {
		return r.frame.Heading.Text + "\n" + r.detail.Text
	}, func() { r.selected = ""; r.list.UnselectAll() })
	// The selects are as wide as their longest choice, not their text.
	wide := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	// The totals have a line of their own: seven verdicts need it.
	bar := container.NewHBox(widget.NewLabel("Agent:"), wide(210, r.agentSel), widget.NewLabel("Show:"), wide(150, r.filterSel))
	r.content = container.NewBorder(container.NewVBox(bar, r.totals), nil, nil, nil, r.frame.Content)
	r.filterSel.SetSelected(filterAll)
	return r
}

// begin starts over with a new server's cases.
func (r *results) begin(cases []conformance.Case) {
	r.cases = cases
	r.agents, r.agent, r.selected = nil, "", ""
	r.byAgent = map[string]map[string]conformance.Result{}
	r.agentSel.Options = nil
	r.agentSel.ClearSelected()
	r.frame.Hide()
	r.refilter()
}

// add takes in results as they came; the first agent is shown at once.
func (r *results) add(in []conformance.AgentResult) {
	newAgent, shown := false, false
	for _, ar := range in {
		m, ok := r.byAgent[ar.Agent]
		if !ok {
			m = map[string]conformance.Result{}
			r.byAgent[ar.Agent] = m
			r.agents = append(r.agents, ar.Agent)
			newAgent = true
		}
		m[ar.Result.ID] = ar.Result
		shown = shown || ar.Agent == r.agent
	}
	if newAgent {
		r.agentSel.Options = slices.Clone(r.agents)
		r.agentSel.Refresh()
		if r.agent == "" {
			r.agentSel.SetSelected(r.agents[0]) // refilters
			return
		}
	}
	if shown {
		r.refilter()
		if res, ok := r.byAgent[r.agent][r.selected]; ok {
			r.detail.SetText(detailText(res))
		}
	}
}

// refilter recomputes the rows shown and the totals.
func (r *results) refilter() {
	got := r.byAgent[r.agent]
	r.rows = r.rows[:0]
	for i, c := range r.cases {
		res, ok := got[c.ID]
		switch {
		case r.filter == filterAll,
			r.filter == filterNotRun && !ok,
			ok && (string(res.Verdict) == r.filter || string(res.CloseVerdict) == r.filter):
			r.rows = append(r.rows, i)
		}
	}
	r.totals.SetText(r.summary())
	r.list.Refresh()
}

// summary is the shown agent's totals in words.
func (r *results) summary() string {
	switch {
	case len(r.cases) == 0:
		return "Start listens; the cases appear here."
	case r.agent == "":
		return fmt.Sprintf("%d cases; no client has asked for one yet.", len(r.cases))
	}
	var s conformance.Summary
	for _, res := range r.byAgent[r.agent] {
		s.Add(res.Status())
	}
	out := fmt.Sprintf("%d of %d run", len(r.byAgent[r.agent]), len(r.cases))
	for _, v := range conformance.Verdicts() {
		if n := s.Count(v); n > 0 {
			out += fmt.Sprintf(", %d %s", n, v)
		}
	}
	return out + "."
}

// newRow is a list row: the verdict's mark, the case and its two
// verdicts and close code in fixed columns, the title; dense, as the
// log's rows, so that a screenful of cases shows beside a case's detail.
func newRow() fyne.CanvasObject {
	cols := widget.NewLabel("")
	cols.TextStyle = fyne.TextStyle{Monospace: true}
	title := widget.NewLabel("")
	title.Truncation = fyne.TextTruncateEllipsis
	return kit.Dense(container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(nil), cols), nil, title))
}

// rowParts are the mark, the columns and the title of a row of newRow.
func rowParts(o fyne.CanvasObject) (mark *widget.Icon, cols, title *widget.Label) {
	box := o.(*container.ThemeOverride).Content.(*fyne.Container)
	left := box.Objects[1].(*fyne.Container)
	return left.Objects[0].(*widget.Icon), left.Objects[1].(*widget.Label), box.Objects[0].(*widget.Label)
}

// fillRow shows row id.
func (r *results) fillRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(r.rows) {
		return
	}
	c := r.cases[r.rows[id]]
	res, ok := r.byAgent[r.agent][c.ID]
	icon, verdict, closing, code := fyne.Resource(nil), "–", "", ""
	if ok {
		icon, verdict, closing = verdictIcon(res.Status()), string(res.Verdict), string(res.CloseVerdict)
		if res.RemoteCloseCode != nil {
			code = fmt.Sprint(*res.RemoteCloseCode)
		}
	}
	mark, cols, title := rowParts(o)
	mark.SetResource(icon)
	setText(cols, fmt.Sprintf("%-9s %-14s %-16s %-5s", c.ID, verdict, closing, code))
	setText(title, c.Title)
}

// setText avoids a redraw when nothing changed.
func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// verdictIcon marks a verdict: a tick for OK, a cross for FAILED, a
// warning for the rest.
func verdictIcon(v conformance.Verdict) fyne.Resource {
	switch v {
	case conformance.Pass:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case conformance.Fail:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case conformance.Informational:
		return theme.InfoIcon()
	}
	return theme.NewWarningThemedResource(theme.WarningIcon())
}

// show shows case id whole, for the shown agent.
func (r *results) show(id string) {
	r.selected = id
	res, ok := r.byAgent[r.agent][id]
	if !ok {
		i := slices.IndexFunc(r.cases, func(c conformance.Case) bool { return c.ID == id })
		if i < 0 {
			return
		}
		c := r.cases[i]
		r.frame.Mark.SetResource(nil)
		r.frame.Heading.SetText(c.ID + "  " + c.Title)
		r.detail.SetText(fmt.Sprintf("Not run yet for %s · RFC 6455 %s\nExpected: %s", r.agentName(), c.Section, c.Expect))
	} else {
		r.frame.Mark.SetResource(verdictIcon(res.Status()))
		r.frame.Heading.SetText(res.ID + "  " + res.Title)
		r.detail.SetText(detailText(res))
	}
	r.frame.Show()
}

func (r *results) agentName() string {
	if r.agent == "" {
		return "any client"
	}
	return r.agent
}

// detailText is a case's result whole: both verdicts, the client's close
// code and the RFC section, why, what the server sent and what the
// client did, in the wire view's words (conformance writes them so).
func detailText(res conformance.Result) string {
	cut := func(s string) string {
		if len(s) > detailLineLimit {
			return present.CutUTF8(s, detailLineLimit) + "…"
		}
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Behaviour: %s", res.Verdict)
	if res.CloseVerdict != "" {
		fmt.Fprintf(&b, " · Close: %s", res.CloseVerdict)
	}
	if c := res.RemoteCloseCode; c != nil {
		fmt.Fprintf(&b, " (the client's code %d)", *c)
	}
	fmt.Fprintf(&b, " · RFC 6455 %s · took %s\n", res.Section, conformance.Round(res.Duration))
	b.WriteString(cut(res.Detail) + "\n")
	if res.CloseDetail != "" {
		b.WriteString(cut("Close: "+res.CloseDetail) + "\n")
	}
	b.WriteString(cut("Expected: "+res.Expect) + "\n")
	list := func(title string, items []string) {
		for i, s := range items {
			if i == detailListLimit {
				fmt.Fprintf(&b, "%s … and %d more\n", title, len(items)-i)
				return
			}
			b.WriteString(cut(title+" "+s) + "\n")
		}
	}
	list("Server sent:", res.Sent)
	list("Client did:", res.Observed.Events)
	if res.Observed.End != "" {
		b.WriteString("The connection " + res.Observed.End + ".")
	}
	return strings.TrimRight(b.String(), "\n")
}
