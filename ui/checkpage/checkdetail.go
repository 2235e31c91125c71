package checkpage

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// caseDetail is the area under the check page's table that shows the
// selected case whole: its two verdicts and why, what a conforming server
// does, and every frame both ways as it went over the wire, in the words
// of the other pages' Frames tab (wsclient.FrameRecord), with what the
// checker noted besides (who closed TCP, and how). The table and the area
// share the height in a kit.ListDetail: "Copy" puts the text on the
// clipboard, the close button hides the area, and the divider between
// them is the user's to drag. UI goroutine only.
type caseDetail struct {
	shown string           // the ID of the case shown, "" when hidden
	text  string           // what Copy copies
	body  *widget.RichText // a paragraph per line: denser than a label each
	frame *kit.ListDetail  // the table above, this area below
}

// Bounds of what the detail shows of a case. conformance already bounds
// its lists; these keep one case from filling the area (9.3's Expect is a
// hundred times the same sentence) and keep Fyne's wrapping, which costs
// the square of a label's length, quick.
const (
	detailLineLimit = 400 // bytes of one line
	detailListLimit = 40  // lines of the wire, of Sent and of Observed
)

// newCaseDetail places the area under table; onClose runs when the user
// closes it.
func newCaseDetail(table fyne.CanvasObject, clipboard fyne.Clipboard, onClose func()) *caseDetail {
	d := &caseDetail{body: widget.NewRichText()}
	d.body.Wrapping = fyne.TextWrapWord
	d.frame = kit.NewListDetail(table, d.body, clipboard, func() string { return d.text }, func() {
		d.shown, d.text = "", ""
		onClose()
	})
	return d
}

// show fills the area with res and makes it visible.
func (d *caseDetail) show(res conformance.Result) {
	d.shown = res.ID
	d.frame.Mark.SetResource(verdictIcon(res.Status()))
	d.frame.Heading.SetText(res.ID + "  " + res.Title)
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
	d.body.Refresh()
	d.text = res.ID + "  " + res.Title + "\n" + strings.Join(text, "\n")
	d.frame.Show()
}

// hide empties the area and hides it.
func (d *caseDetail) hide() {
	d.shown, d.text = "", ""
	d.frame.Hide()
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
	list := func(title string, items []string, wire bool) {
		for i, s := range items {
			if i == detailListLimit {
				out = append(out, detailLine{text: fmt.Sprintf("%s … and %d more", title, len(items)-i)})
				return
			}
			if title != "" {
				s = title + " " + s
			}
			out = append(out, detailLine{text: cut(s), wire: wire})
		}
	}
	if len(res.Wire) == 0 { // a result without its wire log: what the case said of it
		list("Sent:", res.Sent, true)
		list("Observed:", res.Observed.Events, true)
	} else {
		out = append(out, detailLine{text: "On the wire (→ the checker, ← the server; times from the case's start):"})
		var wire, notes []string
		for _, f := range res.Wire {
			wire = append(wire, wireLine(f))
		}
		for _, ev := range res.Observed.Events {
			if !strings.HasPrefix(ev, "← ") { // the frames are on the wire above
				notes = append(notes, ev)
			}
		}
		list("", wire, true)
		list("Noted:", notes, false)
	}
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

// wireLine is one record of a case's wire log in the words of the Frames
// tab, after the time since the case began: "  12.3 ms  → text 12 B, FIN,
// mask key …". A frame the checker wrote in pieces says in how many.
func wireLine(f conformance.WireFrame) string {
	dir := "←"
	if f.Sent {
		dir = "→"
	}
	at := fmt.Sprintf("%7.1f ms  ", float64(f.At.Microseconds())/1000)
	switch {
	case f.NotShown > 0:
		return fmt.Sprintf("%*s… %d more frames, not kept", len(at), "", f.NotShown)
	case f.HTTP != "":
		return at + dir + " " + f.HTTP + " (the opening handshake, " + present.GroupDigits(int64(f.Length)) + " B)"
	}
	line := at + wsclient.FrameRecord{Sent: f.Sent, Fin: f.Fin, RSV: f.RSV, Opcode: wsclient.Opcode(f.Opcode),
		Masked: f.Masked, MaskKey: f.MaskKey, Length: f.Length, HeaderLen: f.HeaderLen, Prefix: f.Prefix,
		CloseCode: f.CloseCode, CloseReason: f.CloseReason}.String()
	if f.Writes > 1 {
		line += fmt.Sprintf(", in %d writes", f.Writes)
	}
	return line
}
