package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/wssample/wssample/ui/logview"
)

// The keyboard shortcuts, shown next to their menu items. Fyne matches a
// main-menu shortcut before the focused widget sees the key, so they work
// even while the cursor is in the address field. Ctrl is Cmd on macOS.
var (
	shortcutStart = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutStop  = &desktop.CustomShortcut{KeyName: fyne.KeyPeriod, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave  = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
)

// buildMenu gives the window its main menu: the log, the connection, the
// scenarios and Help. Every action works on the page shown.
func (w *MainWindow) buildMenu() *fyne.MainMenu {
	onPage := func(do func(actor)) func() {
		return func() {
			if a, ok := w.current.page.(actor); ok {
				do(a)
			}
		}
	}
	onLog := func(do func(*logview.Pane)) func() {
		return func() {
			if l, ok := w.current.page.(logger); ok {
				do(l.output())
			}
		}
	}
	saveLog := fyne.NewMenuItem("Save log…", onLog((*logview.Pane).Save))
	saveLog.Shortcut = shortcutSave
	file := fyne.NewMenu("File",
		saveLog,
		fyne.NewMenuItem("Copy log", onLog((*logview.Pane).CopyAll)),
		fyne.NewMenuItem("Clear log", onLog((*logview.Pane).Clear)),
	)

	start := fyne.NewMenuItem("Start / Connect", onPage(actor.primary))
	start.Shortcut = shortcutStart
	stop := fyne.NewMenuItem("Stop / Disconnect (or Esc)", onPage(actor.halt))
	stop.Shortcut = shortcutStop
	connection := fyne.NewMenu("Connection", start, stop)

	// One item per row of the scenario table, with its Ctrl+N.
	var items []*fyne.MenuItem
	for i, sp := range w.pages {
		item := fyne.NewMenuItem(listLabel(i, sp.title), func() { w.list.Select(i) })
		if sp.shortcut != "" {
			item.Shortcut = &desktop.CustomShortcut{KeyName: sp.shortcut, Modifier: fyne.KeyModifierShortcutDefault}
		}
		items = append(items, item)
	}
	scenarios := fyne.NewMenu("Scenarios", items...)

	help := fyne.NewMenu("Help", fyne.NewMenuItem("About WebSocket Sample", w.showAbout))
	return fyne.NewMainMenu(file, connection, scenarios, help)
}

// onKey handles the keys that need no modifier, when no text field has
// the focus (a focused field keeps plain keys to itself): Escape stops or
// disconnects, Enter starts or connects, like a dialog's default button.
// Disabling a focused field gives the focus up (kit.SetEnabled), so after
// Enter in the address field has started a stream, Esc stops it and Enter
// starts it again. Ctrl+. and Ctrl+Enter work wherever the focus is.
func (w *MainWindow) onKey(ev *fyne.KeyEvent) {
	a, ok := w.current.page.(actor)
	if !ok {
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		a.halt()
	case fyne.KeyReturn, fyne.KeyEnter:
		a.primary()
	}
}
