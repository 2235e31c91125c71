package ui

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/protoview"
	"github.com/wssample/wssample/wsclient"
)

// wireRecords are the frame records (not the summaries) the Frames tab
// of pr's page keeps, split by direction.
func wireRecords(pr probe) (sent, received []wsclient.FrameRecord) {
	w := pr.c.wire
	for _, r := range w.Records() {
		switch {
		case r.Opcode == 0 && r.Length == 0 && r.HeaderLen == 0:
			// a marker ("Connected to …") or a summary
		case r.Sent:
			sent = append(sent, r)
		default:
			received = append(received, r)
		}
	}
	return sent, received
}

// hasRecord reports whether a record in recs has a line matching re.
func hasRecord(recs []wsclient.FrameRecord, re string) bool {
	m := regexp.MustCompile(re)
	for _, r := range recs {
		if m.MatchString(r.String()) {
			return true
		}
	}
	return false
}

// frameEntries are the log's entries of kind frame that carry a header:
// the wire view's.
func frameEntries(pr probe) []present.LogEntry {
	var out []present.LogEntry
	for _, e := range pr.c.log.Entries() {
		if e.Kind == present.LogKindFrame && e.Frame != nil {
			out = append(out, e)
		}
	}
	return out
}

// RFC 6455 §5.1, §5.3, §5.5.1: with "Show frames" on, the stream page's
// Frames tab shows every frame both ways: "Hello World" goes out as a
// 17-byte binary frame, masked (2 header bytes, 4 mask bytes, 11 payload
// bytes), and comes back unmasked in 13; Stop shows the close handshake
// both ways with its code and reason. The frames are in the log too, as
// frame entries with their header, and so in the JSON Lines export.
func TestStreamWireView(t *testing.T) {
	h := newWireHarness(t)
	w := h.p.wire
	if w.Toggle().Checked || !strings.HasPrefix(w.Note(), "off") {
		t.Fatalf("the wire view starts on (%v, %q)", w.Toggle().Checked, w.Note())
	}
	test.Tap(w.Toggle())
	if got := w.Note(); got != "each connection's frames, here and in the log" {
		t.Errorf("note %q with the view on before a connect", got)
	}
	if w.TabTitle() != "Frames (on)" {
		t.Errorf("tab %q", w.TabTitle())
	}
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	if got := w.Note(); got != "showing this connection's frames from its start, here and in the log" {
		t.Errorf("note %q while connected with the view on", got)
	}
	h.waitFor("three echoed frames in the Frames tab", func() bool {
		_, received := wireRecords(h.probe)
		return len(received) >= 3
	})
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	h.waitFor("the close frames in the Frames tab", func() bool {
		sent, received := wireRecords(h.probe)
		return hasRecord(sent, `^→ close 1000`) && hasRecord(received, `^← close 1000`)
	})

	sent, received := wireRecords(h.probe)
	hello := regexp.MustCompile(`^→ binary 11 B, FIN, mask key [0-9a-f]{8}, frame 17 B \(header 2 \+ key 4 \+ payload 11\): 48 65 6c 6c 6f 20 57 6f 72 6c 64 \|Hello World\|$`)
	for _, r := range sent {
		if !r.Masked || r.HeaderLen != 6 {
			t.Errorf("a client frame not masked: %s", r)
		}
		if r.Opcode == wsclient.OpBinary && (!hello.MatchString(r.String()) || r.FrameLen() != 17) {
			t.Errorf("Hello World went out as %q", r)
		}
	}
	for _, r := range received {
		if r.Masked || r.HeaderLen != 2 {
			t.Errorf("a server frame masked: %s", r)
		}
	}
	// A close frame's payload is the 2-byte code and the reason (§5.5.1);
	// the client adds its 4-byte mask key, and both headers are 2 bytes.
	stop := fmt.Sprintf(`close 1000 %q`, wsclient.StopReason)
	closePayload := 2 + len(wsclient.StopReason)
	if !hasRecord(sent, `^→ `+regexp.QuoteMeta(stop)+fmt.Sprintf(`, mask key [0-9a-f]{8}, frame %d B`, 2+4+closePayload)) ||
		!hasRecord(received, `^← `+regexp.QuoteMeta(stop)+fmt.Sprintf(`, frame %d B`, 2+closePayload)) {
		t.Errorf("the close handshake is not shown both ways with its code and reason:\n%s", strings.Join(w.Lines(), "\n"))
	}
	// The list's rows are the records' words, present.Stamped.
	if !h.waitListShows(w, "→ "+stop) {
		t.Errorf("no row for the client's close:\n%s", strings.Join(w.Lines(), "\n"))
	}

	// The log: a frame entry per record, with the header.
	entries := frameEntries(h.probe)
	if len(entries) < len(sent)+len(received) {
		t.Fatalf("%d frame entries in the log for %d records", len(entries), len(sent)+len(received))
	}
	var hdr *present.LogFrameHeader
	for _, e := range entries {
		if e.Dir == present.DirSent && e.Frame.Opcode == uint8(wsclient.OpBinary) {
			hdr = e.Frame
			if e.Size != 11 || string(e.Payload) != "Hello World" {
				t.Errorf("entry size %d payload %q", e.Size, e.Payload)
			}
			break
		}
	}
	if hdr == nil || !hdr.Fin || !hdr.Masked || hdr.Length != 11 {
		t.Fatalf("the log's entry for Hello World has the header %+v", hdr)
	}
	var b bytes.Buffer
	if err := h.p.log.SaveJSONLinesTo(&b); err != nil {
		t.Fatal(err)
	}
	var exported int
	sc := bufio.NewScanner(&b)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var j present.LogJSON
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			t.Fatal(err)
		}
		if j.Frame != nil && j.Frame.OpcodeName == "binary" && j.Direction == "sent" && j.Frame.Masked && len(j.Frame.MaskKey) == 8 {
			exported++
		}
	}
	if exported == 0 {
		t.Errorf("the JSON Lines export has no masked binary frame:\n%s", b.String())
	}
}

// newWireHarness is a harness whose window has its default size: a log
// pane laid out at no size at all would draw every one of its rows on
// every refresh, and the wire view adds a few rows a frame.
func newWireHarness(t *testing.T) *harness {
	h := newHarness(t, Config{})
	h.w.Resize(defaultSize)
	return h
}

// waitListShows shows the Frames tab and reports whether a row of its
// list, as drawn, contains s, once the ≤10 Hz refresh has drawn it.
func (h *harness) waitListShows(w *protoview.WirePanel, s string) bool {
	h.t.Helper()
	w.Show() // the list is drawn only while its tab is shown
	found := false
	h.waitFor(fmt.Sprintf("a row with %q", s), func() bool {
		for _, l := range w.Lines() {
			if strings.Contains(l, s) {
				found = true
			}
		}
		return found && w.Drawn()
	})
	return found
}

// Off by default: no row, no frame entry, yet the frames are kept. Ticked
// while connected, it applies at once and the Frames tab shows the
// connection from its start (the "Connected to" row first), and the log
// has the frames from then on; unticked, the log stops having them.
func TestWireViewShowsTheConnectionFromItsStart(t *testing.T) {
	h := newWireHarness(t)
	w := h.p.wire
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("echoes", func() bool { return h.p.stream.Received() >= 22 })
	h.q.Drain()
	if n := len(frameEntries(h.probe)); n != 0 {
		t.Fatalf("%d frame entries in the log with the view off", n)
	}
	test.Tap(w.Toggle())
	lines := w.Lines()
	if len(lines) < 3 || !strings.Contains(lines[0], "Connected to ") || !strings.Contains(lines[1], "→ binary 11 B") {
		t.Fatalf("ticked while connected, the tab does not start at the connection's start: %q", lines[:min(len(lines), 3)])
	}
	h.waitFor("frame entries in the log once ticked", func() bool { return len(frameEntries(h.probe)) > 0 })
	test.Tap(w.Toggle()) // off again: the log stops having frames
	h.q.Drain()
	logged := len(frameEntries(h.probe))
	got := h.p.stream.Received()
	h.waitFor("more echoes", func() bool { return h.p.stream.Received() >= got+22 })
	h.q.Drain()
	if n := len(frameEntries(h.probe)); n != logged {
		t.Errorf("%d frame entries logged with the view off again", n-logged)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

// RFC 6455 §5.4: the partial page sends each part as one frame, and the
// Frames tab shows the frame boundaries: "Hello " as a text frame without
// FIN, "World" as its continuation with FIN; /partial answers each with a
// frame of the same FIN.
func TestPartialWireViewOneFramePerPart(t *testing.T) {
	f := showPartial(t)
	test.Tap(f.c.wire.Toggle())
	f.connectWalk()
	f.waitLog("EchoWebSocket Connected at: ")
	for _, part := range []struct {
		text string
		fin  bool
	}{{"Hello ", false}, {"World", true}} {
		f.page.endOfMessage.SetChecked(part.fin)
		f.page.text.SetText(part.text)
		test.Tap(f.page.sendBtn)
		f.h.waitStatus("Send Complete", false)
	}
	f.waitLog(`You said: "World"`)
	f.h.waitFor("the answers' frames", func() bool {
		_, received := wireRecords(f.probe)
		return hasRecord(received, `^← continuation .*, FIN, `)
	})
	f.disconnectWalk()
	sent, received := wireRecords(f.probe)
	var data []string
	for _, r := range sent {
		if !r.Opcode.IsControl() {
			data = append(data, r.String())
		}
	}
	want := []string{
		`^→ text 6 B, no FIN \(more frames follow\), mask key [0-9a-f]{8}, frame 12 B \(header 2 \+ key 4 \+ payload 6\): 48 65 6c 6c 6f 20 \|Hello \|$`,
		`^→ continuation 5 B, FIN, mask key [0-9a-f]{8}, frame 11 B \(header 2 \+ key 4 \+ payload 5\): 57 6f 72 6c 64 \|World\|$`,
	}
	if len(data) != len(want) {
		t.Fatalf("%d data frames sent for two parts:\n%s", len(data), strings.Join(data, "\n"))
	}
	for i := range want {
		if !regexp.MustCompile(want[i]).MatchString(data[i]) {
			t.Errorf("part %d went out as %q", i+1, data[i])
		}
	}
	if !hasRecord(received, `^← text \d+ B, no FIN`) || !hasRecord(received, `^← continuation \d+ B, FIN`) {
		t.Errorf("the answers' frames do not keep the parts:\n%s", strings.Join(f.c.wire.Lines(), "\n"))
	}
}

// The wire view's golden pictures (TestGolden renders them with the
// rest): the partial page's Frames tab after "Hello " went out as a frame
// without FIN and "World" as its final continuation, each answered by the
// server, then Disconnect's close handshake.
func init() {
	goldenCases = append(goldenCases, goldenCase{name: "wire", key: "partial", setup: func(t *testing.T, h *harness) {
		p := pageOf[*partialPage](h, "partial")
		test.Tap(p.wire.Toggle())
		p.wire.Options(wsclient.Options{}) // a connect begins with the view on
		key := [4]byte{0x3a, 0x1f, 0x09, 0xc2}
		frame := func(sent, fin bool, op wsclient.Opcode, payload string) wsclient.Event {
			r := &wsclient.FrameRecord{Sent: sent, Fin: fin, Opcode: op, Length: uint64(len(payload)), HeaderLen: 2, Prefix: []byte(payload)}
			if sent {
				r.Masked, r.MaskKey, r.HeaderLen = true, key, 6
				key[0]++
			}
			return wsclient.Event{Kind: wsclient.EventWire, Frame: r}
		}
		closeFrame := func(sent bool) wsclient.Event {
			e := frame(sent, true, wsclient.OpClose, "\x03\xe8"+wsclient.StopReason)
			e.Frame.CloseCode, e.Frame.CloseReason = 1000, wsclient.StopReason
			return e
		}
		p.handle(events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8080/partial"},
			wsclient.Event{Kind: wsclient.EventConnected, Info: &wsclient.ConnInfo{URI: "ws://127.0.0.1:8080/partial"}},
			frame(false, true, wsclient.OpText, "EchoWebSocket Connected at: 3/14/2025 9:26:53 AM"),
			frame(true, false, wsclient.OpText, "Hello "),
			frame(false, false, wsclient.OpText, `You said: "Hello "`),
			frame(true, true, wsclient.OpContinuation, "World"),
			frame(false, true, wsclient.OpContinuation, `You said: "World"`),
			closeFrame(true),
			closeFrame(false),
		))
		p.wire.Show() // what the ≤10 Hz refresh draws, in the Frames tab
	}})
}

// deflateEcho is a loopback WebSocket server that agrees to
// permessage-deflate (RFC 7692), compresses every message (threshold 1)
// and echoes each message whole. The built-in server compresses only
// messages of 128 bytes or more (the library's default), so "Hello World"
// would come back uncompressed from it.
func deflateEcho(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
			CompressionMode: websocket.CompressionContextTakeover, CompressionThreshold: 1})
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, data, err := c.Read(context.Background())
			if err != nil {
				return // the client closed: the library answered its close frame
			}
			if err := c.Write(context.Background(), typ, data); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/"
}

// RFC 7692 §6.1, §7: with compression chosen in Advanced, the Connection
// section shows the extension agreed, the Frames tab marks each
// compressed frame (RSV1) with its compressed length, and the counters
// still count the messages' own bytes, 11 a message.
func TestStreamCompression(t *testing.T) {
	h := newWireHarness(t)
	h.p.adv.compression.SetSelected(wsclient.CompressionContextTakeover.String())
	test.Tap(h.p.wire.Toggle())
	h.typeAddress(deflateEcho(t))
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	if got := h.p.conn.value("Extensions"); !strings.HasPrefix(got, "permessage-deflate") {
		t.Errorf("Extensions %q, want permessage-deflate", got)
	}
	if open := h.p.conn.timeline.Row(wsclient.StepOpen); open == nil || !strings.Contains(open.Text(), "extensions permessage-deflate") {
		t.Errorf("the WebSocket step does not name the extension: %v", open)
	}
	h.waitFor("three compressed echoes", func() bool {
		_, received := wireRecords(h.probe)
		n := 0
		for _, r := range received {
			if r.Opcode == wsclient.OpBinary && r.Compressed {
				n++
			}
		}
		return n >= 3
	})
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	sent, received := wireRecords(h.probe)
	n := 0
	for _, r := range append(sent, received...) {
		if r.Opcode != wsclient.OpBinary {
			continue
		}
		n++
		if !r.Compressed || !r.RSV[0] || !strings.Contains(r.String(), "compressed (RSV1)") || r.Length == 11 {
			t.Errorf("a data frame not marked compressed, or of the message's own length: %s", r)
		}
	}
	if n == 0 {
		t.Error("no data frame")
	}
	// The counters count the messages' own bytes, not the wire's.
	if s, r := h.p.stream.Sent(), h.p.stream.Received(); s%11 != 0 || r%11 != 0 || s == 0 {
		t.Errorf("counters %d sent, %d received: not whole messages of 11 bytes", s, r)
	}
}
