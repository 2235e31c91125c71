package logview

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
)

// logDetail is the area under the log that shows the selected row whole:
// its line wrapped (a row of the list is cut at the window's edge), what
// the entry is, and for binary data a hex dump. "Copy line" puts the line
// on the clipboard. It is hidden until a row is selected, and the close
// button hides it again. UI goroutine only.
type logDetail struct {
	row      present.LogRow
	seq      uint64          // row's sequence number in the ring (present.LogRing)
	meta     *widget.Label   // when, which way, what, how big
	text     *fyne.Container // the whole line: wrapped, selectable labels of a piece each
	pieces   []*widget.Label // text's labels, kept for the next row
	dump     *widget.Label   // hex dump of binary data, monospace
	copyLine *widget.Button
	close    *widget.Button
	content  *fyne.Container
}

// detailRows is the height of the detail's scrolling text, in log rows:
// a long line wrapped once shows whole, and a small pane keeps most of
// its height for the list. A longer line scrolls.
const detailRows = 2

// What the detail area shows of a long line and of a payload's dump:
// "Copy line" copies the whole line, Save keeps the whole entry.
//
// Fyne wraps a label in a time that grows with the square of its length
// (measured here: 1 KiB 10 ms, 2 KiB 50 ms, 4 KiB 270 ms, 64 KiB a
// minute), so a long line is shown as labels of at most wrapPiece bytes,
// each cut at a space where there is one, which costs time in proportion
// to the line: 16 KiB, the most shown, in about a tenth of a second.
const (
	logDetailTextLimit = 16 << 10
	wrapPiece          = 1 << 10
	logDetailDumpLimit = 4 << 10 // 256 rows of hex
)

func newLogDetail(rowHeight float32, onCopy func(string), onClose func()) *logDetail {
	d := &logDetail{
		meta: widget.NewLabel(""),
		text: container.NewVBox(),
		dump: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}),
	}
	d.meta.Truncation = fyne.TextTruncateEllipsis
	d.meta.TextStyle = fyne.TextStyle{Italic: true}
	d.dump.Selectable = true
	d.dump.Hide()
	d.copyLine = widget.NewButtonWithIcon("Copy line", theme.ContentCopyIcon(), func() { onCopy(d.row.Line) })
	d.close = widget.NewButtonWithIcon("", theme.CancelIcon(), onClose)
	scroll := container.NewVScroll(container.NewVBox(d.text, d.dump))
	scroll.SetMinSize(fyne.NewSize(0, detailRows*rowHeight))
	head := container.NewBorder(nil, nil, nil, container.NewHBox(d.copyLine, d.close), d.meta)
	d.content = container.NewBorder(container.NewVBox(widget.NewSeparator(), head), nil, nil, nil, scroll)
	d.content.Hide()
	return d
}

// show fills the area with row and makes it visible.
func (d *logDetail) show(row present.LogRow) {
	d.row = row
	d.meta.SetText(describeEntry(row.Entry))
	line := row.Line
	if len(line) > logDetailTextLimit {
		line = present.CutUTF8(line, logDetailTextLimit) + fmt.Sprintf(" … (%s bytes in all; Copy line copies them all)", present.GroupDigits(int64(len(row.Line))))
	}
	d.setText(line)
	if e := row.Entry; e != nil && len(e.Payload) > 0 {
		data := e.Payload[:min(len(e.Payload), logDetailDumpLimit)]
		dump := strings.TrimSuffix(present.HexDump(data, 0), "\n")
		if len(data) < len(e.Payload) || e.Truncated() {
			dump += fmt.Sprintf("\n… the first %s of %s bytes", present.BinarySize(int64(len(data))), present.GroupDigits(e.Size))
		}
		d.dump.SetText(dump)
		d.dump.Show()
	} else {
		d.dump.SetText("")
		d.dump.Hide()
	}
	d.content.Show()
}

// setText shows line in as many wrapped labels as it has pieces.
func (d *logDetail) setText(line string) {
	pieces := splitPieces(line, wrapPiece)
	for len(d.pieces) < len(pieces) {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord // a word longer than the line (base64, a URL) is broken
		l.Selectable = true
		d.pieces = append(d.pieces, l)
	}
	d.text.Objects = d.text.Objects[:0]
	for i, p := range pieces {
		d.pieces[i].SetText(p)
		d.text.Objects = append(d.text.Objects, d.pieces[i])
	}
	d.text.Refresh()
}

// shownText is the line as the area shows it, its pieces joined.
func (d *logDetail) shownText() string {
	var b strings.Builder
	for _, o := range d.text.Objects {
		b.WriteString(o.(*widget.Label).Text)
	}
	return b.String()
}

// splitPieces cuts s into pieces of at most n bytes, each ending after a
// space where one is in its second half, never inside a character.
func splitPieces(s string, n int) []string {
	var out []string
	for len(s) > n {
		piece := present.CutUTF8(s, n)
		if i := strings.LastIndexByte(piece, ' '); i >= n/2 {
			piece = piece[:i+1]
		}
		out = append(out, piece)
		s = s[len(piece):]
	}
	return append(out, s)
}

// hide empties the area and hides it.
func (d *logDetail) hide() {
	d.row = present.LogRow{}
	d.content.Hide()
}

// visible reports whether the area shows a row.
func (d *logDetail) visible() bool { return d.content.Visible() }

// describeEntry is the detail's headline for an entry: its date and time
// to the millisecond, then what it is, e.g. "2025-03-14 09:26:53.663 ·
// received · message · text · 41 bytes".
func describeEntry(e *present.LogEntry) string {
	if e == nil {
		return ""
	}
	parts := []string{e.Time.Format("2006-01-02 " + present.TimeFormat)}
	if e.Page != "" {
		parts = append(parts, e.Page)
	}
	if e.Dir != present.DirNone {
		parts = append(parts, string(e.Dir))
	}
	parts = append(parts, string(e.Kind))
	if e.Type != "" {
		parts = append(parts, string(e.Type))
	}
	if e.Type != "" || e.Kind == present.LogKindFrame {
		parts = append(parts, present.GroupDigits(e.Size)+" bytes")
	}
	if e.Kind == present.LogKindClose {
		parts = append(parts, fmt.Sprintf("code %d", e.Code))
	}
	if f := e.Frame; f != nil {
		parts = append(parts, describeFrame(f))
	}
	return strings.Join(parts, " · ")
}

// describeFrame is a frame header in a few words: "FIN, opcode 0x1,
// masked (key 37fa213d), length 5".
func describeFrame(f *present.LogFrameHeader) string {
	var words []string
	if f.Fin {
		words = append(words, "FIN")
	}
	for i, on := range []bool{f.Rsv1, f.Rsv2, f.Rsv3} {
		if on {
			words = append(words, fmt.Sprintf("RSV%d", i+1))
		}
	}
	words = append(words, fmt.Sprintf("opcode 0x%X", f.Opcode))
	if f.Masked {
		words = append(words, fmt.Sprintf("masked (key %x)", f.MaskKey[:]))
	}
	words = append(words, fmt.Sprintf("length %d", f.Length))
	return strings.Join(words, ", ")
}
