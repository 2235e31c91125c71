package protoview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/internal/uitest"
	"github.com/wssample/wssample/wsclient"
)

// The list keeps the newest wireKeep records; the summaries of frames not
// shown are rows too, and the counts say how many there were.
func TestWirePanelBounded(t *testing.T) {
	test.NewTempApp(t)
	q := uitest.NewQueue()
	done := make(chan struct{})
	defer close(done)
	w := NewWirePanel(q.Do, done)
	at := testStart
	for i := range wireKeep + 200 {
		w.Observe(wsclient.Event{Kind: wsclient.EventWire, Time: at, Frame: &wsclient.FrameRecord{
			Sent: i%2 == 0, Fin: true, Opcode: wsclient.OpBinary, Length: uint64(i), HeaderLen: 2}})
	}
	w.Observe(wsclient.Event{Kind: wsclient.EventWire, Time: at, Frame: &wsclient.FrameRecord{NotShown: 1234, NotShownTotal: 5678}})
	if n := w.len(); n != 0 {
		t.Fatalf("%d rows listed with the toggle off", n)
	}
	// Nothing is drawn until the poller's tick.
	if w.counts.Text != "0 frames" {
		t.Errorf("counts %q before the refresh", w.counts.Text)
	}
	w.Toggle().SetChecked(true) // the rows were kept all the same
	if n := w.len(); n != wireKeep {
		t.Fatalf("%d rows kept, want %d", n, wireKeep)
	}
	if first := w.at(0).rec.Length; first != 201 {
		t.Errorf("the oldest row kept is record %d, want 201", first)
	}
	if last := w.at(wireKeep - 1).line; !strings.HasSuffix(last, "← 1234 frames not shown (at most 50 a second are; 5678 so far)") {
		t.Errorf("the summary row reads %q", last)
	}
	// Then the counts say it all.
	q.WaitFor(t, "the refresh", func() bool { return !w.dirty })
	if got, want := w.counts.Text, "1,200 frames, 1,234 not shown (at most 50 a second each way are); the newest 1,000 kept"; got != want {
		t.Errorf("counts %q, want %q", got, want)
	}
	// A tick with nothing new stops the poller.
	q.WaitFor(t, "the poller to stop", func() bool { return w.stopPoll == nil })
	test.Tap(w.close) // no selection: harmless
	w.clear()
	if w.len() != 0 || w.counts.Text != "0 frames" {
		t.Errorf("after Clear: %d rows, counts %q", w.len(), w.counts.Text)
	}
}

// A record's log entry: kind frame with the header, the first bytes of
// the payload and the payload's length; a summary is a note.
func TestWireEntry(t *testing.T) {
	r := &wsclient.FrameRecord{Time: testStart, Sent: true, Fin: true, RSV: [3]bool{true, false, false}, Opcode: wsclient.OpText,
		Masked: true, MaskKey: [4]byte{1, 2, 3, 4}, Length: 40, HeaderLen: 6, Prefix: []byte("abc"), Compressed: true}
	en := wireEntry(wsclient.Event{Kind: wsclient.EventWire, Time: testStart, Frame: r})
	want := present.LogFrameHeader{Fin: true, Rsv1: true, Opcode: 1, Masked: true, MaskKey: [4]byte{1, 2, 3, 4}, Length: 40}
	if en.Kind != present.LogKindFrame || en.Dir != present.DirSent || en.Frame == nil || *en.Frame != want || en.Size != 40 || string(en.Payload) != "abc" {
		t.Fatalf("entry %+v (header %+v)", en, en.Frame)
	}
	if en.Summary != r.String() || !strings.Contains(en.Summary, "compressed (RSV1)") {
		t.Errorf("summary %q", en.Summary)
	}
	sum := wireEntry(wsclient.Event{Kind: wsclient.EventWire, Frame: &wsclient.FrameRecord{NotShown: 3, NotShownTotal: 3}})
	if sum.Kind != present.LogKindNote || sum.Frame != nil || sum.Dir != present.DirReceived {
		t.Errorf("summary entry %+v", sum)
	}
}

// The toggle's words in each state: it applies at once, to the frames
// kept since the connection's start.
func TestWireNote(t *testing.T) {
	off := "off: frames are kept (the newest 1,000), not listed or logged; tick to see this connection's from its start"
	for _, tt := range []struct {
		on, connected bool
		want          string
	}{
		{false, false, off},
		{false, true, off},
		{true, false, "each connection's frames, here and in the log"},
		{true, true, "showing this connection's frames from its start, here and in the log"},
	} {
		if got := wireNote(tt.on, tt.connected); got != tt.want {
			t.Errorf("wireNote(%v, %v) = %q, want %q", tt.on, tt.connected, got, tt.want)
		}
	}
}
