package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// utf8Probe is a test's handle on scenario 1.
type utf8Probe struct {
	pageProbe
	u *utf8Page
}

func showUTF8(t *testing.T) utf8Probe {
	h := newHarness(t, Config{})
	u := showPage[*utf8Page](h, utf8Index)
	return utf8Probe{pageProbe{h, u.socketPage}, u}
}

// The sample's visual states for scenario 1: Disconnected → Disconnect,
// the text field and Send off; Connected → the address, the checkbox and
// Connect off; Busy → all six off.
func (u utf8Probe) wantState(t *testing.T, state string) {
	t.Helper()
	p := u.u
	all := enabled(p.address, p.validate, p.connect, p.disconnect, p.text, p.sendBtn)
	want := map[string][]bool{
		"Disconnected": {true, true, true, false, false, false},
		"Connected":    {false, false, false, true, true, true},
		"Busy":         {false, false, false, false, false, false},
	}[state]
	for i := range all {
		if all[i] != want[i] {
			t.Fatalf("%s: enabled address, checkbox, Connect, Disconnect, text, Send = %v, want %v", state, all, want)
		}
	}
}

func TestUTF8ConnectSendDisconnect(t *testing.T) {
	u := showUTF8(t)
	addr := server.URL("/sample")
	if u.u.address.Text != addr {
		t.Fatalf("address %q, want the built-in /sample %q", u.u.address.Text, addr)
	}
	if u.u.text.Text != "Hello World" || u.u.validate.Checked {
		t.Fatalf("text %q, checkbox %v: want the sample's Hello World, unchecked", u.u.text.Text, u.u.validate.Checked)
	}
	u.wantState(t, "Disconnected")

	test.Tap(u.u.connect)
	u.wantState(t, "Busy")
	u.waitConnected()
	u.wantState(t, "Connected")
	u.wantStatus("Connected", false)
	u.waitLog("EchoWebSocket Connected at: ")

	test.Tap(u.u.sendBtn)
	u.wantState(t, "Busy") // the send is on its way
	u.waitLog(`You said: "Hello World"`)
	u.waitStatus("Send Complete", false)
	u.wantState(t, "Connected")

	test.Tap(u.u.disconnect)
	u.wantStatus("Closing", false)
	u.wantState(t, "Busy")
	u.waitDisconnected()
	u.wantState(t, "Disconnected")
	u.wantStatus("Closed", false)

	u.logInOrder(
		"Connecting to "+addr+"...",
		"Connected",
		"Message Received; Type: Utf8",
		"EchoWebSocket Connected at: ",
		"Sending Message: Hello World",
		"Message Received; Type: Utf8",
		`You said: "Hello World"`,
		"Closed; Code: 1000, Reason: "+wsclient.StopReason,
	)
	// A message's text is on the line after its heading, as in the sample.
	if got := u.lineAfter("Sending Message"); got != "Message Received; Type: Utf8" {
		t.Fatalf("line after the send %q", got)
	}
	if i := u.logIndex(`You said: "Hello World"`, 0); !strings.HasSuffix(u.p.log.Lines()[i-1], "Message Received; Type: Utf8") {
		t.Fatalf("the reply is not under its heading:\n%s", u.p.log.Text())
	}
	u.allStamped()
}

func TestUTF8EmptyText(t *testing.T) {
	u := showUTF8(t)
	u.u.text.SetText("")
	test.Tap(u.u.connect) // the sample refuses to connect with nothing to send
	u.h.q.drain()
	u.wantStatus("Please specify text to send", true)
	u.wantState(t, "Disconnected")
	if len(u.p.log.Lines()) != 0 {
		t.Fatalf("something was logged:\n%s", u.p.log.Text())
	}

	u.u.text.SetText("Hello World")
	test.Tap(u.u.connect)
	u.waitConnected()
	u.u.text.SetText("")
	test.Tap(u.u.sendBtn)
	u.wantStatus("Please specify text to send", true)
	u.wantState(t, "Connected")
	if u.logHas("Sending Message") {
		t.Fatalf("an empty text was sent:\n%s", u.p.log.Text())
	}
	test.Tap(u.u.disconnect)
	u.waitDisconnected()
}

func TestUTF8EnterConnectsAndSends(t *testing.T) {
	u := showUTF8(t)
	u.u.address.TypedKey(enterKey)
	u.waitConnected()
	u.waitLog("EchoWebSocket Connected at: ")
	u.u.text.SetText("")
	test.Type(u.u.text, "Grüße ✓")
	u.u.text.TypedKey(enterKey)
	u.waitLog(`You said: "Grüße ✓"`)
	u.waitStatus("Send Complete", false)
	test.Tap(u.u.disconnect)
	u.waitDisconnected()
}

func TestUTF8ServerCloses(t *testing.T) {
	u := showUTF8(t)
	u.typeAddress(server.URL("/close?code=4001&reason=bye&after=200ms"))
	test.Tap(u.u.connect)
	u.waitConnected()
	u.waitDisconnected()
	u.waitLog("Closed; Code: 4001, Reason: bye")
	u.wantState(t, "Disconnected")
	if msg, red := u.h.status(); !strings.Contains(msg, "Code: 4001, Reason: bye") || red {
		t.Fatalf("status %q (red %v), want the close line in green", msg, red)
	}
}

func TestUTF8CustomValidationPasses(t *testing.T) {
	u := showUTF8(t)
	u.typeAddress(server.SecureURL("/sample"))
	test.Tap(u.u.validate)
	test.Tap(u.u.connect)
	u.waitConnected()
	u.waitLog("EchoWebSocket Connected at: ")
	u.logInOrder("Connecting to wss://", "Custom validation of server certificate passed.", "Connected")
	test.Tap(u.u.disconnect)
	u.waitDisconnected()
}

func TestUTF8WithoutCustomValidationUntrusted(t *testing.T) {
	u := showUTF8(t)
	u.typeAddress(server.SecureURL("/sample"))
	test.Tap(u.u.connect)
	u.waitDisconnected()
	want := `Failed to connect: the server's certificate is not trusted (signed by an unknown authority "` + sampleserver.CAName + `")`
	u.waitLog(want)
	u.wantStatus(want, true)
}

func TestUTF8CustomValidationRejectsOtherIssuer(t *testing.T) {
	other, err := sampleserver.NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sampleserver.Start(context.Background(), sampleserver.Config{Certificates: other})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	u := showUTF8(t) // trusts the shared server's CA, not other's
	u.typeAddress(srv.SecureURL("/sample"))
	test.Tap(u.u.validate)
	test.Tap(u.u.connect)
	u.waitDisconnected()
	u.logInOrder("Custom validation of server certificate failed.", "Error: Rejected by custom certificate validation.")
	u.wantStatus("Error: Rejected by custom certificate validation.", true)
}

func TestUTF8CustomValidationNoteForWS(t *testing.T) {
	u := showUTF8(t)
	test.Tap(u.u.validate) // the address is the built-in ws:// /sample
	test.Tap(u.u.connect)
	u.waitConnected()
	u.logInOrder("Connecting to ws://", "Note: Certificate validation is performed only for the wss: scheme.", "Connected")
	test.Tap(u.u.disconnect)
	u.waitDisconnected()
}
