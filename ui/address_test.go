package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestAddressPrefillOrder(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	b := BuiltInOf(server)
	if got := initialAddress("", p, "k", b.EchoURL); got != b.EchoURL {
		t.Fatalf("first run: %q, want the built-in %q", got, b.EchoURL)
	}
	p.SetString("k", "ws://example.com/x")
	if got := initialAddress("", p, "k", b.EchoURL); got != "ws://example.com/x" {
		t.Fatalf("with a remembered address: %q", got)
	}
	if got := initialAddress(" ws://flag/ ", p, "k", b.EchoURL); got != "ws://flag/" {
		t.Fatalf("with -uri: %q, want the flag to win", got)
	}
}

func TestRememberAddressSkipsBuiltIn(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	b := BuiltInOf(server)
	rememberAddress(p, "k", "ws://example.com/x", b)
	if got := p.String("k"); got != "ws://example.com/x" {
		t.Fatalf("stored %q", got)
	}
	// Any address on the built-in server (its port changes every run)
	// forgets the stored one, so the next run starts on the new port.
	rememberAddress(p, "k", server.URL("/close?code=4001"), b)
	if got := p.String("k"); got != "" {
		t.Fatalf("stored %q, want nothing for the built-in server", got)
	}
}

func TestStreamRemembersTypedAddress(t *testing.T) {
	a := test.NewTempApp(t)
	h := newHarnessIn(t, a, Config{})
	if got := h.p.address.Text; got != server.URL("/echo") {
		t.Fatalf("first run prefill %q, want the built-in echo", got)
	}

	// A server of one's own (nobody listens on port 1 of loopback).
	own := "ws://127.0.0.1:1/mine"
	h.typeAddress(own)
	h.p.address.TypedKey(enterKey)
	h.waitDisconnected() // the connect fails; the address is remembered anyway
	if got := a.Preferences().String(streamAddressKey); got != own {
		t.Fatalf("preference %q, want %q", got, own)
	}

	// Next run: prefilled with it; with -uri the flag wins.
	if got := newHarnessIn(t, a, Config{}).p.address.Text; got != own {
		t.Fatalf("next run prefill %q, want %q", got, own)
	}
	if got := newHarnessIn(t, a, Config{URI: "ws://flag.example/"}).p.address.Text; got != "ws://flag.example/" {
		t.Fatalf("-uri prefill %q", got)
	}

	// Back to the built-in default: forgotten, not stored.
	h.typeAddress(server.URL("/echo"))
	h.p.address.TypedKey(enterKey)
	h.waitConnected()
	if got := a.Preferences().String(streamAddressKey); got != "" {
		t.Fatalf("preference %q after using the built-in address", got)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

func TestStreamBadAddressNotRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	h := newHarnessIn(t, a, Config{})
	h.typeAddress("http://x")
	h.p.address.TypedKey(enterKey)
	if got := a.Preferences().String(streamAddressKey); got != "" {
		t.Fatalf("a bad address was remembered: %q", got)
	}
}
