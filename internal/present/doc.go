// Package present is how WebSocket Sample writes down what happened, with
// no widget in sight: the log's entries and the ring that keeps them, the
// filter, the text and JSON Lines export, the hex dump, how times, counts
// and rates are written, the payload formats a message can be typed in,
// and the stream's settings as typed (parsed into wsclient options).
//
// It imports no Fyne, so it builds and tests without cgo; the widgets that
// show all this are in package ui and its sub-packages. Nothing here
// touches a goroutine: callers own the values (a log pane's ring belongs
// to the UI goroutine).
//
// Files by concern: format.go (times, counts, rates), logentry.go (an
// entry and its rows), logring.go (the bounded ring of rows),
// logfilter.go (the rows a filter matches), logexport.go (text and JSON
// Lines), hexdump.go (the dump and the byte tail), payloadformat.go (text,
// JSON, hex, base64, file), settings.go (the Advanced section's values,
// and the parsers the check page shares).
package present
