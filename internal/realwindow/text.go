//go:build unix

package realwindow

// Text on a screenshot, without reading it: where its words are, and how
// much ink a word has. Enough to tell a glyph from the "�" Fyne draws for
// a character no font has.

import (
	"image"
	"image/color"
)

// inkDistance is how far (sum of the RGB differences) a pixel must be from
// the background to count as ink: antialiased edges of light placeholder
// text still count, JPEG-free noise there is none.
const inkDistance = 60

// background is the most common colour of r.
func background(img image.Image, r image.Rectangle) color.RGBA {
	count := map[color.RGBA]int{}
	var bg color.RGBA
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgba(img.At(x, y))
			count[c]++
			if count[c] > count[bg] {
				bg = c
			}
		}
	}
	return bg
}

func rgba(c color.Color) color.RGBA {
	r, g, b, _ := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xff}
}

func isInk(c, bg color.RGBA) bool {
	d := func(a, b uint8) int {
		if a > b {
			return int(a - b)
		}
		return int(b - a)
	}
	return d(c.R, bg.R)+d(c.G, bg.G)+d(c.B, bg.B) >= inkDistance
}

// Words returns the boxes of the words of a line of text drawn in r:
// runs of columns with ink, separated by at least gap columns without
// (a space is wider than the gap between two letters), each box shrunk
// to its ink.
func Words(img image.Image, r image.Rectangle, gap int) []image.Rectangle {
	r = r.Intersect(img.Bounds())
	bg := background(img, r)
	colInk := func(x int) (top, bottom int, ok bool) {
		top, bottom = r.Max.Y, r.Min.Y-1
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if isInk(rgba(img.At(x, y)), bg) {
				top, bottom, ok = min(top, y), max(bottom, y), true
			}
		}
		return top, bottom, ok
	}
	var words []image.Rectangle
	var cur image.Rectangle
	in, blank := false, 0
	for x := r.Min.X; x < r.Max.X; x++ {
		top, bottom, ok := colInk(x)
		switch {
		case ok && !in:
			cur, in, blank = image.Rect(x, top, x+1, bottom+1), true, 0
		case ok:
			cur = cur.Union(image.Rect(x, top, x+1, bottom+1))
			blank = 0
		case in:
			blank++
			if blank >= gap {
				words = append(words, cur)
				in = false
			}
		}
	}
	if in {
		words = append(words, cur)
	}
	return words
}

// Ink is the share of the pixels of box that are ink against the
// background of around (the larger area the box lies in).
func Ink(img image.Image, box, around image.Rectangle) float64 {
	bg := background(img, around.Intersect(img.Bounds()))
	n, all := 0, 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			all++
			if isInk(rgba(img.At(x, y)), bg) {
				n++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(n) / float64(all)
}
