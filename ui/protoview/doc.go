// Package protoview shows the protocol as it happens: the Frames tab
// (every frame both ways, as wsclient parsed it from the bytes on the
// wire), the stream page's hex dump of the latest bytes, and the timeline
// of a connect attempt (DNS, TCP, TLS, the HTTP upgrade, the open). Each
// view is a widget tree a page places, fed by the page's events on the UI
// goroutine; the Frames tab redraws at most ten times a second on a poller
// of its own, the hex view on the page's.
package protoview
