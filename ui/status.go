package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/ui/kit"
)

// statusKind is the sample's NotifyType: a plain status or an error.
type statusKind int

const (
	statusMessage statusKind = iota // green background
	errorMessage                    // red background
)

// statusBar is the window's one status line at the bottom, the sample's
// NotifyUser: "Status:" and a message on green for news, red for errors,
// hidden when there is nothing to say. Methods run on the UI goroutine.
type statusBar struct {
	background *canvas.Rectangle
	message    *widget.Label
	content    fyne.CanvasObject
}

func newStatusBar() *statusBar {
	b := &statusBar{
		background: canvas.NewRectangle(kit.StatusGreen),
		message:    widget.NewLabel(""),
	}
	b.message.Wrapping = fyne.TextWrapWord // errors can be long; never cut them
	caption := widget.NewLabelWithStyle("Status:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.message.TextStyle = fyne.TextStyle{Bold: true}
	row := container.NewBorder(nil, nil, caption, nil, b.message)
	// Labels draw in the theme's foreground colour; override just that for
	// this subtree so the text is white on either background.
	b.content = container.NewStack(b.background, container.NewThemeOverride(row, kit.WhiteText{}))
	b.content.Hide()
	return b
}

// Content is the bar's widget tree.
func (b *statusBar) Content() fyne.CanvasObject { return b.content }

// Notify shows msg as a status or an error; an empty msg hides the bar.
func (b *statusBar) Notify(msg string, kind statusKind) {
	if msg == "" {
		b.message.SetText("")
		b.content.Hide()
		return
	}
	b.background.FillColor = kit.StatusGreen
	if kind == errorMessage {
		b.background.FillColor = kit.StatusRed
	}
	b.background.Refresh()
	b.message.SetText(msg)
	b.content.Show()
}

// Text is the message shown, "" when hidden.
func (b *statusBar) Text() string { return b.message.Text }

// IsError reports whether the bar shows an error (red).
func (b *statusBar) IsError() bool {
	return b.content.Visible() && b.background.FillColor == kit.StatusRed
}
