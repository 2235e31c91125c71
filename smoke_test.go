//go:build unix

package main

// The real-window smoke test: the real binary, a real (virtual) X server,
// Fyne's GLFW driver with its thread checks on.
//
// TestSmoke builds the app with plain `go build` (no migrated_fynedo tag, and
// it runs from the repo root, whose FyneApp.toml does not set fyneDo), starts
// it under its own Xvfb with LANG=C.UTF-8, waits for the "WebSocket Sample"
// window, takes a screenshot, stops it with SIGTERM and fails if its output
// holds any of smokeForbidden.
//
// It needs Xvfb, xdotool and ImageMagick's import (`make deps` installs them).
// Without them it skips, except under CI=true, where it fails: CI must not
// pass by skipping the one test that runs a real window.
//
// Knobs (environment):
//
//	WSSAMPLE_BINARY     test this binary instead of building one (make smoke-package
//	                    points it at the binary inside the packaged tarball)
//	WSSAMPLE_SHOTS_DIR  also copy the screenshots there
//	WSSAMPLE_README_SHOTS  run TestReadmeScreenshots, writing README's pictures
//	                    there (make screenshots sets it to docs/)
//
// TestSmoke then visits every scenario page: it streams to the built-in
// echo server on scenario 2 for a couple of seconds, connects scenarios
// 1, 3 and 4 to their built-in addresses and starts scenario 5's check of
// the built-in echo, with a screenshot of each page before and after.
//
// The session's helpers, by concern:
//
//	smoke_app_test.go        the app's process: build, start, stop, the output checks
//	smoke_xvfb_test.go       the private X server and the app's environment
//	smoke_xdotool_test.go    finding the window, clicks and keys (Xdotool, Click, Type, Key)
//	smoke_pixels_test.go     screenshots and what they show (Screenshot, WaitPainted,
//	                         WaitStatus, settled, changes)
//	smoke_scenarios_test.go  the scenario list as measured on screenshots (FindScenarios, Select)
//	smoke_binary_test.go     a message typed as hex, and the stream's hex dump (TestSmokeBinary)
//	readme_screenshots_test.go  README's pictures (TestReadmeScreenshots)
//
// To drive the window, start a session with startSmokeApp and use those
// helpers; see TestSmoke for the shape.

import (
	"fmt"
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	s := startSmokeApp(t)

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
	s.WaitStatus(statusGreen, "Connected after Start on scenario 2")
	time.Sleep(smokeStreamFor)
	s.WaitStatus(statusGreen, "still connected after streaming")
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
		s.WaitStatus(statusGreen, fmt.Sprintf("Connected on scenario %d", sc.n))
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
	s.WaitStatus(statusGreen, "Checking on scenario 5")
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
			s := startSmokeApp(t)
			s.WaitPainted()
			s.Key("Return") // the stream page is shown first; Enter is Start
			s.WaitStatus(statusGreen, "Connected after Start")
			time.Sleep(time.Duration(300+200*round) * time.Millisecond) // some ticks, a different phase each round
			s.Stop()
		})
	}
}
