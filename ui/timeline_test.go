package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/protoview"
	"github.com/wssample/wssample/wsclient"
)

// stepWant is what a test expects of the latest attempt: its steps, the
// one marked failed (0: none), and the words of the last step.
type stepWant struct {
	kinds  []wsclient.StepKind
	failed wsclient.StepKind
	last   string // a regular expression for the last step's words
}

var (
	wsKinds  = []wsclient.StepKind{wsclient.StepDNS, wsclient.StepTCP, wsclient.StepUpgrade, wsclient.StepOpen}
	wssKinds = []wsclient.StepKind{wsclient.StepDNS, wsclient.StepTCP, wsclient.StepTLS, wsclient.StepUpgrade, wsclient.StepOpen}
)

const stepDuration = `\((< )?[0-9.]+ (ms|s)\)`

// wantPanelTimeline fails unless the Connection section of pr's page
// shows the attempt as want says: each step a row, a tick for each that
// went well, a cross and red words for the one that failed; the title
// says the outcome. The log has the attempt's line with the same words.
func wantPanelTimeline(t *testing.T, pr probe, want stepWant) {
	t.Helper()
	p := pr.c.panel
	if !p.section.Visible() {
		t.Fatal("the Connection section is hidden")
	}
	rows := p.timeline.Rows()
	if len(rows) != len(want.kinds) {
		t.Fatalf("%d step rows, want %d (%v); heading %q", len(rows), len(want.kinds), want.kinds, p.timeline.Heading())
	}
	var words []string
	for i, r := range rows {
		words = append(words, r.Text())
		if r.Step().Kind != want.kinds[i] {
			t.Errorf("row %d is %v, want %v", i, r.Step().Kind, want.kinds[i])
		}
		failed := r.Step().Kind == want.failed
		if r.Step().Failed != failed {
			t.Errorf("row %v failed %v, want %v", r.Step().Kind, r.Step().Failed, failed)
		}
		if r.Text() != r.Step().String() {
			t.Errorf("row %v reads %q, want %q", r.Step().Kind, r.Text(), r.Step().String())
		}
		switch res := r.Icon().(type) {
		case *theme.ErrorThemedResource:
			if !failed || res.Name() != theme.NewErrorThemedResource(theme.CancelIcon()).Name() {
				t.Errorf("row %v shows %s", r.Step().Kind, res.Name())
			}
		case *theme.ThemedResource:
			if failed || res.ColorName != theme.ColorNameSuccess || res.Name() != theme.NewSuccessThemedResource(theme.ConfirmIcon()).Name() {
				t.Errorf("row %v shows %s in %s", r.Step().Kind, res.Name(), res.ColorName)
			}
		default:
			t.Errorf("row %v shows %T", r.Step().Kind, r.Icon())
		}
	}
	last := rows[len(rows)-1].Text()
	if !regexp.MustCompile("^" + want.last + "$").MatchString(last) {
		t.Errorf("last step %q, want it to match %q", last, want.last)
	}
	title := connSectionTitle + ": open"
	if want.failed != 0 {
		title = connSectionTitle + ": failed at " + want.failed.String()
	}
	if got := p.item.Title; got != title {
		t.Errorf("section title %q, want %q", got, title)
	}
	// The log's line for this attempt says the same, step by step.
	line := protoview.TimelinePrefix + strings.Join(words, " → ")
	if i := pr.logIndex(line, 0); i < 0 {
		t.Errorf("no log line %q; log:\n%s", line, pr.c.log.Text())
	}
}

// Every kind of outcome of "Try a flow", on the stream page against the
// built-in server: the Connection section marks the step the connect
// failed at, with its words, keeps the steps before it, and the log says
// the same in a line; a connect that succeeds has every step ticked.
func TestStreamTimelineOfFlows(t *testing.T) {
	h := newHarness(t, Config{})
	for _, tt := range []struct {
		flow     string
		validate bool   // tick custom validation
		timeout  string // the handshake timeout typed after picking the flow
		want     stepWant
	}{
		{flow: "Nothing listening (refused)", want: stepWant{wsKinds[:2], wsclient.StepTCP,
			`TCP failed: refused by 127\.0\.0\.1:1 ` + stepDuration}},
		{flow: "Handshake rejected (403)", want: stepWant{wsKinds[:3], wsclient.StepUpgrade,
			`HTTP failed: 403 Forbidden ` + stepDuration}},
		{flow: "Handshake timeout", timeout: "0.3", want: stepWant{wsKinds[:3], wsclient.StepUpgrade,
			`HTTP failed: no answer to the upgrade within 300 ms ` + stepDuration}},
		{flow: "Untrusted certificate (wss)", want: stepWant{wssKinds[:3], wsclient.StepTLS,
			`TLS failed: certificate signed by an unknown authority "WebSocket Sample Test CA" ` + stepDuration}},
		{flow: "Echo", want: stepWant{wsKinds, 0, `WebSocket open`}},
		{flow: "Untrusted certificate (wss)", validate: true, want: stepWant{wssKinds, 0, `WebSocket open`}},
	} {
		name := tt.flow
		if tt.validate {
			name += ", custom validation"
		}
		t.Run(name, func(t *testing.T) {
			if !h.p.flows.pick(tt.flow) {
				t.Fatalf("no flow %q", tt.flow)
			}
			if tt.timeout == "" {
				tt.timeout = present.DefaultAdvanced.Handshake
			}
			h.p.adv.handshake.SetText(tt.timeout)
			h.p.validate.SetChecked(tt.validate)
			rec := h.record()
			test.Tap(h.p.primaryBtn)
			h.waitFor("the connect's outcome; log:\n"+h.p.log.Text(), func() bool {
				return rec.has(wsclient.EventConnected) || rec.has(wsclient.EventConnectFailed)
			})
			wantPanelTimeline(t, h.probe, tt.want)
			if tt.want.failed == 0 {
				test.Tap(h.p.haltBtn)
				h.waitDisconnected()
				if h.p.connSection.Visible() {
					t.Error("the Connection section outlived the connection")
				}
				return
			}
			h.waitDisconnected()
			if !h.p.connSection.Visible() {
				t.Error("the failed attempt's section is hidden")
			}
		})
	}
}

// details and shown are what a step row's details say and whether they
// are open.
func details(r *protoview.StepRow) string { text, _ := r.Details(); return text }
func shown(r *protoview.StepRow) bool     { _, on := r.Details(); return on }

// Each step's details open under it: the wss connect's TLS step lists the
// chain, one line per certificate, and what custom validation set aside;
// the HTTP step the request sent, credentials as "Basic ••••", and the
// answer.
func TestStreamTimelineDetails(t *testing.T) {
	h := newHarness(t, Config{})
	h.typeAddress(server.SecureURL("/echo"))
	h.p.validate.SetChecked(true)
	h.p.adv.username.SetText("ann")
	h.p.adv.password.SetText("s3cret")
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	v := h.p.conn.timeline
	tlsRow, httpRow := v.Row(wsclient.StepTLS), v.Row(wsclient.StepUpgrade)
	if tlsRow == nil || httpRow == nil || tlsRow.Expand() == nil || httpRow.Expand() == nil {
		t.Fatalf("no TLS or HTTP row with details: %q", h.p.log.Text())
	}
	if shown(tlsRow) {
		t.Fatal("details open before the button is pressed")
	}
	test.Tap(tlsRow.Expand())
	if !shown(tlsRow) {
		t.Fatal("the TLS step's details stay closed")
	}
	for _, want := range []string{`certificate 0: "`, `issued by "WebSocket Sample Test CA"`, "set aside by custom validation: untrusted root"} {
		if !strings.Contains(details(tlsRow), want) {
			t.Errorf("TLS details lack %q:\n%s", want, details(tlsRow))
		}
	}
	test.Tap(httpRow.Expand())
	for _, want := range []string{"> GET /echo HTTP/1.1", "> Authorization: Basic ••••", "< HTTP/1.1 101 Switching Protocols", "< Sec-Websocket-Accept: "} {
		if !strings.Contains(details(httpRow), want) {
			t.Errorf("HTTP details lack %q:\n%s", want, details(httpRow))
		}
	}
	if strings.Contains(h.p.log.Text()+details(httpRow), "s3cret") {
		t.Error("the password shows")
	}
	test.Tap(tlsRow.Expand())
	if shown(tlsRow) {
		t.Error("the details stay open after a second press")
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}

// The message pages have the section too: the partial page's connect to
// the built-in /partial, every step ticked, and its failure to a port
// where nothing listens.
func TestPartialTimeline(t *testing.T) {
	f := showPartial(t)
	f.connectWalk()
	wantPanelTimeline(t, f.probe, stepWant{wsKinds, 0, `WebSocket open`})
	f.disconnectWalk()
	if f.c.panel.section.Visible() {
		t.Error("the Connection section outlived the connection")
	}
	f.typeAddress("ws://127.0.0.1:1/")
	test.Tap(f.c.primaryBtn)
	f.waitDisconnected()
	wantPanelTimeline(t, f.probe, stepWant{wsKinds[:2], wsclient.StepTCP, `TCP failed: refused by 127\.0\.0\.1:1 ` + stepDuration})
}

// Every attempt has its own timeline, reconnects included: the section
// counts them, and the log has a line for each.
func TestStreamTimelineOfReconnects(t *testing.T) {
	h := newHarness(t, Config{})
	h.p.adv.reconnect.SetChecked(true)
	h.typeAddress(server.URL("/drop"))
	rec := h.record()
	test.Tap(h.p.primaryBtn)
	h.waitFor("a reconnect's outcome; log:\n"+h.p.log.Text(), func() bool {
		n := 0
		for _, e := range rec.events {
			if e.Kind == wsclient.EventConnected {
				n++
			}
		}
		return n >= 2
	})
	if got := h.p.conn.timeline.Heading(); !strings.Contains(got, "attempt 2 (reconnect 1): open after ") {
		t.Errorf("heading %q after the reconnect", got)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	n := 0
	for _, l := range h.p.log.Lines() {
		if strings.Contains(l, protoview.TimelinePrefix) {
			n++
		}
	}
	if n < 2 {
		t.Errorf("%d timeline lines for two attempts:\n%s", n, h.p.log.Text())
	}
}

// The timeline's golden pictures (TestGolden renders them with the rest):
// the stream page after a handshake the server refused with 403, its
// Connection section open and the failed step's details expanded.
func init() {
	goldenCases = append(goldenCases, goldenCase{name: "timeline", key: "stream", setup: func(t *testing.T, h *harness) {
		h.typeAddress("ws://127.0.0.1:8080/reject?status=403")
		tl := &wsclient.Timeline{Start: goldenStart, Duration: 1840 * time.Microsecond, Steps: []wsclient.Step{
			{Kind: wsclient.StepDNS, Detail: "127.0.0.1 (an address, no lookup)"},
			{Kind: wsclient.StepTCP, Detail: "127.0.0.1:8080", Duration: 212 * time.Microsecond},
			{Kind: wsclient.StepUpgrade, Detail: "403 Forbidden", Duration: 1310 * time.Microsecond, Failed: true, Lines: []string{
				"> GET /reject?status=403 HTTP/1.1",
				"> Host: 127.0.0.1:8080",
				"> Connection: Upgrade",
				"> Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
				"> Sec-Websocket-Version: 13",
				"> Upgrade: websocket",
				"< HTTP/1.1 403 Forbidden",
				"< Content-Type: text/plain; charset=utf-8",
				"body: Handshake refused by the sample server (/reject).",
			}},
		}}
		evs := events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8080/reject?status=403"},
			wsclient.Event{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{
				Kind: wsclient.KindOther, Detail: "server answered HTTP 403 Forbidden (Handshake refused by the sample server (/reject).)",
				StatusCode: 403, Status: "403 Forbidden", Body: "Handshake refused by the sample server (/reject).", Timeline: tl}},
		)
		h.p.handle(evs)
		h.wantStatus(evs[1].String(), true)
		h.p.connSection.Open(0)
		test.Tap(h.p.conn.timeline.Row(wsclient.StepUpgrade).Expand())
	}})
}
