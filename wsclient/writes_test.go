package wsclient

// Tests of the wire's write side (internal/wire/batch.go): each frame leaves in one write,
// nothing is held past the end of a frame or of a batch, a batch leaves in
// front of a close frame or any control frame, and every byte arrives as
// the library framed it (RFC 6455 §5.2, masked as §5.3 asks). The writes
// are counted on the connection under the wire, over real loopback TCP,
// and the frames are read by a peer that speaks raw RFC 6455.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// peerWait bounds every wait of these tests: a frame that does not come
// within it was held (or lost).
const peerWait = 5 * time.Second

// countingConn is a real connection that counts the writes made to it
// and remembers the largest.
type countingConn struct {
	net.Conn
	writes  atomic.Int64
	largest atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	if n := int64(len(p)); n > c.largest.Load() {
		c.largest.Store(n)
	}
	return c.Conn.Write(p)
}

// rawPeer is a WebSocket server written by hand on a loopback listener: it
// answers one opening handshake, then the test reads the client's frames
// from it with wsframe and a deadline.
type rawPeer struct {
	ln   net.Listener
	conn net.Conn
	br   *bufio.Reader
	got  chan error
}

func startRawPeer(t *testing.T) *rawPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &rawPeer{ln: ln, got: make(chan error, 1)}
	go func() {
		c, err := ln.Accept()
		if err != nil {
			p.got <- err
			return
		}
		p.conn, p.br = c, bufio.NewReader(c)
		c.SetDeadline(time.Now().Add(peerWait))
		req, err := http.ReadRequest(p.br)
		if err == nil {
			_, err = fmt.Fprintf(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
				wsframe.AcceptKey(req.Header.Get("Sec-WebSocket-Key")))
		}
		c.SetDeadline(time.Time{})
		p.got <- err
	}()
	t.Cleanup(func() {
		ln.Close()
		if p.conn != nil {
			p.conn.Close()
		}
	})
	return p
}

func (p *rawPeer) url() string { return "ws://" + p.ln.Addr().String() + "/" }

// accepted waits for the handshake to be answered.
func (p *rawPeer) accepted(t *testing.T) {
	t.Helper()
	select {
	case err := <-p.got:
		if err != nil {
			t.Fatal("handshake:", err)
		}
	case <-time.After(peerWait):
		t.Fatal("no handshake within", peerWait)
	}
}

// frame reads the client's next frame within peerWait and checks that it
// is masked, as every client frame must be (RFC 6455 §5.3).
func (p *rawPeer) frame(t *testing.T) wsframe.Frame {
	t.Helper()
	p.conn.SetReadDeadline(time.Now().Add(peerWait))
	f, err := wsframe.ReadFrame(p.br, 8<<20)
	if err != nil {
		t.Fatalf("no frame from the client within %s: %v", peerWait, err)
	}
	if !f.Masked {
		t.Fatalf("%v frame arrived unmasked (RFC 6455 §5.3)", f.Opcode)
	}
	return f
}

// answerClose answers the client's close frame with the same payload
// (§5.5.1), so the client's close handshake ends at once.
func (p *rawPeer) answerClose(t *testing.T, f wsframe.Frame) {
	t.Helper()
	if err := wsframe.WriteFrame(p.conn, wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: f.Payload}, nil); err != nil {
		t.Fatal(err)
	}
}

// libraryOver dials uri with the library over a counting connection, with
// the wire between them as dial puts it (upgradeTransport), and returns
// the library's connection, the wire and the counter.
func libraryOver(t *testing.T, uri string, tlsConfig *tls.Config) (*websocket.Conn, *wire.Conn, *countingConn) {
	t.Helper()
	var counted *countingConn
	base := &http.Transport{TLSClientConfig: tlsConfig, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		counted = &countingConn{Conn: c}
		return counted, nil
	}}
	up := &upgradeTransport{base: base, rec: newTimelineRecorder("127.0.0.1")}
	ctx, cancel := context.WithTimeout(context.Background(), peerWait)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, uri, &websocket.DialOptions{HTTPClient: &http.Client{Transport: up}})
	if err != nil {
		t.Fatal(err)
	}
	base.CloseIdleConnections()
	conn.SetReadLimit(-1)
	t.Cleanup(func() { conn.CloseNow() })
	return conn, up.upgraded(), counted
}

func pattern(n int, seed byte) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = seed + byte(i%251)
	}
	return p
}

// Each message leaves in one write, whatever its size up to a whole
// MaxMessageSize message; a larger one in pieces of at most wsframe.MaxHeld.
// The peer receives each intact, in order, masked (RFC 6455 §5.2, §5.3).
func TestWireWritesEachMessageInOneWrite(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, counted := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	handshake := counted.writes.Load() // the HTTP request, before the wire
	ctx := context.Background()
	for i, size := range []int{11, 1 << 10, 4 << 10, 64 << 10, 1 << 20, 3 << 20} {
		msg := pattern(size, byte(i))
		before := counted.writes.Load()
		sent := make(chan error, 1)
		go func() { sent <- conn.Write(ctx, websocket.MessageBinary, msg) }()
		f := peer.frame(t)
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
		if f.Opcode != wsframe.Binary || !f.Fin || !bytes.Equal(f.Payload, msg) {
			t.Fatalf("%d B: got a %v frame (fin %v) of %d bytes, not the message sent", size, f.Opcode, f.Fin, len(f.Payload))
		}
		writes := counted.writes.Load() - before
		want := int64(1)
		if size > MaxMessageSize {
			want = int64((size + 14 + wsframe.MaxHeld - 1) / wsframe.MaxHeld) // cut at the bound
		}
		if writes != want {
			t.Errorf("%d B message: %d writes to the connection, want %d", size, writes, want)
		}
	}
	if n := counted.largest.Load(); n > wsframe.MaxHeld {
		t.Errorf("a write of %d bytes: the wire holds at most %d", n, wsframe.MaxHeld)
	}
	if st := statsOf(w.Stats()); st.Messages != 6 || st.Frames != 6 || st.Writes != counted.writes.Load()-handshake {
		t.Errorf("WireStats %+v: want 6 messages, 6 frames and the %d writes counted below", st, counted.writes.Load()-handshake)
	}
}

// The wire's memory stays bounded when garbage collections come between
// messages: frames up to 64 KiB are gathered in the one buffer it keeps,
// so it does not allocate a fresh buffer per message (lending every
// buffer from a pool did: a collection empties the pool).
func TestWireKeepsItsBufferAcrossCollections(t *testing.T) {
	peer := startRawPeer(t)
	conn, _, _ := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	drained := make(chan struct{})
	go func() { defer close(drained); io.Copy(io.Discard, peer.conn) }()
	msg := pattern(16<<10, 5)
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 50
	for range n {
		runtime.GC()
		if err := conn.Write(ctx, websocket.MessageBinary, msg); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("%d messages of 16 KiB, each after a collection, allocated %d KiB; want under 1 MiB", n, grew>>10)
	}
	conn.CloseNow()
	peer.conn.Close()
	<-drained
}

// A batch leaves in one write, in front of the close frame that ends it,
// even if uncork never came: nothing is written after a close frame
// (RFC 6455 §5.5.1), so nothing may be left behind it.
func TestWireBatchLeavesBeforeTheCloseFrame(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, counted := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	ctx := context.Background()
	before := counted.writes.Load()
	w.Cork()
	for i := range 10 {
		if err := conn.Write(ctx, websocket.MessageBinary, pattern(100, byte(i))); err != nil {
			t.Fatal(err)
		}
	}
	if got := w.Unsent(); got != 10 {
		t.Fatalf("%d messages held in the open batch, want 10", got)
	}
	closed := make(chan error, 1)
	go func() { closed <- conn.Close(websocket.StatusNormalClosure, "bye") }()
	for i := range 10 {
		f := peer.frame(t)
		if f.Opcode != wsframe.Binary || !bytes.Equal(f.Payload, pattern(100, byte(i))) {
			t.Fatalf("frame %d: a %v frame of %d bytes, not message %d", i, f.Opcode, len(f.Payload), i)
		}
	}
	f := peer.frame(t)
	if code, reason := wsframe.ParseClosePayload(f.Payload); f.Opcode != wsframe.Close || code != 1000 || reason != "bye" {
		t.Fatalf("after the batch: %v %d %q, want the close frame 1000 \"bye\"", f.Opcode, code, reason)
	}
	if writes := counted.writes.Load() - before; writes != 1 {
		t.Errorf("the batch and the close frame took %d writes, want 1", writes)
	}
	peer.answerClose(t, f)
	if err := <-closed; err != nil {
		t.Fatal("Close:", err)
	}
}

// A control frame the library writes on its own ends a batch: a ping
// written while the wire is corked reaches the peer at once, behind the
// batch's messages.
func TestWireControlFrameEndsABatch(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, _ := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reading := make(chan struct{})
	go func() { // Ping needs a reader to see the pong
		defer close(reading)
		for {
			if _, _, err := conn.Reader(ctx); err != nil {
				return
			}
		}
	}()
	w.Cork()
	defer w.Uncork()
	for i := range 3 {
		if err := conn.Write(ctx, websocket.MessageText, []byte{'a' + byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	pinged := make(chan error, 1)
	go func() { pinged <- conn.Ping(ctx) }()
	for i := range 3 {
		if f := peer.frame(t); f.Opcode != wsframe.Text || string(f.Payload) != string(rune('a'+i)) {
			t.Fatalf("frame %d: %v %q", i, f.Opcode, f.Payload)
		}
	}
	ping := peer.frame(t)
	if ping.Opcode != wsframe.Ping {
		t.Fatalf("after the batch: a %v frame, want the ping", ping.Opcode)
	}
	if err := wsframe.WriteFrame(peer.conn, wsframe.Frame{Fin: true, Opcode: wsframe.Pong, Payload: ping.Payload}, nil); err != nil {
		t.Fatal(err)
	}
	if err := <-pinged; err != nil {
		t.Fatal("Ping:", err)
	}
	conn.CloseNow()
	<-reading
}

// A failed write is not retried or hidden: the error comes back, and every
// later write fails the same way, so the library fails the connection.
func TestWireWriteErrorSticks(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, counted := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	counted.Conn.Close() // the socket under the wire is gone
	err := conn.Write(context.Background(), websocket.MessageBinary, pattern(64<<10, 1))
	if err == nil || !errors.Is(w.WriteErr(), net.ErrClosed) {
		t.Fatalf("write over a closed socket: %v (wire: %v), want net.ErrClosed", err, w.WriteErr())
	}
	if _, err := w.Write([]byte{0x82, 0x80, 0, 0, 0, 0}); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("a later write: %v, want the same error", err)
	}
}

// A batch lost in a failed write is not counted as sent: WriteBatch says
// how many messages left, not how many the library took.
func TestWireBatchLostInAFailedWriteIsNotCounted(t *testing.T) {
	peer := startRawPeer(t)
	conn, w, counted := libraryOver(t, peer.url(), nil)
	peer.accepted(t)
	if n, err := wire.WriteBatch(context.Background(), w, conn, 3, func(i int) []byte { return pattern(10, byte(i)) }); n != 3 || err != nil {
		t.Fatalf("a batch of 3 on a live connection: %d sent, %v", n, err)
	}
	counted.Conn.Close() // the socket under the wire is gone: the next batch is held, then lost
	n, err := wire.WriteBatch(context.Background(), w, conn, 5, func(i int) []byte { return pattern(10, byte(i)) })
	if n != 0 || err == nil {
		t.Fatalf("a batch lost with its write: %d counted as sent (err %v), want 0 and the error", n, err)
	}
}

// clients is each client type with the call that sends "Hello World" (11
// bytes) once it is connected.
var clients = []struct {
	name string
	run  func(t *testing.T, uri string) (stop func())
}{
	{"Stream", func(t *testing.T, uri string) func() {
		// A Stream sends its payload at once, then each interval: an hour.
		s := NewStream(StreamOptions{Interval: time.Hour})
		if err := s.Start(uri); err != nil {
			t.Fatal(err)
		}
		ended := drain(s.Events())
		return func() { s.Stop(); <-ended }
	}},
	{"MessageSocket", func(t *testing.T, uri string) func() {
		m := NewMessageSocket(MessageOptions{})
		if err := m.Connect(uri); err != nil {
			t.Fatal(err)
		}
		ended := waitConnected(t, m.Events())
		sent := make(chan error, 1)
		go func() { sent <- m.Send("Hello World") }()
		return func() { <-sent; m.Close(); <-ended }
	}},
	{"FrameSocket", func(t *testing.T, uri string) func() {
		f := NewFrameSocket(Options{})
		if err := f.Connect(uri); err != nil {
			t.Fatal(err)
		}
		ended := waitConnected(t, f.Events())
		sent := make(chan error, 1)
		go func() { sent <- f.SendFrame("Hello World", true) }()
		return func() { <-sent; f.Close(); <-ended }
	}},
}

// drain reads events until the final one; ended is closed then.
func drain(events <-chan Event) (ended chan struct{}) {
	ended = make(chan struct{})
	go func() {
		defer close(ended)
		for e := range events {
			if e.IsFinal() {
				return
			}
		}
	}()
	return ended
}

// waitConnected waits for EventConnected, then drains the rest (see drain).
func waitConnected(t *testing.T, events <-chan Event) (ended chan struct{}) {
	t.Helper()
	timeout := time.After(peerWait)
	for {
		select {
		case e := <-events:
			if e.Kind == EventConnected {
				return drain(events)
			}
			if e.IsFinal() {
				t.Fatal("no connection:", e.Err)
			}
		case <-timeout:
			t.Fatal("no connection within", peerWait)
		}
	}
}

// The wire never waits for more: a single 11-byte message reaches the
// peer at once, from every client type (a held one would wait for the
// next frame: an hour, or forever).
func TestWireNeverHoldsASmallMessage(t *testing.T) {
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			peer := startRawPeer(t)
			stop := c.run(t, peer.url())
			peer.accepted(t)
			f := peer.frame(t)
			if !f.Fin || string(f.Payload) != "Hello World" {
				t.Fatalf("got %v %q, want the whole message \"Hello World\"", f.Opcode, f.Payload)
			}
			done := make(chan struct{})
			go func() { defer close(done); stop() }()
			for {
				if f := peer.frame(t); f.Opcode == wsframe.Close {
					peer.answerClose(t, f)
					break
				}
			}
			<-done
		})
	}
}

// A continuous Stream sends its small messages in batches, far fewer
// writes than messages, and counts each message it sent: when Stop ends
// the stream mid-batch, the peer has received exactly the messages Sent
// counts, each whole, and then the close frame (RFC 6455 §5.5.1).
func TestStreamBatchesContinuousMessagesAndCountsEach(t *testing.T) {
	peer := startRawPeer(t)
	s := NewStream(StreamOptions{Payload: []byte("Hello World"), Interval: Continuous})
	if err := s.Start(peer.url()); err != nil {
		t.Fatal(err)
	}
	ended := drain(s.Events())
	peer.accepted(t)
	const seen = 20000
	for i := range seen {
		if f := peer.frame(t); f.Opcode != wsframe.Binary || string(f.Payload) != "Hello World" {
			t.Fatalf("message %d: %v %q", i, f.Opcode, f.Payload)
		}
	}
	st := s.WireStats()
	if st.Messages < seen || st.Writes*10 > st.Messages {
		t.Errorf("WireStats %+v: want at least %d messages in under a tenth as many writes", st, seen)
	}
	stopped := make(chan struct{})
	go func() { defer close(stopped); s.Stop() }()
	received := int64(seen)
	for {
		f := peer.frame(t)
		if f.Opcode == wsframe.Close {
			peer.answerClose(t, f)
			break
		}
		if string(f.Payload) != "Hello World" {
			t.Fatalf("message %d: %v %q", received, f.Opcode, f.Payload)
		}
		received++
	}
	<-stopped
	<-ended
	if sent := s.Sent() / 11; sent != received {
		t.Errorf("Sent counts %d messages, the peer received %d before the close frame", sent, received)
	}
}

// wss: the wire sits above TLS, so it hands crypto/tls a whole 1 MiB
// message in one write (TLS cuts it into records of at most 16 KiB), and
// the echo comes back intact.
func TestWireOverTLSWritesAMessageInOneWrite(t *testing.T) {
	srv := testserver.Start(t)
	conn, w, _ := libraryOver(t, srv.SecureURL("/echo"), &tls.Config{RootCAs: srv.CAPool()})
	ctx, cancel := context.WithTimeout(context.Background(), peerWait)
	defer cancel()
	msg := pattern(1<<20, 7)
	before := statsOf(w.Stats()).Writes
	if err := conn.Write(ctx, websocket.MessageBinary, msg); err != nil {
		t.Fatal(err)
	}
	if writes := statsOf(w.Stats()).Writes - before; writes != 1 {
		t.Errorf("a 1 MiB message over wss took %d writes into TLS, want 1", writes)
	}
	_, got, err := conn.Read(ctx)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("echo: %d bytes, %v; want the 1 MiB sent", len(got), err)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

// Small chunks of a file transfer go in batches too, and the echo still
// matches the file byte for byte.
func TestTransferBatchesSmallChunks(t *testing.T) {
	srv := testserver.Start(t)
	path := t.TempDir() + "/small-chunks.bin"
	data := pattern(3<<20+123, 3)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := NewStream(StreamOptions{Payload: []byte{}}) // no periodic payload: only the file
	if err := s.Start(srv.URL("/echo")); err != nil {
		t.Fatal(err)
	}
	ended := waitConnected(t, s.Events())
	defer func() { s.Stop(); <-ended }()
	tr, err := s.SendFile(path, 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-tr.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the transfer did not end within 30 s")
	}
	res := tr.Result()
	if !res.EchoVerified() || res.Bytes != int64(len(data)) {
		t.Fatalf("transfer: %v", res.Lines())
	}
	chunks := int64((len(data) + 1023) / 1024)
	if st := s.WireStats(); st.Messages < chunks || st.Writes*10 > st.Messages {
		t.Errorf("WireStats %+v: want at least %d messages in under a tenth as many writes", st, chunks)
	}
}
