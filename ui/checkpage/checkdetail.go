package checkpage

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/present"
)

// caseDetail is the area under the check page's table that shows the
// selected case whole: its verdict and why, what a conforming server does,
// each frame or request it sent and everything that came back. "Copy"
// puts that text on the clipboard. It is hidden until a case is selected;
// the close button hides it again. UI goroutine only.
type caseDetail struct {
	shown   string // the ID of the case shown, "" when hidden
	text    string // what Copy copies
	mark    *widget.Icon
	heading *widget.Label
	body    *widget.RichText // a paragraph per line: denser than a label each
	copyBtn *widget.Button
	close   *widget.Button
	content *fyne.Container
}

// Bounds of what the detail shows of a case. conformance already bounds
// its lists; these keep one case from filling the area (9.3's Expect is a
// hundred times the same sentence) and keep Fyne's wrapping, which costs
// the square of a label's length, quick.
const (
	detailLineLimit  = 400 // bytes of one line
	detailListLimit  = 24  // lines of Sent and of Observed
	detailAreaHeight = 90
)

func newCaseDetail(clipboard fyne.Clipboard, onClose func()) *caseDetail {
	d := &caseDetail{mark: widget.NewIcon(nil), heading: boldLabel(""), body: widget.NewRichText()}
	d.heading.Truncation = fyne.TextTruncateEllipsis
	d.body.Wrapping = fyne.TextWrapWord
	d.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		if clipboard != nil {
			clipboard.SetContent(d.text)
		}
	})
	d.close = widget.NewButtonWithIcon("", theme.CancelIcon(), onClose)
	head := container.NewBorder(nil, nil, d.mark, container.NewHBox(d.copyBtn, d.close), d.heading)
	scroll := container.NewVScroll(d.body)
	scroll.SetMinSize(fyne.NewSize(0, detailAreaHeight))
	d.content = container.NewBorder(container.NewVBox(widget.NewSeparator(), head), nil, nil, nil, scroll)
	d.content.Hide()
	return d
}

// show fills the area with res and makes it visible.
func (d *caseDetail) show(res conformance.Result) {
	d.shown = res.ID
	d.mark.SetResource(verdictIcon(res.Status()))
	d.heading.SetText(res.ID + "  " + res.Title)
	lines := detailLines(res)
	var text []string
	segs := make([]widget.RichTextSegment, 0, len(lines))
	for _, ln := range lines {
		style := widget.RichTextStyleParagraph
		style.TextStyle = fyne.TextStyle{Monospace: ln.wire}
		segs = append(segs, &widget.TextSegment{Text: ln.text, Style: style})
		text = append(text, ln.text)
	}
	d.body.Segments = segs
	// A case's wire view belongs here, under the lines: the case's
	// frames byte by byte, in both directions. conformance records what a
	// case sent and saw as one line per frame (Result.Sent,
	// Observed.Events), which is what the lines above show; once it keeps
	// the bytes, a protoview.HexView of the selected frame goes in this spot.
	d.body.Refresh()
	d.text = res.ID + "  " + res.Title + "\n" + strings.Join(text, "\n")
	d.content.Show()
}

// hide empties the area and hides it.
func (d *caseDetail) hide() {
	d.shown, d.text = "", ""
	d.content.Hide()
}

// detailLine is one line of the detail area; wire lines (a frame or a
// request, as conformance describes it) are set in monospace.
type detailLine struct {
	text string
	wire bool
}

// detailLines is everything the detail area says of res, bounded.
func detailLines(res conformance.Result) []detailLine {
	cut := func(s string) string {
		if len(s) > detailLineLimit {
			return present.CutUTF8(s, detailLineLimit) + "…"
		}
		return s
	}
	head := fmt.Sprintf("Behaviour: %s", res.Verdict)
	if res.CloseVerdict != "" {
		head += fmt.Sprintf(" · Close: %s", res.CloseVerdict)
	}
	if c := res.RemoteCloseCode; c != nil {
		head += fmt.Sprintf(" (the server's code %d)", *c)
	}
	out := []detailLine{
		{text: fmt.Sprintf("%s · RFC 6455 %s · took %s", head, res.Section, took(res.Duration))},
		{text: cut(res.Detail)},
	}
	if res.CloseDetail != "" {
		out = append(out, detailLine{text: cut("Close: " + res.CloseDetail)})
	}
	out = append(out, detailLine{text: cut("Expected: " + res.Expect)})
	list := func(title string, items []string) {
		for i, s := range items {
			if i == detailListLimit {
				out = append(out, detailLine{text: fmt.Sprintf("%s … and %d more", title, len(items)-i)})
				return
			}
			out = append(out, detailLine{text: cut(title + " " + s), wire: true})
		}
	}
	list("Sent:", res.Sent)
	list("Observed:", res.Observed.Events)
	o := res.Observed
	var facts []string
	if o.HTTPStatus != 0 {
		facts = append(facts, fmt.Sprintf("HTTP status %d", o.HTTPStatus))
	}
	facts = append(facts, framesWord(o.Frames)+" from the server", present.GroupDigits(o.BytesEchoed)+" bytes echoed")
	if o.End != "" {
		facts = append(facts, "connection "+o.End)
	}
	return append(out, detailLine{text: strings.Join(facts, " · ")})
}
