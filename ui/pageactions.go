package ui

// actor is a page whose main actions the window's menu and shortcuts can
// trigger, whatever has the keyboard focus. All methods run on the UI
// goroutine and do what the page's own buttons do, including refusing
// when the button is disabled. Every page with a connection is one:
// connPage gives halt and output, the page its primary.
type actor interface {
	// primary is Start (scenario 2) or Connect (the others).
	primary()
	// halt is Stop or Disconnect.
	halt()
	// output is the page's log pane, for Save, Copy and Clear.
	output() *logPane
}

func (p *streamPage) primary() { p.onStart() }
func (p *socketPage) primary() { p.onConnect() }
