package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// showUTF8 shows scenario 1 in a new window. The sample's visual states
// for it: Disconnected → Disconnect, the text field and Send off;
// Connected → the address, the checkbox and Connect off; Busy → all six
// off.
func showUTF8(t *testing.T) pageProbe[*utf8Page] {
	return showProbe(t, "utf8", func(u *utf8Page) []control {
		return []control{
			{"checkbox", u.validate, true, false, false},
			{"text", u.text, false, true, false},
			{"Send", u.sendBtn, false, true, false},
		}
	})
}

func TestUTF8ConnectSendDisconnect(t *testing.T) {
	u := showUTF8(t)
	addr := server.URL("/sample")
	if u.page.address.Text != addr {
		t.Fatalf("address %q, want the built-in /sample %q", u.page.address.Text, addr)
	}
	if u.page.text.Text != "Hello World" || u.page.validate.Checked {
		t.Fatalf("text %q, checkbox %v: want the sample's Hello World, unchecked", u.page.text.Text, u.page.validate.Checked)
	}
	u.wantState("Disconnected")

	u.connectWalk()
	u.waitLog("EchoWebSocket Connected at: ")

	test.Tap(u.page.sendBtn)
	u.wantState("Busy") // the send is on its way
	u.waitLog(`You said: "Hello World"`)
	u.h.waitStatus("Send Complete", false)
	u.wantState("Connected")

	u.disconnectWalk()

	u.logInOrder(
		connectingLine(addr),
		connectedLine,
		utf8MessageLine,
		"EchoWebSocket Connected at: ",
		"Sending Message: Hello World",
		utf8MessageLine,
		`You said: "Hello World"`,
		userStopLine,
	)
	// A message's text is on the line after its heading, as in the sample.
	if got := u.lineAfter("Sending Message"); got != utf8MessageLine {
		t.Fatalf("line after the send %q", got)
	}
	if i := u.logIndex(`You said: "Hello World"`, 0); !strings.HasSuffix(u.c.log.Lines()[i-1], utf8MessageLine) {
		t.Fatalf("the reply is not under its heading:\n%s", u.c.log.Text())
	}
	u.allStamped()
}

func TestUTF8EmptyText(t *testing.T) {
	u := showUTF8(t)
	u.page.text.SetText("")
	test.Tap(u.page.primaryBtn) // the sample refuses to connect with nothing to send
	u.h.q.Drain()
	u.h.wantStatus("Please specify text to send", true)
	u.wantState("Disconnected")
	if len(u.c.log.Lines()) != 0 {
		t.Fatalf("something was logged:\n%s", u.c.log.Text())
	}

	u.page.text.SetText("Hello World")
	test.Tap(u.page.primaryBtn)
	u.waitConnected()
	u.page.text.SetText("")
	test.Tap(u.page.sendBtn)
	u.h.wantStatus("Please specify text to send", true)
	u.wantState("Connected")
	if u.logHas("Sending Message") {
		t.Fatalf("an empty text was sent:\n%s", u.c.log.Text())
	}
	test.Tap(u.page.haltBtn)
	u.waitDisconnected()
}

func TestUTF8EnterConnectsAndSends(t *testing.T) {
	u := showUTF8(t)
	u.page.address.TypedKey(enterKey)
	u.waitConnected()
	u.waitLog("EchoWebSocket Connected at: ")
	u.page.text.SetText("")
	test.Type(u.page.text, "Grüße ✓")
	u.page.text.TypedKey(enterKey)
	u.waitLog(`You said: "Grüße ✓"`)
	u.h.waitStatus("Send Complete", false)
	test.Tap(u.page.haltBtn)
	u.waitDisconnected()
}

func TestUTF8ServerCloses(t *testing.T) {
	u := showUTF8(t)
	u.typeAddress(server.URL("/close?code=4001&reason=bye&after=200ms"))
	test.Tap(u.page.primaryBtn)
	// The log, not the state: 200 ms of Connected can pass between two
	// looks of a busy test (both events then reach the page in one batch).
	u.waitLog(connectedLine)
	u.waitDisconnected()
	closed := closedLine(4001, "bye", wsclient.ClosedByServer)
	u.waitLog(closed)
	u.wantState("Disconnected")
	u.h.wantStatus(closed, false) // the close line, in green
}

func TestUTF8CustomValidationPasses(t *testing.T) {
	u := showUTF8(t)
	u.typeAddress(server.SecureURL("/sample"))
	test.Tap(u.page.validate)
	test.Tap(u.page.primaryBtn)
	u.waitConnected()
	u.waitLog("EchoWebSocket Connected at: ")
	u.logInOrder(connectingLine(u.page.address.Text), wsclient.NoteValidationPassed, connectedLine)
	test.Tap(u.page.haltBtn)
	u.waitDisconnected()
}

func TestUTF8WithoutCustomValidationUntrusted(t *testing.T) {
	u := showUTF8(t)
	seen := u.record()
	u.typeAddress(server.SecureURL("/sample"))
	test.Tap(u.page.primaryBtn)
	u.waitDisconnected()
	failed, _ := seen.final()
	var ce *wsclient.ConnectError
	if !errors.As(failed.Err, &ce) || ce.TLS != wsclient.TLSUntrusted || !strings.Contains(ce.Detail, sampleserver.CAName) {
		t.Fatalf("the attempt ended with %q, want the untrusted built-in CA", failed.String())
	}
	u.waitLog(failed.String())
	u.h.wantStatus(failed.String(), true)
}

func TestUTF8CustomValidationRejectsOtherIssuer(t *testing.T) {
	other, err := sampleserver.NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	srv := testserver.Start(t, sampleserver.Config{Certificates: other})

	u := showUTF8(t) // trusts the shared server's CA, not other's
	u.typeAddress(srv.SecureURL("/sample"))
	test.Tap(u.page.validate)
	test.Tap(u.page.primaryBtn)
	u.waitDisconnected()
	rejected := wsclient.ErrRejectedByCustomValidation.Error()
	u.logInOrder(wsclient.NoteValidationFailed, rejected)
	u.h.wantStatus(rejected, true)
}

func TestUTF8CustomValidationNoteForWS(t *testing.T) {
	u := showUTF8(t)
	test.Tap(u.page.validate) // the address is the built-in ws:// /sample
	test.Tap(u.page.primaryBtn)
	u.waitConnected()
	u.logInOrder(connectingLine(u.page.address.Text), wsclient.NoteValidationWSOnly, connectedLine)
	test.Tap(u.page.haltBtn)
	u.waitDisconnected()
}
