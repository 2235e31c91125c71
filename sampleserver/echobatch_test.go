package sampleserver

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// echoWait bounds each wait for an echo: an answer that does not come
// within it was held.
const echoWait = 5 * time.Second

func (c *rawConn) recvWithin(d time.Duration) wsframe.Frame {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(d))
	defer c.conn.SetReadDeadline(time.Now().Add(testTimeout))
	return c.recv()
}

// /echo answers a lone message at once: batching never waits for more.
func TestEchoAnswersALoneMessageAtOnce(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	for i := range 3 {
		msg := fmt.Sprintf("Hello World %d", i)
		c.sendFrames(text(true, msg))
		if f := c.recvWithin(echoWait); f.Opcode != wsframe.Text || string(f.Payload) != msg {
			t.Fatalf("echo %d: %v %q, want %q", i, f.Opcode, f.Payload, msg)
		}
	}
}

// A burst of messages in one write comes back whole and in order, each
// its own message (RFC 6455 §5.4: the server may cut a message into other
// frames, never merge two), whatever batches the answers went in.
func TestEchoAnswersABurstInOrder(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	var burst []frame
	var want []string
	for i := range 500 {
		p := string(bytes.Repeat([]byte{'a' + byte(i%26)}, 1+i*7%3000))
		burst = append(burst, text(true, p))
		want = append(want, p)
		if i%50 == 0 { // a message in two frames now and then
			burst = append(burst, text(false, "frag"), cont(true, fmt.Sprint(i)))
			want = append(want, "frag"+fmt.Sprint(i))
		}
	}
	c.sendFrames(burst...)
	for i, w := range want {
		f := c.recvWithin(echoWait)
		if f.Opcode != wsframe.Text || !f.Fin || string(f.Payload) != w {
			t.Fatalf("echo %d: %v (fin %v) of %d bytes, want the %d bytes sent", i, f.Opcode, f.Fin, len(f.Payload), len(w))
		}
	}
}

// Answers held in a batch go out before the pong a ping in the burst gets
// (§5.5.2), and before the close frame that ends it (§5.5.1).
func TestEchoBatchGoesOutBeforePongAndClose(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	c.sendFrames(text(true, "one"), text(true, "two"), frame{fin: true, op: wsframe.Ping, payload: "p"},
		text(true, "three"), closeFrame(1000, "bye"))
	for _, w := range []struct {
		op wsframe.Opcode
		p  string
	}{{wsframe.Text, "one"}, {wsframe.Text, "two"}, {wsframe.Pong, "p"}, {wsframe.Text, "three"}} {
		if f := c.recvWithin(echoWait); f.Opcode != w.op || string(f.Payload) != w.p {
			t.Fatalf("got %v %q, want %v %q", f.Opcode, f.Payload, w.op, w.p)
		}
	}
	f := c.recvWithin(echoWait)
	if code, reason := wsframe.ParseClosePayload(f.Payload); f.Opcode != wsframe.Close || code != 1000 || reason != "bye" {
		t.Fatalf("last: %v %d %q, want the close 1000 \"bye\"", f.Opcode, code, reason)
	}
}

// The answers to the messages that did arrive whole go out at once, even
// when the message after them is still on its way: a batch never waits
// for the network.
func TestEchoDoesNotHoldAnswersForAMessageOnItsWay(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	c.sendFrames(text(true, "first"), text(true, "second"), text(false, "par"))
	for _, w := range []string{"first", "second"} {
		if f := c.recvWithin(echoWait); string(f.Payload) != w {
			t.Fatalf("got %q, want %q before the rest of the next message was sent", f.Payload, w)
		}
	}
	c.sendFrames(cont(true, "tial"))
	if f := c.recvWithin(echoWait); string(f.Payload) != "partial" {
		t.Fatalf("got %q, want \"partial\"", f.Payload)
	}
}

// A burst larger than the library's 4 KiB read buffer is read ahead
// (checkedConn.Read), and what was read ahead is held to RFC 6455 like
// every byte (§8.1: invalid UTF-8 fails the connection with 1007): the
// messages before the bad one come back whole and in order, none after it.
func TestEchoReadAheadIsChecked(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/echo")
	var burst []frame
	for i := range 200 {
		burst = append(burst, text(true, fmt.Sprintf("%03d %s", i, bytes.Repeat([]byte{'x'}, 100))))
	}
	burst = append(burst, text(true, "bad \xff"), text(true, "never echoed"))
	c.sendFrames(burst...)
	for i := range 200 {
		f := c.recvWithin(echoWait)
		if want := string(burst[i].payload); f.Opcode != wsframe.Text || string(f.Payload) != want {
			t.Fatalf("echo %d: %v %.20q, want %.20q", i, f.Opcode, f.Payload, want)
		}
	}
	if code, reason := c.recvClose(); code != 1007 || reason == "" {
		t.Fatalf("after the burst: close %d %q, want 1007 with a reason", code, reason)
	}
	c.expectEOF()
}
