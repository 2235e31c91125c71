// Package assets holds the app's images, embedded into the binary so the
// program needs no files beside it at run time.
//
// icon.svg is the source artwork; icon.png is rendered from it by
// `make icon` and is the file both this package and `fyne package`
// (FyneApp.toml's Details.Icon) use.
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
