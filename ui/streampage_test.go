package ui

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/coder/websocket"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

func TestStreamStartCountStop(t *testing.T) {
	h := newHarness(t, Config{})
	addr := server.URL("/echo")
	h.typeAddress(addr)
	if !h.disconnected() {
		t.Fatal("a new page is not Disconnected")
	}

	test.Tap(h.p.primaryBtn)
	if !h.busy() {
		t.Fatal("not Busy while connecting")
	}
	h.waitConnected()
	if msg, red := h.status(); msg != "Connected" || red {
		t.Fatalf("status %q (red %v), want green Connected", msg, red)
	}
	for _, want := range []string{connectingLine(addr), connectedLine,
		wsclient.Event{Kind: wsclient.EventReadStarted}.String(), wsclient.Event{Kind: wsclient.EventWriteStarted}.String()} {
		h.waitLog(want)
	}

	num := counterValue
	h.waitFor("both counters past 11", func() bool {
		return num(h.p.sent.Text) > 11 && num(h.p.received.Text) > 11
	})
	test.Tap(h.p.primaryBtn) // disabled while connected: nothing happens
	if !h.connected() {
		t.Fatal("tapping the disabled Start changed the state")
	}

	test.Tap(h.p.haltBtn)
	if msg, _ := h.status(); msg != "Stopping" {
		t.Fatalf("status %q after Stop, want Stopping", msg)
	}
	if !h.busy() {
		t.Fatal("not Busy while closing")
	}
	h.waitDisconnected()
	h.waitLog(userStopLine)
	if msg, red := h.status(); msg != "Stopped" || red {
		t.Fatalf("status %q (red %v), want green Stopped", msg, red)
	}
	if h.p.stopPoll != nil {
		t.Fatal("the counter poller still runs after the close")
	}
	if num(h.p.sent.Text) < 22 || num(h.p.received.Text) < 22 {
		t.Fatalf("final counters %s / %s", h.p.sent.Text, h.p.received.Text)
	}
	for _, l := range h.p.log.Lines() {
		if !stampedLine.MatchString(l) {
			t.Errorf("log line without a HH:MM:SS.mmm stamp: %q", l)
		}
	}
}

func TestStreamEnterStarts(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/echo"))
	h.p.address.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.waitConnected()
	h.waitLog(connectingLine(server.URL("/echo")))

	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

func TestStreamBadScheme(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress("http://x")
	test.Tap(h.p.primaryBtn)
	h.q.Drain()
	msg, red := h.status()
	if msg != "Only 'ws' and 'wss' schemes supported. Please re-enter URI" || !red {
		t.Fatalf("status %q (red %v)", msg, red)
	}
	if !h.disconnected() {
		t.Fatal("not Disconnected after a bad address")
	}
	if len(h.p.log.Lines()) != 0 {
		t.Fatalf("a bad address was dialled: %s", h.p.log.Text())
	}
	if err := h.p.stream.Stop(); err != wsclient.ErrNotConnected {
		t.Fatalf("Stop after a bad address: %v, want ErrNotConnected", err)
	}
}

func TestStreamServerCloses(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/close?code=4001&reason=bye&after=200ms"))
	test.Tap(h.p.primaryBtn)
	h.waitLog(connectedLine)
	closed := closedLine(4001, "bye", wsclient.ClosedByServer)
	h.waitLog(closed)
	h.waitDisconnected()
	h.wantStatus(closed, false) // the close line, in green
	if h.p.stopPoll != nil {
		t.Fatal("the counter poller still runs after the close")
	}
}

func TestStreamCannotConnect(t *testing.T) {
	// A port nobody listens on: bind one, note it, let it go.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	h := newHarness(t, Config{})
	seen := h.record()
	h.typeAddress("ws://127.0.0.1:" + strconv.Itoa(port) + "/echo")
	test.Tap(h.p.primaryBtn)
	h.waitDisconnected()
	failed, _ := seen.final()
	var ce *wsclient.ConnectError
	if !errors.As(failed.Err, &ce) || ce.Kind != wsclient.KindCannotConnect {
		t.Fatalf("the attempt ended with %q, want a cannot-connect error", failed.String())
	}
	h.waitLog(failed.String())
	h.wantStatus(failed.String(), true)
}

func TestStreamCountersThrottled(t *testing.T) {
	// The server floods 4 MiB/s, tens of thousands of reads a second; the
	// UI still gets at most one counter refresh per 100 ms tick plus one
	// call per batch of (non-progress) events: a few, and the wire view's
	// records of the frames, at most wsclient.WireViewPerSecond a second
	// each way. The bound grows with the time actually elapsed, so a slow
	// machine cannot make it fail.
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/flood?rate=4MiB"))
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	from, began, records := h.q.Posted(), time.Now(), len(h.p.wire.Records())
	num := counterValue
	h.waitFor("a megabyte received", func() bool { return num(h.p.received.Text) > 1<<20 })
	calls, ticks := h.q.Posted()-from, int(time.Since(began)/kit.CounterRefresh)+1
	wire := len(h.p.wire.Records()) - records
	if calls > ticks+5+wire || wire > 2*wsclient.WireViewPerSecond*(ticks/10+1) {
		t.Fatalf("%d UI calls in %d ticks of %s while flooding, %d wire records", calls, ticks, kit.CounterRefresh, wire)
	}
	t.Logf("%d UI calls in %d ticks for %s received", calls, ticks, h.p.received.Text)
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

// counterValue reads a counter label ("1,234").
func counterValue(s string) int64 {
	n, _ := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	return n
}

// Picking a flow fills the address and says what it shows, without
// starting; Start then ends with the message a person needs: what
// wsclient says of the flow's end (flows' own test checks those words).
func TestStreamFlowsFromTheMenu(t *testing.T) {
	h := newHarness(t, Config{})
	seen := h.record()
	for _, tt := range []struct {
		flow string
		ends func(e wsclient.Event) bool // the event the flow ends with
		body []string                    // the server's answer to a refused handshake, if any
	}{
		{"Handshake rejected (403)", func(e wsclient.Event) bool {
			var ce *wsclient.ConnectError
			return errors.As(e.Err, &ce) && ce.Kind == wsclient.KindHandshakeRejected && ce.StatusCode == 403
		}, []string{
			"Response: 403 Forbidden",
			"Body: Handshake refused by the sample server (/reject).",
		}},
		{"Server closes with 4000", func(e wsclient.Event) bool {
			return e.Kind == wsclient.EventClosed && e.Close.Code == 4000 && e.Close.By == wsclient.ClosedByServer
		}, nil},
		// A cut connection ends with FIN, or with RST when a payload was
		// still unread in the server's socket: either cause is the truth.
		{"Connection drops (no close frame)", func(e wsclient.Event) bool {
			return e.Kind == wsclient.EventClosed && e.Close.Code == wsclient.StatusAbnormalClosure && e.Close.By == wsclient.ClosedAbnormally
		}, nil},
	} {
		t.Run(tt.flow, func(t *testing.T) {
			h.t = t
			h.p.log.Clear()
			seen.events = nil
			if !h.p.flows.pick(tt.flow) {
				t.Fatalf("no flow %q in the menu", tt.flow)
			}
			var f flows.Flow
			for _, x := range h.p.flows.list {
				if x.Name == tt.flow {
					f = x
				}
			}
			if h.p.address.Text != f.Address {
				t.Fatalf("address %q, want %q", h.p.address.Text, f.Address)
			}
			// The log says what the flow will show, and only that.
			h.q.Drain()
			if lines := h.lastLines(5); len(lines) != 1 || !strings.Contains(lines[0], f.Shows) {
				t.Fatalf("log after the pick %q, want the flow's sentence alone", lines)
			}
			if !h.disconnected() {
				t.Fatal("picking a flow started it")
			}
			test.Tap(h.p.primaryBtn)
			h.waitFor("the flow's end; log:\n"+h.p.log.Text(), func() bool {
				_, ended := seen.final()
				return ended && h.disconnected()
			})
			end, _ := seen.final()
			if !tt.ends(end) {
				t.Fatalf("the flow ended with %q", end.String())
			}
			want := append([]string{end.String()}, tt.body...)
			if got := h.lastLines(len(want)); !reflect.DeepEqual(got, want) {
				t.Fatalf("last lines\n%q\nwant\n%q", got, want)
			}
			h.wantStatus(end.String(), end.IsError())
		})
	}
}

// A flow with a short handshake timeout puts it into Advanced; the next
// flow without one restores the default.
func TestStreamFlowHandshakeTimeout(t *testing.T) {
	h := newHarness(t, Config{})
	h.p.flows.pick("Handshake timeout")
	if got := h.p.adv.handshake.Text; got != present.FormatSeconds(flows.HangTimeout) {
		t.Fatalf("handshake timeout %q after the timeout flow", got)
	}
	h.p.flows.pick("Echo")
	if got := h.p.adv.handshake.Text; got != present.DefaultAdvanced.Handshake {
		t.Fatalf("handshake timeout %q after Echo, want the default", got)
	}
}

func TestStreamConnectionPanelWSS(t *testing.T) {
	h := newHarness(t, Config{})
	h.p.validate.SetChecked(true)
	h.typeAddress(server.SecureURL("/echo"))
	if h.p.connSection.Visible() {
		t.Fatal("the Connection panel shows before a connection")
	}
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitLog(wsclient.NoteValidationPassed)
	if !h.p.connSection.Visible() {
		t.Fatal("the Connection panel is hidden while connected")
	}
	if got, want := h.p.conn.value("SHA-256 fingerprint"), server.Fingerprint(); got != want {
		t.Fatalf("fingerprint %q, server's %q", got, want)
	}
	for _, name := range []string{"TLS version", "Cipher suite", "Issuer", "Valid", "Local address", "Remote address"} {
		if h.p.conn.value(name) == "" {
			t.Errorf("no %s", name)
		}
	}
	if got := h.p.conn.value("Errors set aside"); got == "none" || got == "" {
		t.Errorf("set aside %q: the built-in CA is not trusted, so custom validation set that aside", got)
	}
	if got := h.p.conn.value("Handshake"); got != "101 Switching Protocols" {
		t.Errorf("handshake %q", got)
	}
	// The bandwidth comes from the counters: about 11 B/s each way.
	h.waitFor("a bandwidth reading", func() bool {
		return strings.Contains(h.p.conn.value("Bandwidth"), "receiving 1") && strings.HasPrefix(h.p.sentRate.Text, "(1")
	})

	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	if h.p.connSection.Visible() || h.p.conn.value("TLS version") != "" {
		t.Fatal("the Connection panel outlived the connection")
	}
	if h.p.sentRate.Text != "" {
		t.Fatalf("rate %q shown while disconnected", h.p.sentRate.Text)
	}
}

func TestStreamConnectionPanelWS(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.URL("/echo"))
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	local, remote := h.p.conn.value("Local address"), h.p.conn.value("Remote address")
	if !strings.HasPrefix(local, "127.0.0.1:") || remote != server.Addr() {
		t.Fatalf("addresses %q → %q, server at %q", local, remote, server.Addr())
	}
	if h.p.conn.value("TLS version") != "" || h.p.conn.value("SHA-256 fingerprint") != "" {
		t.Fatal("TLS rows for ws://")
	}
	if got := h.p.conn.value("Security"); !strings.Contains(got, "not encrypted") {
		t.Fatalf("security %q", got)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

// The credential goes to the server as HTTP Basic and nowhere else: not
// into the log, not into the preferences.
func TestStreamCredentialReachesServerOnly(t *testing.T) {
	const user, password = "presenter", "pa55-w0rd-never-shown"
	type auth struct {
		user, pass string
		ok         bool
		proto      string
	}
	got := make(chan auth, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"chat"}})
		if err != nil {
			return
		}
		select {
		case got <- auth{u, p, ok, r.Header.Get("X-Demo")}:
		default:
		}
		// Read (and drop) until the client closes; Read answers the close
		// handshake. (CloseRead would close on the first "Hello World".)
		defer c.CloseNow()
		for {
			if _, _, err := c.Read(r.Context()); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)

	h := newHarness(t, Config{})
	h.p.adv.username.SetText(user)
	h.p.adv.password.SetText(password)
	h.p.adv.subprotocols.SetText("chat")
	h.p.adv.headers.SetText("X-Demo: yes")
	addr := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
	h.typeAddress(addr)
	test.Tap(h.p.primaryBtn)
	h.q.Drain()
	if msg, red := h.status(); red {
		t.Fatalf("Start refused: %s", msg)
	}
	h.waitConnected()
	a := <-got
	if !a.ok || a.user != user || a.pass != password || a.proto != "yes" {
		t.Fatalf("server saw %+v", a)
	}
	if got := h.p.conn.value("Subprotocol"); got != "chat" {
		t.Fatalf("subprotocol %q", got)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()

	if strings.Contains(h.p.log.Text(), password) {
		t.Fatalf("the password is in the log:\n%s", h.p.log.Text())
	}
	if h.p.address.Text != addr || h.app.Preferences().String(streamAddressKey) != addr {
		t.Fatal("the address was not remembered (the check below would prove nothing)")
	}
	prefs, ok := h.app.Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatal("the test app's preferences cannot be listed")
	}
	prefs.ReadValues(func(values map[string]any) {
		for k, v := range values {
			if strings.Contains(fmt.Sprint(v), password) || strings.Contains(k, password) {
				t.Errorf("the password is in the preferences under %q", k)
			}
		}
	})
}

// With "Reconnect automatically", a dropped connection is retried; while
// it waits the page is Busy with Stop on, and Stop ends it at once.
func TestStreamReconnect(t *testing.T) {
	h := newHarness(t, Config{})
	h.p.adv.reconnect.SetChecked(true)
	h.typeAddress(server.URL("/drop?after=200ms"))
	test.Tap(h.p.primaryBtn)
	waiting := wsclient.Event{Kind: wsclient.EventReconnecting, Retry: time.Second, Attempt: 1}.String()
	h.waitLog(waiting)
	reconnecting := func() bool {
		return h.p.primaryBtn.Disabled() && !h.p.haltBtn.Disabled() && h.p.address.Disabled()
	}
	if !reconnecting() {
		t.Fatal("not Busy with Stop on while waiting to reconnect")
	}
	h.waitFor("a second Connected; log:\n"+h.p.log.Text(), func() bool { return h.countLines(connectedLine) >= 2 })
	// It drops again; stop during the wait that follows.
	h.waitFor("the second reconnect; log:\n"+h.p.log.Text(), func() bool {
		return h.countLines(waiting) >= 2
	})
	if !reconnecting() {
		t.Fatal("not Busy with Stop on while waiting to reconnect")
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	if msg, red := h.status(); msg != "Stopped" || red {
		t.Fatalf("status %q (red %v), want green Stopped", msg, red)
	}
	if cancelled := (wsclient.Event{Kind: wsclient.EventReconnectCancelled}).String(); !h.logHas(cancelled) && !h.logHas(userStopLine) {
		t.Fatalf("the log does not say how it ended:\n%s", h.p.log.Text())
	}
	if h.p.connSection.Visible() || h.p.stopPoll != nil {
		t.Fatal("connection panel or poller left over")
	}
}

// tempFile writes size bytes of random data to a new temporary file.
func tempFile(t *testing.T, size int) string {
	t.Helper()
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{1}).Read(data)
	path := filepath.Join(t.TempDir(), "payload.bin")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStreamSendFileRoundTrips(t *testing.T) {
	h := newHarness(t, Config{})
	if !h.p.xfer.send.Disabled() {
		t.Fatal("Send file… enabled while disconnected")
	}
	path := tempFile(t, 3<<20)
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	if h.p.xfer.send.Disabled() {
		t.Fatal("Send file… disabled while connected")
	}
	h.p.sendFile(path)
	tr := h.p.xfer.transfer
	if tr == nil || !h.p.xfer.send.Disabled() || !h.p.xfer.running.Visible() {
		t.Fatal("no progress shown, or Send file… still enabled, during a transfer")
	}
	h.waitFor("the transfer's end", func() bool { return h.p.xfer.transfer == nil })
	if r := tr.Result(); r.Bytes != 3<<20 || !r.EchoVerified() {
		t.Fatalf("transfer result %q", r.Lines())
	}
	h.waitInOrder(tr.Result().Lines()...)
	if !h.connected() || h.p.xfer.send.Disabled() || h.p.xfer.running.Visible() {
		t.Fatal("the page did not come back to Connected with Send file… on")
	}
	if msg, red := h.status(); !strings.HasSuffix(msg, "; echo verified") || red {
		t.Fatalf("status %q (red %v)", msg, red)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

func TestStreamSendFileCancel(t *testing.T) {
	h := newHarness(t, Config{})
	seen := h.record()
	h.p.adv.chunk.SetText("1") // 1 KiB messages: 256 MiB take seconds even on a fast machine
	path := sparseFile(t, 256<<20)
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.p.sendFile(path)
	h.waitFor("the transfer under way", func() bool {
		return h.p.xfer.transfer != nil && h.p.xfer.transfer.Sent() > 0 && h.p.xfer.bar.Value > 0
	})
	tr := h.p.xfer.transfer
	test.Tap(h.p.xfer.cancel)
	h.waitFor("the transfer's end", func() bool { return h.p.xfer.transfer == nil })
	if !tr.Result().Cancelled {
		t.Fatalf("transfer result %q, want cancelled", tr.Result().Lines())
	}
	h.waitInOrder(tr.Result().Lines()...)
	if !h.connected() || seen.has(wsclient.EventClosed) {
		t.Fatalf("cancel closed the connection:\n%s", h.p.log.Text())
	}
	// The payload resumes: "Hello World" keeps both counters moving.
	sent := counterValue(h.p.sent.Text)
	h.waitFor("the payload to resume", func() bool { return counterValue(h.p.sent.Text) > sent })
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

func TestStreamSendFileVanished(t *testing.T) {
	h := newHarness(t, Config{})
	path := tempFile(t, 10)
	os.Remove(path)
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	// What wsclient says of it: the page must say the same.
	_, err := h.p.stream.SendFile(path, 1)
	if err == nil {
		t.Fatal("SendFile of a vanished file started a transfer")
	}
	want := err.Error()
	h.p.sendFile(path)
	if msg, red := h.status(); msg != want || !red {
		t.Fatalf("status %q (red %v), want %q in red", msg, red, want)
	}
	h.waitLog(want)
	if !h.connected() || h.p.xfer.transfer != nil || h.p.xfer.send.Disabled() {
		t.Fatal("a vanished file changed the page's state")
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

// sparseFile makes a file of size zero bytes without writing them.
func sparseFile(t *testing.T, size int64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sparse.bin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(f.Truncate(size), f.Close()); err != nil {
		t.Fatal(err)
	}
	return path
}

// dropServer echoes until drop is called, then cuts the TCP connection
// without a close frame, as the built-in /drop does after its time. Here
// the test says when: a drop after a fixed time can come before a loaded
// machine has even shown Connected.
func dropServer(t *testing.T) (uri string, drop func()) {
	dropped := make(chan struct{})
	drop = sync.OnceFunc(func() { close(dropped) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		go func() { <-dropped; c.CloseNow() }()
		c.SetReadLimit(-1)
		for {
			typ, msg, err := c.Read(r.Context())
			if err != nil || c.Write(r.Context(), typ, msg) != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(drop) // runs first: the handler ends before the server closes
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/", drop
}

// The connection drops in the middle of a transfer: the transfer says so,
// the page ends Disconnected, nothing is left running.
func TestStreamSendFileConnectionLost(t *testing.T) {
	h := newHarness(t, Config{})
	seen := h.record()
	h.p.adv.chunk.SetText("1")
	path := sparseFile(t, 256<<20)
	uri, drop := dropServer(t)
	h.typeAddress(uri)
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.p.sendFile(path)
	tr := h.p.xfer.transfer
	if tr == nil {
		t.Fatalf("no transfer began; log:\n%s", h.p.log.Text())
	}
	drop()
	h.waitDisconnected()
	h.waitFor("the transfer's end", func() bool { return h.p.xfer.transfer == nil && !h.p.xfer.running.Visible() })
	if r := tr.Result(); r.Err == nil || r.Cancelled {
		t.Fatalf("transfer result %q, want a failure", r.Lines())
	}
	h.waitInOrder(tr.Result().Lines()...)
	if lost, _ := seen.final(); lost.Close.Code != wsclient.StatusAbnormalClosure || !h.logHas(lost.String()) {
		t.Fatalf("the loss (%q) is not in the log:\n%s", lost.String(), h.p.log.Text())
	}
	if !h.p.xfer.send.Disabled() {
		t.Fatal("Send file… enabled while disconnected")
	}
}

// A keep-alive ping interval makes pongs (with their round trip) appear.
func TestStreamKeepAlivePongs(t *testing.T) {
	h := newHarness(t, Config{})
	seen := h.record()
	h.p.adv.ping.SetText("0.2")
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("a pong", func() bool { return seen.has(wsclient.EventPong) })
	pong, _ := seen.last(wsclient.EventPong)
	h.waitLog(pong.String())
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}
