package ui

import (
	"github.com/wssample/wssample/ui/checkpage"
	"github.com/wssample/wssample/ui/logview"
)

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

// checkPage is scenario 5, the check page of package checkpage, with the
// actions the menu asks of a page.
type checkPage struct{ *checkpage.Page }

// checkAddressKey is the preference that remembers the check page's
// address.
const checkAddressKey = "check.address"

// newCheckPage builds the check page (scenarios.go): what the shell knows
// goes in its Env.
func newCheckPage(env pageEnv) page {
	return checkPage{checkpage.New(checkpage.Env{
		PageEnv:  env.kitEnv(),
		Address:  env.initialAddress(checkAddressKey, env.builtIn.EchoURL),
		Remember: func(addr string) { rememberAddress(env.prefs, checkAddressKey, addr, env.builtIn) },
		CA:       env.builtIn.CA,
	})}
}

func (p checkPage) primary() { p.Run() }
func (p checkPage) halt()    { p.Cancel() }

func (p *streamPage) primary() { p.onStart() }
func (p *socketPage) primary() { p.onConnect() }
