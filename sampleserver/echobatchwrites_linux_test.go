package sampleserver

// /echo's batches counted in writes, as the client's kernel sees them
// arrive (tcpsegments_linux_test.go). docs/performance.md promises them:
// /echo answers in one write while the next message already sits whole in
// what it has read (its 4 KiB read buffer and, while the client is ahead,
// a 64 KiB read-ahead), at most 64 answers or 64 KiB of payload. Each test
// sends its burst in one write of under 32 KB, which arrives whole: the
// server reads it as the promise describes, with no timing in between, so
// the number of writes is exact.

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// echoBurstWrites sends burst, whole messages, to /echo in one write,
// checks each comes back the same (RFC 6455 §5.6) and in order, and
// returns how many writes the answers took.
func echoBurstWrites(t *testing.T, c *rawConn, burst []frame) uint32 {
	t.Helper()
	before := dataSegmentsIn(t, c.conn)
	c.sendFrames(burst...)
	for i, sent := range burst {
		if f := c.recvWithin(echoWait); f.Opcode != sent.op || !f.Fin || string(f.Payload) != sent.payload {
			t.Fatalf("answer %d: %v (fin %v) %.20q, want %v %.20q", i, f.Opcode, f.Fin, f.Payload, sent.op, sent.payload)
		}
	}
	return dataSegmentsIn(t, c.conn) - before
}

// numbered is n text messages of size bytes each, numbered in order.
func numbered(n, size int) []frame {
	var burst []frame
	for i := range n {
		p := fmt.Sprintf("%03d", i)
		burst = append(burst, text(true, p+strings.Repeat(".", size-len(p))))
	}
	return burst
}

// A batch holds at most 64 answers: 65 messages that the server reads at
// once come back in two writes, 64 answers and then the last.
func TestEchoBatchHoldsAtMost64Answers(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	if w := echoBurstWrites(t, c, numbered(65, 3)); w != 2 {
		t.Fatalf("65 messages read at once were answered in %d writes, want 2: 64, the most a batch holds, then 1", w)
	}
}

// A batch holds at most 64 KiB of payload, counted as the messages'
// data (RFC 7692: inflated, when compressed): 17 compressed messages
// of 4 KiB each, a few hundred bytes on the wire that the server reads
// at once, come back in two writes, 16 answers (64 KiB) and then the last.
func TestEchoBatchHoldsAtMost64KiBRFC7692(t *testing.T) {
	s := startServer(t, Config{})
	// The library's client sends each message in a write of its own, so
	// the test writes the burst itself, on the connection under it, and
	// reads the answers through it (it inflates them).
	var raw net.Conn
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			raw = conn
			return conn, err
		}}}
	// No context takeover either way (RFC 7692 §7.1.1): each message is
	// compressed on its own, so the test's deflate needs no shared window.
	c, resp, err := websocket.Dial(testCtx(t), s.URL("/echo"), &websocket.DialOptions{
		HTTPClient: hc, CompressionMode: websocket.CompressionNoContextTakeover})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	if ext := resp.Header.Get("Sec-WebSocket-Extensions"); !strings.Contains(ext, "client_no_context_takeover") {
		t.Fatalf("/echo agreed to %q, want permessage-deflate without the client's context takeover", ext)
	}
	msg := bytes.Repeat([]byte("Hello World "), 4096/12+1)[:4096]
	var wire []byte
	for range 17 {
		wire = append(wire, frame{fin: true, rsv: 4, op: wsframe.Binary, payload: string(deflated(msg))}.bytes()...)
	}
	before := dataSegmentsIn(t, raw)
	if _, err := raw.Write(wire); err != nil {
		t.Fatal(err)
	}
	for i := range 17 {
		if typ, got, err := c.Read(testCtx(t)); err != nil || typ != websocket.MessageBinary || !bytes.Equal(got, msg) {
			t.Fatalf("answer %d: %v %v of %d bytes, want the 4096 bytes sent", i, err, typ, len(got))
		}
	}
	if w := dataSegmentsIn(t, raw) - before; w != 2 {
		t.Fatalf("17 messages of 4 KiB read at once were answered in %d writes, want 2: 16 (64 KiB, the most a batch holds), then 1", w)
	}
}

// deflated is p compressed as one permessage-deflate message (RFC 7692
// §7.2.1): a DEFLATE sync flush with its last four bytes, 00 00 ff ff,
// removed.
func deflated(p []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(p)
	w.Flush()
	return bytes.TrimSuffix(b.Bytes(), []byte{0, 0, 0xff, 0xff})
}

// The read-ahead: a burst larger than the 4 KiB read buffer is answered
// in batches as large as if the buffer held it all, since once the client
// is ahead (a read filled the buffer, and more bytes wait) the server
// reads ahead up to 64 KiB at once. Each burst arrives whole, so what each
// read takes, and so each batch, is exact. Without the read-ahead each
// batch would end at the read buffer's end.
func TestEchoReadsAheadOfABurst(t *testing.T) {
	s := startServer(t, Config{})
	for _, tc := range []struct {
		name       string
		n, size    int
		writes     uint32
		batchesAre string
	}{
		{"100 B", 100, 100, 2,
			"the 38 whole in the first 4 KiB read (106 B a frame); then the 62 others, all read ahead at once"},
		{"frames of 128 B", 100, 122, 3,
			"the 32 that fill the first 4 KiB read exactly; then 64 (the most a batch holds) of the 68 read ahead at once; then 4"},
		{"4 KiB", 6, 4096, 2,
			"the first (the next is not whole in 4 KiB); then the 5 others, read ahead at once"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := rawDial(t, s.Addr(), "/echo")
			if w := echoBurstWrites(t, c, numbered(tc.n, tc.size)); w != tc.writes {
				t.Fatalf("%d messages of %d B in one write were answered in %d writes, want %d: %s", tc.n, tc.size, w, tc.writes, tc.batchesAre)
			}
		})
	}
}
