//go:build unix

package realwindow

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// window paints a 200×300 screenshot: a grey background, a highlighted
// list row from y=60 to y=89, and, when bar is set, a status bar of that
// colour along the bottom 40 rows.
func window(bar color.Color) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 200, 300))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0x20, 0x20, 0x20, 0xff}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 60, 150, 90), image.NewUniform(color.RGBA{0x30, 0x60, 0xa0, 0xff}), image.Point{}, draw.Src)
	if bar != nil {
		draw.Draw(img, image.Rect(0, 260, 200, 300), image.NewUniform(bar), image.Point{}, draw.Src)
	}
	return img
}

// The highlighted row is found whatever the status bar shows, and the
// status bar's colour is told apart from its absence.
func TestStatusAndSelectedRow(t *testing.T) {
	for _, tc := range []struct {
		name string
		bar  color.Color
	}{
		{"no status", nil},
		{"green status", StatusGreen},
		{"red status", StatusRed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := window(tc.bar)
			top, bottom, ok := selectedRow(img)
			if !ok || top != 60 || bottom != 89 {
				t.Errorf("selectedRow = %d-%d (found %v), want 60-89", top, bottom, ok)
			}
			got := statusShown(img)
			switch {
			case tc.bar == nil && got != nil:
				t.Errorf("statusShown = %v, want none", got)
			case tc.bar != nil && (got == nil || !sameColour(got, tc.bar)):
				t.Errorf("statusShown = %v, want %v", got, tc.bar)
			}
			if n := colours(img, 10); n < 2 {
				t.Errorf("colours = %d on a painted window", n)
			}
		})
	}
}
