package wsclient_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient"
)

// The pinger of each client type, connected to srv's /, with its events.
type pinger struct {
	name    string
	connect func(t *testing.T, uri string, opts wsclient.StreamOptions) (ping func([]byte) (time.Duration, error), rec *recorder, stop func() error)
}

var pingers = []pinger{
	{"Stream", func(t *testing.T, uri string, opts wsclient.StreamOptions) (func([]byte) (time.Duration, error), *recorder, func() error) {
		opts.Payload = []byte{} // sends nothing of its own: only the ping is on the wire
		s := wsclient.NewStream(opts)
		if err := s.Start(uri); err != nil {
			t.Fatal(err)
		}
		return background(s.Ping), &recorder{t: t, events: s.Events()}, s.Stop
	}},
	{"MessageSocket", func(t *testing.T, uri string, opts wsclient.StreamOptions) (func([]byte) (time.Duration, error), *recorder, func() error) {
		m := wsclient.NewMessageSocket(opts.MessageOptions)
		if err := m.Connect(uri); err != nil {
			t.Fatal(err)
		}
		return background(m.Ping), &recorder{t: t, events: m.Events()}, m.Close
	}},
	{"FrameSocket", func(t *testing.T, uri string, opts wsclient.StreamOptions) (func([]byte) (time.Duration, error), *recorder, func() error) {
		f := wsclient.NewFrameSocket(opts.Options)
		if err := f.Connect(uri); err != nil {
			t.Fatal(err)
		}
		return background(f.Ping), &recorder{t: t, events: f.Events()}, f.Close
	}},
}

// RFC 6455 §5.5.2–3: a ping is answered by a pong; Ping reports the round
// trip, and the connection goes on.
func TestPingRoundTripRFC6455Section5_5_2(t *testing.T) {
	srv := wsServer(t, echo) // the library's server answers pings while it reads
	for _, p := range pingers {
		t.Run(p.name, func(t *testing.T) {
			ping, rec, stop := p.connect(t, wsURL(srv, "/"), wsclient.StreamOptions{})
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

// Every client type's ping carries the payload asked for, masked (RFC
// 6455 §5.3), as a frame of its own, and only the pong with that payload
// answers it (§5.5.3). The server here reads the client's frames with
// wsframe and answers every ping with its payload, except the one with
// payload "wrong", which gets a pong with another payload: that one must
// go unanswered (the library, which reads it too, ignores it), and the
// connection goes on. A payload of 126 bytes is refused, and nothing is
// sent (§5.5).
func TestPingPayloadRFC6455Section5_5_3(t *testing.T) {
	for _, p := range pingers {
		t.Run(p.name, func(t *testing.T) {
			seen := make(chan wsframe.Frame, 8)
			h := startHostile(t, "", func(c net.Conn) {
				br := bufio.NewReader(c)
				for {
					f, err := wsframe.ReadFrame(br, 1<<20)
					if err != nil {
						return
					}
					switch f.Opcode {
					case wsframe.Ping:
						seen <- f
						answer := f.Payload
						if string(f.Payload) == "wrong" {
							answer = []byte("something else")
						}
						c.Write(frame{fin: true, op: 0xA, payload: answer}.wire())
					case wsframe.Close:
						c.Write(frame{fin: true, op: 0x8, payload: f.Payload}.wire())
						return
					default:
						seen <- f // nothing else is sent: the test says what it got
					}
				}
			})
			// The answered pings must not time out on a loaded machine; the
			// one answered with the wrong payload waits all of it out.
			ping, rec, stop := p.connect(t, h.url(), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{PingTimeout: 2 * time.Second}}})
			rec.waitFor(wsclient.EventConnected, 5*time.Second)
			next := func(want []byte) {
				t.Helper()
				select {
				case f := <-seen:
					if f.Opcode != wsframe.Ping || !f.Fin || !f.Masked || !bytes.Equal(f.Payload, want) {
						t.Fatalf("the server saw a %v frame (FIN %v, masked %v) with %q, want a masked ping with %q", f.Opcode, f.Fin, f.Masked, f.Payload, want)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("the server saw no ping")
				}
			}
			for _, payload := range [][]byte{{0, 1, 2, 0xff, 'p', 'i', 'n', 'g'}, nil, bytes.Repeat([]byte{'x'}, 125)} {
				rtt, err := ping(payload)
				if err != nil {
					t.Fatalf("Ping(%q): %v", payload, err)
				}
				if rtt <= 0 || rtt > 5*time.Second {
					t.Fatalf("round trip %s", rtt)
				}
				next(payload)
			}
			if _, err := ping([]byte("wrong")); err == nil || !strings.Contains(err.Error(), "Error during ping: no pong within 2s") {
				t.Fatalf("a pong with another payload answered the ping: %v", err)
			}
			next([]byte("wrong"))
			if _, err := ping(bytes.Repeat([]byte{'x'}, 126)); !errors.Is(err, wsclient.ErrPingPayloadTooLong) {
				t.Fatalf("Ping with 126 bytes = %v, want ErrPingPayloadTooLong", err)
			}
			if _, err := ping([]byte("still there?")); err != nil {
				t.Fatalf("Ping after the unanswered one: %v", err)
			}
			next([]byte("still there?")) // and not the 126 bytes before it
			stop()
			if end := rec.waitForEnd(3 * time.Second); end.Close.Code != 1000 || end.Close.By != wsclient.ClosedByClient {
				t.Fatalf("ended with %q", end.String())
			}
		})
	}
}

// A server that never reads never answers a ping: Ping says so after the
// ping timeout and leaves the connection open.
func TestPingWithoutPong(t *testing.T) {
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) { <-ctx.Done() })
	for _, p := range pingers {
		t.Run(p.name, func(t *testing.T) {
			ping, rec, stop := p.connect(t, wsURL(srv, "/"), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{PingTimeout: 200 * time.Millisecond}}})
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
	if _, err := wsclient.NewStream(wsclient.StreamOptions{}).Ping(context.Background(), []byte("x")); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("Stream: %v", err)
	}
	if _, err := wsclient.NewMessageSocket(wsclient.MessageOptions{}).Ping(context.Background(), []byte("x")); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("MessageSocket: %v", err)
	}
	if _, err := wsclient.NewFrameSocket(wsclient.Options{}).Ping(context.Background(), []byte("x")); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("FrameSocket: %v", err)
	}
}

// mib is the size of the large messages pings go between: 1 MiB, the most
// a MessageSocket reads back whole.
const mib = 1 << 20

// numbered is a 1 MiB message (bench_test.go's payload) that starts
// with its number, so an echo out of order shows.
func numbered(i int) []byte {
	p := payload(mib)
	p[0] = byte(i)
	return p
}

// RFC 6455 §5.4, §5.5: pings during a large send, against the built-in
// echo. The wire writes each ping between two of the library's frames, so
// the 1 MiB messages come back byte for byte and every ping is answered.
func TestPingDuringALargeSendRFC6455Section5_4(t *testing.T) {
	srv := testserver.Start(t)
	t.Run("MessageSocket", func(t *testing.T) {
		m := wsclient.NewMessageSocket(wsclient.MessageOptions{})
		rec := &recorder{t: t, events: m.Events()}
		if err := m.Connect(srv.URL("/echo")); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(wsclient.EventConnected, 5*time.Second)
		const messages = 4
		sent := make(chan error, 1)
		go func() {
			for i := range messages {
				if err := m.SendBinary(numbered(i)); err != nil {
					sent <- err
					return
				}
			}
			sent <- nil
		}()
		for i := range 3 {
			if _, err := m.Ping(context.Background(), []byte(fmt.Sprintf("ping %d during 1 MiB messages", i))); err != nil {
				t.Fatalf("Ping %d: %v", i, err)
			}
		}
		if err := <-sent; err != nil {
			t.Fatal("SendBinary:", err)
		}
		for i := range messages {
			e := rec.waitFor(wsclient.EventMessage, 10*time.Second)
			if e.Type != wsclient.TypeBinary || e.Text != string(numbered(i)) {
				t.Fatalf("echo %d: %v of %d bytes, not the message sent", i, e.Type, len(e.Text))
			}
		}
		m.Close()
		if end := rec.waitForEnd(3 * time.Second); end.Close.Code != 1000 {
			t.Fatalf("ended with %q", end.String())
		}
	})
	t.Run("Stream", func(t *testing.T) {
		msg := payload(mib)
		var mu sync.Mutex
		var got int64 // bytes echoed so far, each checked against msg
		var bad string
		var lastData time.Time // when the echo last arrived: a failed ping says how long it had been silent
		// The pong comes back behind what TCP holds of the stream each
		// way, megabytes: seconds on a loaded machine. This test is about
		// where the pings go, not how fast: a generous timeout.
		opts := wsclient.MessageOptions{Options: wsclient.Options{PingTimeout: 30 * time.Second}}
		s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: opts, Payload: msg, Interval: wsclient.Continuous, OnData: func(p []byte) {
			mu.Lock()
			defer mu.Unlock()
			lastData = time.Now()
			for len(p) > 0 && bad == "" {
				off := int(got % mib)
				n := min(len(p), mib-off)
				if !bytes.Equal(p[:n], msg[off:off+n]) {
					bad = fmt.Sprintf("the echo differs from what was sent within bytes %d–%d", got, got+int64(n))
				}
				p, got = p[n:], got+int64(n)
			}
		}})
		rec := record(t, s)
		if err := s.Start(srv.URL("/echo")); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(wsclient.EventConnected, 5*time.Second)
		for i := range 5 {
			began := time.Now()
			if _, err := s.Ping(context.Background(), []byte(fmt.Sprintf("ping %d while streaming", i))); err != nil {
				mu.Lock()
				t.Fatalf("Ping %d: %v after %s, the echo silent for %s; %d bytes sent, %d received",
					i, err, time.Since(began).Round(time.Millisecond), time.Since(lastData).Round(time.Millisecond), s.Sent(), s.Received())
			}
		}
		eventually(t, 10*time.Second, "4 MiB echoed", func() bool { return s.Received() >= 4*mib })
		s.Stop()
		rec.waitForEnd(3 * time.Second)
		mu.Lock()
		defer mu.Unlock()
		if bad != "" {
			t.Fatal(bad)
		}
	})
}

// RFC 6455 §5.4, §5.5, seen from a raw server: while a Stream streams 1
// MiB messages, each ping arrives as a frame of its own between two data
// frames, never inside one. The server reads the client's bytes with
// wsframe's parser, so a ping written inside a frame would have shown as
// a data frame with the ping's bytes in its payload, or as no frame at all.
func TestPingLandsBetweenFramesRFC6455Section5_4(t *testing.T) {
	msg := payload(mib)
	type seenFrame struct {
		op      wsframe.Opcode
		intact  bool // a data frame: FIN, binary, the payload byte for byte
		payload string
	}
	seen := make(chan seenFrame, 4096)
	h := startHostile(t, "", func(c net.Conn) {
		c.SetDeadline(time.Now().Add(30 * time.Second))
		br := bufio.NewReader(c)
		for {
			f, err := wsframe.ReadFrame(br, 2*mib)
			if err != nil {
				return
			}
			sf := seenFrame{op: f.Opcode}
			switch f.Opcode {
			case wsframe.Ping:
				sf.payload = string(f.Payload)
				c.Write(frame{fin: true, op: 0xA, payload: f.Payload}.wire())
			case wsframe.Close:
				c.Write(frame{fin: true, op: 0x8, payload: f.Payload}.wire())
				close(seen)
				return
			default:
				sf.intact = f.Fin && f.Masked && f.Opcode == wsframe.Binary && bytes.Equal(f.Payload, msg)
			}
			select {
			case seen <- sf:
			default: // the test stops reading only when it has failed
			}
		}
	})
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: msg, Interval: wsclient.Continuous})
	rec := record(t, s)
	if err := s.Start(h.url()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	const pings = 5
	for i := range pings {
		if _, err := s.Ping(context.Background(), []byte(fmt.Sprintf("ping %d", i))); err != nil {
			t.Fatalf("Ping %d: %v", i, err)
		}
	}
	eventually(t, 10*time.Second, "4 MiB sent", func() bool { return s.Sent() >= 4*mib })
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	var data, pinged int
	for f := range seen {
		switch f.op {
		case wsframe.Ping:
			if want := fmt.Sprintf("ping %d", pinged); f.payload != want {
				t.Fatalf("ping %d carried %q, want %q", pinged, f.payload, want)
			}
			pinged++
		default:
			if !f.intact {
				t.Fatalf("data frame %d is not the 1 MiB message whole: a ping went inside it, or it was cut", data)
			}
			data++
		}
	}
	if pinged != pings || data < 4 {
		t.Fatalf("the server saw %d pings and %d data frames, want %d and at least 4", pinged, data, pings)
	}
}

// A ping behind a send that a server does not read waits for the frame
// under way at most the ping timeout, then says it could not be sent (or,
// if it got into the socket, that no pong came); Stop still ends the
// connection within StopTimeout.
func TestPingBehindAStuckSend(t *testing.T) {
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			release := make(chan struct{})
			srv := startHostile(t, "", func(c net.Conn) {
				if tc, ok := c.(*net.TCPConn); ok {
					tc.SetReadBuffer(4 << 10)
				}
				<-release // never read
			})
			t.Cleanup(func() { close(release) }) // before the server's own cleanup
			opts := wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{PingTimeout: 200 * time.Millisecond}}}
			s, sending := stuckOn(t, srv, kind, opts)
			defer close(sending)
			began := time.Now()
			if _, err := s.ping([]byte("behind")); !failedInTime(err, 200*time.Millisecond) {
				t.Fatalf("Ping behind a stuck send = %v, want it unsent or unanswered within 200ms", err)
			}
			if took := time.Since(began); took > 2*time.Second {
				t.Errorf("Ping took %s with a 200ms ping timeout", took)
			}
			bound := wsclient.StopTimeout + time.Second
			if took, stalled, _ := timedStop(t, s.stop, bound); took-stalled > bound {
				t.Errorf("Stop took %s (the process stalled %s of it), more than StopTimeout (%s)", took, stalled, wsclient.StopTimeout)
			}
			s.rec.waitForEnd(wsclient.StopTimeout + 2*time.Second)
		})
	}
}
