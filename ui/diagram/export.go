package diagram

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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

// saveAs asks where to save the ladder as it stands in format f, and
// writes it there; what went wrong, if anything, is said in a dialog.
func (v *View) saveAs(f format) {
	win := kit.WindowOf(v.export)
	if win == nil {
		return
	}
	ladder := v.builder.Ladder() // as it stands when asked, not when the dialog closes
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("Cannot save the diagram: %w", err), win)
			return
		}
		if w == nil { // cancelled
			return
		}
		err = write(w, ladder, f)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			dialog.ShowError(fmt.Errorf("Cannot save the diagram to %s: %w", w.URI().Name(), err), win)
		}
	}, win)
	d.SetFileName("websocket-sample-diagram-" + time.Now().Format("20060102-150405") + f.ext())
	d.Show()
}
