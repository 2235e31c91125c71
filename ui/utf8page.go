package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
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
// complete message, and every message that arrives is logged with its
// type and content. The built-in server's /sample greets with
// "EchoWebSocket Connected at: …" and answers each text with You said:
// "…" and each binary message with its size.
//
// Beyond the sample, the composer (composer.go) sends JSON, bytes typed as
// hex or base64, or a file as one binary message, and keeps saved
// messages; Ping sends a ping and shows its pong.
type utf8Page struct {
	*socketPage
	*composer
	validate *widget.Check // "Perform custom server certificate validation"
	socket   *wsclient.MessageSocket
	content  fyne.CanvasObject
}

// newUTF8Page builds the page (scenarios.go).
func newUTF8Page(env pageEnv) page {
	sock := wsclient.NewMessageSocket(wsclient.MessageOptions{})
	p := &utf8Page{socketPage: newSocketPage(env, messageSocket{sock}, utf8AddressKey, env.builtIn.SampleURL), socket: sock}
	p.validate = newCustomValidationCheck()
	p.composer = newComposer(p.socketPage, sock, env.prefKey("saved"))
	newPingControls(p.connPage, sock.Ping)
	// The sample refuses to connect with no text to send (a quirk kept on
	// purpose: it is the sample's); the other formats are checked at Send.
	p.ready = p.haveText
	p.prepare = func(*url.URL) wsclient.Options {
		return withCustomValidation(wsclient.Options{}, p.validate.Checked, env.builtIn.CA)
	}
	p.refresh = func() {
		kit.SetEnabled(p.validate, p.state.idle())
		p.composer.update(p.state)
	}

	header := kit.PageHeader(env.title,
		"This scenario uses a message WebSocket to send UTF-8 strings, here also JSON and binary. The built-in "+
			"/sample endpoint greets you and answers each message; for wss://, turn on the custom validation.")
	p.keepInView = p.composer.content
	p.content = p.layout(header, p.addressRow(), p.validate, p.buttons(), p.composer.content)
	p.updateState()
	return p
}

func (p *utf8Page) Content() fyne.CanvasObject { return p.content }

// haveText says "Please specify text to send" when the format is text and
// the field is empty.
func (p *utf8Page) haveText() bool {
	if p.format == present.FormatText && p.text.Text == "" {
		p.env.notify(specifyTextText, errorMessage)
		return false
	}
	return true
}
