package diagram

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

// The Diagram tab's exports. SVG and Mermaid are text, written by present
// (Ladder.SVG, Ladder.Mermaid); the PNG is this package's own drawing,
// painted off screen by Fyne's software painter in the light theme, at the
// SVG's width, so a slide gets the picture the window shows.

// format is one way to export a ladder.
type format int

const (
	formatSVG format = iota
	formatPNG
	formatMermaid
)

func (f format) ext() string { return [...]string{".svg", ".png", ".mmd"}[f] }

// formatByExt is the format a file name's ending asks for: a name typed
// as ladder.png is a PNG whichever item of the menu opened the dialog.
var formatByExt = map[string]format{".svg": formatSVG, ".png": formatPNG, ".mmd": formatMermaid}

// PNGWidth is an exported PNG's width; its height follows from the rows.
const PNGWidth = present.LadderSVGWidth

// PNG paints ladder as the Diagram tab draws it, in the light variant of
// the app's theme (what slides and bug reports want, whatever the window
// shows), at PNGWidth.
func PNG(ladder present.Ladder) image.Image {
	t := theme.DefaultTheme()
	if app := fyne.CurrentApp(); app != nil {
		t = app.Settings().Theme()
	}
	size := theme.TextSize()
	l := present.NewLadderLayout(PNGWidth, size*2.2, len(ladder.Arrows))
	c := software.NewCanvas()
	c.SetPadded(false)
	objects := paint(ladder, l, paletteOf(t, theme.VariantLight), size, -1, nil)
	content := &fyne.Container{Objects: objects} // placed already: no layout
	c.SetContent(content)
	c.Resize(fyne.NewSize(l.Width, l.Height))
	content.Resize(fyne.NewSize(l.Width, l.Height))
	return c.Capture()
}

// write writes ladder to w in format f.
func write(w io.Writer, ladder present.Ladder, f format) error {
	var err error
	switch f {
	case formatSVG:
		_, err = io.WriteString(w, ladder.SVG())
	case formatMermaid:
		_, err = io.WriteString(w, ladder.Mermaid())
	case formatPNG:
		err = png.Encode(w, PNG(ladder))
	}
	return err
}

// saveAs asks where to save the ladder as it stands, offering a name in
// format f, and writes it there in the format the name's ending asks for;
// what went wrong, if anything, is said in a dialog.
func (v *View) saveAs(f format) {
	ladder := v.builder.Ladder() // as it stands when asked, not when the dialog closes
	kit.SaveFile(kit.WindowOf(v.export), kit.FileSave{
		What: "the diagram",
		Name: kit.StampedName("websocket-sample-diagram", f.ext()),
		Exts: slices.Sorted(maps.Keys(formatByExt)),
		Render: func(name string) ([]byte, error) {
			var b bytes.Buffer
			err := write(&b, ladder, present.FormatByExt(name, f, formatByExt))
			return b.Bytes(), err
		},
	})
}
