package kit

import "fyne.io/fyne/v2"

// PageEnv is what the shell hands a page that lives in a package of its
// own (checkpage, clientpage): its heading, the way to the UI goroutine,
// the status bar, the window, what the app remembers and the clipboard.
// Such a page's Env embeds it and adds what only that page needs, so the
// shell fills these the same way for every such page (pageEnv.kitEnv).
type PageEnv struct {
	// Title is the scenario's name, the page's heading.
	Title string
	// Do runs a function on the UI goroutine (fyne.Do in the app, a queue
	// in tests). The page's goroutines reach the widgets only through it.
	Do func(func())
	// Notify shows msg in the status bar, red if isError, while the page
	// is the one shown. UI goroutine only.
	Notify func(msg string, isError bool)
	// Window hosts the page's dialogs.
	Window fyne.Window
	// Prefs is what the app remembers between runs: the page's choices,
	// where the user left its divider.
	Prefs fyne.Preferences
	// Clipboard receives the page's Copy.
	Clipboard fyne.Clipboard
}
