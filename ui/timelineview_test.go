package ui

import (
	"github.com/wssample/wssample/internal/present"

	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/wssample/wssample/wsclient"
)

// A refused connect's timeline, as wsclient words it (fixed times, for
// the words and the golden pictures).
func refusedTimeline() *wsclient.Timeline {
	return &wsclient.Timeline{
		Start:    goldenStart,
		Duration: 412 * time.Microsecond,
		Steps: []wsclient.Step{
			{Kind: wsclient.StepDNS, Detail: "127.0.0.1 (an address, no lookup)"},
			{Kind: wsclient.StepTCP, Detail: "refused by 127.0.0.1:8081", Duration: 173 * time.Microsecond, Failed: true},
		},
	}
}

// The log's line for an attempt: Timeline.String() on one row, and for a
// failed attempt the failed step's details under it, indented.
func TestTimelineEntry(t *testing.T) {
	tl := refusedTimeline()
	tl.Steps[1].Lines = []string{"[::1]:8081: refused", "127.0.0.1:8081: refused"}
	e := wsclient.Event{Kind: wsclient.EventConnectFailed, Time: goldenStart,
		Err: &wsclient.ConnectError{Kind: wsclient.KindCannotConnect, Detail: "refused", Timeline: tl}}
	en, ok := timelineEntry(e)
	if !ok {
		t.Fatal("no entry for a failed connect with a timeline")
	}
	want := []string{
		"09:26:53.589  Timeline: DNS 127.0.0.1 (an address, no lookup) → TCP failed: refused by 127.0.0.1:8081 (0.2 ms)",
		"09:26:53.589      [::1]:8081: refused",
		"09:26:53.589      127.0.0.1:8081: refused",
	}
	if got := en.Rows(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if en.Kind != present.LogKindConnect {
		t.Errorf("kind %q", en.Kind)
	}
	// A successful attempt: one row; its details are the panel's.
	ok2 := &wsclient.Timeline{Start: goldenStart, Steps: []wsclient.Step{
		{Kind: wsclient.StepDNS, Detail: "127.0.0.1 (an address, no lookup)"},
		{Kind: wsclient.StepUpgrade, Detail: "101 Switching Protocols", Lines: []string{"> GET / HTTP/1.1"}},
		{Kind: wsclient.StepOpen, Detail: "open"},
	}}
	en, _ = timelineEntry(wsclient.Event{Kind: wsclient.EventConnected, Time: goldenStart, Info: &wsclient.ConnInfo{Timeline: ok2}})
	if rows := en.Rows(); len(rows) != 1 || !strings.HasSuffix(rows[0], "→ WebSocket open") {
		t.Fatalf("rows of a success %q", rows)
	}
	// Other events have none, and neither has an attempt without steps.
	for _, e := range []wsclient.Event{{Kind: wsclient.EventConnecting}, {Kind: wsclient.EventClosed},
		{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{}}} {
		if _, ok := timelineEntry(e); ok {
			t.Errorf("an entry for %v", e)
		}
	}
}

func TestTimelineHeading(t *testing.T) {
	tl := refusedTimeline()
	if got, want := timelineHeading(tl, 1), "09:26:53.589 · attempt 1: failed at TCP after 0.4 ms"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	tl.Steps[1].Failed, tl.Duration = false, 1500*time.Millisecond
	if got, want := timelineHeading(tl, 3), "09:26:53.589 · attempt 3 (reconnect 2): open after 1.50 s"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
}

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
	rows := p.timeline.rows
	if len(rows) != len(want.kinds) {
		t.Fatalf("%d step rows, want %d (%v); heading %q", len(rows), len(want.kinds), want.kinds, p.timeline.heading.Text)
	}
	var words []string
	for i, r := range rows {
		words = append(words, r.text.Text)
		if r.step.Kind != want.kinds[i] {
			t.Errorf("row %d is %v, want %v", i, r.step.Kind, want.kinds[i])
		}
		failed := r.step.Kind == want.failed
		if r.step.Failed != failed {
			t.Errorf("row %v failed %v, want %v", r.step.Kind, r.step.Failed, failed)
		}
		if r.text.Text != r.step.String() {
			t.Errorf("row %v reads %q, want %q", r.step.Kind, r.text.Text, r.step.String())
		}
		switch res := r.icon.Resource.(type) {
		case *theme.ErrorThemedResource:
			if !failed || res.Name() != theme.NewErrorThemedResource(theme.CancelIcon()).Name() {
				t.Errorf("row %v shows %s", r.step.Kind, res.Name())
			}
		case *theme.ThemedResource:
			if failed || res.ColorName != theme.ColorNameSuccess || res.Name() != theme.NewSuccessThemedResource(theme.ConfirmIcon()).Name() {
				t.Errorf("row %v shows %s in %s", r.step.Kind, res.Name(), res.ColorName)
			}
		default:
			t.Errorf("row %v shows %T", r.step.Kind, r.icon.Resource)
		}
	}
	last := rows[len(rows)-1].text.Text
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
	line := timelinePrefix + strings.Join(words, " → ")
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
	tlsRow, httpRow := v.row(wsclient.StepTLS), v.row(wsclient.StepUpgrade)
	if tlsRow == nil || httpRow == nil || tlsRow.expand == nil || httpRow.expand == nil {
		t.Fatalf("no TLS or HTTP row with details: %q", h.p.log.Text())
	}
	if tlsRow.details.Visible() {
		t.Fatal("details open before the button is pressed")
	}
	test.Tap(tlsRow.expand)
	if !tlsRow.details.Visible() {
		t.Fatal("the TLS step's details stay closed")
	}
	for _, want := range []string{`certificate 0: "`, `issued by "WebSocket Sample Test CA"`, "set aside by custom validation: untrusted root"} {
		if !strings.Contains(tlsRow.details.Text, want) {
			t.Errorf("TLS details lack %q:\n%s", want, tlsRow.details.Text)
		}
	}
	test.Tap(httpRow.expand)
	for _, want := range []string{"> GET /echo HTTP/1.1", "> Authorization: Basic ••••", "< HTTP/1.1 101 Switching Protocols", "< Sec-Websocket-Accept: "} {
		if !strings.Contains(httpRow.details.Text, want) {
			t.Errorf("HTTP details lack %q:\n%s", want, httpRow.details.Text)
		}
	}
	if strings.Contains(h.p.log.Text()+httpRow.details.Text, "s3cret") {
		t.Error("the password shows")
	}
	test.Tap(tlsRow.expand)
	if tlsRow.details.Visible() {
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
	if got := h.p.conn.timeline.heading.Text; !strings.Contains(got, "attempt 2 (reconnect 1): open after ") {
		t.Errorf("heading %q after the reconnect", got)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	n := 0
	for _, l := range h.p.log.Lines() {
		if strings.Contains(l, timelinePrefix) {
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
		test.Tap(h.p.conn.timeline.row(wsclient.StepUpgrade).expand)
	}})
}
