//go:build unix

package realwindow

// The scenario list of a running window, measured on its screenshots.

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"time"
)

// Scenarios is the scenario list of a running window, as measured on its
// screenshots: where the rows are and how to select one. The rows are found
// from the selected row's highlight, not from fixed coordinates, so a menu
// bar above the content or a different window height does not matter.
type Scenarios struct {
	s       *App
	keys    bool // Ctrl+1, Ctrl+2, … (the menu's shortcuts) select the scenarios
	top1    int  // y of the top of row 1's highlight
	pitch   int  // distance from one row to the next
	height  int  // height of a row's highlight
	current int  // the scenario selected, counted from 1
}

// ListColumn is the x the scenario list is scanned at: inside a row's
// highlight, left of its text. ListColumn+40 is on a row's text, and
// below the last row the list highlights nothing.
const ListColumn = 8

// row1Top is the top of row 1's highlight in the window without a main
// menu (1000 px wide; Fyne 2.7.1's default theme).
const row1Top = 44

// selectedRow returns the top and bottom of the highlighted row of the
// scenario list: the longest run of one colour other than the
// background's in the list's column (the status bar's colours excepted).
func selectedRow(img image.Image) (top, bottom int, ok bool) {
	b := img.Bounds()
	x := b.Min.X + ListColumn
	count := map[color.RGBA]int{}
	col := make([]color.RGBA, 0, b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		r, g, bl, _ := img.At(x, y).RGBA()
		c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 0xff}
		col = append(col, c)
		count[c]++
	}
	var bg color.RGBA
	for c, n := range count {
		if n > count[bg] {
			bg = c
		}
	}
	best := 0
	for i := 0; i < len(col); {
		j := i
		for j < len(col) && col[j] == col[i] {
			j++
		}
		c := col[i]
		if c != bg && c != StatusGreen && c != StatusRed && j-i > best && j-i >= 12 {
			best, top, bottom = j-i, b.Min.Y+i, b.Min.Y+j-1
		}
		i = j
	}
	return top, bottom, best > 0
}

// selection waits until the highlighted row satisfies ok (ok(top) given
// the highlight's top) and returns it; it moves the pointer off the list
// first, since a hovered row is highlighted too.
func (s *App) selection(what string, ok func(top int) bool) (top, bottom int) {
	s.t.Helper()
	img, _ := s.Capture()
	b := img.Bounds()
	s.MovePointer(b.Dx()*3/5, b.Dy()/2)
	deadline := time.Now().Add(stateTimeout)
	for {
		img, raw := s.Capture()
		top, bottom, found := selectedRow(img)
		if found && ok(top) {
			return top, bottom
		}
		if time.Now().After(deadline) {
			path := s.save("list-failure", raw)
			s.t.Fatalf("waiting for %s: highlighted row at %d-%d (found %v); screenshot %s", what, top, bottom, found, path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// FindScenarios measures the scenario list. It first tries Ctrl+1 (the
// main menu's shortcut) and otherwise clicks its way up to row 1, then
// selects row 2 for the distance between rows. Scenario 2 is shown after.
func (s *App) FindScenarios() *Scenarios {
	s.t.Helper()
	l := &Scenarios{s: s}
	top, bottom := s.selection("a highlighted scenario", func(int) bool { return true })
	l.height = bottom - top + 1

	// Ctrl+1: scenario 1 at once, if the app has the shortcut.
	s.Key("ctrl+1")
	if t, moved := s.selectionChanges(top, 2*time.Second); moved {
		if t > top {
			s.t.Fatalf("Ctrl+1 selected a row below the one selected before (%d > %d)", t, top)
		}
		l.keys, l.top1 = true, t
	} else {
		// Click just above the highlight until it stops moving up: the
		// click then landed on the list's heading, above row 1.
		l.top1 = top
		for i := 0; i < 4; i++ {
			s.Click(ListColumn+40, l.top1-l.height/2-2)
			t, moved := s.selectionChanges(l.top1, time.Second)
			if !moved {
				break
			}
			l.top1 = t
		}
	}

	// Row 2 gives the pitch.
	old := l.top1
	if l.keys {
		s.Key("ctrl+2")
	} else {
		s.Click(ListColumn+40, l.top1+l.height+l.height/2+2)
	}
	top2, _ := s.selection("scenario 2 after scenario 1", func(t int) bool { return t > old })
	l.pitch, l.current = top2-l.top1, 2
	how := "clicks"
	if l.keys {
		how = "Ctrl+N"
	}
	s.t.Logf("scenario list: row 1 at y=%d, rows %d px apart; switching pages with %s", l.top1, l.pitch, how)
	return l
}

// selectionChanges waits up to d for the highlighted row's top to leave
// from and returns the new top.
func (s *App) selectionChanges(from int, d time.Duration) (int, bool) {
	s.t.Helper()
	deadline := time.Now().Add(d)
	for {
		img, _ := s.Capture()
		if top, _, ok := selectedRow(img); ok && top != from {
			return top, true
		}
		if time.Now().After(deadline) {
			return from, false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Select shows scenario n (counted from 1, as the list numbers them) and
// waits until the list highlights it. Selecting the scenario shown does
// nothing: a click on the selected row would only move the keyboard focus
// from the page to the list.
func (l *Scenarios) Select(n int) {
	l.s.t.Helper()
	if n == l.current {
		return
	}
	l.current = n
	want := l.top1 + (n-1)*l.pitch
	if l.keys {
		l.s.Key("ctrl+" + strconv.Itoa(n))
	} else {
		l.s.Click(ListColumn+40, want+l.height/2)
	}
	l.s.selection(fmt.Sprintf("scenario %d highlighted at y=%d", n, want), func(top int) bool {
		return top >= want-2 && top <= want+2
	})
}

// Offset is how far the content is below where it would be without a menu
// bar (or anything else above it): add it to a y measured on a window
// without one.
func (l *Scenarios) Offset() int { return l.top1 - row1Top }

// Highlighted is the scenario (counted from 1) the list of s highlights,
// measured with l's rows (l may come from an earlier session of the same
// window layout, before a restart); 0 if the highlight is on no row.
func (l *Scenarios) Highlighted(s *App) int {
	s.t.Helper()
	top, _ := s.selection("a highlighted scenario", func(int) bool { return true })
	for n := 1; n <= 9; n++ {
		if want := l.top1 + (n-1)*l.pitch; top >= want-2 && top <= want+2 {
			return n
		}
	}
	return 0
}
