package wire

import (
	"bytes"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// A record's prefix stops at PrefixLen when the bytes come in pieces
// larger than one byte: a first piece with part of the prefix, then one
// with the rest of the payload, far more than the prefix still needs.
func TestWireViewPrefixStopsAtPrefixLenAcrossLargePieces(t *testing.T) {
	var got []Record
	v := &view{emit: func(r *Record) { got = append(got, *r) }, now: time.Now}
	var in frameWatcher
	payload := bytes.Repeat([]byte("abcdefghij"), 10) // 100 bytes
	var b bytes.Buffer
	wsframe.WriteFrame(&b, wsframe.Frame{Fin: true, Opcode: wsframe.Binary, Payload: payload}, nil)
	raw := b.Bytes()
	v.follow(&in, false, raw[:2+10]) // the header and 10 payload bytes
	v.follow(&in, false, raw[2+10:]) // the other 90
	if len(got) != 1 || !bytes.Equal(got[0].Prefix, payload[:PrefixLen]) {
		t.Fatalf("records %+v, want one with the first %d payload bytes", got, PrefixLen)
	}
}

// RFC 6455 §5.2: a frame's header is 2 bytes, then the extended payload
// length (none up to 125, 2 bytes up to 65535, else 8), then the mask key
// (4 bytes, on the client's frames only).
func TestWireViewHeaderLenCountsTheExtendedLength(t *testing.T) {
	for _, c := range []struct {
		length int
		masked bool
		want   int
	}{
		{125, false, 2},
		{126, false, 4},
		{126, true, 8},
		{65536, false, 10},
		{65536, true, 14},
	} {
		var got []Record
		v := &view{emit: func(r *Record) { got = append(got, *r) }, now: time.Now}
		var w frameWatcher
		var key *[4]byte
		if c.masked {
			key = &[4]byte{1, 2, 3, 4}
		}
		var b bytes.Buffer
		wsframe.WriteFrame(&b, wsframe.Frame{Fin: true, Opcode: wsframe.Binary, Payload: make([]byte, c.length)}, key)
		v.follow(&w, c.masked, b.Bytes())
		if len(got) != 1 || got[0].HeaderLen != c.want || got[0].Length != uint64(c.length) {
			t.Errorf("payload %d (masked %v): records %+v, want header %d", c.length, c.masked, got, c.want)
		}
	}
}
