package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// partialAddressKey is the preference that remembers this page's address.
const partialAddressKey = "partial.address"

// partialPage is scenario 4, "Partial and complete messages": each Send is
// exactly one frame, final when "End of Message" is checked and not
// otherwise, and each frame received is logged as partial or complete. The
// built-in server's /partial answers every frame with a frame of its own
// carrying the same FIN bit, so a message sent in parts comes back in parts.
//
// It speaks frames through wsclient.FrameSocket: message-level libraries
// (coder/websocket included) hide the FIN bit.
type partialPage struct {
	*socketPage
	sendControls
	socket       *wsclient.FrameSocket
	endOfMessage *widget.Check // never disabled, as in the sample
	content      fyne.CanvasObject
}

// newPartialPage builds the page (scenarios.go).
func newPartialPage(env pageEnv) page {
	sock := wsclient.NewFrameSocket(wsclient.Options{})
	p := &partialPage{socketPage: newSocketPage(env, sock, partialAddressKey, env.builtIn.PartialURL), socket: sock}

	// The sample's scenario 4 always sets the self-signed certificate's
	// errors aside for wss; here, as on the other pages, that is the
	// user's choice with the checkbox, and the custom check decides.
	p.sendControls = newSendControls(p.socketPage, p.onSend)
	newPingControls(p.connPage, sock.Ping)
	p.endOfMessage = widget.NewCheck("End of Message", nil)
	p.endOfMessage.SetChecked(true) // as the sample starts

	header := kit.PageHeader(env.title,
		"This scenario sends partial or complete messages: each Send is one frame, final when "+
			"\"End of Message\" is checked and not otherwise, so a message can go out in parts. "+
			"The built-in server's /partial endpoint answers every frame with a frame of its own that "+
			"carries the same end-of-message flag, and the log shows each part as it arrives.")
	sendRow := container.NewBorder(nil, nil, nil, container.NewHBox(p.endOfMessage, p.sendBtn), p.text)
	p.content = p.layout(header, p.addressRow(), p.validate, p.buttons(),
		widget.NewLabel(enterTextLabel), sendRow)
	p.updateState()
	return p
}

func (p *partialPage) Content() fyne.CanvasObject { return p.content }

// onSend is the Send button and Enter in the text field: one frame,
// final or not as "End of Message" says.
func (p *partialPage) onSend() {
	if p.state.busy() || !p.state.connected {
		return
	}
	text := p.text.Text
	if text == "" {
		p.env.notify(specifyTextText, errorMessage)
		return
	}
	final := p.endOfMessage.Checked
	line := "Sending partial message: " + text
	if final {
		line = "Sending end of message: " + text
	}
	p.send(present.LogEntry{Kind: present.LogKindFrame, Dir: present.DirSent, Summary: line, Size: int64(len(text))},
		func() error { return p.socket.SendFrame(text, final) })
}
