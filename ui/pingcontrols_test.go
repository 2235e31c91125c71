package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Every page with a connection has Ping: it sends a ping (RFC 6455
// §5.5.2) with the payload typed, and shows the pong with its round trip,
// in the log and the status bar; the connection goes on. The pong is
// matched by its payload (§5.5.3), so a pong logged with the payload means
// the built-in server got the ping as typed: on scenarios 1–3 the wire
// under coder/websocket wrote it, on scenario 4 the FrameSocket.
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
			if !ping.button.Disabled() || !ping.payload.Disabled() {
				t.Fatal("Ping or its payload field is enabled before a connection")
			}
			test.Tap(pr.c.primaryBtn)
			pr.waitConnected()
			if ping.button.Disabled() || ping.payload.Disabled() {
				t.Fatal("Ping or its payload field is disabled while connected")
			}
			payload := "are you there, " + sc.key + "?"
			sent := fmt.Sprintf("payload %q (%d bytes)", payload, len(payload))
			ping.payload.SetText(payload)
			test.Tap(ping.button)
			if !ping.button.Disabled() {
				t.Fatal("Ping stays enabled while its pong is awaited")
			}
			pr.waitLog("Pong received; round trip ")
			pr.logInOrder("Ping sent; "+sent, "Pong received; round trip ")
			if got := pr.lastLines(1)[0]; !strings.HasSuffix(got, "; "+sent) {
				t.Fatalf("the pong line %q does not show its payload", got)
			}
			if msg, red := h.status(); red || !strings.HasPrefix(msg, "Pong received; round trip ") {
				t.Fatalf("status %q (red %v)", msg, red)
			}
			if ping.button.Disabled() || !pr.c.state.connected {
				t.Fatal("after the pong: Ping disabled, or the connection gone")
			}
			test.Tap(pr.c.haltBtn)
			pr.waitDisconnected()
			if !ping.button.Disabled() || !ping.payload.Disabled() {
				t.Fatal("Ping or its payload field is enabled after the connection closed")
			}
		})
	}
}

// A payload over 125 bytes is refused before anything is sent (§5.5), on
// a page whose ping the wire under the library writes (the stream) and on
// the FrameSocket's.
func TestPingPayloadTooLongRFC6455Section5_5(t *testing.T) {
	for _, key := range []string{"stream", "partial"} {
		t.Run(key, func(t *testing.T) {
			h := newHarness(t, Config{})
			pr := h.probeOf(showPage[page](h, key).(connectionPage).core())
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
		})
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
