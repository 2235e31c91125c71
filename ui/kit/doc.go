// Package kit holds the few pieces every view of the window shares: the
// app's theme and its overrides (theme.go, the one theme file), the dense
// list row of the log, the Frames tab and the hex dump, the live line
// chart of the stream page and the file transfer (chart.go), and widget
// helpers that change a widget only when that changes something
// (widgets.go), the pages' divider between their controls and their log
// or results (controlslayout.go), the check pages' list of cases with a
// case's detail under it (listdetail.go), every Save… dialog of the app
// (filesave.go) and the check pages' Save report… on it (reportsave.go),
// and what the shell hands the check pages (pageenv.go). The views
// import kit rather than each other for these.
// Everything here runs on the UI goroutine.
package kit
