package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Every page with a connection has Ping: it sends a ping (RFC 6455
// §5.5.2) and shows the pong with its round trip, in the log and the
// status bar; the connection goes on. Only scenario 4, whose FrameSocket
// writes its own frames, sends the payload typed; the other pages say the
// library chooses it.
func TestPingOnEveryPageRFC6455Section5_5_2(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.key, func(t *testing.T) {
			h := newHarness(t, Config{})
			cp, ok := showPage[page](h, sc.key).(connectionPage)
			if !ok {
				t.Skip("a page without a connection")
			}
			pr := h.probeOf(cp.core())
			ping := pr.c.ping
			if ping == nil {
				t.Fatal("no Ping")
			}
			if !ping.button.Disabled() {
				t.Fatal("Ping is enabled before a connection")
			}
			test.Tap(pr.c.primaryBtn)
			pr.waitConnected()
			if ping.button.Disabled() {
				t.Fatal("Ping is disabled while connected")
			}
			own := sc.key == "partial"
			if ping.payload.Disabled() == own {
				t.Fatalf("payload field enabled %v, want %v", !ping.payload.Disabled(), own)
			}
			if !own && ping.payload.PlaceHolder != libraryPayload {
				t.Fatalf("the payload field says %q", ping.payload.PlaceHolder)
			}
			if own {
				ping.payload.SetText("are you there?")
			}
			test.Tap(ping.button)
			if !ping.button.Disabled() {
				t.Fatal("Ping stays enabled while its pong is awaited")
			}
			pr.waitLog("Pong received; round trip ")
			if own {
				pr.logInOrder(`Ping sent; payload "are you there?" (14 bytes)`, `Pong received; round trip `)
				if got := pr.lastLines(1)[0]; !strings.HasSuffix(got, `; payload "are you there?" (14 bytes)`) {
					t.Fatalf("the pong line %q does not show its payload", got)
				}
			} else {
				pr.logInOrder("Ping sent; the payload is coder/websocket's own", "Pong received; round trip ")
			}
			if msg, red := h.status(); red || !strings.HasPrefix(msg, "Pong received; round trip ") {
				t.Fatalf("status %q (red %v)", msg, red)
			}
			if ping.button.Disabled() || !pr.c.state.connected {
				t.Fatal("after the pong: Ping disabled, or the connection gone")
			}
			test.Tap(pr.c.haltBtn)
			pr.waitDisconnected()
			if !ping.button.Disabled() {
				t.Fatal("Ping is enabled after the connection closed")
			}
		})
	}
}

// A payload over 125 bytes is refused before anything is sent (§5.5).
func TestPingPayloadTooLongRFC6455Section5_5(t *testing.T) {
	h := newHarness(t, Config{})
	pr := h.probeOf(showPage[*partialPage](h, "partial").connPage)
	test.Tap(pr.c.primaryBtn)
	pr.waitConnected()
	logged := len(pr.c.log.Lines())
	pr.c.ping.payload.SetText(strings.Repeat("x", 126))
	test.Tap(pr.c.ping.button)
	if msg, red := h.status(); !red || !strings.Contains(msg, "at most 125 bytes") || !strings.Contains(msg, "126") {
		t.Fatalf("status %q (red %v)", msg, red)
	}
	if len(pr.c.log.Lines()) != logged || pr.c.ping.waiting {
		t.Fatal("a ping went out")
	}
}

// A server that never reads never answers: the page says so after the
// ping timeout (5 s), in red, and stays connected. (/silent sends empty
// pongs of its own, as heartbeats; a ping with a payload is not fooled.)
func TestPingUnanswered(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the 5 s ping timeout")
	}
	h := newHarness(t, Config{})
	pr := h.probeOf(showPage[*partialPage](h, "partial").connPage)
	pr.typeAddress(server.URL("/silent"))
	test.Tap(pr.c.primaryBtn)
	pr.waitConnected()
	pr.c.ping.payload.SetText("hello?")
	test.Tap(pr.c.ping.button)
	pr.waitLog("Error during ping: no pong within 5s")
	h.wantStatus("Error during ping: no pong within 5s", true)
	if !pr.c.state.connected || pr.c.ping.button.Disabled() {
		t.Fatal("an unanswered ping ended the connection or left Ping disabled")
	}
}
