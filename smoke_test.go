//go:build unix

package main

// The real-window smoke tests: the real binary, a real (virtual) X server,
// Fyne's GLFW driver with its thread checks on. The driver that runs them
// (Xvfb, the build, xdotool, screenshots, the output checks) is
// internal/realwindow; these files say only what each test does and
// checks.
//
// TestSmoke starts the app under its own Xvfb with LANG=C.UTF-8, waits for
// the "WebSocket Sample" window, takes a screenshot, and then visits every
// scenario page: it streams to the built-in echo server on scenario 2 for
// a couple of seconds, connects scenarios 1, 3 and 4 to their built-in
// addresses and starts scenario 5's check of the built-in echo, with a
// screenshot of each page before and after. It stops the app with SIGTERM
// and fails if the app's output holds a thread error, a panic or a race
// (realwindow's forbidden lines).
//
// The tests, by file:
//
//	smoke_test.go               every page once (TestSmoke); quitting while streaming
//	smoke_binary_test.go        a message typed as hex, and the stream's hex dump (TestSmokeBinary)
//	smoke_protocol_test.go      the Frames tab and the connect's timeline (TestSmokeProtocol)
//	smoke_wine_test.go          the packaged Windows .exe under Wine (TestSmokeWindows; make smoke-windows)
//	readme_screenshots_test.go  README's pictures (TestReadmeScreenshots)
//
// They skip without Xvfb, xdotool and ImageMagick, except under CI=true,
// where they fail. Knobs (environment), besides realwindow's
// WSSAMPLE_BINARY and WSSAMPLE_SHOTS_DIR:
//
//	WSSAMPLE_README_SHOTS  run TestReadmeScreenshots, writing README's pictures
//	                       there (make screenshots sets it to docs/)

import (
	"fmt"
	"testing"

	"github.com/wssample/wssample/internal/realwindow"
)

// smokeStreamTicks is how many times a test waits for the stream page to
// redraw its counters (and rows) with new numbers before it looks: bytes
// seen flowing, not a time that a loaded machine may spend elsewhere.
const smokeStreamTicks = 3

func TestSmoke(t *testing.T) {
	s := realwindow.Start(t)

	// Give the app's first frames a moment to be drawn (waits for pixels,
	// not for time), then take the picture.
	s.WaitPainted()
	s.Screenshot("window")

	// Find the scenario list's rows; this visits scenarios 1 and 2.
	list := s.FindScenarios()

	// Scenario 2 streams to the built-in echo server (its default
	// address): Enter in the address field is Start. A couple of seconds
	// of sends, echoes and counter updates, each crossing from the
	// client's goroutines to the UI goroutine.
	list.Select(2)
	s.Screenshot("stream")
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected after Start on scenario 2")
	s.Ticks(realwindow.PageArea, 0, smokeStreamTicks, "scenario 2's counters moving")
	s.WaitStatus(realwindow.StatusGreen, "still connected after streaming")
	s.Screenshot("stream-connected")

	// Every other scenario: shown (which closes the stream in the
	// background), then connected to its built-in server address.
	for _, sc := range []struct {
		n    int
		name string
	}{{1, "utf8"}, {3, "clientauth"}, {4, "partial"}} {
		list.Select(sc.n)
		s.Screenshot(sc.name)
		s.Key("Return") // Enter in the address field is Connect
		s.WaitStatus(realwindow.StatusGreen, fmt.Sprintf("Connected on scenario %d", sc.n))
		s.Screenshot(sc.name + "-connected")
	}

	// Scenario 5 checks the built-in echo server (its default address):
	// Enter in the address field is Run. Its results cross from the
	// checker's goroutine to the UI goroutine case by case; the app then
	// quits in the middle of the run, which must cancel it and end
	// cleanly.
	list.Select(5)
	s.Screenshot("check")
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Checking on scenario 5")
	s.Screenshot("check-running")

	s.Stop()
}

// TestSmokeQuitWhileStreaming quits (SIGTERM, as Ctrl+C or a desktop
// logout would) while the stream page streams and its counters refresh ten
// times a second. Once Fyne's loop has ended, fyne.Do runs its function on
// the caller's goroutine, so any page update still on its way would touch
// widgets off the UI thread; the window stops page updates as quitting
// begins. Three rounds, since the window for that race is a tick wide.
func TestSmokeQuitWhileStreaming(t *testing.T) {
	for round := range 3 {
		t.Run(fmt.Sprintf("round %d", round+1), func(t *testing.T) {
			s := realwindow.Start(t)
			s.WaitPainted()
			s.Key("Return") // the stream page is shown first; Enter is Start
			s.WaitStatus(realwindow.StatusGreen, "Connected after Start")
			s.Ticks(realwindow.PageArea, 0, 1+round, "the counters moving") // some ticks, a different phase each round
			s.Stop()
		})
	}
}
