package protoview

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

// The two streams of bytes the hex view can show, as its choice names them.
const (
	HexReceived = "Received"
	HexSent     = "Sent"
)

// hexViewRows is how many rows of the dump the view shows at once; the
// rest of the latest present.TailSize bytes scroll.
const hexViewRows = 8

// HexView is the stream page's "Hex dump" section: the latest bytes
// received (or sent) as a classic hex dump, offset, 16 bytes in hex and
// the same as ASCII, refreshed by the page's poller, at most ten times a
// second. Pause freezes it for reading; the dump is kept whole then, and
// scrolls.
//
// The bytes received come from the stream's reader goroutine itself
// (Options.OnData feeds recv, a present.ByteTail). The bytes sent are the payload,
// sent again every interval: the view shows the payload repeated up to the
// count of bytes sent, which is exactly what went out, as long as no file
// was sent on the connection; wsclient has no hook that reports the bytes
// a Stream writes, so a file's bytes cannot be shown, and the view says so.
//
// Its fields belong to the UI goroutine, except recv, which is safe for
// the reader goroutine.
type HexView struct {
	recv     *present.ByteTail
	payload  []byte // the payload of the current (or last) connection
	fileSent bool   // a file went out on it: the sent bytes are not only the payload

	which   *widget.RadioGroup // HexReceived or HexSent
	pause   *widget.Check
	info    *widget.Label // what the dump shows
	rows    []string      // the dump, a row per line
	list    *widget.List
	content fyne.CanvasObject

	lastTotal int64 // what the dump was made from, to skip an unchanged refresh
	lastWhich string
	lastSent  int64 // the count of bytes sent last told
}

// NewHexView makes the view, showing that nothing was received yet.
func NewHexView() *HexView {
	v := &HexView{recv: present.NewByteTail(present.TailSize), lastTotal: -1}
	v.which = widget.NewRadioGroup([]string{HexReceived, HexSent}, nil)
	v.which.Horizontal = true
	v.which.Required = true
	v.which.SetSelected(HexReceived)
	v.pause = widget.NewCheck("Pause", func(on bool) {
		if !on {
			v.refreshNow()
		}
	})
	v.info = widget.NewLabel("")
	v.info.Wrapping = fyne.TextWrapWord
	v.list = widget.NewList(
		func() int { return len(v.rows) },
		func() fyne.CanvasObject {
			// Dense rows: a dump reads as a block.
			return kit.DenseRow(widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { kit.RowLabel(o).SetText(v.rows[i]) },
	)
	v.list.HideSeparators = true
	// The list's height: hexViewRows rows (a List wants only one).
	row := v.list.CreateItem().MinSize().Height
	height := canvas.NewRectangle(color.Transparent)
	height.SetMinSize(fyne.NewSize(0, hexViewRows*row))
	bar := container.NewBorder(nil, nil, v.which, v.pause)
	v.content = container.NewBorder(container.NewVBox(bar, v.info), nil, nil, nil, container.NewStack(height, v.list))
	v.show(nil, 0, "Nothing received yet.")
	v.which.OnChanged = func(string) { v.refreshNow() }
	return v
}

// Content is the view's widget tree.
func (v *HexView) Content() fyne.CanvasObject { return v.content }

// Received is where the stream's reader goroutine writes the bytes it
// reads (Options.OnData); safe from any goroutine.
func (v *HexView) Received() *present.ByteTail { return v.recv }

// FileSent notes that a file went out on the connection: the bytes sent
// are no longer only the payload.
func (v *HexView) FileSent() { v.fileSent = true }

// Rows are the dump's rows as the list shows them.
func (v *HexView) Rows() []string { return v.rows }

// Info is the line above the dump: what it shows.
func (v *HexView) Info() string { return v.info.Text }

// Choose shows HexReceived or HexSent, as the radio buttons do.
func (v *HexView) Choose(which string) { v.which.SetSelected(which) }

// SetPaused freezes the view or lets it follow again, as Pause does.
func (v *HexView) SetPaused(on bool) { v.pause.SetChecked(on) }

// SentCount is the count of bytes sent the view was last told.
func (v *HexView) SentCount() int64 { return v.lastSent }

// Begin readies the view for a connection that sends payload.
func (v *HexView) Begin(payload []byte) {
	v.recv.Reset()
	v.payload = payload
	v.fileSent = false
	v.lastTotal = -1
}

// Tick refreshes the view unless it is paused; sent is the stream's count
// of bytes sent. The poller calls it at most ten times a second.
func (v *HexView) Tick(sent int64) {
	if v.pause.Checked {
		return
	}
	v.Update(sent)
}

// End shows the connection's final count of bytes sent (and whatever was
// received last), unless the view is paused.
func (v *HexView) End(sent int64) {
	v.lastSent = sent
	v.Tick(sent)
}

// refreshNow redraws at once (a switch between received and sent).
func (v *HexView) refreshNow() {
	v.lastTotal = -1
	v.Update(v.lastSent)
}

// Update makes the dump of what is chosen, if it changed.
func (v *HexView) Update(sent int64) {
	v.lastSent = sent
	which := v.which.Selected
	if which == HexSent {
		if sent == v.lastTotal && which == v.lastWhich {
			return
		}
		v.lastTotal, v.lastWhich = sent, which
		v.showSent(sent)
		return
	}
	total := v.recv.Total()
	if total == v.lastTotal && which == v.lastWhich {
		return
	}
	v.lastTotal, v.lastWhich = total, which
	data, offset := v.recv.Snapshot()
	v.show(data, offset, describeTail("received", len(data), offset+int64(len(data))))
}

// showSent shows the bytes sent, from the payload and the count.
func (v *HexView) showSent(sent int64) {
	switch {
	case v.fileSent:
		v.show(v.payload, 0, fmt.Sprintf("%s bytes sent, a file among them; a file's bytes are not shown here "+
			"(the stream reports no bytes it writes). The payload, sent every interval:", present.GroupDigits(sent)))
	case len(v.payload) == 0 || sent == 0:
		v.show(nil, 0, "Nothing sent yet.")
	default:
		data, offset := repeatedTail(v.payload, sent, present.TailSize)
		v.show(data, offset, describeTail("sent", len(data), sent)+" The payload, "+present.ByteCount(len(v.payload))+", is sent every interval.")
	}
}

// show puts a dump of data, whose first byte is at offset in the stream,
// under the line info, and scrolls to its end: the latest bytes.
func (v *HexView) show(data []byte, offset int64, info string) {
	kit.SetLabel(v.info, info)
	v.rows = strings.Split(strings.TrimSuffix(present.HexDump(data, offset), "\n"), "\n")
	if len(data) == 0 {
		v.rows = nil
	}
	v.list.Refresh()
	v.list.ScrollToBottom()
}

// describeTail says what a dump of the latest n of total bytes shows.
func describeTail(what string, n int, total int64) string {
	if total == 0 {
		return "Nothing " + what + " yet."
	}
	if int64(n) == total {
		return fmt.Sprintf("All %s %s.", present.ByteCount(n), what)
	}
	return fmt.Sprintf("The last %s of %s bytes %s; offsets count from the start of the connection.",
		present.ByteCount(n), present.GroupDigits(total), what)
}

// repeatedTail is the last bytes (at most limit) of a stream that is
// payload over and over, total bytes long, and the offset of the first.
func repeatedTail(payload []byte, total int64, limit int) ([]byte, int64) {
	n := int(min(total, int64(limit)))
	offset := total - int64(n)
	out := make([]byte, n)
	for i := range out {
		out[i] = payload[(offset+int64(i))%int64(len(payload))]
	}
	return out, offset
}
