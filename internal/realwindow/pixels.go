//go:build unix

package realwindow

// Screenshots of the app's window and what they show: whether Fyne has
// painted, the status bar's colour, whether a part of the window has
// settled or changed.

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Screenshot captures the app's window into <tmp>/<name>.png (and copies it
// into WSSAMPLE_SHOTS_DIR when set) and returns the image and its path.
func (s *App) Screenshot(name string) (image.Image, string) {
	s.t.Helper()
	img, b := s.Capture()
	path := s.save(name, b)
	s.t.Logf("screenshot %s: %dx%d", path, img.Bounds().Dx(), img.Bounds().Dy())
	return img, path
}

// save writes a PNG screenshot as <tmp>/<name>.png and, when
// WSSAMPLE_SHOTS_DIR is set, as smoke-<name>.png there (which outlives the
// test's temp dir), and returns the path to mention: the lasting one if any.
func (s *App) save(name string, b []byte) string {
	s.t.Helper()
	path := filepath.Join(s.dir, name+".png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		s.t.Fatal(err)
	}
	if dir := os.Getenv("WSSAMPLE_SHOTS_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			s.t.Fatal(err)
		}
		path = filepath.Join(dir, "smoke-"+name+".png")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
	return path
}

// Capture grabs the window with ImageMagick's import and returns it
// decoded and as the PNG it came as, without saving it anywhere.
func (s *App) Capture() (image.Image, []byte) {
	s.t.Helper()
	s.checkAlive()
	ctx, cancel := context.WithTimeout(s.ctx, xdoTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "import", "-window", s.window, "png:-")
	cmd.Env = appEnv(s.display, "")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("import -window %s: %v\n%s", s.window, err, stderr.String())
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		s.t.Fatalf("decode screenshot: %v", err)
	}
	return img, b
}

// WaitPainted waits until the window shows more than one colour, i.e. Fyne
// has drawn a frame (a freshly mapped GL window is uniformly black).
func (s *App) WaitPainted() {
	s.t.Helper()
	deadline := time.Now().Add(paintTimeout)
	for {
		img, _ := s.Capture()
		if colours(img, 2) >= 2 {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("window still blank after %s; app output:\n%s", paintTimeout, s.out.String())
		}
		s.checkAlive()
		time.Sleep(200 * time.Millisecond)
	}
}

// colours counts distinct colours in img, stopping at max.
func colours(img image.Image, max int) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= max {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// The status bar's fixed colours (the ui package's status bar), which the
// theme does not change: a screenshot tells a status from an error by them.
var (
	StatusGreen = color.RGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff} // a status: connected, sent, stopped
	StatusRed   = color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff} // an error
)

// statusShown is the status bar's colour in img (StatusGreen or
// StatusRed), or nil when it is hidden. It looks at the right end of the
// bottom rows, where the bar has no text.
func statusShown(img image.Image) color.Color {
	b := img.Bounds()
	x := b.Max.X - 12
	for y := b.Max.Y - 1; y >= b.Max.Y-100 && y >= b.Min.Y; y-- {
		for _, c := range []color.RGBA{StatusGreen, StatusRed} {
			if sameColour(img.At(x, y), c) {
				return c
			}
		}
	}
	return nil
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1>>8 == r2>>8 && g1>>8 == g2>>8 && b1>>8 == b2>>8
}

// WaitStatus waits until the status bar shows want (StatusGreen or
// StatusRed); what says what that means. It fails at the deadline. The
// other colour is no reason to fail sooner: the keys or clicks that lead
// to want may not have been handled yet, and the bar still shows the
// step before (a green "Connected" before a red refusal).
func (s *App) WaitStatus(want color.Color, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(stateTimeout)
	for {
		img, b := s.Capture()
		got := statusShown(img)
		if got != nil && sameColour(got, want) {
			return img
		}
		if time.Now().After(deadline) {
			path := s.save("status-failure", b)
			state := "hidden"
			if got != nil {
				state = "the other colour"
			}
			s.t.Fatalf("waiting for %s: the status bar is %s (screenshot %s); app output:\n%s", what, state, path, s.out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// cursorPixels is how many pixels a blinking text cursor may change.
const cursorPixels = 80

// differingPixels counts the pixels of r that differ between a and b,
// stopping once it reaches limit.
func differingPixels(a, b image.Image, r image.Rectangle, limit int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y && n < limit; y++ {
		for x := r.Min.X; x < r.Max.X && n < limit; x++ {
			if !sameColour(a.At(x, y), b.At(x, y)) {
				n++
			}
		}
	}
	return n
}

// Settled waits until area looks the same on two screenshots in a row, a
// quarter of a second apart, and returns the last one; what says what it
// waits for, for the failure. "The same" allows a text cursor's blink (a
// focused field's cursor, 2 × 20 pixels or so): on a loaded machine a
// screenshot can take as long as the blink, and two in a row then never
// agree on it.
func (s *App) Settled(area Area, dy int, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(stateTimeout)
	prev, _ := s.Capture()
	for {
		time.Sleep(250 * time.Millisecond)
		img, b := s.Capture()
		if img.Bounds() == prev.Bounds() && differingPixels(img, prev, area(img, dy), cursorPixels+1) <= cursorPixels {
			return img
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the window still changes (%s) after %s (screenshot %s)", what, stateTimeout, s.save("settle-failure", b))
		}
		prev = img
	}
}

// Changes waits until area differs from the one in before by more than a
// text cursor's blink (see Settled) and returns the screenshot that shows
// it: a blink alone would let the next click land before what it aims at
// is drawn.
func (s *App) Changes(before image.Image, area Area, dy int, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(stateTimeout)
	for {
		img, b := s.Capture()
		if img.Bounds() != before.Bounds() || differingPixels(img, before, area(img, dy), cursorPixels+1) > cursorPixels {
			return img
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no change on the screen for %s within %s (screenshot %s)", what, stateTimeout, s.save("change-failure", b))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// MostlyChanges waits until at least a fifth of area differs from before
// (sampled every 4th pixel each way) and returns the screenshot. It tells
// a change apart on a page that never settles, such as a streaming page
// whose counters tick: a section opening scrolls most of the page.
func (s *App) MostlyChanges(before image.Image, area Area, dy int, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(stateTimeout)
	for {
		img, b := s.Capture()
		r := area(img, dy)
		changed, all := 0, 0
		for y := r.Min.Y; y < r.Max.Y; y += 4 {
			for x := r.Min.X; x < r.Max.X; x += 4 {
				all++
				if !sameColour(img.At(x, y), before.At(x, y)) {
					changed++
				}
			}
		}
		if img.Bounds() == before.Bounds() && changed*5 >= all {
			return img
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: only %d of %d sampled pixels changed within %s (screenshot %s)", what, changed, all, stateTimeout, s.save("change-failure", b))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Ticks waits until area has changed n times, each screenshot differing
// from the one before by more than a text cursor's blink (see Settled),
// and returns the last. On a streaming page that is the counters (and the
// rows) redrawn with new numbers n times: bytes going out and coming back,
// as a person sees them, however long a loaded machine takes for it.
func (s *App) Ticks(area Area, dy, n int, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(stateTimeout)
	prev, _ := s.Capture()
	for seen := 0; ; {
		img, b := s.Capture()
		if img.Bounds() != prev.Bounds() || differingPixels(img, prev, area(img, dy), cursorPixels+1) > cursorPixels {
			if seen++; seen >= n {
				return img
			}
			prev = img
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: the screen changed %d of %d times within %s (screenshot %s)", what, seen, n, stateTimeout, s.save("ticks-failure", b))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
