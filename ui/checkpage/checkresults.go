package checkpage

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

// checkResults is the check page's table and what goes with it. The
// table has a row with the totals of the run, one row per category with
// its totals, which a click folds or unfolds, and under each one row per
// case that has run (verdict, case, what the server did, time), then the
// case that runs now. A click on a case shows it whole in the detail area
// (checkdetail.go) under a divider the user can drag. Before the first run
// and after one that could not start, a message stands in the table's
// place. A choice above the table shows only the cases with one verdict
// (or all that are not OK, or those a run that stopped early did not
// reach).
//
// A row stays cheap however many cases run (517 and more): the rows are a
// widget.List of recycled row widgets, so only the dozen in view are
// drawn; a row is a small struct; the totals are counted as results
// arrive, not summed again per drawing; and results come in batches, at
// most ten a second (Page.flush), each batch one rebuild of the row
// structs and one refresh of the rows in view. UI goroutine only.
type checkResults struct {
	cases     []conformance.Case  // the run's cases, in the order they run
	groups    []*caseGroup        // the run's categories, in the same order
	sum       conformance.Summary // the statuses of the cases done
	done      int                 // cases done
	running   bool                // the run is on: cases[done] runs now
	report    *conformance.Report // the ended run's report, nil while running
	rows      []checkRow          // what the list shows
	collapsed map[string]bool     // folded categories, by key; kept from run to run
	only      string              // the verdict filter's choice: verdictAll, verdictNotOK or a Status

	filter    *widget.Select  // the verdict filter
	filterBar *fyne.Container // "Show" and the filter, which the page puts by Run
	list      *checkList
	message   *widget.Label // in the table's place when it is empty
	detail    *caseDetail
	body      *fyne.Container // the message or the split
	content   fyne.CanvasObject
}

// caseGroup is one category of a run: its cases planned, the results of
// those done and their count by status, and once a run stopped early the
// cases it did not reach.
type caseGroup struct {
	cat     conformance.Category
	planned int
	results []conformance.Result
	sum     conformance.Summary
	notRun  []conformance.Case
}

// rowKind says what a row of the table is.
type rowKind int

const (
	rowTotals   rowKind = iota // the whole run
	rowCategory                // a category's totals
	rowCase                    // a case done: group.results[result]
	rowRunning                 // the case that runs now
	rowNotRun                  // a case a run that stopped early did not reach: group.notRun[result]
)

// checkRow is a row of the list.
type checkRow struct {
	kind   rowKind
	group  *caseGroup
	result int  // the index in group.results, or in group.notRun
	folded bool // a category's row whose cases are hidden
}

// The verdict filter's choices besides one verdict: every case, every
// case not OK, and (once a run stopped early) the cases it did not reach.
const (
	verdictAll    = "All cases"
	verdictNotOK  = "Cases not OK"
	verdictNotRun = "Not run"
)

// shows reports whether the verdict filter lets res through. It looks at
// a case's status (FAILED if either behaviour is, else a close behaviour
// that is not OK, else the behaviour), or at either of its verdicts.
func (r *checkResults) shows(res conformance.Result) bool {
	switch r.only {
	case verdictAll, "":
		return true
	case verdictNotOK:
		return res.Status() != conformance.Pass
	case verdictNotRun:
		return false
	}
	v := conformance.Verdict(r.only)
	return res.Status() == v || res.Verdict == v || res.CloseVerdict == v
}

// The table's messages when it has no rows.
const (
	checkNotRunText = "No check has run yet. Choose the quick run or the full run (or categories of your own) and press Run."
)

func newCheckResults(clipboard fyne.Clipboard) *checkResults {
	r := &checkResults{collapsed: map[string]bool{}}
	r.list = &checkList{keep: func() int { return r.indexOf(r.detail.shown) }}
	r.list.Length = func() int { return len(r.rows) }
	r.list.CreateItem = func() fyne.CanvasObject { return newCheckRowWidget() }
	r.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { o.(*checkRowWidget).show(r, r.rowAt(id)) }
	r.list.OnSelected = r.selected
	r.list.ExtendBaseWidget(r.list)
	r.message = widget.NewLabel(checkNotRunText)
	r.message.Wrapping = fyne.TextWrapWord
	head := container.New(checkColumns{}, widget.NewLabel(""), boldLabel("Case"), widget.NewLabel(""),
		boldLabel("Behaviour"), boldLabel("Close"), boldLabel("Observed"), boldLabel("Time"))
	head.Objects[6].(*widget.Label).Alignment = fyne.TextAlignTrailing
	r.only = verdictAll
	r.filter = widget.NewSelect(filterOptions(false), func(s string) {
		if s != r.only {
			r.only = s
			r.rebuild()
		}
	})
	r.filter.SetSelected(verdictAll)
	r.filterBar = container.NewHBox(widget.NewLabel("Show"), r.filter)
	table := container.NewBorder(kit.Dense(head), nil, nil, nil, r.list)
	r.detail = newCaseDetail(table, clipboard, r.list.UnselectAll)
	r.body = container.NewStack(r.message)
	r.content = container.NewBorder(widget.NewSeparator(), nil, nil, nil, r.body)
	return r
}

// filterOptions are the verdict filter's choices, with "Not run" after a
// run that stopped early.
func filterOptions(notRun bool) []string {
	options := []string{verdictAll, verdictNotOK}
	for _, v := range conformance.Verdicts() {
		options = append(options, string(v))
	}
	if notRun {
		options = append(options, verdictNotRun)
	}
	return options
}

func boldLabel(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// begin empties the table for a run of cases: every category to run gets
// its row at once, so the table shows what is to come.
func (r *checkResults) begin(cases []conformance.Case) {
	r.cases, r.groups, r.done, r.running, r.report = cases, nil, 0, true, nil
	r.sum = conformance.Summary{}
	r.setNotRunChoice(false)
	for _, c := range cases {
		if n := len(r.groups); n == 0 || r.groups[n-1].cat != c.Category {
			r.groups = append(r.groups, &caseGroup{cat: c.Category})
		}
		r.groups[len(r.groups)-1].planned++
	}
	r.detail.hide()
	r.list.UnselectAll()
	r.showTable(true)
	r.rebuild()
	r.list.ScrollToTop()
}

// add shows a batch of finished cases in their categories: one rebuild
// and one refresh of the rows in view, however many there are.
func (r *checkResults) add(batch ...conformance.Result) {
	for _, res := range batch {
		if g := r.groupOf(res.Category); g != nil {
			g.results = append(g.results, res)
			g.sum.Add(res.Status())
			r.sum.Add(res.Status())
			r.done++
		}
	}
	r.rebuild()
}

// setNotRunChoice offers "Not run" in the verdict filter, or takes it
// away (showing every case if it was chosen).
func (r *checkResults) setNotRunChoice(on bool) {
	if on == slices.Contains(r.filter.Options, verdictNotRun) {
		return
	}
	if !on && r.only == verdictNotRun {
		r.only = verdictAll
		r.filter.SetSelected(verdictAll)
	}
	r.filter.SetOptions(filterOptions(on))
}

// end marks the run over with its report (partial if it was cancelled).
// Without one nothing ran: the table gives way to why.
func (r *checkResults) end(rep *conformance.Report, why string) {
	r.running, r.report = false, rep
	if rep == nil {
		r.cases, r.groups, r.done = nil, nil, 0
		r.message.SetText(why)
		r.showTable(false)
	}
	if r.done < len(r.cases) { // stopped early: what it did not reach
		ran := make(map[string]bool, r.done)
		for _, g := range r.groups {
			for _, res := range g.results {
				ran[res.ID] = true
			}
		}
		for _, c := range r.cases {
			if !ran[c.ID] {
				g := r.groupOf(c.Category)
				g.notRun = append(g.notRun, c)
			}
		}
		r.setNotRunChoice(true)
	}
	r.rebuild()
}

// showTable puts the table, or the message, in the body.
func (r *checkResults) showTable(on bool) {
	want := fyne.CanvasObject(r.message)
	if on {
		want = r.detail.frame.Content
	}
	if r.body.Objects[0] != want {
		r.body.Objects[0] = want
		r.body.Refresh()
	}
}

// groupOf is the run's group of cat, nil if it has none.
func (r *checkResults) groupOf(cat conformance.Category) *caseGroup {
	for _, g := range r.groups {
		if g.cat == cat {
			return g
		}
	}
	return nil
}

// current is the case that runs now, nil when none does. Run takes the
// cases in order, so it is the one after those done.
func (r *checkResults) current() *conformance.Case {
	if !r.running || r.done >= len(r.cases) {
		return nil
	}
	return &r.cases[r.done]
}

// toggle folds or unfolds a category.
func (r *checkResults) toggle(key string) {
	r.collapsed[key] = !r.collapsed[key]
	r.rebuild()
}

// rebuild lays the rows out again from the groups and refreshes the list.
// The case shown in the detail area stays selected where it moved to.
func (r *checkResults) rebuild() {
	r.rows = r.rows[:0]
	if len(r.groups) > 0 {
		r.rows = append(r.rows, checkRow{kind: rowTotals})
	}
	cur := r.current()
	for _, g := range r.groups {
		folded := r.collapsed[g.cat.Key]
		r.rows = append(r.rows, checkRow{kind: rowCategory, group: g, folded: folded})
		if folded {
			continue
		}
		for i, res := range g.results {
			if r.shows(res) {
				r.rows = append(r.rows, checkRow{kind: rowCase, group: g, result: i})
			}
		}
		if cur != nil && cur.Category == g.cat {
			r.rows = append(r.rows, checkRow{kind: rowRunning, group: g})
		}
		if r.only == verdictAll || r.only == verdictNotRun {
			for i := range g.notRun {
				r.rows = append(r.rows, checkRow{kind: rowNotRun, group: g, result: i})
			}
		}
	}
	r.list.Refresh()
	if id := r.detail.shown; id != "" {
		if i := r.indexOf(id); i >= 0 {
			r.list.Select(i) // shows the same case again: harmless
		} else {
			r.list.UnselectAll() // folded away; the detail stays
		}
	}
}

// rowAt is the list's row id.
func (r *checkResults) rowAt(id widget.ListItemID) checkRow {
	if id < 0 || id >= len(r.rows) {
		return checkRow{kind: rowTotals}
	}
	return r.rows[id]
}

// indexOf is the row of the case with ID id, -1 if none is shown.
func (r *checkResults) indexOf(id string) int {
	for i, row := range r.rows {
		if row.kind == rowCase && row.group.results[row.result].ID == id {
			return i
		}
	}
	return -1
}

// selected is a click on a row: a category folds or unfolds, a case
// shows in the detail area; the other rows only say something.
func (r *checkResults) selected(id widget.ListItemID) {
	row := r.rowAt(id)
	switch row.kind {
	case rowCategory:
		r.list.Unselect(id)
		r.toggle(row.group.cat.Key)
	case rowCase:
		if res := row.group.results[row.result]; r.detail.shown != res.ID {
			r.detail.show(res) // the table gets shorter; checkList keeps the row in view
		}
	default:
		r.list.Unselect(id)
	}
}

// Select shows the case with ID id in the detail area, as a click on its
// row does (unfolding its category); false if it has not run.
func (r *checkResults) Select(id string) bool {
	for _, g := range r.groups {
		for _, res := range g.results {
			if res.ID == id && r.collapsed[g.cat.Key] {
				r.toggle(g.cat.Key)
			}
		}
	}
	i := r.indexOf(id)
	if i < 0 && r.only != verdictAll {
		r.filter.SetSelected(verdictAll) // a case asked for by name is shown, whatever the filter
		i = r.indexOf(id)
	}
	if i < 0 {
		return false
	}
	r.list.Select(i)
	return true
}

// checkList is the table's widget.List, which keeps the case shown in the
// detail area in view when it is resized: opening the detail halves the
// table, which would otherwise leave the row clicked below the fold.
type checkList struct {
	widget.List
	keep func() int // the row to keep in view, -1 for none
}

func (l *checkList) Resize(s fyne.Size) {
	l.List.Resize(s)
	if i := l.keep(); i >= 0 {
		l.ScrollTo(i)
	}
}

// line is the category's row: "6 UTF-8 handling: 145 OK, 0 FAILED", with
// "(8 of 15)" while some of its cases have not run, and what is to come
// for a category not reached.
func (g *caseGroup) line(running bool) string {
	name := g.cat.String()
	done := len(g.results)
	switch {
	case done == 0 && running:
		return name + ": " + casesWord(g.planned) + " to run"
	case done == 0:
		return name + ": " + casesWord(g.planned) + ", not run"
	case done < g.planned:
		return fmt.Sprintf("%s: %s (%d of %d)", name, verdictCounts(g.sum), done, g.planned)
	}
	return name + ": " + verdictCounts(g.sum)
}

// totalsLine is the run's row: "All 47 cases: 47 OK, 0 FAILED in 0.2 s",
// and while it runs or once cancelled how far it got.
func (r *checkResults) totalsLine() string {
	counts := verdictCounts(r.sum)
	switch {
	case r.running && r.done == 0:
		return "All: " + casesWord(len(r.cases)) + " to run"
	case r.running:
		return fmt.Sprintf("All: %s (%d of %d)", counts, r.done, len(r.cases))
	case r.done < len(r.cases):
		return fmt.Sprintf("All: %s (%d of %d; %d not run)", counts, r.done, len(r.cases), len(r.cases)-r.done)
	}
	in := ""
	if r.report != nil {
		in = " in " + took(conformance.Round(r.report.Duration))
	}
	return "All " + casesWord(len(r.cases)) + ": " + counts + in
}

// closeText is a case's close behaviour as Autobahn's index shows it
// beside the behaviour, with the server's close code: "OK, 1000",
// "WRONG CODE, 1000", "UNCLEAN"; "" for a case that opened no WebSocket.
func closeText(res conformance.Result) string {
	if res.CloseVerdict == "" {
		return ""
	}
	code := "no code"
	if c := res.RemoteCloseCode; c != nil {
		code = strconv.Itoa(*c)
	}
	switch res.CloseVerdict {
	case conformance.Unclean, conformance.Fail:
		return string(res.CloseVerdict)
	}
	return string(res.CloseVerdict) + ", " + code
}

// observedText is what the server did, in a few words for the table's
// Observed column; the detail area has all of it.
func observedText(res conformance.Result) string {
	o := res.Observed
	var parts []string
	switch {
	case o.HTTPStatus != 0 && o.HTTPStatus != 101:
		parts = append(parts, fmt.Sprintf("HTTP %d", o.HTTPStatus))
	case o.BytesEchoed > 0:
		parts = append(parts, present.GroupDigits(o.BytesEchoed)+" bytes echoed")
	case o.Frames > 0 && o.Close == nil: // Frames counts a close frame too
		parts = append(parts, framesWord(o.Frames)+" back")
	}
	if c := o.Close; c != nil {
		if c.Code == 1005 {
			parts = append(parts, "empty close")
		} else {
			parts = append(parts, fmt.Sprintf("close %d", c.Code)) // the reason is in the detail
		}
	}
	if len(parts) == 0 && o.HTTPStatus == 101 {
		parts = append(parts, "HTTP 101")
	}
	if len(parts) == 0 && o.End != "" {
		parts = append(parts, o.End)
	}
	return strings.Join(parts, ", ")
}

func framesWord(n int) string {
	if n == 1 {
		return "1 frame"
	}
	return fmt.Sprintf("%d frames", n)
}

// took is a case's time as the table shows it: "<1 ms", "3 ms", "10.0 s".
func took(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "<1 ms"
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// verdictIcon is a verdict's mark, in the theme's colour for it: a green
// tick for OK, a red cross for FAILED, an orange warning for what is
// allowed but not right (NON-STRICT, WRONG CODE, UNCLEAN, FAILED BY
// CLIENT), a blue note for INFORMATIONAL, a grey one for UNIMPLEMENTED.
func verdictIcon(v conformance.Verdict) fyne.Resource {
	icons := rowIcons()
	if m, ok := icons.verdict[v]; ok {
		return m
	}
	return icons.info
}

// rowIcons are the table's marks, made once: a themed resource recolours
// its SVG each time an icon is given a new one, which at a refresh of the
// rows in view was most of the table's cost. The theme's colours still
// apply, as they are looked up when the icon is drawn.
var rowIcons = sync.OnceValue(func() (m struct {
	verdict                                  map[conformance.Verdict]fyne.Resource
	info, totals, running, notRun            fyne.Resource
	unfolded, folded, unfoldedOff, foldedOff fyne.Resource
}) {
	warn := theme.NewWarningThemedResource(theme.WarningIcon())
	m.verdict = map[conformance.Verdict]fyne.Resource{
		conformance.Pass:           theme.NewSuccessThemedResource(theme.ConfirmIcon()),
		conformance.Fail:           theme.NewErrorThemedResource(theme.CancelIcon()),
		conformance.NonStrict:      warn,
		conformance.WrongCode:      warn,
		conformance.Unclean:        warn,
		conformance.FailedByClient: warn,
		conformance.Unimplemented:  theme.NewDisabledResource(theme.InfoIcon()),
	}
	m.info = theme.NewPrimaryThemedResource(theme.InfoIcon())
	m.totals = theme.ListIcon()
	m.running = theme.NewPrimaryThemedResource(theme.HistoryIcon())
	m.notRun = theme.NewDisabledResource(theme.RadioButtonIcon())
	m.unfolded, m.folded = theme.MenuDropDownIcon(), theme.MenuExpandIcon() // ▾ and ▸
	m.unfoldedOff, m.foldedOff = theme.NewDisabledResource(m.unfolded), theme.NewDisabledResource(m.folded)
	return m
})

// checkRowWidget is one recycled row of the list: either the case line
// (mark, ID, title, verdict, observed, time) or the line of the totals or
// a category (the fold mark and the words), the other hidden.
type checkRowWidget struct {
	widget.BaseWidget
	mark                                         *widget.Icon
	id, title, verdict, closing, observed, taken *widget.Label
	fold                                         *widget.Icon
	words                                        *widget.Label
	caseRow, lineRow                             *fyne.Container
}

func newCheckRowWidget() *checkRowWidget {
	w := &checkRowWidget{
		mark: widget.NewIcon(nil), fold: widget.NewIcon(nil),
		id: widget.NewLabel(""), title: widget.NewLabel(""), verdict: widget.NewLabel(""),
		closing: widget.NewLabel(""), observed: widget.NewLabel(""), taken: widget.NewLabel(""),
		words: boldLabel(""),
	}
	for _, l := range []*widget.Label{w.id, w.title, w.verdict, w.closing, w.observed, w.taken, w.words} {
		l.Truncation = fyne.TextTruncateEllipsis // the detail area has the whole text
	}
	w.taken.Alignment = fyne.TextAlignTrailing
	w.caseRow = container.New(checkColumns{}, w.mark, w.id, w.title, w.verdict, w.closing, w.observed, w.taken)
	w.lineRow = container.NewBorder(nil, nil, w.fold, nil, w.words)
	w.ExtendBaseWidget(w)
	return w
}

func (w *checkRowWidget) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(kit.Dense(container.NewStack(w.caseRow, w.lineRow)))
}

// show fills the row with row of r.
func (w *checkRowWidget) show(r *checkResults, row checkRow) {
	switch row.kind {
	case rowTotals:
		w.showLine(rowIcons().totals, r.totalsLine())
	case rowCategory:
		icons := rowIcons()
		fold := icons.unfolded
		switch {
		case len(row.group.results) == 0 && row.folded: // nothing to unfold yet
			fold = icons.foldedOff
		case len(row.group.results) == 0:
			fold = icons.unfoldedOff
		case row.folded:
			fold = icons.folded
		}
		w.showLine(fold, row.group.line(r.running))
	case rowCase:
		res := row.group.results[row.result]
		w.showCase(verdictIcon(res.Status()), res.ID, res.Title, string(res.Verdict), closeText(res), observedText(res), took(res.Duration))
	case rowRunning:
		if c := r.current(); c != nil {
			w.showCase(rowIcons().running, c.ID, c.Title, "running…", "", "", "")
		}
	case rowNotRun:
		c := row.group.notRun[row.result]
		w.showCase(rowIcons().notRun, c.ID, c.Title, "not run", "", "", "")
	}
}

func (w *checkRowWidget) showLine(icon fyne.Resource, words string) {
	w.caseRow.Hide()
	w.lineRow.Show()
	setIcon(w.fold, icon)
	kit.SetLabel(w.words, words)
}

func (w *checkRowWidget) showCase(mark fyne.Resource, id, title, verdict, closing, observed, taken string) {
	w.lineRow.Hide()
	w.caseRow.Show()
	setIcon(w.mark, mark)
	kit.SetLabel(w.id, id)
	kit.SetLabel(w.title, title)
	kit.SetLabel(w.verdict, verdict)
	kit.SetLabel(w.closing, closing)
	kit.SetLabel(w.observed, observed)
	kit.SetLabel(w.taken, taken)
}

// setIcon gives icon res unless it has it already: a new resource is
// decoded and drawn again.
func setIcon(icon *widget.Icon, res fyne.Resource) {
	if icon.Resource != res {
		icon.SetResource(res)
	}
}

// checkColumns lays out a case row and the column titles alike, so they
// line up: the mark, the ID, the two verdicts and the time at fixed
// widths, the title and what was observed sharing the rest.
type checkColumns struct{}

// checkColumnWidths are the fixed widths; 0 marks a column that shares
// the rest (checkColumnShares).
var (
	checkColumnWidths = [7]float32{20, 72, 0, 136, 124, 0, 64}
	checkColumnShares = [7]float32{0, 0, 0.6, 0, 0, 0.4, 0}
)

func (checkColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed := pad * float32(len(objs)-1)
	for _, w := range checkColumnWidths {
		fixed += w
	}
	rest := max(0, size.Width-fixed)
	x := float32(0)
	for i, o := range objs {
		w := checkColumnWidths[i]
		if w == 0 {
			w = rest * checkColumnShares[i]
		}
		h := min(o.MinSize().Height, size.Height)
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w + pad
	}
}

func (checkColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	w := theme.Padding() * float32(len(objs)-1)
	for _, cw := range checkColumnWidths {
		w += max(cw, 40) // a shared column keeps a few characters
	}
	return fyne.NewSize(w, h)
}
