package sampleserver

import (
	"bufio"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// frame is a frame as a hostile client may write it: any FIN, reserved bits
// and opcode, the length in whichever field it likes, masked or not.
// wsframe.WriteFrame refuses to write most of these, which is right for
// real code and why tests need their own writer.
type frame struct {
	fin      bool
	rsv      byte // RSV1 = 4, RSV2 = 2, RSV3 = 1
	op       wsframe.Opcode
	payload  string
	unmasked bool
	lenField int // 7, 16 or 64: the length field to use; 0: the shortest
}

// bytes encodes f, masked with a random key unless f.unmasked.
func (f frame) bytes() []byte {
	b0 := f.rsv<<4 | byte(f.op)
	if f.fin {
		b0 |= 0x80
	}
	var maskBit byte
	if !f.unmasked {
		maskBit = 0x80
	}
	n := len(f.payload)
	field := f.lenField
	switch {
	case field != 0:
	case n <= 125:
		field = 7
	case n <= 0xFFFF:
		field = 16
	default:
		field = 64
	}
	out := []byte{b0}
	switch field {
	case 7:
		out = append(out, maskBit|byte(n))
	case 16:
		out = binary.BigEndian.AppendUint16(append(out, maskBit|126), uint16(n))
	case 64:
		out = binary.BigEndian.AppendUint64(append(out, maskBit|127), uint64(n))
	}
	p := []byte(f.payload)
	if !f.unmasked {
		var key [4]byte
		rand.Read(key[:])
		out = append(out, key[:]...)
		for i := range p {
			p[i] ^= key[i&3]
		}
	}
	return append(out, p...)
}

// text, cont, closeFrame: well-formed client frames.
func text(fin bool, s string) frame { return frame{fin: fin, op: wsframe.Text, payload: s} }
func cont(fin bool, s string) frame { return frame{fin: fin, op: wsframe.Continuation, payload: s} }
func closeFrame(code int, reason string) frame {
	return frame{fin: true, op: wsframe.Close, payload: string(wsframe.ClosePayload(code, reason))}
}

// sendFrames writes frames in one write, as a client in a hurry would.
func (c *rawConn) sendFrames(frames ...frame) {
	c.t.Helper()
	var b []byte
	for _, f := range frames {
		b = append(b, f.bytes()...)
	}
	if _, err := c.conn.Write(b); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// rawDialTLS is rawDial over TLS with cfg (for wss:// and /clientauth).
func rawDialTLS(t *testing.T, addr, path string, cfg *tls.Config) *rawConn {
	t.Helper()
	d := &tls.Dialer{NetDialer: &net.Dialer{Timeout: testTimeout}, Config: cfg}
	conn, err := d.DialContext(testCtx(t), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(testTimeout))
	return handshake(t, conn, addr, path)
}

// handshake does the opening handshake for path by hand on conn.
func handshake(t *testing.T, conn net.Conn, addr, path string) *rawConn {
	t.Helper()
	return handshakeSending(t, conn, addr, path)
}

// handshakeSending is handshake with frames sent in the same write as the
// request, before the server has answered.
func handshakeSending(t *testing.T, conn net.Conn, addr, path string, frames ...frame) *rawConn {
	t.Helper()
	var k [16]byte
	rand.Read(k[:])
	key := base64.StdEncoding.EncodeToString(k[:])
	req := fmt.Appendf(nil, "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", path, addr, key)
	for _, f := range frames {
		req = append(req, f.bytes()...)
	}
	if _, err := conn.Write(req); err != nil {
		t.Fatalf("handshake %s: %v", path, err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("handshake %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake %s: status %s", path, resp.Status)
	}
	if got, want := resp.Header.Get("Sec-WebSocket-Accept"), wsframe.AcceptKey(key); got != want {
		t.Fatalf("Sec-WebSocket-Accept = %q, want %q", got, want)
	}
	return &rawConn{t: t, conn: conn, r: r}
}

// readingEndpoint is a way to reach an endpoint that reads what a client
// sends.
type readingEndpoint struct {
	name string
	dial func(t *testing.T) *rawConn
}

// readingEndpoints are every endpoint that reads, on the listeners they
// are served on.
func readingEndpoints(s *Server) []readingEndpoint {
	var list []readingEndpoint
	for _, path := range []string{"/echo", "/sample", "/partial", "/greet", "/close?after=1h", "/drop?after=1h", "/flood?rate=1K"} {
		list = append(list, readingEndpoint{strings.TrimPrefix(path, "/"), func(t *testing.T) *rawConn { return rawDial(t, s.Addr(), path) }})
	}
	list = append(list, readingEndpoint{"wss echo", func(t *testing.T) *rawConn {
		return rawDialTLS(t, s.TLSAddr(), "/echo", &tls.Config{RootCAs: s.CAPool()})
	}})
	list = append(list, readingEndpoint{"clientauth", func(t *testing.T) *rawConn {
		return rawDialTLS(t, s.ClientAuthAddr(), "/clientauth", &tls.Config{RootCAs: s.CAPool(), Certificates: []tls.Certificate{s.ClientCertificate()}})
	}})
	return list
}

// assertServes checks that s still serves a normal client: an echo and a
// clean close.
func assertServes(t *testing.T, s *Server) {
	t.Helper()
	c, _, err := websocket.Dial(testCtx(t), s.URL("/echo"), &websocket.DialOptions{HTTPClient: httpClient(s, nil)})
	if err != nil {
		t.Fatalf("a normal client is not served any more: %v", err)
	}
	defer c.CloseNow()
	write(t, c, websocket.MessageText, []byte("Hello World"))
	if _, got := read(t, c); got != "Hello World" {
		t.Fatalf("echo = %q", got)
	}
	if err := c.Close(websocket.StatusNormalClosure, clientCloseReason); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// recvCloseOrErr is recvClose for a test that expects trouble: a read
// error (a reset, EOF) is returned as code 0 and the error's text instead
// of failing the test.
func (c *rawConn) recvCloseOrErr() (int, string) {
	for {
		f, err := wsframe.ReadFrame(c.r, 64<<20)
		if err != nil {
			return 0, err.Error()
		}
		if f.Opcode == wsframe.Close {
			return wsframe.ParseClosePayload(f.Payload)
		}
	}
}

// fillReceiveWindow shrinks c's receive buffer and sends text frames of
// size bytes, without reading, until the server's answers can no longer
// all be delivered: the rest waits in the server's send queue. A handful
// of kilobytes, far less than any send buffer, so the server is never
// blocked by it.
func fillReceiveWindow(t *testing.T, c *rawConn, size int) {
	t.Helper()
	if err := c.conn.(*net.TCPConn).SetReadBuffer(1024); err != nil {
		t.Fatal(err)
	}
	for range 8 {
		c.sendFrames(text(true, strings.Repeat("a", size)))
	}
}

// logWatcher is a Config.Log destination that tests can wait on.
type logWatcher struct {
	mu      sync.Mutex
	lines   []string
	changed chan struct{} // closed (and replaced) at each new line
}

func newLogWatcher() *logWatcher { return &logWatcher{changed: make(chan struct{})} }

func (w *logWatcher) logger() *log.Logger { return log.New(w, "", 0) }

// Write takes one log line (log.Logger writes each in one call) and wakes
// every waiter.
func (w *logWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines = append(w.lines, string(p))
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

// wait waits, at most testTimeout, for a line containing part. Any
// goroutine may wait.
func (w *logWatcher) wait(part string) error {
	deadline := time.NewTimer(testTimeout)
	defer deadline.Stop()
	for {
		w.mu.Lock()
		for _, l := range w.lines {
			if strings.Contains(l, part) {
				w.mu.Unlock()
				return nil
			}
		}
		changed := w.changed
		w.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			return fmt.Errorf("no log line with %q within %v", part, testTimeout)
		}
	}
}
