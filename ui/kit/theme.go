package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The app's one theme file: the app uses Fyne's own light and dark themes
// and changes them in three places only, each an override of a subtree
// that embeds AppTheme: the status bar's fixed colours and white text
// (WhiteText), and the dense rows of the log, the Frames tab, the hex
// dump and the Connection panel (Compact, DenseRow).

// The status bar's colours are fixed rather than taken from the theme:
// Fyne's light theme pairs its bright success green with white text, which
// is hard to read. These darker shades carry white text at a contrast of
// about 5:1 in the light and the dark theme alike.
var (
	StatusGreen = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	StatusRed   = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	StatusText  = color.White
)

// AppTheme is the app's current theme, looked up on every call so that a
// theme change (light/dark) reaches the widgets inside an override. The
// overrides below embed it and change one thing.
type AppTheme struct{}

// current is the theme the app's settings have now.
func (AppTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

// Color is the current theme's.
func (t AppTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.current().Color(n, v)
}

// Font is the current theme's.
func (t AppTheme) Font(s fyne.TextStyle) fyne.Resource { return t.current().Font(s) }

// Icon is the current theme's.
func (t AppTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }

// Size is the current theme's.
func (t AppTheme) Size(n fyne.ThemeSizeName) float32 { return t.current().Size(n) }

// WhiteText is the app's theme with white text.
type WhiteText struct{ AppTheme }

// Color is the current theme's, but white for text (the foreground).
func (t WhiteText) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return StatusText
	}
	return t.AppTheme.Color(n, v)
}

// Compact is the app's theme with less padding inside a label, for the
// dense rows of lists and panels.
type Compact struct{ AppTheme }

// compactPadding is the inner padding of a log row (the theme's default
// is 8); compactInset makes up the difference on the left.
const (
	compactPadding = 2
	compactInset   = 6
)

// Size is the current theme's, but with compactPadding inside a label.
func (Compact) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return compactPadding
	}
	return AppTheme{}.Size(n) // everything else as the app has it
}

// DenseRow makes l a list row with less padding than a label's default:
// the log, the Frames tab and the hex dump read best dense. The override
// wraps each row rather than the whole list because Fyne applies an
// override to the objects present when it is made (or refreshed): rows
// the list creates later would miss it. The inset keeps the text in line
// with the labels above the list, which have the default padding.
// RowLabel finds l again.
func DenseRow(l *widget.Label) fyne.CanvasObject {
	inset := container.New(layout.NewCustomPaddedLayout(0, 0, compactInset, 0), l)
	return container.NewThemeOverride(inset, Compact{})
}

// RowLabel is the Label inside a list row made by DenseRow.
func RowLabel(row fyne.CanvasObject) *widget.Label {
	return row.(*container.ThemeOverride).Content.(*fyne.Container).Objects[0].(*widget.Label)
}
