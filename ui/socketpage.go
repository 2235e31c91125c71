package ui

import (
	"crypto/x509"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

// socketPage is what scenarios 1, 3 and 4 share: a server address with
// Connect and Disconnect, the sample's Disconnected / Connected / Busy
// states, an output log fed by the socket's events, and sends that run off
// the UI goroutine. Each page embeds one and adds its own controls through
// the hooks below.
//
// Its fields belong to the UI goroutine. One goroutine of its own, the
// event pump, feeds it through env.do for the page's life.
type socketPage struct {
	env        pageEnv
	sock       socket
	addressKey string // the preference that remembers the address

	address             *widget.Entry
	connect, disconnect *widget.Button
	log                 *logPane

	// The sample keeps two fields, its socket and "busy"; these four say
	// the same, and why the page is busy.
	connecting bool // Connect was pressed, no answer yet
	connected  bool // a connection is open
	closing    bool // the user (or Leave) asked to close
	sending    bool // a send is on its way

	// ready, when set, is asked first when Connect is pressed; false means
	// do not connect (it has told the user why).
	ready func() bool
	// prepare returns the options for a connection to u, the address as
	// checked. It may log lines of its own; they come before "Connecting".
	prepare func(u *url.URL) wsclient.Options
	// refresh enables the page's own controls after a state change.
	refresh func()
	// connectedLine, when set, is logged instead of the event's "Connected".
	connectedLine string

	done      chan struct{} // closed by Close: the pump ends
	closeOnce sync.Once
}

// newSocketPage builds the shared part around sock and starts its event
// pump. address prefills the server address field; key is where the page
// remembers what the user typed.
func newSocketPage(env pageEnv, sock socket, key, address string) *socketPage {
	p := &socketPage{
		env:        env,
		sock:       sock,
		addressKey: key,
		log:        newLogPane(env.clipboard),
		done:       make(chan struct{}),
	}
	p.address = widget.NewEntry()
	p.address.SetPlaceHolder("ws://host:port/path or wss://host:port/path")
	p.address.SetText(address)
	p.address.OnSubmitted = func(string) { p.onConnect() } // Enter = Connect

	p.connect = widget.NewButtonWithIcon("Connect", theme.LoginIcon(), p.onConnect)
	p.disconnect = widget.NewButtonWithIcon("Disconnect", theme.LogoutIcon(), p.onDisconnect)
	go pumpEvents(sock.Events(), env.do, p.done, p.handle)
	return p
}

// addressRow is the "Server address:" label and field.
func (p *socketPage) addressRow() fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewLabel("Server address:"), nil, p.address)
}

// buttons are Connect and Disconnect, side by side.
func (p *socketPage) buttons() fyne.CanvasObject {
	return container.NewHBox(p.connect, p.disconnect)
}

// layout stacks the page: header and controls on top, the log filling the
// rest.
func (p *socketPage) layout(top ...fyne.CanvasObject) fyne.CanvasObject {
	top = append(top, widget.NewSeparator())
	return container.NewBorder(container.NewVBox(top...), nil, nil, nil, p.log.Content())
}

// FocusTarget is the address field: Enter there is Connect.
func (p *socketPage) FocusTarget() fyne.Focusable { return p.address }

// busy is the sample's Busy state: an operation is under way, every
// button waits for it.
func (p *socketPage) busy() bool { return p.connecting || p.closing || p.sending }

// Leave closes the connection in the background, as the sample's
// OnNavigatedFrom does; its events still reach the log.
func (p *socketPage) Leave() {
	if !p.connecting && !p.connected {
		return
	}
	p.closing = true
	p.updateState()
	go p.sock.Close() // bounded; ErrNotConnected means it already is
}

// Close stops the pump and closes the connection, waiting for it (about
// two seconds at most).
func (p *socketPage) Close() {
	p.closeOnce.Do(func() {
		close(p.done)
		_ = p.sock.Close() // ErrNotConnected: nothing was open
	})
}

// onConnect is the Connect button and Enter in the address field.
func (p *socketPage) onConnect() {
	if p.busy() || p.connected {
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
	p.sock.SetOptions(opts) // each connection takes the options as they are now
	if err := p.sock.Connect(addr); err != nil {
		p.env.notify(err.Error(), errorMessage)
		return
	}
	rememberAddress(p.env.prefs, p.addressKey, addr, p.env.builtIn)
	p.connecting = true
	p.updateState()
}

// onDisconnect is the Disconnect button: "Closing", the close handshake
// with 1000 "Closed due to user request." on its own goroutine (it waits
// for the server), then "Closed" when EventClosed arrives.
func (p *socketPage) onDisconnect() {
	if p.busy() || !p.connected {
		return
	}
	p.closing = true
	p.env.notify("Closing", statusMessage)
	p.updateState()
	// If the server closed first, Close finds nothing to close; the
	// server's EventClosed is on its way and ends the Busy state.
	go p.sock.Close()
}

// send logs line and runs fn (a blocking send) on its own goroutine, with
// the page Busy meanwhile, as the sample awaits its StoreAsync. Success is
// a green "Send Complete"; a failure is logged and shown in red.
func (p *socketPage) send(line string, fn func() error) {
	p.logNow(line)
	p.sending = true
	p.updateState()
	go func() {
		err := fn()
		select {
		case <-p.done:
			return // the app is quitting; nobody is looking
		default:
		}
		p.env.do(func() {
			p.sending = false
			switch {
			case err == nil:
				p.env.notify("Send Complete", statusMessage)
			case p.closing, errors.Is(err, wsclient.ErrNotConnected) && !p.connected:
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

// handle applies a batch of events on the UI goroutine: one log append and
// one state update for the batch. The words are wsclient's (Event.Lines).
func (p *socketPage) handle(batch []wsclient.Event) {
	var lines []string
	for _, e := range batch {
		words := e.Lines()
		if e.Kind == wsclient.EventConnected && p.connectedLine != "" {
			words = []string{p.connectedLine}
		}
		lines = append(lines, stamped(e.Time, words...)...)
		switch e.Kind {
		case wsclient.EventConnected:
			p.connecting, p.connected = false, true
			p.env.notify("Connected", statusMessage)
		case wsclient.EventConnectFailed:
			p.connecting = false
			if p.closing { // Disconnect or Leave during the connect
				p.closing = false
				p.env.notify("Closed", statusMessage)
			} else {
				p.env.notify(e.String(), errorMessage)
			}
		case wsclient.EventReadFailed, wsclient.EventWriteFailed:
			p.env.notify(e.String(), errorMessage)
		case wsclient.EventClosed:
			p.closed(e)
		}
	}
	p.log.Append(lines...)
	p.updateState()
}

// closed brings the page back to Disconnected. After Disconnect the status
// says "Closed", as the sample's; a close by the server is said in its own
// words (green, or red when the connection was lost), or "Connected" would
// linger.
func (p *socketPage) closed(e wsclient.Event) {
	switch {
	case p.closing:
		p.env.notify("Closed", statusMessage)
	case e.IsError():
		p.env.notify(e.String(), errorMessage)
	default:
		p.env.notify(e.String(), statusMessage)
	}
	p.connecting, p.connected, p.closing = false, false, false
}

// updateState enables the controls for the sample's visual states:
// Disconnected (Disconnect off), Connected (Connect and the address off),
// Busy (all off); then the page's own controls follow.
func (p *socketPage) updateState() {
	setEnabled(p.connect, !p.busy() && !p.connected)
	setEnabled(p.disconnect, !p.busy() && p.connected)
	setEnabled(p.address, !p.busy() && !p.connected)
	if p.refresh != nil {
		p.refresh()
	}
}

// logNow logs lines the page itself says, stamped with the time now.
func (p *socketPage) logNow(lines ...string) {
	p.log.Append(stamped(time.Now(), lines...)...)
}

// stamped prefixes each line with the time t as HH:MM:SS.mmm. A line with
// line breaks of its own (a received message may have any text) becomes
// several log rows, each stamped: a row of the log pane is one line high.
func stamped(t time.Time, lines ...string) []string {
	stamp := t.Format(timeFormat) + "  "
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		for _, row := range strings.Split(strings.TrimRight(l, "\r\n"), "\n") {
			out = append(out, stamp+strings.TrimSuffix(row, "\r"))
		}
	}
	return out
}

// pumpEvents carries a socket's events to the UI goroutine until done is
// closed. It takes everything already waiting as one batch (at most
// maxEventBatch), makes one UI call for it, and waits for that call before
// taking the next: while the UI is busy, events gather in the next batch
// instead of piling up as separate calls. (streamPage.pump is the same
// loop with the stream's progress events filtered out.)
func pumpEvents(events <-chan wsclient.Event, do func(func()), done <-chan struct{}, handle func([]wsclient.Event)) {
	for {
		var batch []wsclient.Event
		select {
		case e := <-events:
			batch = append(batch, e)
		case <-done:
			return
		}
		for more := true; more && len(batch) < maxEventBatch; {
			select {
			case e := <-events:
				batch = append(batch, e)
			default:
				more = false
			}
		}
		handled := make(chan struct{})
		do(func() {
			defer close(handled)
			handle(batch)
		})
		select {
		case <-handled:
		case <-done:
			return
		}
	}
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

// newSendControls builds them; onSend is the Send button and Enter in the
// text field.
func newSendControls(onSend func()) sendControls {
	c := sendControls{
		validate: newCustomValidationCheck(),
		text:     widget.NewEntry(),
		sendBtn:  widget.NewButtonWithIcon("Send", theme.MailSendIcon(), onSend),
	}
	c.text.SetText(wsclient.DefaultPayload)
	c.text.OnSubmitted = func(string) { onSend() }
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
func (c sendControls) update(busy, connected bool) {
	setEnabled(c.validate, !busy && !connected)
	setEnabled(c.text, !busy && connected)
	setEnabled(c.sendBtn, !busy && connected)
}
