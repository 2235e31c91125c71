package ui

import (
	"crypto/x509"
	"errors"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// socket is what a message page needs of its WebSocket: MessageSocket
// (scenarios 1 and 3) and FrameSocket (scenario 4) both have it.
type socket interface {
	Connect(uri string) error
	Close() error
	Events() <-chan wsclient.Event
	SetOptions(wsclient.Options)
}

// messageSocket is a MessageSocket as a socket: its pages set only the
// options every client shares.
type messageSocket struct{ *wsclient.MessageSocket }

func (m messageSocket) SetOptions(o wsclient.Options) {
	m.MessageSocket.SetOptions(wsclient.MessageOptions{Options: o})
}

// socketPage is what scenarios 1, 3 and 4 share on top of connPage: a
// message socket, Connect with the hooks below, and sends that run off the
// UI goroutine. Each page embeds one and adds its own controls.
//
// Its fields belong to the UI goroutine.
type socketPage struct {
	*connPage
	sock       socket
	addressKey string // the preference that remembers the address

	// ready, when set, is asked first when Connect is pressed; false means
	// do not connect (it has told the user why).
	ready func() bool
	// prepare returns the options for a connection to u, the address as
	// checked. It may log lines of its own; they come before "Connecting".
	prepare func(u *url.URL) wsclient.Options
	// connectedLine, when set, is logged instead of the event's "Connected".
	connectedLine string
	// keepInView, when set, is the part of the controls kept in view when
	// they do not fit (kit.ControlsAndLog.KeepInView): the composer.
	keepInView fyne.CanvasObject
}

// messageVerbs are the sample's words for Connect and Disconnect.
func messageVerbs() connVerbs {
	return connVerbs{
		primary: "Connect", primaryIcon: theme.LoginIcon(),
		halt: "Disconnect", haltIcon: theme.LogoutIcon(),
		halting: "Closing", halted: "Closed",
	}
}

// newSocketPage builds the shared part around sock and starts its event
// pump. The address field starts with the one the page remembers under
// key, or builtIn.
func newSocketPage(env pageEnv, sock socket, key, builtIn string) *socketPage {
	p := &socketPage{sock: sock, addressKey: key}
	p.connPage = newConnPage(env, messageVerbs(), sock.Events(), sock.Close, env.initialAddress(key, builtIn), p.onConnect)
	newConnPanel(p.connPage, false)
	p.lines = p.words
	return p
}

// words are an event's log lines: wsclient's, but the page's own words
// for "Connected" when it has them.
func (p *socketPage) words(e wsclient.Event) []string {
	if e.Kind == wsclient.EventConnected && p.connectedLine != "" {
		return []string{p.connectedLine}
	}
	return e.Lines()
}

// addressRow is the "Server address:" label and field.
func (p *socketPage) addressRow() fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewLabel("Server address:"), nil, p.address)
}

// buttons are Connect and Disconnect, side by side, and Ping on the
// right.
func (p *socketPage) buttons() fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewHBox(p.primaryBtn, p.haltBtn), p.ping.content)
}

// layout stacks the page: header and controls on top, the log below, with
// a divider between them the user can drag (kit.NewControlsAndLog).
func (p *socketPage) layout(top ...fyne.CanvasObject) fyne.CanvasObject {
	top = append(top, p.panel.section)
	l, content := kit.NewControlsAndLog(container.NewVBox(top...), p.logArea(), p.env.prefs, p.env.prefKey("logShare"))
	l.KeepInView = p.keepInView
	return content
}

// onConnect is the Connect button and Enter in the address field.
func (p *socketPage) onConnect() {
	if !p.state.idle() {
		return
	}
	if p.ready != nil && !p.ready() {
		return
	}
	addr := p.address.Text
	u, err := wsclient.ParseURI(addr)
	if err != nil {
		// A bad address (*wsclient.URIError) in the sample's words.
		p.env.notify(err.Error(), errorMessage)
		return
	}
	p.env.notify("", statusMessage) // an old message would mislead while connecting
	opts := wsclient.Options{}
	if p.prepare != nil {
		opts = p.prepare(u)
	}
	p.sock.SetOptions(p.viewOptions(opts)) // each connection takes the options as they are now
	p.begin(addr, p.addressKey, p.sock.Connect)
}

// send logs entry (what is being sent) and runs fn (a blocking send) on
// its own goroutine, with the page Busy meanwhile, as the sample awaits
// its StoreAsync. Success is a green "Send Complete"; a failure is logged
// and shown in red.
func (p *socketPage) send(entry present.LogEntry, fn func() error) {
	p.log.AppendEntries(sentAt(entry))
	p.state.sending = true
	p.updateState()
	go func() {
		err := fn()
		select {
		case <-p.done:
			return // the app is quitting; nobody is looking
		default:
		}
		p.env.do(func() {
			p.state.sending = false
			switch {
			case err == nil:
				p.env.notify("Send Complete", statusMessage)
			case p.state.closing, errors.Is(err, wsclient.ErrNotConnected) && !p.state.connected:
				// The connection ended under the send (our Disconnect or
				// Leave, or the server); the close line says it all.
			default:
				p.logNow(err.Error())
				p.env.notify(err.Error(), errorMessage)
			}
			p.updateState()
		})
	}()
}

// sendControls are what scenarios 1 and 4 share below Connect and
// Disconnect: the sample's custom validation checkbox, the text to send
// (the sample's "Hello World") and Send. Embedded in a page, its fields
// read as the page's own.
type sendControls struct {
	validate *widget.Check // "Perform custom server certificate validation"
	text     *widget.Entry
	sendBtn  *widget.Button
}

// newSendControls builds them for p: the connection's options follow the
// checkbox, and the controls follow the page's state. onSend is the Send
// button and Enter in the text field.
func newSendControls(p *socketPage, onSend func()) sendControls {
	c := sendControls{
		validate: newCustomValidationCheck(),
		text:     widget.NewEntry(),
		sendBtn:  widget.NewButtonWithIcon("Send", theme.MailSendIcon(), onSend),
	}
	c.text.SetText(wsclient.DefaultPayload)
	c.text.OnSubmitted = func(string) { onSend() }
	p.prepare = func(*url.URL) wsclient.Options { return c.options(p.env.builtIn.CA) }
	p.refresh = func() { c.update(p.state) }
	return c
}

// options are the connection's options as the checkbox says. Off, a wss
// address must pass the system's checks, which the built-in server's
// certificate does not; on, the sample's custom check decides
// (certcheck.go). For ws, wsclient notes that there is nothing to validate.
func (c sendControls) options(ca *x509.Certificate) wsclient.Options {
	return withCustomValidation(wsclient.Options{}, c.validate.Checked, ca)
}

// update sets them for the sample's visual states: Disconnected → text and
// Send off; Connected → the checkbox off (it applies to the next
// connection); Busy → all off.
func (c sendControls) update(s connState) {
	kit.SetEnabled(c.validate, s.idle())
	kit.SetEnabled(c.text, s.connected && !s.busy())
	kit.SetEnabled(c.sendBtn, s.connected && !s.busy())
}
