package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/wsclient"
)

// partialProbe is a test's handle on scenario 4.
type partialProbe struct {
	pageProbe
	f *partialPage
}

func showPartial(t *testing.T) partialProbe {
	h := newHarness(t, Config{})
	f := showPage[*partialPage](h, partialIndex)
	return partialProbe{pageProbe{h, f.socketPage}, f}
}

// The sample's visual states for scenario 4: Disconnected → Disconnect,
// the text field and Send off; Connected → the address and Connect off;
// Busy → all five off. "End of Message" is never disabled. (The custom
// validation checkbox, not in the sample's scenario 4, follows the
// address field.)
func (f partialProbe) wantState(t *testing.T, state string) {
	t.Helper()
	p := f.f
	all := enabled(p.address, p.connect, p.disconnect, p.text, p.sendBtn, p.endOfMessage, p.validate)
	want := map[string][]bool{
		"Disconnected": {true, true, false, false, false, true, true},
		"Connected":    {false, false, true, true, true, true, false},
		"Busy":         {false, false, false, false, false, true, false},
	}[state]
	for i := range all {
		if all[i] != want[i] {
			t.Fatalf("%s: enabled address, Connect, Disconnect, text, Send, End of Message, checkbox = %v, want %v", state, all, want)
		}
	}
}

func TestPartialFramesComeBackAsTheyWent(t *testing.T) {
	f := showPartial(t)
	addr := server.URL("/partial")
	if f.f.address.Text != addr || f.f.text.Text != "Hello World" || !f.f.endOfMessage.Checked {
		t.Fatalf("address %q, text %q, End of Message %v: want %q, Hello World, checked",
			f.f.address.Text, f.f.text.Text, f.f.endOfMessage.Checked, addr)
	}
	f.wantState(t, "Disconnected")

	test.Tap(f.f.connect)
	f.wantState(t, "Busy")
	f.waitConnected()
	f.wantState(t, "Connected")
	f.wantStatus("Connected", false)
	f.waitLog("EchoWebSocket Connected at: ") // the announcement, one complete frame

	// A partial frame first: End of Message off.
	test.Tap(f.f.endOfMessage)
	f.f.text.SetText("Hello")
	test.Tap(f.f.sendBtn)
	f.wantState(t, "Busy")
	f.waitLog(`You said: "Hello"`)
	f.waitStatus("Send Complete", false)
	f.wantState(t, "Connected")

	// Then the final frame of the same message.
	test.Tap(f.f.endOfMessage)
	f.f.text.SetText("World")
	test.Tap(f.f.sendBtn)
	f.waitLog(`You said: "World"`)
	f.waitStatus("Send Complete", false)

	test.Tap(f.f.disconnect)
	f.wantStatus("Closing", false)
	f.wantState(t, "Busy")
	f.waitDisconnected()
	f.wantState(t, "Disconnected")
	f.wantStatus("Closed", false)

	f.logInOrder(
		"Connecting to "+addr+"...",
		"Connected",
		"Complete message received; Type: Utf8",
		"EchoWebSocket Connected at: ",
		"Sending partial message: Hello",
		"Partial message received; Type: Utf8",
		`You said: "Hello"`,
		"Sending end of message: World",
		"Complete message received; Type: Utf8",
		`You said: "World"`,
		"Closed; Code: 1000, Reason: "+wsclient.StopReason,
	)
	if got := f.lineAfter("Partial message received; Type: Utf8"); got != `You said: "Hello"` {
		t.Fatalf("the partial frame's text is %q", got)
	}
	f.allStamped()
}

func TestPartialEmptyAddressAndText(t *testing.T) {
	f := showPartial(t)
	f.typeAddress("")
	test.Tap(f.f.connect)
	f.wantStatus("Please specify a URI to connect to", true)
	f.wantState(t, "Disconnected")

	f.typeAddress(server.URL("/partial"))
	f.f.address.TypedKey(enterKey) // Enter = Connect
	f.waitConnected()
	f.f.text.SetText("")
	f.f.text.TypedKey(enterKey) // Enter = Send
	f.wantStatus("Please specify text to send", true)
	if f.logHas("Sending") {
		t.Fatalf("an empty text was sent:\n%s", f.p.log.Text())
	}
	test.Tap(f.f.disconnect)
	f.waitDisconnected()
}
