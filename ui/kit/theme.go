package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/assets"
)

// The app's one theme file: the app uses Fyne's own light and dark themes
// with one font added in front of their text fonts (WithSymbols), and
// changes them in three places only, each an override of a subtree that
// embeds AppTheme: the status bar's fixed colours and white text
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

// WithSymbols returns t with assets.Symbols in front of its text fonts; the
// window sets it as the app's theme (ui.NewMainWindow).
//
// Fyne draws each character with the first of a style's fonts that has
// it: the theme's font for the style, then Fyne's bundled one (Noto Sans),
// its emoji font, and then any font of the system's that has it; with none
// it draws "�". Noto Sans lacks the arrows and the "≤" the app's words
// use ("→" between a timeline's steps, "payload (optional, ≤ 125 bytes)"
// in the Ping field). Linux desktops fall back to DejaVu Sans; Windows
// fonts vary, and Wine's prefix has none, so "→" became "�" there.
// assets.Symbols has only the Arrows and Mathematical Operators blocks, no
// letters and no space (the space is what Fyne measures a line's height
// with), so putting it first changes nothing else: every other character,
// and the line metrics, still come from Noto Sans. Monospace text keeps
// its own font (DejaVu Sans Mono, which has the arrows, at a fixed width),
// as do Fyne's icon symbols.
//
// Fyne's fallback after the theme's font is its default font for the
// style, not t's, which is the same font for Fyne's own themes.
func WithSymbols(t fyne.Theme) fyne.Theme {
	if s, ok := t.(symbolsFirst); ok {
		return s
	}
	return symbolsFirst{t}
}

// symbolsFirst is a theme with assets.Symbols as its text font (see
// WithSymbols).
type symbolsFirst struct{ fyne.Theme }

// Font is assets.Symbols for text, the theme's own for monospace text and
// icon symbols.
func (t symbolsFirst) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	return assets.Symbols
}

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
