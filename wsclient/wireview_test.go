package wsclient_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// records splits the wire view's frame records (not the summaries) seen so
// far by direction, and sums the frames not shown.
func records(events []wsclient.Event) (sent, received []wsclient.FrameRecord, notShownSent, notShownReceived int64) {
	for _, e := range events {
		if e.Kind != wsclient.EventWire {
			continue
		}
		r := *e.Frame
		switch {
		case r.NotShown > 0 && r.Sent:
			notShownSent += r.NotShown
		case r.NotShown > 0:
			notShownReceived += r.NotShown
		case r.Sent:
			sent = append(sent, r)
		default:
			received = append(received, r)
		}
	}
	return
}

// RFC 6455 §5.1, §5.3: every client frame is masked, with a fresh key, and
// no server frame is. "Hello World" goes out as a 17-byte binary frame (2
// header bytes, 4 mask bytes, 11 payload bytes), and the view shows its
// payload unmasked.
func TestWireViewClientFramesMaskedServerFramesNot(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: 10 * time.Millisecond, MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{WireView: true}}})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "three echoes", func() bool { return s.Received() >= 33 })
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	sent, received, _, _ := records(rec.seen)
	if len(sent) < 4 || len(received) < 4 { // three payloads and the close, each way
		t.Fatalf("%d sent and %d received records: %q", len(sent), len(received), rec.lines())
	}
	hello := regexp.MustCompile(`^→ binary 11 B, FIN, mask key [0-9a-f]{8}, frame 17 B \(header 2 \+ key 4 \+ payload 11\): 48 65 6c 6c 6f 20 57 6f 72 6c 64 \|Hello World\|$`)
	keys := map[[4]byte]bool{}
	for _, r := range sent {
		if !r.Masked || r.HeaderLen != 6 {
			t.Errorf("client frame not masked: %s", r)
		}
		keys[r.MaskKey] = true
		if r.Opcode == wsclient.OpBinary && (!hello.MatchString(r.String()) || r.FrameLen() != 17 || string(r.Prefix) != "Hello World") {
			t.Errorf("payload frame = %q (%d B)", r, r.FrameLen())
		}
	}
	if len(keys) < len(sent)-1 { // 32 random bits: a repeat is all but impossible
		t.Errorf("%d keys for %d frames: not fresh", len(keys), len(sent))
	}
	// The echo (io.Copy into the library's message writer) sends what it
	// reads as a frame without FIN, then ends the message with an empty
	// final continuation: the view shows what the library really does.
	for i, r := range received {
		if r.Masked || r.HeaderLen != 2 {
			t.Errorf("server frame masked: %s", r)
		}
		if r.Opcode != wsclient.OpBinary {
			continue
		}
		if r.String() != "← binary 11 B, no FIN (more frames follow), frame 13 B (header 2 + payload 11): 48 65 6c 6c 6f 20 57 6f 72 6c 64 |Hello World|" {
			t.Errorf("echo frame = %q", r)
		}
		if i+1 < len(received) && received[i+1].String() != "← continuation 0 B, FIN, frame 2 B (header 2 + payload 0)" {
			t.Errorf("after the echo frame: %q", received[i+1])
		}
	}
	// The records come in order with the other events, before the close.
	if i, j := indexOf(rec.seen, wsclient.EventConnected), firstWire(rec.seen); i < 0 || j < i {
		t.Errorf("a frame record before Connected: %q", rec.lines())
	}
}

func indexOf(events []wsclient.Event, k wsclient.EventKind) int {
	for i, e := range events {
		if e.Kind == k {
			return i
		}
	}
	return -1
}

func firstWire(events []wsclient.Event) int { return indexOf(events, wsclient.EventWire) }

// Off by default: no record, whatever goes by.
func TestWireViewOffByDefault(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: wsclient.Continuous})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "echoes", func() bool { return s.Received() >= 1100 })
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	if i := firstWire(rec.seen); i >= 0 {
		t.Errorf("a record with the view off: %v", rec.seen[i])
	}
}

// RFC 6455 §5.5.1, §7.1.2: Stop shows the close handshake both ways, with
// code and reason: the client's close frame, masked, and the server's
// answer, then the end.
func TestWireViewShowsTheCloseHandshake(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{WireView: true}}})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventWriteStarted, 5*time.Second)
	s.Stop()
	end := rec.waitForEnd(5 * time.Second)
	sent, received, _, _ := records(rec.seen)
	if len(sent) != 1 || len(received) != 1 {
		t.Fatalf("records %v / %v, want one close each way", sent, received)
	}
	reason, payload := regexp.QuoteMeta(fmt.Sprintf("%q", wsclient.StopReason)), 2+len(wsclient.StopReason)
	wantSent := regexp.MustCompile(fmt.Sprintf(`^→ close 1000 %s, mask key [0-9a-f]{8}, frame %d B \(header 2 \+ key 4 \+ payload %d\)$`, reason, 6+payload, payload))
	if !wantSent.MatchString(sent[0].String()) || sent[0].CloseCode != 1000 || sent[0].CloseReason != wsclient.StopReason {
		t.Errorf("client close = %q", sent[0])
	}
	if got, want := received[0].String(), fmt.Sprintf("← close 1000 %q, frame %d B (header 2 + payload %d)", wsclient.StopReason, 2+payload, payload); got != want {
		t.Errorf("server close = %q", got)
	}
	if last := rec.seen[len(rec.seen)-1]; last.Kind != wsclient.EventClosed || end.Close.Code != 1000 {
		t.Errorf("the close event is not last: %q", rec.lines())
	}
}

// RFC 6455 §5.5.2, §5.5.3: keep-alive pings ("keep-alive 1", …) and the
// server's pongs show too.
func TestWireViewShowsPingAndPong(t *testing.T) {
	srv := wsServer(t, echo)
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{PingInterval: 20 * time.Millisecond, Options: wsclient.Options{WireView: true}}})
	rec := record(t, s)
	if err := s.Start(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventPong, 5*time.Second)
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	sent, received, _, _ := records(rec.seen)
	if len(sent) < 1 || sent[0].Opcode != wsclient.OpPing || len(received) < 1 || received[0].Opcode != wsclient.OpPong {
		t.Fatalf("records %v / %v", sent, received)
	}
	ping, pong := sent[0], received[0]
	if string(pong.Prefix) != string(ping.Prefix) || !ping.Masked || pong.Masked {
		t.Errorf("ping %q, pong %q: the pong must echo the ping's payload", ping, pong)
	}
	if want := regexp.MustCompile(`^← pong \d+ B, frame \d+ B \(header 2 \+ payload \d+\): [0-9a-f ]+ \|keep-alive \d+\|$`); !want.MatchString(pong.String()) {
		t.Errorf("pong = %q", pong)
	}
}

// The ping the wire writes itself (Ping with a payload, internal/wire/ping.go) and
// its pong show like any other frame, and WireStats count the ping.
func TestWireViewShowsThePingOfPing(t *testing.T) {
	srv := wsServer(t, echo)
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{Options: wsclient.Options{WireView: true}})
	rec := &recorder{t: t, events: m.Events()}
	if err := m.Connect(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	before := m.WireStats()
	if _, err := m.Ping(context.Background(), []byte("shown")); err != nil {
		t.Fatal(err)
	}
	if st := m.WireStats(); st.Frames != before.Frames+1 || st.Writes != before.Writes+1 || st.Bytes != before.Bytes+11 || st.Messages != before.Messages {
		t.Errorf("WireStats %+v after the ping, %+v before: want one frame of 11 bytes in one write more", st, before)
	}
	m.Close()
	rec.waitForEnd(5 * time.Second)
	sent, received, _, _ := records(rec.seen)
	if len(sent) < 1 || len(received) < 1 {
		t.Fatalf("records %v / %v", sent, received)
	}
	ping, pong := sent[0], received[0]
	if want := regexp.MustCompile(`^→ ping 5 B, mask key [0-9a-f]{8}, frame 11 B \(header 2 \+ key 4 \+ payload 5\): 73 68 6f 77 6e \|shown\|$`); !want.MatchString(ping.String()) {
		t.Errorf("ping = %q", ping)
	}
	if pong.String() != "← pong 5 B, frame 7 B (header 2 + payload 5): 73 68 6f 77 6e |shown|" {
		t.Errorf("pong = %q", pong)
	}
}

// RFC 6455 §5.4: FrameSocket sends a fragmented message as one frame per
// part, the first text and the rest continuations, FIN on the last only;
// the view shows each.
func TestWireViewFrameSocketFragments(t *testing.T) {
	srv := testserver.Start(t)
	f := wsclient.NewFrameSocket(wsclient.Options{WireView: true})
	rec := &recorder{t: t, events: f.Events()}
	if err := f.Connect(srv.URL("/partial")); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventFrame, 5*time.Second) // the announcement
	for _, part := range []struct {
		text  string
		final bool
	}{{"Hel", false}, {"lo W", false}, {"orld", true}} {
		if err := f.SendFrame(part.text, part.final); err != nil {
			t.Fatal(err)
		}
		rec.waitFor(wsclient.EventFrame, 5*time.Second)
	}
	f.Close()
	rec.waitForEnd(5 * time.Second)
	sent, received, _, _ := records(rec.seen)
	want := []*regexp.Regexp{
		regexp.MustCompile(`^→ text 3 B, no FIN \(more frames follow\), mask key [0-9a-f]{8}, frame 9 B \(header 2 \+ key 4 \+ payload 3\): 48 65 6c \|Hel\|$`),
		regexp.MustCompile(`^→ continuation 4 B, no FIN \(more frames follow\), mask key [0-9a-f]{8}, frame 10 B \(header 2 \+ key 4 \+ payload 4\): 6c 6f 20 57 \|lo W\|$`),
		regexp.MustCompile(`^→ continuation 4 B, FIN, mask key [0-9a-f]{8}, frame 10 B \(header 2 \+ key 4 \+ payload 4\): 6f 72 6c 64 \|orld\|$`),
		regexp.MustCompile(`^→ close 1000 ` + regexp.QuoteMeta(fmt.Sprintf("%q", wsclient.StopReason)) + `, mask key`),
	}
	if len(sent) != len(want) {
		t.Fatalf("sent records %q, want %d", sent, len(want))
	}
	for i, w := range want {
		if !w.MatchString(sent[i].String()) {
			t.Errorf("sent record %d = %q, want %s", i, sent[i], w)
		}
	}
	// Each frame the server sent is a record and an EventFrame, with the
	// same FIN.
	var frames []wsclient.Event
	for _, e := range rec.seen {
		if e.Kind == wsclient.EventFrame {
			frames = append(frames, e)
		}
	}
	data := received[:len(received)-1] // the last is the server's close
	if len(data) != len(frames) || received[len(received)-1].Opcode != wsclient.OpClose {
		t.Fatalf("%d data records for %d frames: %q", len(data), len(frames), received)
	}
	for i := range data {
		if data[i].Fin != frames[i].Complete || (i > 1 && data[i].Opcode != wsclient.OpContinuation) {
			t.Errorf("record %q for frame %q (complete %v)", data[i], frames[i].Text, frames[i].Complete)
		}
	}
}

// floodServer sends n binary messages of 8 bytes as fast as it can, then
// closes with 1000, and reads whatever comes.
func floodServer(t *testing.T, n int) string {
	return wsURL(wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		go func() { // read, so the close handshake completes
			for {
				if _, _, err := c.Read(ctx); err != nil {
					return
				}
			}
		}()
		for range n {
			if err := c.Write(ctx, websocket.MessageBinary, []byte("12345678")); err != nil {
				return
			}
		}
		c.Close(websocket.StatusNormalClosure, "flood done")
	}), "/")
}

// The view is bounded: under a flood, at most WireViewPerSecond records a
// second per direction, and every frame not shown is counted, so that
// shown + not shown is exactly the number of frames, each way.
func TestWireViewBoundUnderAFlood(t *testing.T) {
	const n = 3000
	m := wsclient.NewMessageSocket(wsclient.MessageOptions{Options: wsclient.Options{WireView: true}})
	rec := &recorder{t: t, events: m.Events()}
	start := time.Now()
	if err := m.Connect(floodServer(t, n)); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	// The client sends too: n messages, as fast as Send returns.
	for range n {
		if err := m.Send("abc"); err != nil {
			break // the server closed first; the count below is what went out
		}
	}
	end := rec.waitForEnd(30 * time.Second)
	elapsed := time.Since(start)
	if end.Close.Code != 1000 || end.Close.Reason != "flood done" {
		t.Fatalf("end = %v", end)
	}
	messages := 0
	for _, e := range rec.seen {
		if e.Kind == wsclient.EventMessage {
			messages++
		}
	}
	sent, received, hiddenSent, hiddenReceived := records(rec.seen)
	// Received: the n messages and the server's close. Sent: the messages
	// that went out (counted by the socket) and the close frame.
	if messages != n {
		t.Fatalf("%d messages delivered, want %d", messages, n)
	}
	if got := int64(len(received)) + hiddenReceived; got != n+1 {
		t.Errorf("received: %d shown + %d not shown = %d, want %d frames", len(received), hiddenReceived, got, n+1)
	}
	sentFrames := end.Sent/3 + 1
	if got := int64(len(sent)) + hiddenSent; got != sentFrames {
		t.Errorf("sent: %d shown + %d not shown = %d, want %d frames", len(sent), hiddenSent, got, sentFrames)
	}
	// At most WireViewPerSecond a second, in each second the flood spans.
	bound := wsclient.WireViewPerSecond * (int(elapsed/time.Second) + 1)
	if len(received) > bound || len(sent) > bound {
		t.Errorf("%d received and %d sent records in %s, bound %d", len(received), len(sent), elapsed, bound)
	}
	if hiddenReceived == 0 {
		t.Errorf("no frame was held back: %d records", len(received))
	}
	var last *wsclient.FrameRecord
	for _, e := range rec.seen {
		if e.Kind == wsclient.EventWire && e.Frame.NotShown > 0 && !e.Frame.Sent {
			last = e.Frame
		}
	}
	if last == nil || last.NotShownTotal != hiddenReceived {
		t.Errorf("the last summary %v does not total %d", last, hiddenReceived)
	} else if !regexp.MustCompile(`^← \d+ frames not shown \(at most 50 a second are; \d+ so far\)$`).MatchString(last.String()) {
		t.Errorf("summary = %q", last)
	}
	t.Logf("%d frames each way in %s: %d + %d received records shown, %d + %d sent", n, elapsed, len(received), hiddenReceived, len(sent), hiddenSent)
}
