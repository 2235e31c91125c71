// Package clientpage is scenario 6, "Check a client": package
// conformance's fuzzing server run from the window. Start listens and
// shows the URL to give the client under test; each case the client asks
// for is played against it, and its verdict appears in the list as it
// ends, per agent (the name each client gives). A button runs this app's
// own clients through it, and the report saves as JSON, HTML or Markdown
// as the server check's does (kit.ReportSaver).
//
// The shell builds it with New from an Env, so the page needs nothing
// else of package ui. The server's goroutines hand results to a pending
// list; a poller (kit.StartPoller) moves them to the widgets at most ten
// times a second, through Env.Do.
package clientpage
