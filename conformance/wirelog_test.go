package conformance

import (
	"context"
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/testserver"
)

// The wire log reads a case's bytes back as frames (RFC 6455 §5.2): the
// handshake's first lines, each frame's header fields, the payload
// unmasked (§5.3), a close frame's code (§5.5.1), and how many writes a
// frame took when the case writes it one byte at a time (Autobahn's 2.6).
func TestWireLogReadsTheBytesBack(t *testing.T) {
	srv := testserver.Start(t)
	filter, err := CaseFilter("2.6,7.1.1")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), srv.URL("/echo"), Options{}, filter, nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Result{}
	for _, r := range rep.Results {
		byID[r.ID] = r
	}

	// 7.1.1: "Hello World!" and back, then the close handshake with 1000.
	w := byID["7.1.1"].Wire
	if len(w) < 6 {
		t.Fatalf("7.1.1 logged %d records: %+v", len(w), w)
	}
	if !w[0].Sent || !strings.HasPrefix(w[0].HTTP, "GET /echo HTTP/1.1") || w[1].Sent || !strings.Contains(w[1].HTTP, " 101 ") {
		t.Errorf("7.1.1 starts with %+v, %+v; want the request and the 101", w[0], w[1])
	}
	var text, echo, closeOut, closeIn *WireFrame
	for i := range w[2:] {
		f := &w[2+i]
		switch {
		case f.Opcode == byte(opText) && f.Sent:
			text = f
		case f.Opcode == byte(opText):
			echo = f
		case f.Opcode == byte(opClose) && f.Sent:
			closeOut = f
		case f.Opcode == byte(opClose):
			closeIn = f
		}
	}
	if text == nil || !text.Fin || !text.Masked || text.Length != 12 || text.HeaderLen != 6 || string(text.Prefix) != "Hello World!" || text.Writes != 1 {
		t.Errorf("the text frame sent: %+v", text)
	}
	if echo == nil || echo.Masked || echo.Length != 12 || echo.HeaderLen != 2 || string(echo.Prefix) != "Hello World!" {
		t.Errorf("the echo: %+v", echo)
	}
	if closeOut == nil || closeOut.CloseCode != 1000 || closeIn == nil || closeIn.CloseCode != 1000 || closeIn.At < closeOut.At {
		t.Errorf("the close handshake: %+v then %+v", closeOut, closeIn)
	}

	// 2.6: a ping of 125 bytes (0xFE), one write per byte of the frame.
	var ping *WireFrame
	for i, f := range byID["2.6"].Wire {
		if f.Sent && f.Opcode == byte(opPing) {
			ping = &byID["2.6"].Wire[i]
		}
	}
	if ping == nil || ping.Length != 125 || len(ping.Prefix) != WirePrefix || ping.Prefix[0] != 0xFE || ping.Writes != 6+125 {
		t.Errorf("the ping of 2.6: %+v", ping)
	}
}
