package wsclient_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient"
)

// The pinger of each client type, connected to srv's /, with its events.
type pinger struct {
	name    string
	connect func(t *testing.T, uri string, opts wsclient.Options) (ping func([]byte) (time.Duration, error), rec *recorder, stop func() error)
}

var pingers = []pinger{
	{"Stream", func(t *testing.T, uri string, opts wsclient.Options) (func([]byte) (time.Duration, error), *recorder, func() error) {
		opts.Payload = []byte{} // sends nothing of its own: only the ping is on the wire
		s := wsclient.NewStream(opts)
		if err := s.Start(uri); err != nil {
			t.Fatal(err)
		}
		return func([]byte) (time.Duration, error) { return s.Ping() }, &recorder{t: t, events: s.Events()}, s.Stop
	}},
	{"MessageSocket", func(t *testing.T, uri string, opts wsclient.Options) (func([]byte) (time.Duration, error), *recorder, func() error) {
		m := wsclient.NewMessageSocket(opts)
		if err := m.Connect(uri); err != nil {
			t.Fatal(err)
		}
		return func([]byte) (time.Duration, error) { return m.Ping() }, &recorder{t: t, events: m.Events()}, m.Close
	}},
	{"FrameSocket", func(t *testing.T, uri string, opts wsclient.Options) (func([]byte) (time.Duration, error), *recorder, func() error) {
		f := wsclient.NewFrameSocket(opts)
		if err := f.Connect(uri); err != nil {
			t.Fatal(err)
		}
		return f.Ping, &recorder{t: t, events: f.Events()}, f.Close
	}},
}

// RFC 6455 §5.5.2–3: a ping is answered by a pong; Ping reports the round
// trip, and the connection goes on.
func TestPingRoundTripRFC6455Section5_5_2(t *testing.T) {
	srv := wsServer(t, echo) // the library's server answers pings while it reads
	for _, p := range pingers {
		t.Run(p.name, func(t *testing.T) {
			ping, rec, stop := p.connect(t, wsURL(srv, "/"), wsclient.Options{})
			rec.waitFor(wsclient.EventConnected, 5*time.Second)
			for range 3 {
				rtt, err := ping([]byte("abc"))
				if err != nil {
					t.Fatalf("Ping: %v", err)
				}
				if rtt <= 0 || rtt > 5*time.Second {
					t.Fatalf("round trip %s", rtt)
				}
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			if end := rec.waitForEnd(3 * time.Second); end.Close.Code != 1000 || end.Close.By != wsclient.ClosedByClient {
				t.Fatalf("the connection ended with %q, want our own close", end.String())
			}
		})
	}
}

// A FrameSocket's ping carries the payload asked for, and only the pong
// with that payload answers it (§5.5.3). The server here answers every
// ping with its payload, except the one with payload "wrong", which gets
// a pong with another payload: that one must go unanswered.
func TestFrameSocketPingPayloadRFC6455Section5_5_3(t *testing.T) {
	seen := make(chan []byte, 8)
	h := startHostile(t, "", func(c net.Conn) {
		br := bufio.NewReader(c)
		for {
			f, err := wsframe.ReadFrame(br, 1<<20)
			if err != nil {
				return
			}
			switch f.Opcode {
			case wsframe.Ping:
				seen <- f.Payload
				answer := f.Payload
				if string(f.Payload) == "wrong" {
					answer = []byte("something else")
				}
				c.Write(frame{fin: true, op: 0xA, payload: answer}.wire())
			case wsframe.Close:
				c.Write(frame{fin: true, op: 0x8, payload: f.Payload}.wire())
				return
			}
		}
	})
	f := wsclient.NewFrameSocket(wsclient.Options{PingTimeout: 300 * time.Millisecond})
	rec := &recorder{t: t, events: f.Events()}
	if err := f.Connect(h.url()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	for _, payload := range [][]byte{{0, 1, 2, 0xff, 'p', 'i', 'n', 'g'}, nil, bytes.Repeat([]byte{'x'}, 125)} {
		if _, err := f.Ping(payload); err != nil {
			t.Fatalf("Ping(%q): %v", payload, err)
		}
		if got := <-seen; !bytes.Equal(got, payload) {
			t.Fatalf("the server saw a ping with %q, want %q", got, payload)
		}
	}
	if _, err := f.Ping([]byte("wrong")); err == nil || !strings.Contains(err.Error(), "no pong within") {
		t.Fatalf("a pong with another payload answered the ping: %v", err)
	}
	if _, err := f.Ping(bytes.Repeat([]byte{'x'}, 126)); !errors.Is(err, wsclient.ErrPingPayloadTooLong) {
		t.Fatalf("Ping with 126 bytes = %v, want ErrPingPayloadTooLong", err)
	}
	f.Close()
	if end := rec.waitForEnd(3 * time.Second); end.Close.Code != 1000 {
		t.Fatalf("ended with %q", end.String())
	}
}

// A server that never reads never answers a ping: Ping says so after the
// ping timeout and leaves the connection open.
func TestPingWithoutPong(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) { <-ctx.Done() })
	for _, p := range pingers {
		t.Run(p.name, func(t *testing.T) {
			ping, rec, stop := p.connect(t, wsURL(srv, "/"), wsclient.Options{PingTimeout: 200 * time.Millisecond})
			rec.waitFor(wsclient.EventConnected, 5*time.Second)
			_, err := ping([]byte("hello?"))
			var se *wsclient.StreamError
			if !errors.As(err, &se) || se.Op != "ping" || !strings.Contains(err.Error(), "no pong within 200ms") {
				t.Fatalf("Ping = %v, want no pong within 200ms", err)
			}
			// Still connected: a second ping is sent (and goes unanswered).
			if _, err := ping(nil); !errors.As(err, &se) {
				t.Fatalf("second Ping = %v, want no pong again", err)
			}
			stop()
			if end := rec.waitForEnd(3 * time.Second); end.Close.By != wsclient.ClosedByClient {
				t.Fatalf("ended with %q, want our own close", end.String())
			}
			for _, e := range rec.seen {
				if e.Kind == wsclient.EventReadFailed || e.Kind == wsclient.EventWriteFailed {
					t.Fatalf("a missed pong failed the connection: %q", e.String())
				}
			}
		})
	}
}

func TestPingWithoutConnection(t *testing.T) {
	if _, err := wsclient.NewStream(wsclient.Options{}).Ping(); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("Stream: %v", err)
	}
	if _, err := wsclient.NewMessageSocket(wsclient.Options{}).Ping(); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("MessageSocket: %v", err)
	}
	if _, err := wsclient.NewFrameSocket(wsclient.Options{}).Ping([]byte("x")); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("FrameSocket: %v", err)
	}
}
