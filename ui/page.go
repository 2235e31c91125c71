package ui

import (
	"fyne.io/fyne/v2"

	"github.com/wssample/wssample/ui/kit"
)

// page is one scenario of the sample, shown right of the scenario list.
// The shell builds every page once, from its row of the scenario table
// (scenarios.go), and keeps it, so a page's log survives a visit to
// another scenario. Content and Leave run on the UI goroutine.
type page interface {
	// Content is the page's widget tree; the same object on every call.
	Content() fyne.CanvasObject
	// Leave is called when the user switches to another scenario. Like the
	// sample's OnNavigatedFrom it closes the page's connection; it must not
	// block the UI, so the close runs in the background.
	Leave()
	// Close ends the page for good when the app quits: it closes the
	// connection, waits for it (a couple of seconds at most) and stops the
	// page's goroutines. It is called after the UI loop has ended.
	Close()
}

// pageEnv is what the shell hands a page.
type pageEnv struct {
	// key and title are the scenario's key and name, from the scenario
	// table; the title is the page's heading.
	key, title string
	// do runs a function on the UI goroutine (fyne.Do in the app, a queue
	// in tests). Every widget change made from a goroutine goes through it.
	do func(func())
	// notify shows a message in the window's status bar, but only while
	// this page is the one shown, so a page closing in the background
	// cannot overwrite another page's status. UI goroutine only.
	notify func(msg string, kind statusKind)
	// window is the app's window, which hosts the page's dialogs.
	window fyne.Window
	// prefs remembers what the user typed between runs.
	prefs fyne.Preferences
	// clipboard receives the log pane's "Copy all".
	clipboard fyne.Clipboard
	// builtIn holds the built-in server's addresses.
	builtIn BuiltIn
	// uri is the -uri flag for the page shown at start, "" for the others.
	uri string
}

// kitEnv is what a page of a package of its own gets (checkpage.Env,
// clientpage.Env): the same for each.
func (e pageEnv) kitEnv() kit.PageEnv {
	return kit.PageEnv{Title: e.title, Do: e.do, Notify: e.notifyPlain, Window: e.window, Prefs: e.prefs, Clipboard: e.clipboard}
}

// notifyPlain is notify for a sub-package's page, which knows statuses
// only as plain or error (kit.PageEnv.Notify).
func (e pageEnv) notifyPlain(msg string, isError bool) {
	kind := statusMessage
	if isError {
		kind = errorMessage
	}
	e.notify(msg, kind)
}

// prefKey is the preference name for the page's setting name:
// "utf8.logShare".
func (e pageEnv) prefKey(name string) string { return e.key + "." + name }

// initialAddress is the address the page's field starts with: -uri, else
// the one remembered under key, else builtIn (address.go).
func (e pageEnv) initialAddress(key, builtIn string) string {
	return initialAddress(e.uri, e.prefs, key, builtIn)
}
