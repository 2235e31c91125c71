//go:build unix

package main

import (
	"testing"

	"github.com/wssample/wssample/internal/realwindow"
)

// TestSmokeDiagram opens the Diagram tab in the real window while scenario
// 2 streams to the built-in echo server, so the diagram is drawn from the
// connection's start while frames keep coming (records cross from the
// client's goroutines to the UI goroutine, redrawn ten times a second);
// then it stops, and runs the "connection drops" flow (/drop) with the
// tab open. The session's output must hold no Fyne thread error
// (realwindow's checks).
//
// With WSSAMPLE_README_SHOTS set it also writes README's pictures there:
// screenshot-diagram-echo.png (an echo stopped: the connect, the folded
// frames, the close handshake) and screenshot-diagram-drop.png (the
// connection cut: 1006, no close frame). The divider above the tabs is
// moved up first, as a presenter would, so the diagram has the room.
func TestSmokeDiagram(t *testing.T) {
	s := realwindow.Start(t)
	s.WaitPainted()
	list := s.FindScenarios()
	dy := list.Offset() - protocolMenuHeight
	list.Select(2)
	s.Settled(realwindow.PageArea, dy, "scenario 2 shown")

	// Start: Enter in the address field. Then, while streaming, the
	// divider up and the Diagram tab.
	s.Click(addressX, addressY+dy)
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected after Start on scenario 2")
	s.Ticks(realwindow.PageArea, dy, smokeStreamTicks, "scenario 2's counters moving")
	page, _ := s.Capture()
	s.Drag(dividerX, dividerY+dy, dividerX, dividerUpY+dy)
	page = s.MostlyChanges(page, realwindow.PageArea, dy, "the divider moved up")
	s.Click(diagramTabX, diagramTabY+dy)
	s.Changes(page, realwindow.LogArea, dy, "the Diagram tab opening")
	s.Ticks(realwindow.LogArea, dy, smokeStreamTicks, "the diagram drawing the frames as they come")
	s.WaitStatus(realwindow.StatusGreen, "still connected while the Diagram tab draws")
	s.Screenshot("diagram-streaming")

	// Esc is Stop: the close handshake goes into the diagram.
	s.Key("Escape")
	s.WaitStatus(realwindow.StatusGreen, "Stopped")
	s.Settled(realwindow.LogArea, dy, "the diagram drawn after Stop") // the ≤10 Hz redraw
	s.Screenshot("diagram-stopped")
	readmeShot(t, s, "diagram-echo")

	// The drop flow: the divider back down to reach the address, whose
	// path becomes /drop ("echo" is its last four characters); the server
	// cuts TCP after 2 s; then the divider up again for the picture.
	page, _ = s.Capture()
	s.Drag(dividerX, dividerUpY+dy, dividerX, dividerY+dy)
	s.MostlyChanges(page, realwindow.PageArea, dy, "the divider moved back down")
	s.Click(addressX, addressY+dy)
	s.Key("End", "BackSpace", "BackSpace", "BackSpace", "BackSpace")
	s.Type("drop")
	s.Key("Return")
	s.WaitStatus(realwindow.StatusRed, "the connection dropped (1006)")
	page, _ = s.Capture()
	s.Drag(dividerX, dividerY+dy, dividerX, dividerUpY+dy)
	s.MostlyChanges(page, realwindow.PageArea, dy, "the divider moved up again")
	s.Screenshot("diagram-drop")
	readmeShot(t, s, "diagram-drop")
	s.Stop()
}

// Where TestSmokeDiagram drags and clicks, measured on a window at its
// default size whose menu bar is protocolMenuHeight pixels high, scenario
// 2 connected.
const (
	dividerX, dividerY, dividerUpY = 632, 385, 160 // the divider above the tabs, and where it is moved to
	diagramTabX, diagramTabY       = 451, 185      // the Diagram tab, once the divider moved
)
