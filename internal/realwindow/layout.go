//go:build unix

package realwindow

// Where the app's pages show things, measured on the window at its
// default size without a menu bar.

import "image"

// Area picks a part of a screenshot: the part of img to look at when the
// content sits dy pixels lower than on a window without a menu bar
// (Scenarios.Offset measures dy).
type Area func(img image.Image, dy int) image.Rectangle

// LogArea is where a message page's output log shows its lines.
func LogArea(img image.Image, dy int) image.Rectangle {
	b := img.Bounds()
	return image.Rect(280, 390+dy, b.Max.X-10, b.Max.Y-50).Intersect(b)
}

// PageArea is the page right of the scenario list, status bar excluded.
func PageArea(img image.Image, _ int) image.Rectangle {
	b := img.Bounds()
	return image.Rect(280, b.Min.Y, b.Max.X-10, b.Max.Y-50).Intersect(b)
}
