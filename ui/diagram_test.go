package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
)

// The Diagram tab draws nothing while another tab is shown, yet opened
// during a connection it shows that connection from its start: the TCP
// connect, the Upgrade and its 101, the echo's frames folded into one
// row each way; a click on a row shows the frame whole; Stop adds the
// close handshake both ways and TCP's close.
func TestDiagramShowsTheConnectionFromItsStart(t *testing.T) {
	h := newWireHarness(t)
	d := h.p.diagram
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	// Two echoes, each frame's record handed to the UI goroutine: the
	// model (kept while the tab is hidden) holds a run each way.
	h.waitFor("two echoes in the diagram's model", func() bool {
		h.q.Drain()
		rows := rowTexts(d.Ladder())
		return len(rows) == 6 && strings.HasPrefix(rows[4], "× ") && strings.HasPrefix(rows[5], "× ")
	})
	if d.Drawn() {
		t.Error("the diagram was drawn while its tab was not shown")
	}
	h.p.wire.ShowTab(d.Tab())
	if !d.Drawn() {
		t.Fatal("the diagram is not drawn once its tab is shown")
	}
	got := rowTexts(d.Ladder())
	want := []string{"TCP connect ", "GET /echo HTTP/1.1, Upgrade: websocket", "HTTP/1.1 101 Switching Protocols", "WebSocket open", "× ", "× "}
	if len(got) != len(want) {
		t.Fatalf("rows %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("row %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
	d.Open(4)
	if detail := d.Detail(); !strings.Contains(detail, "→ binary 11 B, FIN, mask key") || !strings.Contains(detail, "|Hello World|") {
		t.Errorf("the run's detail %q", detail)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	h.waitFor("the close drawn", func() bool { h.q.Drain(); return d.Drawn() && d.Ladder().Ended })
	got = rowTexts(d.Ladder())
	tail := strings.Join(got[len(got)-3:], " | ")
	if tail != `close 1000 "Closed due to user request." | close 1000 "Closed due to user request." | TCP closed` {
		t.Errorf("the close rows: %s", tail)
	}
}

func rowTexts(d present.Ladder) []string {
	var out []string
	for _, a := range d.Arrows {
		out = append(out, a.Text())
	}
	return out
}
