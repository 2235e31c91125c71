//go:build unix

package realwindow

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// Words splits at gaps of at least gap blank columns, not at narrower
// ones, and boxes each word's ink; Ink is the share of a box inked.
func TestWords(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 100, 20))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	grey := image.NewUniform(color.RGBA{0x80, 0x80, 0x80, 0xff})
	for _, r := range []image.Rectangle{
		image.Rect(10, 5, 14, 15), image.Rect(16, 5, 20, 15), // one word: a 2-column gap
		image.Rect(30, 8, 36, 12), // a second word after a 10-column gap
	} {
		draw.Draw(img, r, grey, image.Point{}, draw.Src)
	}
	words := Words(img, img.Bounds(), 4)
	want := []image.Rectangle{image.Rect(10, 5, 20, 15), image.Rect(30, 8, 36, 12)}
	if len(words) != len(want) || words[0] != want[0] || words[1] != want[1] {
		t.Fatalf("Words = %v, want %v", words, want)
	}
	if got := Ink(img, words[0], img.Bounds()); got != 0.8 {
		t.Errorf("Ink of the first word = %v, want 0.8", got)
	}
}
