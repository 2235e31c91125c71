package present

import (
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// ladderClock hands out event times a millisecond apart.
type ladderClock struct{ t time.Time }

func (c *ladderClock) next() time.Time {
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

func wireEvent(c *ladderClock, r wsclient.FrameRecord) wsclient.Event {
	r.Time = c.next()
	return wsclient.Event{Kind: wsclient.EventWire, Time: r.Time, Frame: &r}
}

func echoFrames(b *LadderBuilder, c *ladderClock, n int) {
	for range n {
		b.Add(wireEvent(c, wsclient.FrameRecord{Sent: true, Fin: true, Opcode: wsclient.OpBinary, Length: 11}))
		b.Add(wireEvent(c, wsclient.FrameRecord{Fin: true, Opcode: wsclient.OpBinary, Length: 11}))
	}
}

// An echo's frames alternate → and ←: each direction folds into one row
// with its count, however many there are.
func TestLadderFoldsAnEcho(t *testing.T) {
	c := &ladderClock{t: time.Unix(0, 0)}
	b := NewLadderBuilder(LadderMaxArrows)
	b.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: c.next(), URI: "ws://127.0.0.1:8080/echo"})
	echoFrames(b, c, 12)
	d := b.Ladder()
	if d.Server != "127.0.0.1:8080" {
		t.Errorf("server %q", d.Server)
	}
	var got []string
	for _, a := range d.Arrows {
		got = append(got, a.Text())
	}
	want := []string{"× 12 binary 11 B, FIN · until +0.023 s", "× 12 binary 11 B, FIN · until +0.024 s"}
	if strings.Join(got, "|") != strings.Join(want, "|") || !d.Arrows[0].Sent || d.Arrows[1].Sent {
		t.Fatalf("rows %q", got)
	}
	if d.Arrows[0].At != time.Millisecond || d.Arrows[0].Last != 23*time.Millisecond {
		t.Errorf("run from %v to %v", d.Arrows[0].At, d.Arrows[0].Last)
	}
}

// A ladder of any length keeps at most its maximum of rows: the oldest
// frames fold into one row that counts them, and every frame is counted
// somewhere.
func TestLadderIsBounded(t *testing.T) {
	c := &ladderClock{t: time.Unix(0, 0)}
	b := NewLadderBuilder(10)
	b.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: c.next(), URI: "wss://example.com/x"})
	for i := range 500 {
		b.Add(wireEvent(c, wsclient.FrameRecord{Sent: true, Fin: true, Opcode: wsclient.OpBinary, Length: uint64(i)}))
	}
	d := b.Ladder()
	if len(d.Arrows) != 10 {
		t.Fatalf("%d rows, want 10", len(d.Arrows))
	}
	if d.Server != "example.com:443" {
		t.Errorf("server %q", d.Server)
	}
	total := 0
	for _, a := range d.Arrows {
		if a.Frames > 0 {
			total += a.Frames
		} else {
			total += a.Count
		}
	}
	if total != 500 || !strings.HasPrefix(d.Arrows[0].Text(), "⋯ 491 earlier frames") {
		t.Errorf("%d frames counted; first row %q", total, d.Arrows[0].Text())
	}
}

// RFC 6455 §5.5.3: a pong carries its ping's payload; its row says the
// round trip from that ping.
func TestLadderPongHasItsRoundTrip(t *testing.T) {
	c := &ladderClock{t: time.Unix(0, 0)}
	b := NewLadderBuilder(LadderMaxArrows)
	b.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: c.next(), URI: "ws://h:1/"})
	b.Add(wireEvent(c, wsclient.FrameRecord{Sent: true, Fin: true, Opcode: wsclient.OpPing, Length: 2, Prefix: []byte("p1")}))
	c.next()
	b.Add(wireEvent(c, wsclient.FrameRecord{Fin: true, Opcode: wsclient.OpPong, Length: 2, Prefix: []byte("p1")}))
	d := b.Ladder()
	if got := d.Arrows[1].Text(); got != "pong 2 B (round trip 2.0 ms)" {
		t.Errorf("pong row %q", got)
	}
}

// RFC 6455 §5.4: the fragments of one message are one group, on their
// sender's side, even with the peer's frames between them.
func TestLadderGroupsFragments(t *testing.T) {
	c := &ladderClock{t: time.Unix(0, 0)}
	b := NewLadderBuilder(LadderMaxArrows)
	b.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: c.next(), URI: "ws://h:1/"})
	b.Add(wireEvent(c, wsclient.FrameRecord{Sent: true, Opcode: wsclient.OpText, Length: 6}))
	b.Add(wireEvent(c, wsclient.FrameRecord{Opcode: wsclient.OpText, Length: 6}))
	b.Add(wireEvent(c, wsclient.FrameRecord{Sent: true, Fin: true, Opcode: wsclient.OpContinuation, Length: 5}))
	b.Add(wireEvent(c, wsclient.FrameRecord{Fin: true, Opcode: wsclient.OpContinuation, Length: 5}))
	d := b.Ladder()
	g := d.Groups()
	if len(g) != 2 || g[0] != (LadderGroup{First: 0, Last: 2, Sent: true}) || g[1] != (LadderGroup{First: 1, Last: 3}) {
		t.Errorf("groups %+v", g)
	}
	if d.Arrows[0].Text() != "text 6 B, no FIN" || d.Arrows[2].Text() != "continuation 5 B, FIN" {
		t.Errorf("rows %q, %q", d.Arrows[0].Text(), d.Arrows[2].Text())
	}
	m := d.Mermaid()
	if strings.Count(m, "rect ") != 1 || strings.Count(m, "    end\n") != 1 {
		t.Errorf("interleaved fragments are not one rect:\n%s", m)
	}
}

// Mermaid reads ; as the end of a statement and # as an entity: a
// server's close reason with either stays words.
func TestLadderMermaidEscapes(t *testing.T) {
	if got := mermaidText("a;b#c<d>\ne"); got != "a#59;b#35;c#60;d#62; e" {
		t.Errorf("mermaidText = %q", got)
	}
	if got := xmlText(`<a & "b">`); got != "&lt;a &amp; &quot;b&quot;&gt;" {
		t.Errorf("xmlText = %q", got)
	}
}

// A lost connection cuts the server's lifeline with 1006; a close frame
// that got no answer is said so before TCP's close.
func TestLadderEndings(t *testing.T) {
	c := &ladderClock{t: time.Unix(0, 0)}
	b := NewLadderBuilder(LadderMaxArrows)
	b.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: c.next(), URI: "ws://h:1/"})
	b.Add(wsclient.Event{Kind: wsclient.EventClosed, Time: c.next(), Close: wsclient.CloseInfo{Code: 1006, By: wsclient.ClosedAbnormally}})
	d := b.Ladder()
	if !d.Cut || !d.Ended || d.Arrows[0].Kind != LadderCut || d.Arrows[0].Text() != "1006: no close frame" {
		t.Errorf("lost: %+v", d)
	}

	b.Add(wsclient.Event{Kind: wsclient.EventConnecting, Time: c.next(), URI: "ws://h:1/"})
	b.Add(wireEvent(c, wsclient.FrameRecord{Sent: true, Fin: true, Opcode: wsclient.OpClose, CloseCode: 1000, CloseReason: "bye"}))
	b.Add(wsclient.Event{Kind: wsclient.EventNote, Time: c.next(), Text: "gave up"})
	b.Add(wsclient.Event{Kind: wsclient.EventClosed, Time: c.next(), Close: wsclient.CloseInfo{Code: 1000, By: wsclient.ClosedByClient}})
	d = b.Ladder()
	if len(d.Arrows) != 3 || d.Cut || !d.Arrows[1].Failed || d.Arrows[1].Detail[0] != "gave up" || d.Arrows[2].Text() != "TCP closed (dropped)" {
		t.Errorf("unfinished: %+v", d.Arrows)
	}
}
