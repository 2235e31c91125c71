package conformance

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// This app's own clients (package wsclient) as the clients of a fuzzing
// run: each connects to a case's URL, echoes what arrives, and is done
// when the connection ends, as an Autobahn client script is. The tests
// and the window's "run this app's clients" use these.

// OwnClient is one of wsclient's client types as a fuzzing run's client.
type OwnClient struct {
	// Name is the client type, and its agent in the run: "MessageSocket",
	// "MessageSocket+deflate" (offering permessage-deflate), "FrameSocket"
	// or "Stream".
	Name string
	// Applies reports whether a case applies to the client type: a
	// FrameSocket sends text frames only, a Stream sends its own payload
	// and cannot echo.
	Applies func(Case) bool
	// play runs one case at uri: connect, echo, return once the
	// connection ended (or ctx did). ping asks the client to ping after
	// each echo, for the case that counts the keys of its pings.
	play func(ctx context.Context, uri string, ping bool) error
}

// OwnClients returns wsclient's three client types, the MessageSocket
// twice: without compression, and offering it for 12 and 13.
func OwnClients() []OwnClient {
	return []OwnClient{
		{Name: "MessageSocket", Applies: func(Case) bool { return true }, play: playMessages(wsclient.CompressionOff)},
		// With compression, for the cases of permessage-deflate (12, 13).
		{Name: "MessageSocket+deflate", Applies: func(c Case) bool { return c.ab != nil && c.ab.offers != nil },
			play: playMessages(wsclient.CompressionContextTakeover)},
		{Name: "FrameSocket", Applies: func(c Case) bool { return !echoesBinary(c) }, play: func(ctx context.Context, uri string, ping bool) error {
			f := wsclient.NewFrameSocket(wsclient.Options{})
			return playEvents(ctx, uri, f.Connect, f.Events(), f.Close, func(e wsclient.Event) {
				if e.Kind != wsclient.EventFrame {
					return
				}
				f.SendFrame(e.Text, e.Complete)
				if ping {
					pingOnce(f.Ping)
				}
			})
		}},
		// Only the cases where the client must fail the connection (or
		// refuse the handshake) apply to a Stream.
		{Name: "Stream", Applies: func(c Case) bool { return c.echoFree }, play: func(ctx context.Context, uri string, _ bool) error {
			s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}}) // sends nothing of its own
			return playEvents(ctx, uri, s.Start, s.Events(), s.Stop, func(wsclient.Event) {})
		}},
	}
}

// playMessages plays a case with a MessageSocket that echoes every
// message, offering compression as given.
func playMessages(comp wsclient.Compression) func(ctx context.Context, uri string, ping bool) error {
	return func(ctx context.Context, uri string, ping bool) error {
		m := wsclient.NewMessageSocket(wsclient.MessageOptions{Compression: comp})
		return playEvents(ctx, uri, m.Connect, m.Events(), m.Close, func(e wsclient.Event) {
			if e.Kind != wsclient.EventMessage {
				return
			}
			if e.Type == wsclient.TypeBinary {
				m.SendBinary([]byte(e.Text))
			} else {
				m.Send(e.Text)
			}
			if ping {
				pingOnce(m.Ping)
			}
		})
	}
}

// RunOwnClient runs c through every case of s that applies to it (and
// that keep, when set, keeps), one at a time, as the agent c.Name. It
// returns once the last case has been judged, or with ctx's error when
// ctx ends, or an error when a connection of c does not end in time.
func (s *FuzzingServer) RunOwnClient(ctx context.Context, c OwnClient, keep func(Case) bool) error {
	for n, cs := range s.cases {
		if !c.Applies(cs) || (keep != nil && !keep(cs)) {
			continue
		}
		bound := max(s.opts.CaseTimeout, cs.minTimeout) + 10*time.Second
		cctx, cancel := context.WithTimeout(ctx, bound)
		uri := fmt.Sprintf("%s/runCase?case=%d&agent=%s", s.URL(), n+1, url.QueryEscape(c.Name))
		err := c.play(cctx, uri, cs.ab != nil && cs.ab.checkKeys)
		cancel()
		if err := ctx.Err(); err != nil {
			return err
		}
		if err != nil {
			return fmt.Errorf("%s, case %s: %w", c.Name, cs.ID, err)
		}
	}
	if !s.settled(c.Name, settleWait) {
		return fmt.Errorf("%s: a case was still being judged %v after its connection ended", c.Name, settleWait)
	}
	return nil
}

// echoesBinary reports whether a case expects a binary message back.
func echoesBinary(c Case) bool {
	if c.ab == nil {
		return false
	}
	if c.ab.seq != nil {
		return c.ab.seq.binary
	}
	for _, o := range c.ab.expect {
		if slices.ContainsFunc(o.events, func(e event) bool { return e.kind == evMessage && e.binary }) {
			return true
		}
	}
	return false
}

// pingOnce pings in the background, as a client's keep-alive does, for
// at most a second.
func pingOnce(ping func(context.Context, []byte) (time.Duration, error)) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		ping(ctx, []byte("the client's own ping"))
	}()
}

// playEvents connects and hands each event to echo until the
// connection's final event, or until ctx ends.
func playEvents(ctx context.Context, uri string, connect func(string) error, events <-chan wsclient.Event, stop func() error, echo func(wsclient.Event)) error {
	if err := connect(uri); err != nil {
		return err
	}
	defer stop()
	for {
		select {
		case e := <-events:
			echo(e)
			if e.IsFinal() {
				return nil
			}
		case <-ctx.Done():
			return fmt.Errorf("the connection did not end in time: %w", ctx.Err())
		}
	}
}
