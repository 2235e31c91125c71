package wire

import (
	"bytes"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// The wire view's bound, on a clock the test moves: in each second the
// first PerSecond frames of a direction are shown, the rest are
// counted, and the count is reported when the next second begins and when
// the connection closes, so shown + not shown is every frame.
func TestWireViewBoundPerSecondPerDirection(t *testing.T) {
	var got []Record
	clock := time.Unix(1000, 0)
	v := &view{emit: func(r *Record) { got = append(got, *r) }, now: func() time.Time { return clock }}
	var in, out frameWatcher
	frame := func(masked bool) []byte {
		var b bytes.Buffer
		var key *[4]byte
		if masked {
			key = &[4]byte{1, 2, 3, 4}
		}
		wsframe.WriteFrame(&b, wsframe.Frame{Fin: true, Opcode: wsframe.Binary, Payload: []byte("0123456789")}, key)
		return b.Bytes()
	}
	send := func(n int) {
		for range n {
			v.follow(&out, true, frame(true))
		}
	}
	receive := func(n int) {
		burst := bytes.Repeat(frame(false), n) // many frames in one read
		v.follow(&in, false, burst)
	}
	count := func() (shownIn, shownOut int, hiddenIn, hiddenOut int64) {
		for _, r := range got {
			switch {
			case r.NotShown > 0 && r.Sent:
				hiddenOut += r.NotShown
			case r.NotShown > 0:
				hiddenIn += r.NotShown
			case r.Sent:
				shownOut++
			default:
				shownIn++
			}
		}
		return
	}

	receive(120)
	send(70)
	if si, so, hi, ho := count(); si != 50 || so != 50 || hi != 0 || ho != 0 {
		t.Fatalf("second 1: shown %d/%d, summaries %d/%d; want 50/50 and none yet", si, so, hi, ho)
	}
	clock = clock.Add(999 * time.Millisecond)
	receive(5) // still the same second
	clock = clock.Add(time.Millisecond)
	receive(10) // a new second: first the summary of the last one
	if r := got[len(got)-11]; r.Sent || r.NotShown != 75 || r.NotShownTotal != 75 {
		t.Errorf("summary = %+v, want 75 not shown", r)
	}
	send(1)
	if r := got[len(got)-2]; !r.Sent || r.NotShown != 20 {
		t.Errorf("summary = %+v, want 20 sent not shown", r)
	}
	clock = clock.Add(3 * time.Second)
	receive(60)
	v.flush() // the connection closes: the last count
	receive(1)
	send(1) // nothing after the close
	si, so, hi, ho := count()
	if int64(si)+hi != 120+5+10+60 || int64(so)+ho != 70+1 {
		t.Errorf("received %d shown + %d not = %d; sent %d + %d = %d", si, hi, int64(si)+hi, so, ho, int64(so)+ho)
	}
	if si != 50+10+50 || so != 51 {
		t.Errorf("shown %d received, %d sent", si, so)
	}
	if last := got[len(got)-1]; last.NotShown != 10 || last.NotShownTotal != 85 {
		t.Errorf("last summary %+v", last)
	}
}

// A record keeps at most PrefixLen payload bytes, unmasked, however the
// bytes are cut into writes, and is delivered as soon as it has them.
func TestWireViewPrefixAcrossPieces(t *testing.T) {
	var got []Record
	v := &view{emit: func(r *Record) { got = append(got, *r) }, now: time.Now}
	var out frameWatcher
	payload := bytes.Repeat([]byte("abcdefghij"), 10) // 100 bytes
	var b bytes.Buffer
	wsframe.WriteFrame(&b, wsframe.Frame{Fin: true, Opcode: wsframe.Text, Payload: payload}, &[4]byte{0xde, 0xad, 0xbe, 0xef})
	raw := b.Bytes()
	for i := range raw { // a byte at a time
		v.follow(&out, true, raw[i:i+1])
		if i == 2+4+PrefixLen-1 && len(got) != 1 {
			t.Fatalf("no record once the prefix was complete (byte %d)", i)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d records", len(got))
	}
	r := got[0]
	if string(r.Prefix) != string(payload[:PrefixLen]) || r.Length != 100 || r.HeaderLen != 6 || r.MaskKey != [4]byte{0xde, 0xad, 0xbe, 0xef} {
		t.Errorf("record %+v", r)
	}
	if r.Opcode != wsframe.Text || !r.Fin || !r.Masked || !r.Sent {
		t.Errorf("record %+v, want a sent, masked, final text frame", r)
	}
}

// BenchmarkWireViewFollow is the view's cost per frame on the bytes of
// 11-byte client frames, past the per-second bound (the steady state of a
// fast stream: each frame parsed and counted, none recorded). Compare it
// with BenchmarkEcho/11B's time per message.
func BenchmarkWireViewFollow(b *testing.B) {
	var one bytes.Buffer
	wsframe.WriteFrame(&one, wsframe.Frame{Fin: true, Opcode: wsframe.Binary, Payload: []byte("Hello World")}, &[4]byte{1, 2, 3, 4})
	const perWrite = 64
	burst := bytes.Repeat(one.Bytes(), perWrite)
	v := &view{emit: func(*Record) {}, now: time.Now}
	var out frameWatcher
	b.SetBytes(int64(one.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += perWrite {
		v.follow(&out, true, burst)
	}
}
