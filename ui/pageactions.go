package ui

import "github.com/wssample/wssample/ui/logview"

// actor is a page whose main actions the window's menu and shortcuts can
// trigger, whatever has the keyboard focus. All methods run on the UI
// goroutine and do what the page's own buttons do, including refusing
// when the button is disabled. Every page with a connection is one
// (connPage gives halt, the page its primary), and so is the check page
// (Run and Cancel).
type actor interface {
	// primary is Start (scenario 2), Connect (1, 3, 4) or Run (5).
	primary()
	// halt is Stop, Disconnect or Cancel.
	halt()
}

// logger is a page with an output log, for the File menu's Save, Copy
// and Clear. Every page with a connection is one (connPage gives it).
type logger interface {
	output() *logview.Pane
}

func (p *checkPage) primary() { p.onRun() }
func (p *checkPage) halt()    { p.onCancel() }

func (p *streamPage) primary() { p.onStart() }
func (p *socketPage) primary() { p.onConnect() }
