package wsclient_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// RFC 6455 §5.5.2: the keep-alive pings count up, "keep-alive 1",
// "keep-alive 2", …, so the wire view tells one from the next (and from a
// person's Ping).
func TestKeepAlivePingsCountUp(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{PingInterval: 10 * time.Millisecond, Options: wsclient.Options{WireView: true}}})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventPong, 5*time.Second)
	rec.waitFor(wsclient.EventPong, 5*time.Second)
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	sent, _, _, _ := records(rec.seen)
	var pings []string
	for _, r := range sent {
		if r.Opcode == wsclient.OpPing {
			pings = append(pings, string(r.Prefix))
		}
	}
	if len(pings) < 2 || pings[0] != "keep-alive 1" || pings[1] != "keep-alive 2" {
		t.Errorf("keep-alive pings %q, want \"keep-alive 1\", \"keep-alive 2\", …", pings)
	}
}

// connectMessageSocket opens a MessageSocket with opts to url and waits
// for it to connect.
func connectMessageSocket(t *testing.T, url string, opts wsclient.MessageOptions) (*wsclient.MessageSocket, *recorder) {
	t.Helper()
	m := wsclient.NewMessageSocket(opts)
	rec := &recorder{t: t, events: m.Events()}
	if err := m.Connect(url); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	return m, rec
}

// RFC 6455 §5.5: a control frame's payload is at most 125 bytes. A ping
// of exactly 125 is sent and answered; one of 126 is refused.
func TestPingOf125BytesIsSentRFC6455Section5_5(t *testing.T) {
	srv := wsServer(t, echo)
	m, rec := connectMessageSocket(t, wsURL(srv, "/"), wsclient.MessageOptions{})
	if _, err := m.Ping(context.Background(), bytes.Repeat([]byte{'x'}, 125)); err != nil {
		t.Errorf("Ping with 125 bytes: %v", err)
	}
	if _, err := m.Ping(context.Background(), bytes.Repeat([]byte{'x'}, 126)); !errors.Is(err, wsclient.ErrPingPayloadTooLong) {
		t.Errorf("Ping with 126 bytes = %v, want ErrPingPayloadTooLong", err)
	}
	m.Close()
	rec.waitForEnd(5 * time.Second)
}

// A ping that went into the socket but got no pong (RFC 6455 §5.5.2: the
// server does not read, so does not answer) is reported as "no pong", not as
// a ping that could not be sent.
func TestPingThatLeftButGotNoPongSaysNoPong(t *testing.T) {
	release := make(chan struct{})
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		select { // reads nothing, so answers no ping, until the test is done
		case <-release:
		case <-ctx.Done():
			return
		}
		echo(ctx, c) // then reads again, so the close handshake is quick
	})
	m, rec := connectMessageSocket(t, wsURL(srv, "/"), wsclient.MessageOptions{Options: wsclient.Options{PingTimeout: 100 * time.Millisecond}})
	_, err := m.Ping(context.Background(), []byte("hello?"))
	if err == nil || !strings.Contains(err.Error(), "no pong within 100ms") {
		t.Errorf("Ping = %v, want no pong within 100ms", err)
	}
	close(release)
	m.Close()
	rec.waitForEnd(5 * time.Second)
}
