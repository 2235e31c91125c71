package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/wsclient"
)

// showPartial shows scenario 4 in a new window. The sample's visual
// states for it: Disconnected → Disconnect, the text field and Send off;
// Connected → the address and Connect off; Busy → all five off. "End of
// Message" is never disabled. (The custom validation checkbox, not in the
// sample's scenario 4, follows the address field.)
func showPartial(t *testing.T) pageProbe[*partialPage] {
	return showProbe(t, "partial", func(f *partialPage) []control {
		return []control{
			{"text", f.text, false, true, false},
			{"Send", f.sendBtn, false, true, false},
			{"End of Message", f.endOfMessage, true, true, true},
			{"checkbox", f.validate, true, false, false},
		}
	})
}

func TestPartialFramesComeBackAsTheyWent(t *testing.T) {
	complete := wsclient.Event{Kind: wsclient.EventFrame, Type: wsclient.TypeUtf8, Complete: true}.String()
	partial := wsclient.Event{Kind: wsclient.EventFrame, Type: wsclient.TypeUtf8}.String()
	f := showPartial(t)
	addr := server.URL("/partial")
	if f.page.address.Text != addr || f.page.text.Text != "Hello World" || !f.page.endOfMessage.Checked {
		t.Fatalf("address %q, text %q, End of Message %v: want %q, Hello World, checked",
			f.page.address.Text, f.page.text.Text, f.page.endOfMessage.Checked, addr)
	}
	f.wantState("Disconnected")

	f.connectWalk()
	f.waitLog("EchoWebSocket Connected at: ") // the announcement, one complete frame

	// A partial frame first: End of Message off.
	test.Tap(f.page.endOfMessage)
	f.page.text.SetText("Hello")
	test.Tap(f.page.sendBtn)
	f.wantState("Busy")
	f.waitLog(`You said: "Hello"`)
	f.h.waitStatus("Send Complete", false)
	f.wantState("Connected")

	// Then the final frame of the same message.
	test.Tap(f.page.endOfMessage)
	f.page.text.SetText("World")
	test.Tap(f.page.sendBtn)
	f.waitLog(`You said: "World"`)
	f.h.waitStatus("Send Complete", false)

	f.disconnectWalk()

	f.logInOrder(
		connectingLine(addr),
		connectedLine,
		complete,
		"EchoWebSocket Connected at: ",
		"Sending partial message: Hello",
		partial,
		`You said: "Hello"`,
		"Sending end of message: World",
		complete,
		`You said: "World"`,
		userStopLine,
	)
	if got := f.lineAfter(partial); got != `You said: "Hello"` {
		t.Fatalf("the partial frame's text is %q", got)
	}
	f.allStamped()
}

func TestPartialEmptyAddressAndText(t *testing.T) {
	f := showPartial(t)
	f.typeAddress("")
	test.Tap(f.page.primaryBtn)
	f.h.wantStatus("Please specify a URI to connect to", true)
	f.wantState("Disconnected")

	f.typeAddress(server.URL("/partial"))
	f.page.address.TypedKey(enterKey) // Enter = Connect
	f.waitConnected()
	f.page.text.SetText("")
	f.page.text.TypedKey(enterKey) // Enter = Send
	f.h.wantStatus("Please specify text to send", true)
	if f.logHas("Sending") {
		t.Fatalf("an empty text was sent:\n%s", f.c.log.Text())
	}
	test.Tap(f.page.haltBtn)
	f.waitDisconnected()
}
