// Package logview is a page's output log on screen: the Pane (a toolbar
// with the filter, the follow button, Save, Copy all and Clear; the list
// of rows; the detail area under it that shows a selected row whole, with
// its bytes as a hex dump). What it shows and saves is made in package
// present: the entries, the bounded ring of rows, the filter's matches,
// the text and JSON Lines export. Every method runs on the UI goroutine.
package logview
