// Package assets holds the app's images and its one font, embedded into
// the binary so the program needs no files beside it at run time.
//
// icon.svg is the source artwork; icon.png is rendered from it by
// `make icon` and is the file both this package and `fyne package`
// (FyneApp.toml's Details.Icon) use.
//
// symbols.ttf is cut from DejaVu Sans by scripts/symbols-font.sh: the
// Arrows and Mathematical Operators blocks, which Fyne's bundled Noto Sans
// lacks; LICENSE-DejaVu.txt is its licence. ui/kit's theme says how it is
// used.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (1024×1024 PNG), for fyne.App.SetIcon and
// fyne.Window.SetIcon.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed symbols.ttf
var symbolsTTF []byte

// Symbols is a font with the arrows and mathematical operators (U+2190–22FF)
// and nothing else: no letters, no space.
var Symbols fyne.Resource = fyne.NewStaticResource("symbols.ttf", symbolsTTF)
