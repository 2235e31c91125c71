package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The list has all the height until a detail opens; then it keeps the
// larger part (1-DetailShare), the detail the rest; Close gives the list
// all of it back and tells the page, which unselects the row; Copy copies
// the detail's text.
func TestListDetailSharesTheHeight(t *testing.T) {
	a := test.NewTempApp(t)
	list := widget.NewLabel("the list")
	body := widget.NewLabel("the detail")
	closed := 0
	d := NewListDetail(list, body, a.Clipboard(), func() string { return "1.1.1  the case whole" }, func() { closed++ })
	w := test.NewTempWindow(t, d.Content)
	const height = 400
	w.Resize(fyne.NewSize(600, height))
	d.Content.Resize(fyne.NewSize(600, height))

	if d.Shown() || list.Size().Height < height-1 {
		t.Fatalf("before any row is chosen: detail shown %v, list %.0f px of %d", d.Shown(), list.Size().Height, height)
	}
	d.Heading.SetText("1.1.1  the case")
	d.Show()
	d.Content.Resize(fyne.NewSize(600, height+1)) // lay out again
	listH, detailH := list.Size().Height, body.Size().Height
	if !d.Shown() || listH < (1-DetailShare)*height-10 || listH <= detailH || detailH < detailBodyMin {
		t.Fatalf("with the detail open: list %.0f px, detail's body %.0f px of %d; want the list about %.0f%%",
			listH, detailH, height, 100*(1-DetailShare))
	}

	test.Tap(d.Copy)
	if got := a.Clipboard().Content(); got != "1.1.1  the case whole" {
		t.Errorf("Copy put %q on the clipboard", got)
	}
	test.Tap(d.Close)
	d.Content.Resize(fyne.NewSize(600, height))
	if d.Shown() || closed != 1 || list.Size().Height < height-1 {
		t.Fatalf("after Close: detail shown %v, onClose ran %d times, list %.0f px", d.Shown(), closed, list.Size().Height)
	}
}
