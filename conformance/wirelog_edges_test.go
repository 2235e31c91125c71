package conformance

import (
	"strings"
	"testing"
	"time"
)

// The wire log at its bounds: 200 records kept, then a count of the
// rest; an HTTP head read up to its empty line however its bytes come,
// kept up to 16 KiB; what follows the head read as frames (RFC 6455 §5.2).

// wireDirection is one direction of a logged connection, fed by hand.
func wireDirection(sent bool) (*wireLog, *wireParser) {
	l := &wireLog{start: time.Now()}
	return l, &wireParser{log: l, sent: sent, http: true}
}

// encoded is f's bytes on the wire.
func encoded(f frame) []byte { return f.encode() }

// A case keeps the first 200 records of its wire log; past them, one
// last record counts the frames not kept. Under the bound there is no
// such record.
func TestWireLogKeepsTwoHundredRecordsThenCounts(t *testing.T) {
	for _, frames := range []int{maxWireFrames - 1, maxWireFrames + 50} {
		l, in := wireDirection(false)
		in.feed([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"), time.Now())
		for range frames {
			in.feed(encoded(frame{Fin: true, Opcode: opText, Payload: []byte("x"), Unmasked: true}), time.Now())
		}
		got := l.list()
		records := 1 + frames // the 101 and the frames
		switch {
		case records <= maxWireFrames && len(got) != records:
			t.Errorf("%d records: listed %d", records, len(got))
		case records > maxWireFrames && (len(got) != maxWireFrames+1 || got[maxWireFrames].NotShown != records-maxWireFrames):
			t.Errorf("%d records: listed %d, the last %+v; want %d and a count of %d", records, len(got), got[len(got)-1], maxWireFrames+1, records-maxWireFrames)
		}
		if got[0].HTTP != "HTTP/1.1 101 Switching Protocols" || got[1].Opcode != byte(opText) || string(got[1].Prefix) != "x" {
			t.Errorf("%d records: %+v, %+v …", records, got[0], got[1])
		}
	}
}

// The request's head in two writes (its first line, then the rest and a
// frame in the same write) is one HTTP record, and the frame after it is
// read from the right byte.
func TestWireLogReadsAHeadInPieces(t *testing.T) {
	l, out := wireDirection(true)
	out.feed([]byte("GET /echo HTTP/1.1\r\n"), time.Now())
	rest := "Host: example.test\r\n\r\n"
	out.feed(append([]byte(rest), encoded(frame{Fin: true, Opcode: opText, Payload: []byte("hi"), Key: &[4]byte{1, 2, 3, 4}})...), time.Now())
	got := l.list()
	if len(got) != 2 || got[0].HTTP != "GET /echo HTTP/1.1" || got[0].Length != uint64(len("GET /echo HTTP/1.1\r\n")+len(rest)) {
		t.Fatalf("logged %+v; want the request's first line and its size, then the frame", got)
	}
	if f := got[1]; !f.Sent || !f.Fin || f.Opcode != byte(opText) || !f.Masked || f.MaskKey != [4]byte{1, 2, 3, 4} || f.Length != 2 || string(f.Prefix) != "hi" {
		t.Errorf("the frame after the head: %+v", f)
	}
}

// A head is read up to 16 KiB (maxHTTPHead) without its end: a head of
// exactly that many bytes before its empty line is still logged; one
// byte more and the rest of the direction is left unparsed (the
// handshake cases' endless header), frames included.
func TestWireLogReadsAHeadUpToSixteenKiB(t *testing.T) {
	const line = "GET /echo HTTP/1.1\r\nX-Padding: "
	for _, size := range []int{maxHTTPHead, maxHTTPHead + 1} {
		l, out := wireDirection(true)
		out.feed([]byte(line+strings.Repeat("a", size-len(line))), time.Now())
		out.feed([]byte("\r\n\r\n"), time.Now())
		out.feed(encoded(frame{Fin: true, Opcode: opText, Payload: []byte("hi")}), time.Now())
		got := l.list()
		switch {
		case size <= maxHTTPHead && (len(got) != 2 || got[0].HTTP != "GET /echo HTTP/1.1" || got[0].Length != uint64(size+4) || string(got[1].Prefix) != "hi"):
			t.Errorf("a head of %d bytes before its end: logged %+v", size, got)
		case size > maxHTTPHead && len(got) != 0:
			t.Errorf("a head of %d bytes before its end: logged %+v, want nothing", size, got)
		}
	}
}

// An answer whose head is only its empty line is logged as a head with
// an empty first line (4 bytes); not a 101, what follows is not read as
// frames.
func TestWireLogReadsAnEmptyHead(t *testing.T) {
	l, in := wireDirection(false)
	in.feed(append([]byte("\r\n\r\n"), encoded(frame{Fin: true, Opcode: opText, Payload: []byte("hi"), Unmasked: true})...), time.Now())
	got := l.list()
	if len(got) != 1 || got[0].HTTP != "" || got[0].Length != 4 || got[0].Sent {
		t.Errorf("logged %+v; want one empty head of 4 bytes", got)
	}
}
