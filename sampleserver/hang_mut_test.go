package sampleserver

import (
	"io"
	"net"
	"testing"
)

// /hang holds a connection only while its client waits: once the client
// goes away, the server closes its side too, so the connection no longer
// counts against the server's bound on the connections it holds.
func TestHangLetsGoOfAClientThatLeft(t *testing.T) {
	s := startServer(t, Config{})
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, "GET /hang HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	waitFor(t, "the server to hold the connection", func() bool { return s.conns.len() == 1 })
	conn.Close()
	waitFor(t, "the server to let go of the connection", func() bool { return s.conns.len() == 0 })
}
