package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/wsclient"
)

// messagePage is what the shell tests need of scenarios 1, 3 and 4.
type messagePage interface {
	page
	shared() *socketPage
}

func (p *socketPage) shared() *socketPage { return p }

// The message pages' keys in the scenario table.
var messageKeys = []string{"utf8", "clientauth", "partial"}

func TestShellShowsEveryPage(t *testing.T) {
	h := newHarness(t, Config{})
	if _, ok := pageOf[page](h, "utf8").(focuser); !ok {
		t.Fatal("scenario 1 does not put the focus on its address")
	}
	for i, sc := range scenarios {
		h.w.list.Select(i)
		p := h.w.pages[i].page
		if h.w.current.key != sc.key || h.w.holder.Objects[0] != p.Content() {
			t.Fatalf("scenario %d: %q shown, want %q", i+1, h.w.current.key, sc.key)
		}
		if !textIn(p.Content(), sc.title) {
			t.Errorf("scenario %d has no heading %q", i+1, sc.title)
		}
		if f, ok := p.(focuser); ok && h.w.Canvas().Focused() != f.FocusTarget() {
			t.Errorf("scenario %d: the address field does not have the focus", i+1)
		}
	}
}

func TestLeavingAMessagePageClosesItsSocket(t *testing.T) {
	for _, key := range messageKeys {
		h := newHarness(t, Config{})
		pr := h.probeOf(showPage[messagePage](h, key).shared().connPage)
		test.Tap(pr.c.primaryBtn) // the built-in address for the page
		pr.waitConnected()
		h.wantStatus(connectedLine, false)

		h.w.list.Select(scenarioIndex("stream"))
		if msg, _ := h.status(); msg != "" || h.w.status.Content().Visible() {
			t.Fatalf("%s: status %q still shown after switching", key, msg)
		}
		// The page closes in the background; its words reach its log, not
		// the status bar of the page now shown.
		pr.waitLog(userStopLine)
		pr.waitDisconnected()
		if msg, _ := h.status(); msg != "" {
			t.Fatalf("%s, in the background, set the status to %q", key, msg)
		}
	}
}

func TestShutdownClosesMessagePages(t *testing.T) {
	h := newHarness(t, Config{})
	u := showPage[*utf8Page](h, "utf8")
	f := showPage[*partialPage](h, "partial") // leaving page 1 would close it: connect 4 first
	test.Tap(f.primaryBtn)
	h.probeOf(f.connPage).waitConnected()
	h.w.Shutdown()
	if err := f.socket.Close(); err != wsclient.ErrNotConnected {
		t.Fatalf("the partial page's socket after Shutdown: Close = %v", err)
	}
	if err := u.socket.Close(); err != wsclient.ErrNotConnected {
		t.Fatalf("the UTF-8 page's socket after Shutdown: Close = %v", err)
	}
}

func TestMessagePagesRememberTypedAddresses(t *testing.T) {
	h := newHarness(t, Config{})
	b := BuiltInOf(server)
	for _, c := range []struct {
		scenario string
		key      string
		typed    string
		fallback string
	}{
		{"utf8", utf8AddressKey, "ws://127.0.0.1:1/sample", b.SampleURL},
		{"clientauth", clientAuthAddressKey, "wss://127.0.0.1:1/clientauth", b.ClientAuthURL},
		{"partial", partialAddressKey, "ws://127.0.0.1:1/partial", b.PartialURL},
	} {
		pr := h.probeOf(showPage[messagePage](h, c.scenario).shared().connPage)
		pr.typeAddress(c.typed) // nothing listens on port 1: a quick failure
		test.Tap(pr.c.primaryBtn)
		pr.waitDisconnected()
		if got := h.app.Preferences().String(c.key); got != c.typed {
			t.Fatalf("%s = %q, want %q", c.key, got, c.typed)
		}

		// A second window on the same preferences starts with it.
		again := newHarnessIn(t, h.app, Config{})
		if got := pageOf[messagePage](again, c.scenario).shared().address.Text; got != c.typed {
			t.Fatalf("%s starts with %q, want the remembered %q", c.scenario, got, c.typed)
		}

		// The built-in server's address is not kept: its port changes
		// every run.
		pr.typeAddress(c.fallback)
		test.Tap(pr.c.primaryBtn)
		pr.waitConnected()
		if got := h.app.Preferences().String(c.key); got != "" {
			t.Fatalf("%s = %q after connecting to the built-in server", c.key, got)
		}
		test.Tap(pr.c.haltBtn)
		pr.waitDisconnected()
	}
}
