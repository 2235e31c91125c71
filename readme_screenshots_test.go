//go:build unix

package main

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestReadmeScreenshots makes README's pictures of the real window, each
// after a small scripted session against the built-in server:
//
//	screenshot-stream.png      scenario 2 streaming to the echo endpoint
//	screenshot-utf8.png        scenario 1 connected, "Hello World" sent and answered
//	screenshot-clientauth.png  scenario 3 connected with the built-in client certificate
//	screenshot-partial.png     scenario 4 connected, a message sent in two parts
//	screenshot-advanced.png    scenario 2 stopped, its Advanced settings open
//
// It runs only when WSSAMPLE_README_SHOTS names the folder to write them
// to; `make screenshots` (scripts/screenshot.sh) sets it to docs/. The same
// checks as TestSmoke apply to the app's output.
//
// Where the page needs a click (the text field, the End of Message box), the
// position is the one measured on the window at its default width, moved
// down by whatever is above the content (the main menu); every step waits
// for its effect on the screen, so a changed layout fails here instead of
// producing a wrong picture.
func TestReadmeScreenshots(t *testing.T) {
	dir := os.Getenv("WSSAMPLE_README_SHOTS")
	if dir == "" {
		t.Skip("WSSAMPLE_README_SHOTS is not set (make screenshots sets it)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSmokeApp(t)
	s.WaitPainted()
	list := s.FindScenarios()
	dy := list.Offset()
	shot := func(name string) {
		t.Helper()
		// The pointer to the empty part of the scenario list, where it
		// highlights nothing, and a frame's time for the hover to go.
		img, _ := s.capture()
		s.Xdotool("mousemove", "--window", "%w", strconv.Itoa(listColumn+40), strconv.Itoa(img.Bounds().Dy()-80))
		time.Sleep(300 * time.Millisecond)
		img, b := s.capture()
		path := filepath.Join(dir, "screenshot-"+name+".png")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%dx%d)", path, img.Bounds().Dx(), img.Bounds().Dy())
	}
	// The text field below "Enter text to send to the server." on
	// scenarios 1 and 4, and scenario 4's End of Message box.
	textX, textY := 400, 324+dy
	eomX := 789
	// The header of scenario 2's Advanced section while disconnected
	// (below the Hex dump one).
	advancedX, advancedY := 330, 346

	// Scenario 2: Enter in the address field is Start; a few seconds of
	// sends fill the counters and the rates.
	list.Select(2)
	s.Key("Return")
	s.WaitStatus(statusGreen, "Connected on scenario 2")
	time.Sleep(3500 * time.Millisecond)
	s.WaitStatus(statusGreen, "still connected after streaming")
	shot("stream")

	// Scenario 1: connect, then send the text field's "Hello World".
	list.Select(1)
	s.Key("Return")
	s.WaitStatus(statusGreen, "Connected on scenario 1")
	log := s.settledLog(dy, "the greeting")
	s.Click(textX, textY)
	s.Key("Return") // Enter in the text field is Send
	s.logChanges(log, dy, "the answer to Send")
	s.settledLog(dy, "the answer to Send")
	shot("utf8")

	// Scenario 3: connect with the built-in client certificate.
	list.Select(3)
	s.Key("Return")
	s.WaitStatus(statusGreen, "Connected on scenario 3")
	s.settledLog(dy, "the greeting")
	shot("clientauth")

	// Scenario 4: connect, then send "Hello, " without End of Message and
	// "World!" with it: two frames out, two parts back.
	list.Select(4)
	s.Key("Return")
	s.WaitStatus(statusGreen, "Connected on scenario 4")
	log = s.settledLog(dy, "the greeting")
	for _, part := range []string{"Hello, ", "World!"} {
		s.Click(textX, textY)
		s.Key("ctrl+a")
		s.Type(part)
		s.Click(eomX, textY) // off for the first part, on again for the last
		s.Click(textX, textY)
		s.Key("Return")
		s.logChanges(log, dy, fmt.Sprintf("the echo of %q", part))  // wait for the echo to show…
		log = s.settledLog(dy, fmt.Sprintf("the echo of %q", part)) // …and to finish drawing
	}
	shot("partial")

	// Scenario 2 again, now stopped, with its Advanced settings open: a
	// click on the section's header.
	list.Select(2)
	before := s.settled(pageArea, dy, "scenario 2 shown")
	s.Click(advancedX, advancedY+dy)
	s.changes(before, pageArea, dy, "the Advanced section opening")
	s.settled(pageArea, dy, "the Advanced section opening")
	shot("advanced")

	s.Stop()
}

// logArea is the part of the window where a message page's output log
// shows its lines, dy below where it is on a window without a menu bar.
func logArea(img image.Image, dy int) image.Rectangle {
	b := img.Bounds()
	return image.Rect(280, 390+dy, b.Max.X-10, b.Max.Y-50).Intersect(b)
}

// pageArea is the page right of the scenario list, status bar excluded.
func pageArea(img image.Image, _ int) image.Rectangle {
	b := img.Bounds()
	return image.Rect(280, b.Min.Y, b.Max.X-10, b.Max.Y-50).Intersect(b)
}

// settledLog waits until the log area looks the same on two screenshots in
// a row, a quarter of a second apart, and returns the last one.
func (s *smokeApp) settledLog(dy int, what string) image.Image {
	s.t.Helper()
	return s.settled(logArea, dy, what)
}

// logChanges waits until the log area differs from the one in before and
// returns the screenshot that shows it.
func (s *smokeApp) logChanges(before image.Image, dy int, what string) image.Image {
	s.t.Helper()
	return s.changes(before, logArea, dy, what)
}
