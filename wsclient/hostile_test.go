package wsclient_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient"
)

// The hostile server: raw TCP, a hand-written 101 and hand-made frames, so
// it can break every rule of RFC 6455 a client must hold a server to. Each
// case runs against each client type; the names carry the Autobahn
// TestSuite case and the RFC section.

// frame is a frame as the hostile server writes it: any FIN and RSV bits,
// any opcode, any length encoding, masked or not.
type frame struct {
	fin      bool
	rsv      byte // RSV1 = 4, RSV2 = 2, RSV3 = 1
	op       byte
	payload  []byte
	mask     *[4]byte
	lenBytes int // 0: the shortest encoding; 2 or 8 force that extended length
}

func (f frame) wire() []byte {
	b0 := f.rsv<<4 | f.op&0x0F
	if f.fin {
		b0 |= 0x80
	}
	var b1 byte
	if f.mask != nil {
		b1 = 0x80
	}
	n := len(f.payload)
	out := []byte{b0}
	switch {
	case f.lenBytes == 8 || f.lenBytes == 0 && n > 0xFFFF:
		out = append(out, b1|127)
		out = binary.BigEndian.AppendUint64(out, uint64(n))
	case f.lenBytes == 2 || f.lenBytes == 0 && n > 125:
		out = append(out, b1|126)
		out = binary.BigEndian.AppendUint16(out, uint16(n))
	default:
		out = append(out, b1|byte(n))
	}
	p := bytes.Clone(f.payload)
	if f.mask != nil {
		out = append(out, f.mask[:]...)
		for i := range p {
			p[i] ^= f.mask[i&3]
		}
	}
	return append(out, p...)
}

func text(s string) frame { return frame{fin: true, op: 0x1, payload: []byte(s)} }

func closeFrame(code int, reason string) frame {
	p := binary.BigEndian.AppendUint16(nil, uint16(code))
	return frame{fin: true, op: 0x8, payload: append(p, reason...)}
}

// hostile is one misbehaving server. Each connection gets the 101 (with
// extra headers, if any) and the frames in one write, then the server
// reads what the client sends and reports the client's close frame.
type hostile struct {
	t      *testing.T
	ln     net.Listener
	header string // extra header lines of the 101, each ending in \r\n
	frames []frame
	// then, if set, takes over after the frames instead of reading.
	then func(c net.Conn)

	closes chan closeSeen
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  []net.Conn
}

// closeSeen is the close frame the server received from the client, or
// none (ok false) when the client dropped the connection without one.
type closeSeen struct {
	ok     bool
	code   int
	reason string
}

func startHostile(t *testing.T, header string, then func(net.Conn), frames ...frame) *hostile {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &hostile{t: t, ln: ln, header: header, frames: frames, then: then, closes: make(chan closeSeen, 16)}
	h.wg.Add(1)
	go h.accept()
	t.Cleanup(h.close)
	return h
}

func (h *hostile) url() string { return "ws://" + h.ln.Addr().String() + "/" }

// clientAddr is the address of the first client that connected, nil
// before one has: the other end of the server's socket.
func (h *hostile) clientAddr() net.Addr {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.conns) == 0 {
		return nil
	}
	return h.conns[0].RemoteAddr()
}

func (h *hostile) close() {
	h.ln.Close()
	h.mu.Lock()
	for _, c := range h.conns {
		c.Close()
	}
	h.mu.Unlock()
	h.wg.Wait()
}

func (h *hostile) accept() {
	defer h.wg.Done()
	for {
		c, err := h.ln.Accept()
		if err != nil {
			return
		}
		h.mu.Lock()
		h.conns = append(h.conns, c)
		h.mu.Unlock()
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			defer c.Close()
			h.serve(c)
		}()
	}
}

func (h *hostile) serve(c net.Conn) {
	c.SetDeadline(time.Now().Add(10 * time.Second)) // no test waits longer
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n%s\r\n",
		wsframe.AcceptKey(req.Header.Get("Sec-WebSocket-Key")), h.header)
	for _, f := range h.frames {
		out.Write(f.wire())
	}
	if _, err := c.Write(out.Bytes()); err != nil {
		return
	}
	if h.then != nil {
		h.then(c)
		return
	}
	// Read the client's frames until its close frame or the end of TCP.
	for {
		f, err := wsframe.ReadFrame(br, 1<<20)
		if err != nil {
			h.closes <- closeSeen{}
			return
		}
		if f.Opcode == wsframe.Close {
			code, reason := wsframe.ParseClosePayload(f.Payload)
			h.closes <- closeSeen{ok: true, code: code, reason: reason}
			io.Copy(io.Discard, br) // until the client drops TCP
			return
		}
	}
}

// subject is one client type under test, driven the same way whatever its
// kind.
type subject struct {
	kind  string
	rec   *recorder
	start func(uri string) error
	stop  func() error
	send  func(text string) error // MessageSocket, FrameSocket (one final frame)
	ping  func(payload []byte) (time.Duration, error)
	sent  func() int64 // Stream
	// pending is how many data events wait for the owner (MessageSocket,
	// FrameSocket): the queue holds at most wsclient.MaxPendingData.
	pending func() int

	mu     sync.Mutex
	stream bytes.Buffer // what a Stream's OnData saw
}

var clientKinds = []string{"Stream", "MessageSocket", "FrameSocket"}

func newSubject(t *testing.T, kind string, opts wsclient.StreamOptions) *subject {
	s := &subject{kind: kind}
	switch kind {
	case "Stream":
		if opts.Payload == nil {
			opts.Payload = []byte{} // receive only: the server reads nothing but the close
		}
		opts.OnData = func(p []byte) { s.mu.Lock(); s.stream.Write(p); s.mu.Unlock() }
		c := wsclient.NewStream(opts)
		s.rec, s.start, s.stop, s.sent, s.ping = &recorder{t: t, events: c.Events()}, c.Start, c.Stop, c.Sent, background(c.Ping)
	case "MessageSocket":
		c := wsclient.NewMessageSocket(opts.MessageOptions)
		s.rec, s.start, s.stop, s.send, s.ping = &recorder{t: t, events: c.Events()}, c.Connect, c.Close, c.Send, background(c.Ping)
		s.pending = c.PendingData
	case "FrameSocket":
		c := wsclient.NewFrameSocket(opts.Options)
		s.rec, s.start, s.stop, s.ping = &recorder{t: t, events: c.Events()}, c.Connect, c.Close, background(c.Ping)
		s.pending = c.PendingData
		s.send = func(text string) error { return c.SendFrame(text, true) }
	default:
		t.Fatalf("unknown client kind %q", kind)
	}
	return s
}

// delivered is what reached the owner: a Stream's bytes, or each message
// or frame text.
func (s *subject) delivered() []string {
	if s.kind == "Stream" {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.stream.Len() == 0 {
			return nil
		}
		return []string{s.stream.String()}
	}
	var out []string
	for _, e := range s.rec.seen {
		if e.Kind == wsclient.EventMessage || e.Kind == wsclient.EventFrame {
			out = append(out, e.Text)
		}
	}
	return out
}

// failed is the final line of a connection the client failed.
func failed(code int, reason string) string {
	return fmt.Sprintf("Closed; Code: %d, Reason: %s [the client failed the connection]", code, reason)
}

// hostileCase is one way for a server to break the rules.
type hostileCase struct {
	name   string // Autobahn case (where there is one) and RFC section
	header string
	frames []frame
	// want is the final event's line; wantClose the code of the close
	// frame the server must receive (0: none, the handshake failed).
	want      string
	wantClose int
	// What the owner may have been given before the failure: the whole
	// messages before the bad frame (MessageSocket), the whole frames
	// before it (FrameSocket), and for a Stream, which hands on bytes as
	// they come, at most this valid start of the data (it may get less if
	// TCP splits the bytes differently).
	messages, wholeFrames []string
	streamPrefix          string
}

var mask = &[4]byte{0x37, 0xfa, 0x21, 0x3d}

func hostileCases() []hostileCase {
	var cases []hostileCase
	add := func(c hostileCase) { cases = append(cases, c) }
	pe := func(name, reason string, frames ...frame) {
		add(hostileCase{name: name, frames: frames, want: failed(1002, reason), wantClose: 1002})
	}

	// §5.1: "A client MUST close a connection if it detects a masked frame."
	pe("RFC5.1_masked_frame", "Server frames must not be masked.",
		frame{fin: true, op: 0x1, payload: []byte("Hello"), mask: mask})

	// Autobahn 3.x, §5.2: reserved bits without an extension.
	pe("3.1_RFC5.2_RSV1", "Reserved bits 0x40 are set, but no extension was agreed.",
		frame{fin: true, rsv: 4, op: 0x1, payload: []byte("Hello")})
	pe("3.2_RFC5.2_RSV2", "Reserved bits 0x20 are set, but no extension was agreed.",
		frame{fin: true, rsv: 2, op: 0x1, payload: []byte("Hello")})
	pe("3.7_RFC5.2_RSV1-3_on_close", "Reserved bits 0x70 are set, but no extension was agreed.",
		frame{fin: true, rsv: 7, op: 0x8, payload: []byte{0x03, 0xe8}})

	// Autobahn 4.x, §5.2: reserved opcodes.
	pe("4.1.1_RFC5.2_opcode_3", "Unknown opcode 0x3.", frame{fin: true, op: 0x3})
	add(hostileCase{name: "4.1.5_RFC5.2_opcode_7_after_text",
		frames:    []frame{text("fine"), {fin: true, op: 0x7, payload: []byte("x")}},
		want:      failed(1002, "Unknown opcode 0x7."),
		wantClose: 1002, messages: []string{"fine"}, wholeFrames: []string{"fine"}, streamPrefix: "fine"})
	pe("4.2.1_RFC5.2_opcode_B", "Unknown opcode 0xB.", frame{fin: true, op: 0xB})

	// Autobahn 2.5 and 5.1, §5.5: control frames are short and whole.
	pe("2.5_RFC5.5_126-byte_ping", "A ping frame carries at most 125 bytes, not 126.",
		frame{fin: true, op: 0x9, payload: bytes.Repeat([]byte{'p'}, 126)})
	pe("5.1_RFC5.5_fragmented_ping", "A ping frame must not be fragmented.",
		frame{op: 0x9, payload: []byte("frag")}, frame{fin: true, op: 0x0, payload: []byte("ment")})

	// Autobahn 5.9 and 5.18, §5.4: fragmentation.
	pe("5.9_RFC5.4_continuation_without_message", "Continuation frame without a message to continue.",
		frame{fin: true, op: 0x0, payload: []byte("orphan")})
	add(hostileCase{name: "5.18_RFC5.4_new_message_inside_a_fragmented_one",
		frames:    []frame{{op: 0x1, payload: []byte("first ")}, {fin: true, op: 0x1, payload: []byte("second")}},
		want:      failed(1002, "New message started before the previous one ended."),
		wantClose: 1002, wholeFrames: []string{"first "}, streamPrefix: "first "})

	// §5.2: the shortest length encoding.
	pe("RFC5.2_length_not_minimal", "A length of 5 must be sent in 7 bits, not 16 (the shortest encoding is required).",
		frame{fin: true, op: 0x2, payload: []byte("12345"), lenBytes: 2})

	// Autobahn 6.x, §5.6 and §8.1: text is UTF-8, checked as it arrives.
	const badText = "Invalid UTF-8 in a text message."
	add(hostileCase{name: "6.3.1_RFC8.1_invalid_UTF-8_text", frames: []frame{text("κόσμε\xed\xa0\x80edited")},
		want: failed(1007, badText), wantClose: 1007, streamPrefix: "κόσμε\xed"})
	add(hostileCase{name: "6.4.1_RFC8.1_invalid_UTF-8_in_the_second_fragment",
		frames: []frame{{op: 0x1, payload: []byte("κόσ")}, {fin: true, op: 0x0, payload: []byte("με\xf4\x90\x80\x80")}},
		want:   failed(1007, badText), wantClose: 1007, wholeFrames: []string{"κόσ"}, streamPrefix: "κόσμε\xf4"})
	add(hostileCase{name: "6.4.2_RFC8.1_character_split_then_broken",
		frames: []frame{{op: 0x1, payload: []byte("κ\xce")}, {fin: true, op: 0x0, payload: []byte{0xff}}},
		want:   failed(1007, badText), wantClose: 1007, wholeFrames: []string{"κ\xce"}, streamPrefix: "κ\xce"})
	add(hostileCase{name: "6.6.1_RFC8.1_text_ends_inside_a_character", frames: []frame{text("ab\xce")},
		want: failed(1007, "A text message ends in the middle of a UTF-8 character."), wantClose: 1007, streamPrefix: "ab"})

	// Autobahn 7.x, §5.5.1 and §7.4: close frames.
	for _, code := range []int{0, 999, 1004, 1005, 1006, 1015, 2999, 5000} {
		pe(fmt.Sprintf("7.9_RFC7.4_close_code_%d", code), fmt.Sprintf("Close code %d may not be sent in a close frame.", code),
			closeFrame(code, "nope"))
	}
	pe("7.3.2_RFC5.5.1_1-byte_close", "A close frame of 1 byte cannot hold a status code.",
		frame{fin: true, op: 0x8, payload: []byte{0x03}})
	add(hostileCase{name: "7.5.1_RFC8.1_invalid_UTF-8_close_reason", frames: []frame{closeFrame(1000, "bye \xce\xba\xff")},
		want: failed(1007, "The close reason is not valid UTF-8."), wantClose: 1007})

	// §4.1: "the client MUST Fail the WebSocket Connection" when the 101
	// names a subprotocol or an extension it did not ask for.
	add(hostileCase{name: "RFC4.1_unrequested_subprotocol", header: "Sec-WebSocket-Protocol: chat\r\n",
		want: `Failed to connect: the server chose subprotocol "chat", which the client did not offer`})
	add(hostileCase{name: "RFC4.1_unrequested_extension", header: "Sec-WebSocket-Extensions: permessage-deflate\r\n",
		want: `Failed to connect: the server chose extension "permessage-deflate", which the client did not offer`})
	return cases
}

// TestHostileServer runs every case against every client type: the client
// fails the connection with the right code, tells the server in a close
// frame, says why in the final event, never hands the owner the offending
// data, and is done in bounded time.
func TestHostileServer(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, kind := range clientKinds {
				t.Run(kind, func(t *testing.T) {
					srv := startHostile(t, tc.header, nil, tc.frames...)
					s := newSubject(t, kind, wsclient.StreamOptions{})
					if err := s.start(srv.url()); err != nil {
						t.Fatal(err)
					}
					end := s.rec.waitForEnd(wsclient.StopTimeout + 3*time.Second)
					if end.String() != tc.want {
						t.Errorf("final event:\n got %q\nwant %q\nall: %q", end.String(), tc.want, s.rec.lines())
					}
					if !end.IsError() {
						t.Error("the final event does not show as an error")
					}
					if tc.wantClose != 0 {
						select {
						case got := <-srv.closes:
							if !got.ok || got.code != tc.wantClose {
								t.Errorf("the server got close frame %+v, want code %d", got, tc.wantClose)
							}
						case <-time.After(5 * time.Second):
							t.Error("the server saw neither a close frame nor the end of the connection")
						}
					}
					got := s.delivered()
					switch kind {
					case "Stream":
						if len(got) > 0 && !strings.HasPrefix(tc.streamPrefix, got[0]) {
							t.Errorf("the Stream was handed %q, more than the valid %q", got[0], tc.streamPrefix)
						}
					case "MessageSocket":
						if !equalStrings(got, tc.messages) {
							t.Errorf("messages delivered %q, want %q", got, tc.messages)
						}
					case "FrameSocket":
						if !equalStrings(got, tc.wholeFrames) {
							t.Errorf("frames delivered %q, want %q", got, tc.wholeFrames)
						}
					}
				})
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The rules do not reject what RFC 6455 allows: a text message fragmented
// in the middle of a character, a ping between its fragments, empty
// fragments, the largest control frames, and a close with a valid code
// (Autobahn 5.6, 6.2.3, 6.2.4, 2.4, 7.7).
func TestHostileServerValidFramesPass(t *testing.T) {
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			srv := startHostile(t, "", nil,
				frame{op: 0x1, payload: []byte("κό\xcf")},
				frame{fin: true, op: 0x9, payload: bytes.Repeat([]byte{'p'}, 125)},
				frame{op: 0x0},
				frame{fin: true, op: 0x0, payload: []byte("\x83με")},
				frame{fin: true, op: 0x2, payload: []byte{0xff, 0xfe}, lenBytes: 0},
				frame{fin: true, op: 0xA, payload: []byte("unsolicited pong")},
				closeFrame(4999, "done: κόσμε"),
			)
			s := newSubject(t, kind, wsclient.StreamOptions{})
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			end := s.rec.waitForEnd(5 * time.Second)
			if want := "Closed; Code: 4999, Reason: done: κόσμε [closed by the server]"; end.String() != want {
				t.Errorf("final event %q, want %q; all %q", end, want, s.rec.lines())
			}
			want := map[string][]string{
				"Stream":        {"κόσμε\xff\xfe"},
				"MessageSocket": {"κόσμε", "\xff\xfe"},
				"FrameSocket":   {"κό\xcf", "", "\x83με", "\xff\xfe"},
			}[kind]
			if got := s.delivered(); !equalStrings(got, want) {
				t.Errorf("delivered %q, want %q", got, want)
			}
			if got := <-srv.closes; !got.ok || got.code != 4999 {
				t.Errorf("the client answered the close with %+v, want 4999", got)
			}
		})
	}
}

// pingFlood is a server that sends pings as fast as it can and never reads
// (it reports how many bytes it got out): the client's pongs back up,
// then its reads, then the server's writes.
func pingFlood(written *counter) func(net.Conn) {
	return func(c net.Conn) {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetReadBuffer(4 << 10) // fill up quickly
			tc.SetWriteBuffer(4 << 10)
		}
		ping := frame{fin: true, op: 0x9, payload: bytes.Repeat([]byte{'p'}, 125)}.wire()
		batch := bytes.Repeat(ping, 32)
		for {
			n, err := c.Write(batch)
			written.add(n)
			if err != nil {
				return
			}
		}
	}
}

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) add(n int) { c.mu.Lock(); c.n += n; c.mu.Unlock() }
func (c *counter) get() int  { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

// §5.5.2 answers pings with pongs, but a pong must not hold the client
// hostage: against a ping flood from a server that never reads, Close
// returns within StopTimeout (plus a margin for a loaded machine).
func TestHostileServerPingFloodNeverReads(t *testing.T) {
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			var written counter
			srv := startHostile(t, "", pingFlood(&written))
			s := newSubject(t, kind, wsclient.StreamOptions{})
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			s.rec.waitFor(wsclient.EventConnected, 5*time.Second)
			// Wait until the flood has backed up, as the kernel tells it:
			// the client's pongs are stuck (the server, which reads
			// nothing, has a full receive buffer and the pongs wait in the
			// client's send queue), and the server's send buffer is full
			// of pings the client has not taken.
			var client net.Addr
			eventually(t, 5*time.Second, "the server to accept the client", func() bool { client = srv.clientAddr(); return client != nil })
			waitSocket(t, 8*time.Second, "the client's pongs to be stuck", client, srv.ln.Addr(),
				func(m sockMem) bool { return m.peerFull() && m.queued() }, nil)
			waitSocket(t, 8*time.Second, "the server's pings to back up", srv.ln.Addr(), client, sockMem.bufferFull, nil)
			backedUp := written.get()
			stopped := make(chan error, 1)
			began := time.Now()
			go func() { stopped <- s.stop() }()
			select {
			case err := <-stopped:
				if err != nil && !errors.Is(err, wsclient.ErrNotConnected) {
					t.Errorf("Close = %v", err)
				}
			case <-time.After(wsclient.StopTimeout + 2*time.Second):
				t.Fatalf("Close had not returned %s after it was called against a ping flood", time.Since(began).Round(time.Millisecond))
			}
			end := s.rec.waitForEnd(time.Second)
			if want := stoppedEvent.String(); end.String() != want {
				t.Errorf("final event %q, want %q", end, want)
			}
			t.Logf("%s: Close returned after %s; the server got %d bytes of pings out (%d when Close was called)", kind, time.Since(began).Round(time.Millisecond), written.get(), backedUp)
		})
	}
}

// §7.1.7: failing the connection sends a close frame, but a server that
// does not read cannot make the client wait for it. Here the client's own
// sends have filled the connection, then the server breaks a rule: the
// close frame cannot go out, and the connection still ends in StopTimeout.
func TestHostileServerFailAgainstAServerThatNeverReads(t *testing.T) {
	for _, kind := range clientKinds {
		t.Run(kind, func(t *testing.T) {
			backedUp := make(chan struct{})
			srv := startHostile(t, "", func(c net.Conn) {
				if tc, ok := c.(*net.TCPConn); ok {
					tc.SetReadBuffer(4 << 10)
				}
				select { // never read; break a rule once the client is stuck
				case <-backedUp:
				case <-time.After(10 * time.Second):
					return
				}
				c.Write(frame{fin: true, op: 0x2, payload: []byte("x"), mask: mask}.wire())
				c.Read(make([]byte, 1)) // wait for the end without reading on
			})
			opts := wsclient.StreamOptions{}
			if kind == "Stream" {
				opts = wsclient.StreamOptions{Payload: make([]byte, 256<<10), Interval: wsclient.Continuous}
			}
			s := newSubject(t, kind, opts)
			if err := s.start(srv.url()); err != nil {
				t.Fatal(err)
			}
			s.rec.waitFor(wsclient.EventConnected, 5*time.Second)
			defer close(s.sendUntilStuck(t, srv.ln.Addr()))
			close(backedUp)
			end := s.rec.waitForEnd(wsclient.StopTimeout + 2*time.Second)
			if want := failed(1002, "Server frames must not be masked."); end.String() != want {
				t.Errorf("final event %q, want %q", end, want)
			}
		})
	}
}

// stuckOn connects a client of kind, with opts, to srv and returns once
// its sends have backed up against srv (sendUntilStuck; a Stream streams
// 256 KiB messages); close the channel it returns to end the sending.
func stuckOn(t *testing.T, srv *hostile, kind string, opts wsclient.StreamOptions) (*subject, chan struct{}) {
	t.Helper()
	if kind == "Stream" {
		opts.Payload, opts.Interval = make([]byte, 256<<10), wsclient.Continuous
	}
	s := newSubject(t, kind, opts)
	if err := s.start(srv.url()); err != nil {
		t.Fatal(err)
	}
	s.rec.waitFor(wsclient.EventConnected, 5*time.Second)
	return s, s.sendUntilStuck(t, srv.ln.Addr())
}

// sendUntilStuck makes the subject send big messages as fast as it can (a
// Stream does it itself: continuous payload) and returns once its sends
// have backed up against a peer that does not read; close stop to end
// the sending.
func (s *subject) sendUntilStuck(t *testing.T, peer net.Addr) (stop chan struct{}) {
	t.Helper()
	stop = make(chan struct{})
	progress := s.sent
	if s.kind != "Stream" {
		var n atomic.Int64
		big := strings.Repeat("x", 256<<10)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if s.send(big) != nil {
					return
				}
				n.Add(1)
			}
		}()
		t.Cleanup(func() {
			// A test that failed before its Stop leaves the sender stuck
			// on a peer that waits for a later cleanup: end the connection.
			s.stop()
			<-done
		})
		progress = n.Load
	}
	// Backed up: the kernel's send buffer of the client's socket is full
	// (the server reads nothing), after at least one message went out.
	waitSocket(t, 10*time.Second, "the client's sends to back up", nil, peer, sockMem.writerStuck, func() bool { return progress() > 0 })
	return stop
}

// A message over MaxMessageSize fails the connection with 1009 (RFC 6455
// §7.4.1; Autobahn 9.x sizes). A Stream has no such bound: it streams.
func TestHostileServerMessageTooBig(t *testing.T) {
	for _, kind := range []string{"MessageSocket", "FrameSocket"} {
		t.Run(kind, func(t *testing.T) {
			srv := startHostile(t, "", nil, frame{fin: true, op: 0x2, payload: make([]byte, wsclient.MaxMessageSize+1)})
			failsTooBig(t, srv, kind, wsclient.StopTimeout+2*time.Second)
		})
	}
}

// failsTooBig connects a client of kind to srv, which sends a message
// over MaxMessageSize, and checks that the client fails the connection
// with 1009, tells the server so in its close frame, and hands the owner
// nothing; and that once its close frame is out, the connection ends
// within the bound (§7.1.7), though this server never answers it. The
// bound is timed from the close frame: on a loaded machine, connecting
// and reading a megabyte may take seconds of their own.
func failsTooBig(t *testing.T, srv *hostile, kind string, within time.Duration) {
	t.Helper()
	s := newSubject(t, kind, wsclient.StreamOptions{})
	if err := s.start(srv.url()); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-srv.closes:
		if !got.ok || got.code != 1009 {
			t.Errorf("the server got close frame %+v, want 1009", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server got no close frame within 30 s")
	}
	end := s.rec.waitForEnd(within)
	if want := failed(1009, "Message too big: this client accepts at most 1048576 bytes."); end.String() != want {
		t.Errorf("final event %q, want %q; all %q", end, want, s.rec.lines())
	}
	if got := s.delivered(); len(got) != 0 {
		t.Errorf("%d messages delivered", len(got))
	}
}

// background is Ping without a context of its own, for tests whose pings
// wait for their pong or their timeout.
func background(ping func(context.Context, []byte) (time.Duration, error)) func([]byte) (time.Duration, error) {
	return func(p []byte) (time.Duration, error) { return ping(context.Background(), p) }
}
