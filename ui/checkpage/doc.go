// Package checkpage is scenario 5, "Check a server": package conformance
// run from the window against one echo endpoint, its results in a table,
// a case whole on selection, and the report saved as JSON, HTML or
// Markdown. It has no connection of its own; every case opens its own,
// inside conformance.
//
// The shell builds it with New from an Env (what the shell knows: the way
// to the UI goroutine, the status bar, the window, the preferences), so
// the page needs nothing else of package ui. The run's goroutine reaches
// the widgets only through Env.Do.
package checkpage
