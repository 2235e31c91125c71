//go:build unix

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wssample/wssample/internal/realwindow"
)

// TestSmokeProtocol opens the two protocol views in the real window while
// scenario 2 streams to the built-in echo server: the Frames tab with
// "Show frames" on (records cross from the client's goroutines to the UI
// goroutine, redrawn ten times a second) and the Connection section with
// the connect's timeline. The session's output must hold no Fyne thread
// error (realwindow's checks).
//
// With WSSAMPLE_README_SHOTS set it also writes README's pictures there:
// screenshot-timeline.png (the Connection section open, every step
// ticked) and screenshot-wire.png (the Frames tab while streaming).
//
// The positions are those measured on the window at its default size,
// moved by whatever is above the content (list.Offset); every click waits
// for its effect on the screen, so a changed layout fails here rather than
// clicking the wrong thing.
func TestSmokeProtocol(t *testing.T) {
	s := realwindow.Start(t)
	s.WaitPainted()
	list := s.FindScenarios()
	dy := list.Offset() - protocolMenuHeight
	list.Select(2)
	page := s.Settled(realwindow.PageArea, dy, "scenario 2 shown")

	// The Frames tab, then its "Show frames" check: both while
	// disconnected, so the next Start records the frames.
	s.Click(framesTabX, framesTabY+dy)
	page = s.Changes(page, realwindow.PageArea, dy, "the Frames tab opening")
	s.Click(showFramesX, showFramesY+dy)
	s.Changes(page, realwindow.PageArea, dy, "Show frames ticked")

	// Start: Enter in the address field.
	s.Click(addressX, addressY+dy)
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected after Start on scenario 2")
	s.Ticks(realwindow.PageArea, dy, smokeStreamTicks, "the Frames tab showing frames as they stream")
	s.WaitStatus(realwindow.StatusGreen, "still connected while the Frames tab shows the frames")
	s.Screenshot("protocol-frames")
	readmeShot(t, s, "wire")

	// The Connection section, open while streaming. The page never
	// settles while frames stream in (counters, rates, rows), so the
	// opening is told by most of the page changing, not by any change.
	page, _ = s.Capture()
	s.Click(connectionX, connectionY+dy)
	s.MostlyChanges(page, realwindow.PageArea, dy, "the Connection section opening")
	s.Ticks(realwindow.PageArea, dy, smokeStreamTicks, "the timeline's counters moving")
	s.WaitStatus(realwindow.StatusGreen, "still connected with the timeline open")
	s.Screenshot("protocol-timeline")
	readmeShot(t, s, "timeline")

	// Esc is Stop: the close handshake goes through the Frames tab too.
	s.Key("Escape")
	s.WaitStatus(realwindow.StatusGreen, "Stopped")
	s.Screenshot("protocol-stopped")
	s.Stop()
}

// Where TestSmokeProtocol clicks, measured on a window at its default
// size whose menu bar is protocolMenuHeight pixels high.
const (
	protocolMenuHeight       = 25
	framesTabX, framesTabY   = 375, 427 // the Frames tab beside Output, while disconnected
	showFramesX, showFramesY = 287, 467 // its "Show frames" check
	addressX, addressY       = 600, 174 // the server address field
	connectionX, connectionY = 350, 332 // the Connection section's header while connected
)

// readmeShot writes the window as docs' screenshot-<name>.png when
// WSSAMPLE_README_SHOTS names the folder (make screenshots sets it).
func readmeShot(t *testing.T, s *realwindow.App, name string) {
	t.Helper()
	dir := os.Getenv("WSSAMPLE_README_SHOTS")
	if dir == "" {
		return
	}
	_, b := s.Capture()
	path := filepath.Join(dir, "screenshot-"+name+".png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}
