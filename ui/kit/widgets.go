package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Small helpers every page uses to change its widgets without needless
// redraws, and without a disabled widget keeping the keyboard focus.

// SetEnabled enables or disables w, touching it only when that changes
// something. A control that is disabled while it has the keyboard focus
// gives the focus up: a disabled field holding it would swallow the keys
// meant for the window, such as Esc to stop after Enter started.
func SetEnabled(w fyne.Disableable, on bool) {
	switch {
	case on && w.Disabled():
		w.Enable()
	case !on && !w.Disabled():
		w.Disable()
		releaseFocus(w)
	}
}

// releaseFocus unfocuses w if it has the focus of its window's canvas.
func releaseFocus(w fyne.Disableable) {
	obj, ok := w.(fyne.CanvasObject)
	if !ok || fyne.CurrentApp() == nil {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(obj); c != nil {
		if f, ok := w.(fyne.Focusable); ok && c.Focused() == f {
			c.Unfocus()
		}
	}
}

// SetLabel avoids a refresh when the text is unchanged.
func SetLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// DropDown shows menu just below button, as a drop-down list: the Save…,
// Export and "Try a flow" buttons open their choices so. Nothing shows
// while the button is on no canvas.
func DropDown(menu *fyne.Menu, button fyne.CanvasObject) {
	c := fyne.CurrentApp().Driver().CanvasForObject(button)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtRelativePosition(menu, c, fyne.NewPos(0, button.Size().Height), button)
}

// WindowOf finds the window whose canvas shows obj. The pages have their
// window from the shell; the log pane's Save dialog and the Diagram tab's
// Export, views with no Env, look it up.
func WindowOf(obj fyne.CanvasObject) fyne.Window {
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	c := app.Driver().CanvasForObject(obj)
	if c == nil {
		return nil
	}
	for _, w := range app.Driver().AllWindows() {
		if w.Canvas() == c {
			return w
		}
	}
	return nil
}

// PageHeader is a scenario's heading and description, as the sample shows
// them above its controls.
func PageHeader(title, description string) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	text := widget.NewLabel(description)
	text.Wrapping = fyne.TextWrapWord
	return container.NewVBox(heading, text)
}
