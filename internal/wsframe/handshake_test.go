package wsframe

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestAcceptKey(t *testing.T) {
	// The example of RFC 6455 §1.3.
	if got := AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Errorf("AcceptKey = %q", got)
	}
}

// echoFrames is a minimal frame echo server built on ServerHandshake.
func echoFrames(w http.ResponseWriter, r *http.Request) {
	conn, brw, err := ServerHandshake(w, r)
	if err != nil {
		return
	}
	defer conn.Close()
	for {
		f, err := ReadFrame(brw.Reader, 1024)
		if err != nil || f.Opcode == Close {
			return
		}
		if err := WriteFrame(conn, Frame{Fin: f.Fin, Opcode: f.Opcode, Payload: f.Payload}, nil); err != nil {
			return
		}
	}
}

const handshake = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

func TestServerHandshake(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echoFrames))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))

	// The request and the first frame in one write: the frame lands in the
	// server's bufio.Reader with the request and must not be lost.
	var frame strings.Builder
	WriteFrame(&frame, Frame{Fin: true, Opcode: Text, Payload: []byte("Hello")}, &[4]byte{1, 2, 3, 4})
	io.WriteString(conn, handshake+frame.String())

	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 101 || resp.Header.Get("Sec-WebSocket-Accept") != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" ||
		!strings.EqualFold(resp.Header.Get("Upgrade"), "websocket") {
		t.Fatalf("response: %s %v", resp.Status, resp.Header)
	}
	f, err := ReadFrame(br, 1024)
	if err != nil || string(f.Payload) != "Hello" || f.Masked {
		t.Fatalf("echoed frame: %+v, %v", f, err)
	}
}

func TestServerHandshakeRefusals(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echoFrames))
	defer srv.Close()
	for _, tc := range []struct {
		name, request string
		status        int
		header        string
	}{
		{"plain GET", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 426, "Upgrade"},
		{"POST", strings.Replace(handshake, "GET", "POST", 1), 405, ""},
		// RFC 6455 §4.2.2: an unknown version gets 426 and the versions spoken.
		{"version 8", strings.Replace(handshake, "Version: 13", "Version: 8", 1), 426, "Sec-Websocket-Version"},
		{"no version", strings.Replace(handshake, "Sec-WebSocket-Version: 13\r\n", "", 1), 400, "Sec-Websocket-Version"},
		{"short key", strings.Replace(handshake, "dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=", 1), 400, ""},
		{"two keys", strings.Replace(handshake, "\r\n\r\n", "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", 1), 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(10 * time.Second))
			io.WriteString(conn, tc.request)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status || tc.header != "" && resp.Header.Get(tc.header) == "" {
				t.Errorf("%s: %s %v, want %d with %s", tc.name, resp.Status, resp.Header, tc.status, tc.header)
			}
		})
	}
}

func ExampleAcceptKey() {
	fmt.Println(AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
	// Output: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
}

// hijackable is a ResponseWriter whose connection is handed over as conn.
type hijackable struct {
	http.ResponseWriter
	conn net.Conn
}

func (h hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return h.conn, bufio.NewReadWriter(bufio.NewReader(h.conn), bufio.NewWriter(h.conn)), nil
}

// A 101 answer that cannot be written is an error, and the connection is
// closed, never handed to the caller as if the handshake had worked.
func TestServerHandshakeWriteFailure(t *testing.T) {
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(handshake)))
	if err != nil {
		t.Fatal(err)
	}
	server, client := net.Pipe()
	defer client.Close()
	conn, _, err := ServerHandshake(hijackable{httptest.NewRecorder(), writeFails{server}}, req)
	if err == nil || !strings.Contains(err.Error(), "write 101 response") {
		t.Fatalf("ServerHandshake = %v, %v; want the write failure", conn, err)
	}
}

// writeFails is a connection that cannot be written to, as after the peer
// reset it.
type writeFails struct{ net.Conn }

func (writeFails) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }
