package flows_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every flow, walked through wsclient against the built-in server, ends with
// the exact message a person needs.
func TestEveryFlowEndsWithItsMessage(t *testing.T) {
	srv, err := sampleserver.Start(context.Background(), sampleserver.Config{})
	if err != nil {
		t.Fatal(err)
	}
	// Cleanup, not defer: the parallel subtests run after this body returns.
	t.Cleanup(func() { srv.Close() })
	base := flows.Servers{WS: strings.TrimSuffix(srv.URL(""), "/"), WSS: strings.TrimSuffix(srv.SecureURL(""), "/")}
	addr := strings.TrimPrefix(base.WS, "ws://")

	const userStop = "Closed; Code: 1000, Reason: Closed due to user request. [closed by the client]"
	want := map[string]struct {
		stopAfter int64  // Stop once this many bytes arrived (0: wait for the server)
		final     string // the last line
		finalOr   string // another honest last line, if the flow has one
		also      string // a line that must come before it, if any
	}{
		"Echo":                               {stopAfter: 11, final: userStop},
		"Sample server (announces, answers)": {stopAfter: int64(len("EchoWebSocket Connected at: ")), final: userStop},
		"Server closes with 4000":            {final: "Closed; Code: 4000, Reason: Server closed the connection [closed by the server]"},
		// A cut connection ends with FIN, or with RST when a payload was
		// still unread in the server's socket: either cause is the truth.
		"Connection drops (no close frame)": {final: "Closed; Code: 1006, Reason: connection lost: the server closed the TCP connection without a close frame [connection lost]",
			finalOr: "Closed; Code: 1006, Reason: connection lost: the connection was reset by the peer [connection lost]"},
		"Handshake rejected (403)":    {final: "Failed to connect: server answered HTTP 403 Forbidden (Handshake refused by the sample server (/reject).)"},
		"Not found (404)":             {final: "Cannot connect to the server: server answered HTTP 404 Not Found (Handshake refused by the sample server (/reject).)"},
		"Nothing listening (refused)": {final: "Cannot connect to the server: connection refused by 127.0.0.1:1 (nothing is listening there)"},
		"Handshake timeout":           {final: "Cannot connect to the server: no handshake answer within 3s (handshake timeout)"},
		"Untrusted certificate (wss)": {final: `Failed to connect: the server's certificate is not trusted (signed by an unknown authority "WebSocket Sample Test CA")`},
		"Peer that never reads": {stopAfter: -1, final: userStop,
			also: "The server did not finish the close handshake within 1.5s; the connection was dropped."},
		"Flood (1 MiB/s)": {stopAfter: 64 << 10, final: userStop},
	}
	list := flows.List(base)
	if len(list) != len(want) {
		t.Fatalf("%d flows, %d expectations", len(list), len(want))
	}
	for _, f := range list {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			w, ok := want[f.Name]
			if !ok {
				t.Fatalf("no expectation for flow %q", f.Name)
			}
			if !strings.Contains(f.Address, addr) && f.Address != flows.Refused && !strings.HasPrefix(f.Address, base.WSS) {
				t.Errorf("address %q is not the built-in server's", f.Address)
			}
			s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{HandshakeTimeout: f.HandshakeTimeout}}})
			if err := s.Start(f.Address); err != nil {
				t.Fatal(err)
			}
			var lines []string
			deadline := time.After(15 * time.Second)
			stopping := false
			for {
				var e wsclient.Event
				select {
				case e = <-s.Events():
				case <-deadline:
					s.Stop()
					t.Fatalf("flow did not end; saw %q", lines)
				}
				if e.Kind != wsclient.EventProgress {
					lines = append(lines, e.String())
				}
				connected := e.Kind == wsclient.EventWriteStarted
				if !stopping && w.stopAfter != 0 && (connected && w.stopAfter < 0 || w.stopAfter > 0 && s.Received() >= w.stopAfter) {
					stopping = true
					go s.Stop()
				}
				if e.IsFinal() {
					break
				}
			}
			if got := lines[len(lines)-1]; got != w.final && (w.finalOr == "" || got != w.finalOr) {
				t.Errorf("last line = %q\nwant        %q\nall: %q", got, w.final, lines)
			}
			if w.also != "" && !strings.Contains(strings.Join(lines, "\n"), w.also) {
				t.Errorf("missing %q in %q", w.also, lines)
			}
		})
	}
}
