package wsclient_test

import (
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient"
)

// deflateServer is a ws server that agrees to permessage-deflate in mode,
// compressing every message of at least threshold bytes, and hands each
// connection to handle. (The built-in server does not compress yet.)
func deflateServer(t *testing.T, mode websocket.CompressionMode, threshold int, handle func(ctx context.Context, c *websocket.Conn)) string {
	t.Helper()
	var running handlers
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !running.enter() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		defer running.leave()
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: mode, CompressionThreshold: threshold})
		if err != nil {
			return
		}
		defer c.CloseNow()
		handle(ctx, c)
	}))
	t.Cleanup(func() {
		cancel()
		srv.Close()
		running.closeAndWait()
	})
	return wsURL(srv, "/")
}

// echoWhole echoes each message whole, in one frame.
func echoWhole(ctx context.Context, c *websocket.Conn) {
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			return
		}
		if err := c.Write(ctx, typ, data); err != nil {
			return
		}
	}
}

// inflate is what a receiver does with a compressed message's payload
// (RFC 7692 §7.2.2): append 00 00 ff ff and inflate.
func inflate(t *testing.T, payload []byte) string {
	t.Helper()
	out, err := io.ReadAll(flate.NewReader(io.MultiReader(bytes.NewReader(payload), strings.NewReader("\x00\x00\xff\xff"))))
	if err != nil && err != io.ErrUnexpectedEOF {
		t.Fatalf("inflate %x: %v", payload, err)
	}
	return string(out)
}

// RFC 7692: with compression agreed, each message goes out as one frame
// with RSV1 set and deflate data as its payload, and comes back the same
// way; the messages are whole again above the library. The wire view
// shows the compressed frames, and their bytes inflate to the message.
func TestCompressionRFC7692Echo(t *testing.T) {
	for _, tc := range []struct {
		client     wsclient.Compression
		server     websocket.CompressionMode
		extensions string
	}{
		{wsclient.CompressionContextTakeover, websocket.CompressionContextTakeover, "permessage-deflate"},
		{wsclient.CompressionNoContextTakeover, websocket.CompressionNoContextTakeover, "permessage-deflate; client_no_context_takeover; server_no_context_takeover"},
	} {
		t.Run(tc.client.String(), func(t *testing.T) {
			uri := deflateServer(t, tc.server, 1, echoWhole)
			m := wsclient.NewMessageSocket(wsclient.MessageOptions{Compression: tc.client, CompressionThreshold: 1, Options: wsclient.Options{WireView: true}})
			rec := &recorder{t: t, events: m.Events()}
			if err := m.Connect(uri); err != nil {
				t.Fatal(err)
			}
			connected := rec.waitFor(wsclient.EventConnected, 5*time.Second)
			if connected.Info.Extensions != tc.extensions {
				t.Errorf("Extensions = %q, want %q", connected.Info.Extensions, tc.extensions)
			}
			if got := connected.Timeline().Step(wsclient.StepOpen).String(); got != "WebSocket open (extensions "+tc.extensions+")" {
				t.Errorf("WebSocket step = %q", got)
			}
			short := strings.Repeat("a", 200)             // deflates to a few bytes: the record holds them all
			long := strings.Repeat("Hello World é ", 100) // 1,500 bytes of UTF-8 text
			for _, text := range []string{short, long} {
				if err := m.Send(text); err != nil {
					t.Fatal(err)
				}
				if got := rec.waitFor(wsclient.EventMessage, 5*time.Second); got.Text != text {
					t.Fatalf("echo of %d bytes came back as %d", len(text), len(got.Text))
				}
			}
			m.Close()
			rec.waitForEnd(5 * time.Second)

			sent, received, _, _ := records(rec.seen)
			for _, side := range [][]wsclient.FrameRecord{sent, received} {
				if len(side) != 3 { // two messages and the close
					t.Fatalf("records %q", side)
				}
				for i, text := range []string{short, long} {
					r := side[i]
					if !r.Compressed || !r.RSV[0] || r.Opcode != wsclient.OpText || !r.Fin || r.Length >= uint64(len(text)) {
						t.Errorf("record of a %d-byte message: %s", len(text), r)
					}
					if !strings.Contains(r.String(), "text "+strconv.FormatUint(r.Length, 10)+" B compressed (RSV1), FIN") {
						t.Errorf("record = %q", r)
					}
				}
				// The first message (no earlier context): its whole
				// compressed payload is in the record, and inflates to it.
				if side[0].Length > wsclient.WirePrefix || inflate(t, side[0].Prefix) != short {
					t.Errorf("the record's %d bytes %x do not inflate to the message", side[0].Length, side[0].Prefix)
				}
				if side[2].Compressed || side[2].Opcode != wsclient.OpClose {
					t.Errorf("a close frame is never compressed: %s", side[2])
				}
			}
		})
	}
}

// A server that does not do compression declines the offer (RFC 7692 §5):
// messages go uncompressed, and the timeline says it was declined.
func TestCompressionDeclined(t *testing.T) {
	srv := wsServer(t, echo)
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{Compression: wsclient.CompressionContextTakeover, Options: wsclient.Options{WireView: true}})
	rec := &recorder{t: t, events: m.Events()}
	if err := m.Connect(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	connected := rec.waitFor(wsclient.EventConnected, 5*time.Second)
	if err := m.Send(strings.Repeat("x", 300)); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventMessage, 5*time.Second)
	m.Close()
	rec.waitForEnd(5 * time.Second)
	if connected.Info.Extensions != "" {
		t.Errorf("Extensions = %q", connected.Info.Extensions)
	}
	if got := connected.Timeline().Step(wsclient.StepOpen).String(); got != "WebSocket open (compression offered (permessage-deflate), the server declined)" {
		t.Errorf("WebSocket step = %q", got)
	}
	http := strings.Join(connected.Timeline().Step(wsclient.StepUpgrade).Lines, "\n")
	if !strings.Contains(http, "> Sec-Websocket-Extensions: permessage-deflate") {
		t.Errorf("the offer is not in the request:\n%s", http)
	}
	sent, _, _, _ := records(rec.seen)
	if len(sent) == 0 || sent[0].Compressed || sent[0].RSV[0] || sent[0].Length != 300 {
		t.Errorf("sent %q", sent)
	}
}

// RFC 6455 §8.1 with RFC 7692: the text of a compressed message exists only
// once inflated, so the reader checks it there, and a server that sends a
// compressed text message that is not UTF-8 gets 1007 from every client
// that compresses, as an uncompressed one gets it from the wire.
func TestCompressedTextNotUTF8FailsWith1007(t *testing.T) {
	for _, tc := range []struct {
		name, text, reason string
		good               int64 // bytes of the text a Stream passes on before the bad one
	}{
		{"invalid byte", "ok \xff bad", "Invalid UTF-8 in a text message.", 3},
		{"cut character", "ok \xe2\x82", "A text message ends in the middle of a UTF-8 character.", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			uri := deflateServer(t, websocket.CompressionContextTakeover, 1, func(ctx context.Context, c *websocket.Conn) {
				c.Write(ctx, websocket.MessageText, []byte(tc.text))
				c.Read(ctx) // until the client's close
			})
			want := "Closed; Code: 1007, Reason: " + tc.reason + " [the client failed the connection]"

			s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{Compression: wsclient.CompressionContextTakeover, Options: wsclient.Options{WireView: true}}})
			rec := record(t, s)
			if err := s.Start(uri); err != nil {
				t.Fatal(err)
			}
			if end := rec.waitForEnd(5 * time.Second); end.String() != want {
				t.Errorf("Stream: %q, want %q", end.String(), want)
			}
			if s.Received() != tc.good {
				t.Errorf("Stream passed on %d bytes, want %d (the valid start)", s.Received(), tc.good)
			}
			_, received, _, _ := records(rec.seen)
			if len(received) == 0 || !received[0].Compressed {
				t.Errorf("the server's message was not compressed: %q", received)
			}

			m := wsclient.NewMessageSocket(wsclient.MessageOptions{Compression: wsclient.CompressionContextTakeover})
			mrec := &recorder{t: t, events: m.Events()}
			if err := m.Connect(uri); err != nil {
				t.Fatal(err)
			}
			if end := mrec.waitForEnd(5 * time.Second); end.String() != want {
				t.Errorf("MessageSocket: %q, want %q", end.String(), want)
			}
			if i := indexOf(mrec.seen, wsclient.EventMessage); i >= 0 {
				t.Errorf("the bad message was delivered: %q", mrec.seen[i].Text)
			}
		})
	}
}

// RFC 6455 §5.6 and §8.1 with RFC 7692: a character of a compressed text
// message may be cut between two partial reads of its inflated bytes; the
// message is checked whole, so only its end may not fall inside a
// character. A Stream reading 3 bytes at a time gets "ab€cd" (€ is
// E2 82 AC) as "ab\xe2", "\x82\xacc", "d": valid, all passed on.
func TestCompressedTextCutBetweenReadsIsValidRFC6455Section8_1(t *testing.T) {
	const text = "ab€cd"
	uri := deflateServer(t, websocket.CompressionContextTakeover, 1, func(ctx context.Context, c *websocket.Conn) {
		c.Write(ctx, websocket.MessageText, []byte(text))
		c.Close(websocket.StatusNormalClosure, "that was all")
	})
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, ReadSize: 3,
		MessageOptions: wsclient.MessageOptions{Compression: wsclient.CompressionContextTakeover}})
	rec := record(t, s)
	if err := s.Start(uri); err != nil {
		t.Fatal(err)
	}
	want := "Closed; Code: 1000, Reason: that was all [closed by the server]"
	if end := rec.waitForEnd(5 * time.Second); end.String() != want {
		t.Errorf("Stream: %q, want %q", end.String(), want)
	}
	if s.Received() != int64(len(text)) {
		t.Errorf("Stream passed on %d bytes, want %d", s.Received(), len(text))
	}
}

// answering101 answers every handshake with a 101 carrying the given
// Sec-WebSocket-Extensions, then holds the connection until the client
// goes: a server whose answer the client must refuse.
func answering101(t *testing.T, extensions string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + wsframe.AcceptKey(r.Header.Get("Sec-WebSocket-Key")) + "\r\n" +
			"Sec-WebSocket-Extensions: " + extensions + "\r\n\r\n")
		brw.Flush()
		io.Copy(io.Discard, bufio.NewReader(conn))
	}))
	t.Cleanup(srv.Close)
	return wsURL(srv, "/")
}

// RFC 6455 §4.1 and RFC 7692 §7.1: a 101 whose extensions the client did
// not offer, or whose permessage-deflate parameters it cannot honour,
// fails the connection; the timeline marks the HTTP step with the reason.
func TestCompressionAnswerRefused(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       wsclient.StreamOptions
		extensions string
		reason     string
	}{
		{"not offered", wsclient.StreamOptions{}, "permessage-deflate",
			`the server chose extension "permessage-deflate", which the client did not offer`},
		{"client window bits", wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Compression: wsclient.CompressionContextTakeover}}, "permessage-deflate; client_max_window_bits=10",
			"the server's permessage-deflate answer limits client_max_window_bits, which the client did not offer"},
		{"no context takeover left out", wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Compression: wsclient.CompressionNoContextTakeover}}, "permessage-deflate; client_no_context_takeover",
			"the server's permessage-deflate answer leaves out server_no_context_takeover, which the client asked for"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ce := connectError(t, answering101(t, tc.extensions), tc.opts)
			if ce.Error() != "Failed to connect: "+tc.reason {
				t.Errorf("error = %q", ce.Error())
			}
			checkTimeline(t, ce.Timeline, wsSteps[:3], true, `HTTP failed: 101 Switching Protocols, but `+regexp.QuoteMeta(tc.reason)+` `+durRE)
		})
	}
}
