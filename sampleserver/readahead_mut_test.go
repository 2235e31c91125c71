package sampleserver

import (
	"bytes"
	"fmt"
	"net"
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
	c := handshakeSending(t, conn, s.Addr(), "/echo", text(true, "early"))
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

// Clients bursting at once each get their own messages back, whole and in
// order: a buffer lent for reading ahead goes back to the pool only once
// all its bytes are passed on, never while another connection could take
// it and write over bytes not yet passed on.
func TestEchoBurstsOfManyClientsStayApart(t *testing.T) {
	s := startServer(t, Config{})
	const clients = 16
	errs := make(chan error, clients)
	for n := range clients {
		c := rawDial(t, s.Addr(), "/echo")
		go func() {
			for round := range 8 {
				var wire []byte
				var want []string
				for i := range 300 {
					p := fmt.Sprintf("client %d round %d message %03d %s", n, round, i, bytes.Repeat([]byte{'a' + byte(n)}, 50+i%80))
					want = append(want, p)
					wire = append(wire, text(true, p).bytes()...)
				}
				if _, err := c.conn.Write(wire); err != nil {
					errs <- err
					return
				}
				for i, w := range want {
					f, err := wsframe.ReadFrame(c.r, 1<<20)
					if err != nil || f.Opcode != wsframe.Text || string(f.Payload) != w {
						errs <- fmt.Errorf("client %d, round %d, echo %d: %v %v %.40q, want %.40q", n, round, i, err, f.Opcode, f.Payload, w)
						return
					}
				}
			}
			errs <- nil
		}()
	}
	for range clients {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// The answer to a whole message goes out at once when the next message has
// only begun to arrive, even when what arrived of it is the header of its
// final frame: /echo batches answers only for messages already whole.
func TestEchoAnswersWhileTheNextFinalFrameIsOnItsWay(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	next := text(true, "second message, sent in two parts").bytes()
	if _, err := c.conn.Write(append(text(true, "first").bytes(), next[:10]...)); err != nil {
		t.Fatal(err)
	}
	if f := c.recvWithin(echoWait); string(f.Payload) != "first" {
		t.Fatalf("got %q, want \"first\" before the rest of the next message was sent", f.Payload)
	}
	if _, err := c.conn.Write(next[10:]); err != nil {
		t.Fatal(err)
	}
	if f := c.recvWithin(echoWait); string(f.Payload) != "second message, sent in two parts" {
		t.Fatalf("got %q, want the second message", f.Payload)
	}
}
