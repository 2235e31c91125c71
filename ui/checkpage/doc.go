// Package checkpage is scenario 5, "Check a server": package conformance
// run from the window against one echo endpoint (Autobahn's quick run by
// default, the full run one click away), its results in a table that
// stays cheap at hundreds of rows, a case whole on selection with its
// frames in the words of the Frames tab, and the report saved as JSON,
// HTML or Markdown. It has no connection of its own; every case opens its
// own, inside conformance.
//
// The shell builds it with New from an Env (what the shell knows: the way
// to the UI goroutine, the status bar, the window, the preferences), so
// the page needs nothing else of package ui. The run's goroutine reaches
// the widgets only through Env.Do.
package checkpage
