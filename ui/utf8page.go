package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/wsclient"
)

// utf8AddressKey is the preference that remembers this page's address.
const utf8AddressKey = "utf8.address"

// The sample's words on scenarios 1 and 4.
const (
	enterTextLabel  = "Enter text to send to the server."
	specifyTextText = "Please specify text to send"
)

// utf8Page is scenario 1, "UTF-8 text messages": the sample's
// MessageWebSocket page. Connect opens a connection, each Send is one
// complete text message, and every message that arrives is logged with its
// type and text. The built-in server's /sample greets with "EchoWebSocket
// Connected at: …" and answers each text with You said: "…".
type utf8Page struct {
	*socketPage
	sendControls
	socket  *wsclient.MessageSocket
	content fyne.CanvasObject
}

// newUTF8Page builds the page (scenarios.go).
func newUTF8Page(env pageEnv) page {
	sock := wsclient.NewMessageSocket(wsclient.Options{})
	p := &utf8Page{socketPage: newSocketPage(env, sock, utf8AddressKey, env.builtIn.SampleURL), socket: sock}

	p.sendControls = newSendControls(p.socketPage, p.onSend)
	// The sample refuses to connect with nothing to send (a quirk kept on
	// purpose: it is the sample's).
	p.ready = p.haveText

	header := pageHeader(env.title,
		"This scenario uses a message WebSocket to send UTF-8 strings. "+
			"The built-in server's /sample endpoint greets you when you connect and answers every message "+
			"with You said: \"…\". It also has a secure (wss://) endpoint; its certificate comes from a test "+
			"authority this machine does not trust, so turn on the custom validation to connect to it.")
	sendRow := container.NewBorder(nil, nil, nil, p.sendBtn, p.text)
	p.content = p.layout(header, p.addressRow(), p.validate, p.buttons(),
		widget.NewLabel(enterTextLabel), sendRow)
	p.updateState()
	return p
}

func (p *utf8Page) Content() fyne.CanvasObject { return p.content }

// haveText says "Please specify text to send" when the field is empty.
func (p *utf8Page) haveText() bool {
	if p.text.Text == "" {
		p.env.notify(specifyTextText, errorMessage)
		return false
	}
	return true
}

// onSend is the Send button and Enter in the text field: one complete
// message. MessageSocket.Send blocks while the server does not read, so it
// runs off the UI goroutine.
func (p *utf8Page) onSend() {
	if p.state.busy() || !p.state.connected || !p.haveText() {
		return
	}
	text := p.text.Text
	p.send("Sending Message: "+text, func() error { return p.socket.Send(text) })
}
