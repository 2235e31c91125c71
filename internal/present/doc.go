// Package present is how WebSocket Sample writes down what happened, with
// no widget in sight: the log's entries and the ring that keeps them, the
// filter, the text and JSON Lines export, the hex dump, how times, counts
// and rates are written, a live chart's samples and axes, the payload
// formats a message can be typed in, the stream's settings as typed
// (parsed into wsclient options), whose parsers the check page shares,
// and a connection's sequence diagram (the ladder: its rows, their
// folding and bounds, its SVG and Mermaid text), which the Diagram tab
// draws.
//
// It imports no Fyne, so it builds and tests without cgo; the widgets that
// show all this are in package ui and its sub-packages (ui/doc.go has the
// map). Nothing here starts a goroutine or locks: callers own the values
// (a log pane's ring belongs to the UI goroutine).
package present
