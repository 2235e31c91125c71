package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/wsclient"
)

func TestAdvancedSectionRoundTrips(t *testing.T) {
	test.NewTempApp(t)
	a := newAdvancedSection()
	if got := a.input(); got != present.DefaultAdvanced {
		t.Fatalf("a new section reads %+v, want the defaults", got)
	}
	in := present.AdvancedInput{Subprotocols: "a", Headers: "X: 1", Username: "u", Password: "p", NoDelay: false,
		PingInterval: "1", Handshake: "2", Reconnect: true, Payload: "x", Interval: "0", ReadSize: "5", ChunkKiB: "6",
		Compression: wsclient.CompressionNoContextTakeover.String(), CompressFrom: "7"}
	a.set(in)
	if got := a.input(); got != in {
		t.Fatalf("set %+v, read %+v", in, got)
	}
}

// A bad field is said in red, naming the field, and nothing is dialled.
func TestStreamBadAdvancedStartsNothing(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  func(a *advancedSection)
		want string
	}{
		{"bad header", func(a *advancedSection) { a.headers.SetText("X-Fine: yes\nno colon here") }, `Request headers: line 2: expected "Name: value"`},
		{"bad number", func(a *advancedSection) { a.readSize.SetText("lots") }, `Read size: "lots" is not a whole number of bytes`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			tt.set(h.p.adv)
			test.Tap(h.p.primaryBtn)
			h.q.Drain()
			if msg, red := h.status(); msg != tt.want || !red {
				t.Fatalf("status %q (red %v), want %q in red", msg, red, tt.want)
			}
			if !h.disconnected() || len(h.p.log.Lines()) != 0 {
				t.Fatalf("something started: log %q", h.p.log.Text())
			}
			if err := h.p.stream.Stop(); err != wsclient.ErrNotConnected {
				t.Fatalf("Stop: %v, want ErrNotConnected", err)
			}
			if !h.p.advSection.Items[0].Open {
				t.Error("the Advanced section stayed closed over the bad field")
			}
		})
	}
}
