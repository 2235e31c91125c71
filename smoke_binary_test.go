//go:build unix

package main

// The binary parts of the pages in the real window: a message typed as hex
// on scenario 1, and the stream page's hex dump.

import (
	"testing"

	"github.com/wssample/wssample/internal/realwindow"
)

// Where TestSmokeBinary clicks, measured on the window at its default
// size (1000×660) without a menu bar, with the status bar showing; add
// the scenario list's Offset for the menu bar.
const (
	// Scenario 1, connected: the "Send as" format list, and its "Hex"
	// entry in the list that drops down below it.
	smokeFormatX, smokeFormatY   = 410, 246
	smokeHexItemX, smokeHexItemY = 380, 359
	// The hex input once the format is Hex (three lines; the controls
	// have scrolled to keep it in view).
	smokeInputX, smokeInputY = 500, 313
	// Scenario 2, streaming: the header of the "Hex dump" section, under
	// the "Connection" one.
	smokeHexDumpX, smokeHexDumpY = 340, 345
)

// TestSmokeBinary sends a message typed as hex on scenario 1 (to the
// built-in /sample, which answers with its size) and opens the hex dump of
// the bytes received on scenario 2 while it streams. Every step waits for
// its effect on the screen; the output checks of TestSmoke apply.
func TestSmokeBinary(t *testing.T) {
	s := realwindow.Start(t)
	s.WaitPainted()
	list := s.FindScenarios()
	dy := list.Offset()

	list.Select(1)
	s.Key("Return") // Enter in the address field is Connect
	s.WaitStatus(realwindow.StatusGreen, "Connected on scenario 1")
	log := s.Settled(realwindow.LogArea, dy, "the greeting")
	before := s.Settled(realwindow.PageArea, dy, "scenario 1 connected")
	s.Click(smokeFormatX, smokeFormatY+dy)
	s.Changes(before, realwindow.PageArea, dy, "the format list dropping down")
	s.Click(smokeHexItemX, smokeHexItemY+dy)
	s.Settled(realwindow.PageArea, dy, "the hex input")
	// The format is Hex: a digit without its pair is refused, in red
	// (as text it would go out, in green).
	s.Click(smokeInputX, smokeInputY+dy)
	s.Key("ctrl+a")
	s.Type("48 6")
	s.Key("shift+Return") // Shift+Enter sends a multi-line input
	s.WaitStatus(realwindow.StatusRed, "the refusal of an odd number of hex digits")
	s.Key("ctrl+a")
	s.Type("48 65 6c 6c 6f 00 ff")
	s.Key("shift+Return")
	s.Changes(log, realwindow.LogArea, dy, "the hex message and its answer")
	s.Settled(realwindow.LogArea, dy, "the hex message and its answer")
	s.WaitStatus(realwindow.StatusGreen, "Send Complete after the hex message")
	s.Screenshot("utf8-hex")

	list.Select(2)
	s.Key("Return") // Start
	s.WaitStatus(realwindow.StatusGreen, "Connected on scenario 2")
	before, _ = s.Capture() // a streaming page never settles: see MostlyChanges
	s.Click(smokeHexDumpX, smokeHexDumpY+dy)
	// Opening the section scrolls it into view: most of the page changes,
	// not just the counters, which tick every second.
	s.MostlyChanges(before, realwindow.PageArea, dy, "the hex dump opening")
	s.WaitStatus(realwindow.StatusGreen, "still streaming with the hex dump open")
	s.Screenshot("stream-hexdump")

	s.Stop()
}
