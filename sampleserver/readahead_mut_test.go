package sampleserver

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// A client that sends its first message in the same write as its opening
// handshake (RFC 6455 §4.1 asks it to wait for the 101; some do not) is
// served all the same: the bytes net/http read behind the request are
// checked and echoed first. Then a burst larger than the 4 KiB read
// buffer, which /echo reads ahead, comes back whole and in order: the
// buffer those first bytes came in is not one lent for reading ahead,
// and must not be given back as one.
func TestEchoServesAMessageSentWithTheHandshake(t *testing.T) {
	s := startServer(t, Config{})
	conn, err := net.DialTimeout("tcp", s.Addr(), testTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(testTimeout))
	key := "dGhlIHNhbXBsZSBub25jZQ=="
	req := fmt.Sprintf("GET /echo HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", s.Addr(), key)
	if _, err := conn.Write(append([]byte(req), text(true, "early").bytes()...)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake: %v %v", resp, err)
	}
	c := &rawConn{t: t, conn: conn, r: r}
	if f := c.recvWithin(echoWait); f.Opcode != wsframe.Text || string(f.Payload) != "early" {
		t.Fatalf("first echo: %v %q, want the message sent with the handshake", f.Opcode, f.Payload)
	}
	for round := range 3 {
		var burst []frame
		for i := range 200 {
			burst = append(burst, text(true, fmt.Sprintf("%d %03d %s", round, i, bytes.Repeat([]byte{'x'}, 100))))
		}
		c.sendFrames(burst...)
		for i, sent := range burst {
			if f := c.recvWithin(echoWait); f.Opcode != wsframe.Text || string(f.Payload) != sent.payload {
				t.Fatalf("round %d, echo %d: %v %.20q, want %.20q", round, i, f.Opcode, f.Payload, sent.payload)
			}
		}
	}
}
