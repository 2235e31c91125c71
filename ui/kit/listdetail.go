package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// How a list shares its height with the detail of its selected row.
const (
	// DetailShare is the share of the height the detail opens with the
	// first time. The list keeps the larger part: at the default window
	// size the check pages then still show a screenful of dense rows to
	// scan, and the detail its first lines; the divider gives either more.
	DetailShare = 0.4
	// detailBodyMin is the least height of the detail's body, two lines,
	// so that the divider can give the list nearly all the room.
	detailBodyMin = 44
)

// ListDetail is a list with the detail of its selected row under it, as
// both check pages show their cases: a divider between the two that the
// user drags, the detail's heading with Copy and a close button, and its
// body scrolling. Until a row is selected the list has all the height;
// closing the detail gives it back, and the divider stays where the user
// left it for the next row opened. UI goroutine only.
type ListDetail struct {
	// Content is the list and the detail, to place on the page.
	Content fyne.CanvasObject
	// Mark is the icon before the heading (the case's verdict); nil
	// leaves it empty.
	Mark *widget.Icon
	// Heading is the row's name, in bold, cut to fit.
	Heading *widget.Label
	// Copy puts the detail's text on the clipboard; Close hides it.
	Copy, Close *widget.Button
	split       *container.Split
	detail      *fyne.Container
}

// NewListDetail places list above body. copyText is what Copy copies;
// onClose runs after Close has hidden the detail (to unselect the row).
func NewListDetail(list, body fyne.CanvasObject, clipboard fyne.Clipboard, copyText func() string, onClose func()) *ListDetail {
	d := &ListDetail{Mark: widget.NewIcon(nil)}
	d.Heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.Heading.Truncation = fyne.TextTruncateEllipsis
	d.Copy = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		if clipboard != nil {
			clipboard.SetContent(copyText())
		}
	})
	d.Close = widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		d.Hide()
		if onClose != nil {
			onClose()
		}
	})
	head := container.NewBorder(nil, nil, d.Mark, container.NewHBox(d.Copy, d.Close), d.Heading)
	scroll := container.NewVScroll(body)
	scroll.SetMinSize(fyne.NewSize(0, detailBodyMin))
	// Dense, as the rows: more of a case's lines fit, and the heading row
	// is a line high, not a button high.
	d.detail = container.NewBorder(Dense(head), nil, nil, nil, Dense(scroll))
	d.detail.Hide()
	d.split = container.NewVSplit(list, d.detail)
	d.split.Offset = 1 - DetailShare
	d.Content = d.split
	return d
}

// Show shows the detail (filled by the caller) under the list.
func (d *ListDetail) Show() {
	if !d.detail.Visible() {
		d.detail.Show()
		d.split.Refresh()
	}
}

// Hide hides the detail; the list takes all the height again.
func (d *ListDetail) Hide() {
	if d.detail.Visible() {
		d.detail.Hide()
		d.split.Refresh()
	}
}

// Shown is whether the detail shows.
func (d *ListDetail) Shown() bool { return d.detail.Visible() }

// Dense draws o with the compact padding of the log's rows (Compact): a
// table's rows and its header, wrapped alike so that their columns line
// up. Wrap each row as the list creates it (see DenseRow for why).
func Dense(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, Compact{})
}
