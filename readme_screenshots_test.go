//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/realwindow"
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
	s := realwindow.Start(t)
	s.WaitPainted()
	list := s.FindScenarios()
	dy := list.Offset()
	shot := func(name string) {
		t.Helper()
		// The pointer to the empty part of the scenario list, where it
		// highlights nothing, and a frame's time for the hover to go.
		img, _ := s.Capture()
		s.MovePointer(realwindow.ListColumn+40, img.Bounds().Dy()-80)
		time.Sleep(300 * time.Millisecond)
		img, b := s.Capture()
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
	s.WaitStatus(realwindow.StatusGreen, "Connected on scenario 2")
	time.Sleep(3500 * time.Millisecond)
	s.WaitStatus(realwindow.StatusGreen, "still connected after streaming")
	shot("stream")

	// Scenario 1: connect, then send the text field's "Hello World".
	list.Select(1)
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected on scenario 1")
	log := s.Settled(realwindow.LogArea, dy, "the greeting")
	s.Click(textX, textY)
	s.Key("Return") // Enter in the text field is Send
	s.Changes(log, realwindow.LogArea, dy, "the answer to Send")
	s.Settled(realwindow.LogArea, dy, "the answer to Send")
	shot("utf8")

	// Scenario 3: connect with the built-in client certificate.
	list.Select(3)
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected on scenario 3")
	s.Settled(realwindow.LogArea, dy, "the greeting")
	shot("clientauth")

	// Scenario 4: connect, then send "Hello, " without End of Message and
	// "World!" with it: two frames out, two parts back.
	list.Select(4)
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected on scenario 4")
	log = s.Settled(realwindow.LogArea, dy, "the greeting")
	for _, part := range []string{"Hello, ", "World!"} {
		s.Click(textX, textY)
		s.Key("ctrl+a")
		s.Type(part)
		s.Click(eomX, textY) // off for the first part, on again for the last
		s.Click(textX, textY)
		s.Key("Return")
		s.Changes(log, realwindow.LogArea, dy, fmt.Sprintf("the echo of %q", part))  // wait for the echo to show…
		log = s.Settled(realwindow.LogArea, dy, fmt.Sprintf("the echo of %q", part)) // …and to finish drawing
	}
	shot("partial")

	// Scenario 2 again, now stopped, with its Advanced settings open: a
	// click on the section's header.
	list.Select(2)
	before := s.Settled(realwindow.PageArea, dy, "scenario 2 shown")
	s.Click(advancedX, advancedY+dy)
	s.Changes(before, realwindow.PageArea, dy, "the Advanced section opening")
	s.Settled(realwindow.PageArea, dy, "the Advanced section opening")
	shot("advanced")

	s.Stop()
}
