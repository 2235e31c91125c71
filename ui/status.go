package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusKind is the sample's NotifyType: a plain status or an error.
type statusKind int

const (
	statusMessage statusKind = iota // green background
	errorMessage                    // red background
)

// The status bar's colours are fixed rather than taken from the theme:
// Fyne's light theme pairs its bright success green with white text, which
// is hard to read. These darker shades carry white text at a contrast of
// about 5:1 in the light and the dark theme alike.
var (
	statusGreen = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	statusRed   = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	statusText  = color.White
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
		background: canvas.NewRectangle(statusGreen),
		message:    widget.NewLabel(""),
	}
	b.message.Wrapping = fyne.TextWrapWord // errors can be long; never cut them
	caption := widget.NewLabelWithStyle("Status:", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.message.TextStyle = fyne.TextStyle{Bold: true}
	row := container.NewBorder(nil, nil, caption, nil, b.message)
	// Labels draw in the theme's foreground colour; override just that for
	// this subtree so the text is white on either background.
	b.content = container.NewStack(b.background, container.NewThemeOverride(row, whiteText{}))
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
	b.background.FillColor = statusGreen
	if kind == errorMessage {
		b.background.FillColor = statusRed
	}
	b.background.Refresh()
	b.message.SetText(msg)
	b.content.Show()
}

// Text is the message shown, "" when hidden.
func (b *statusBar) Text() string { return b.message.Text }

// IsError reports whether the bar shows an error (red).
func (b *statusBar) IsError() bool {
	return b.content.Visible() && b.background.FillColor == statusRed
}

// appTheme is the app's current theme, looked up on every call so that a
// theme change (light/dark) reaches the widgets inside an override. The
// overrides below embed it and change one thing.
type appTheme struct{}

func (appTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.current().Color(n, v)
}
func (t appTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.current().Font(s) }
func (t appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }
func (t appTheme) Size(n fyne.ThemeSizeName) float32       { return t.current().Size(n) }

// whiteText is the app's theme with white text.
type whiteText struct{ appTheme }

func (t whiteText) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return statusText
	}
	return t.appTheme.Color(n, v)
}
