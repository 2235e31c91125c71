package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// flowServers derives the built-in server's base addresses from the ones
// BuiltIn already carries ("ws://127.0.0.1:8080/echo" → "ws://127.0.0.1:8080").
func flowServers(b BuiltIn) flows.Servers {
	base := func(addr string) string {
		u, err := url.Parse(addr)
		if err != nil || u.Host == "" {
			return ""
		}
		return u.Scheme + "://" + u.Host
	}
	return flows.Servers{WS: base(b.EchoURL), WSS: base(b.SecureEchoURL)}
}

// availableFlows is the catalogue minus the flows whose listener did not
// start: without the built-in server only "Nothing listening" is left,
// which needs no server at all.
func availableFlows(b BuiltIn) []flows.Flow {
	s := flowServers(b)
	var out []flows.Flow
	for _, f := range flows.List(s) {
		if _, err := wsclient.ParseURI(f.Address); err != nil {
			continue
		}
		if u, _ := url.Parse(f.Address); u.Scheme == "wss" && s.WSS == "" || u.Scheme == "ws" && s.WS == "" && f.Address != flows.Refused {
			continue
		}
		out = append(out, f)
	}
	return out
}

// flowMenu is the "Try a flow" button: it drops down the catalogue of demo
// flows; picking one calls onPick (which fills the address; it does not
// start, the presenter presses Start).
type flowMenu struct {
	button *widget.Button
	menu   *fyne.Menu
	list   []flows.Flow
}

func newFlowMenu(list []flows.Flow, onPick func(flows.Flow)) *flowMenu {
	m := &flowMenu{list: list, menu: fyne.NewMenu("")}
	for _, f := range list {
		m.menu.Items = append(m.menu.Items, fyne.NewMenuItem(f.Name, func() { onPick(f) }))
	}
	m.button = widget.NewButtonWithIcon("Try a flow", theme.MenuDropDownIcon(), m.open)
	m.button.IconPlacement = widget.ButtonIconTrailingText
	if len(list) == 0 {
		m.button.Disable()
	}
	return m
}

// open shows the menu just below the button.
func (m *flowMenu) open() {
	kit.DropDown(m.menu, m.button)
}

// pick runs the menu item named name, as a click on it would; false if
// there is none.
func (m *flowMenu) pick(name string) bool {
	for _, it := range m.menu.Items {
		if it.Label == name {
			it.Action()
			return true
		}
	}
	return false
}
