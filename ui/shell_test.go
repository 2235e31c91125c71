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

func TestShellShowsEveryPage(t *testing.T) {
	h := newHarness(t, Config{})
	for i, want := range []string{"UTF-8 text messages", "Binary data stream", "Client authentication", "Partial and complete messages"} {
		h.w.list.Select(i)
		p := h.w.pages[i]
		if p.Title() != want || h.w.holder.Objects[0] != p.Content() {
			t.Fatalf("scenario %d: %q shown, want %q", i+1, p.Title(), want)
		}
		if i != streamIndex && !textIn(p.Content(), want) { // the stream page lays its heading out its own way
			t.Errorf("scenario %d has no heading %q", i+1, want)
		}
		if f, ok := p.(focuser); ok && h.w.Canvas().Focused() != f.FocusTarget() {
			t.Errorf("scenario %d: the address field does not have the focus", i+1)
		}
	}
	if _, ok := h.w.pages[0].(focuser); !ok {
		t.Fatal("scenario 1 does not put the focus on its address")
	}
}

func TestLeavingAMessagePageClosesItsSocket(t *testing.T) {
	for _, i := range []int{utf8Index, clientAuthIndex, partialIndex} {
		h := newHarness(t, Config{})
		pp := pageProbe{h, showPage[messagePage](h, i).shared()}
		test.Tap(pp.p.connect) // the built-in address for the page
		pp.waitConnected()
		pp.wantStatus("Connected", false)

		h.w.list.Select(streamIndex)
		if msg, _ := h.status(); msg != "" || h.w.status.Content().Visible() {
			t.Fatalf("scenario %d: status %q still shown after switching", i+1, msg)
		}
		// The page closes in the background; its words reach its log, not
		// the status bar of the page now shown.
		pp.waitLog("Closed; Code: 1000, Reason: " + wsclient.StopReason)
		pp.waitDisconnected()
		if msg, _ := h.status(); msg != "" {
			t.Fatalf("scenario %d, in the background, set the status to %q", i+1, msg)
		}
	}
}

func TestShutdownClosesMessagePages(t *testing.T) {
	h := newHarness(t, Config{})
	u := showPage[*utf8Page](h, utf8Index)
	f := showPage[*partialPage](h, partialIndex) // leaving page 1 would close it: connect 4 first
	test.Tap(f.connect)
	pageProbe{h, f.socketPage}.waitConnected()
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
	b := builtInOf(server)
	for _, c := range []struct {
		index    int
		key      string
		typed    string
		fallback string
	}{
		{utf8Index, utf8AddressKey, "ws://127.0.0.1:1/sample", b.SampleURL},
		{clientAuthIndex, clientAuthAddressKey, "wss://127.0.0.1:1/clientauth", b.ClientAuthURL},
		{partialIndex, partialAddressKey, "ws://127.0.0.1:1/partial", b.PartialURL},
	} {
		pp := pageProbe{h, showPage[messagePage](h, c.index).shared()}
		pp.typeAddress(c.typed) // nothing listens on port 1: a quick failure
		test.Tap(pp.p.connect)
		pp.waitDisconnected()
		if got := h.app.Preferences().String(c.key); got != c.typed {
			t.Fatalf("%s = %q, want %q", c.key, got, c.typed)
		}

		// A second window on the same preferences starts with it.
		again := newHarnessIn(t, h.app, Config{})
		if got := again.w.pages[c.index].(messagePage).shared().address.Text; got != c.typed {
			t.Fatalf("scenario %d starts with %q, want the remembered %q", c.index+1, got, c.typed)
		}

		// The built-in server's address is not kept: its port changes
		// every run.
		pp.typeAddress(c.fallback)
		test.Tap(pp.p.connect)
		pp.waitConnected()
		if got := h.app.Preferences().String(c.key); got != "" {
			t.Fatalf("%s = %q after connecting to the built-in server", c.key, got)
		}
		test.Tap(pp.p.disconnect)
		pp.waitDisconnected()
	}
}
