package wsclient_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// connectedTimeline connects a Stream to uri, returns the timeline its
// EventConnected carries, and stops it.
func connectedTimeline(t *testing.T, uri string, opts wsclient.StreamOptions) *wsclient.Timeline {
	t.Helper()
	s := wsclient.NewStream(opts)
	rec := record(t, s)
	if err := s.Start(uri); err != nil {
		t.Fatal(err)
	}
	e := rec.waitFor(wsclient.EventConnected, 10*time.Second)
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	if e.Timeline() == nil || e.Info.Timeline != e.Timeline() {
		t.Fatalf("EventConnected carries no timeline: %+v", e.Info)
	}
	return e.Timeline()
}

// kindsOf lists the steps of a timeline.
func kindsOf(tl *wsclient.Timeline) []wsclient.StepKind {
	var out []wsclient.StepKind
	for _, s := range tl.Steps {
		out = append(out, s.Kind)
	}
	return out
}

// checkTimeline asserts the steps of tl, in order, that only the last is
// failed when failed is set, and that the last step's line matches want
// (a regular expression: durations vary).
func checkTimeline(t *testing.T, tl *wsclient.Timeline, kinds []wsclient.StepKind, failed bool, want string) {
	t.Helper()
	if tl == nil {
		t.Fatal("no timeline")
	}
	got := kindsOf(tl)
	if len(got) != len(kinds) {
		t.Fatalf("steps %v, want %v: %s", got, kinds, tl)
	}
	for i := range kinds {
		if got[i] != kinds[i] {
			t.Fatalf("steps %v, want %v: %s", got, kinds, tl)
		}
		if last := i == len(kinds)-1; tl.Steps[i].Failed != (last && failed) {
			t.Errorf("step %v failed = %v: %s", got[i], tl.Steps[i].Failed, tl)
		}
	}
	if (tl.Failed() != nil) != failed {
		t.Errorf("Failed() = %v: %s", tl.Failed(), tl)
	}
	if line := tl.Steps[len(tl.Steps)-1].String(); !regexp.MustCompile("^" + want + "$").MatchString(line) {
		t.Errorf("last step = %q, want it to match %q\ntimeline: %s", line, want, tl)
	}
	if tl.Duration <= 0 || tl.Start.IsZero() {
		t.Errorf("timeline not timed: start %v, duration %v", tl.Start, tl.Duration)
	}
}

const durRE = `\((< )?[0-9.]+ (ms|s)\)` // a step's duration

var (
	wsSteps  = []wsclient.StepKind{wsclient.StepDNS, wsclient.StepTCP, wsclient.StepUpgrade, wsclient.StepOpen}
	wssSteps = []wsclient.StepKind{wsclient.StepDNS, wsclient.StepTCP, wsclient.StepTLS, wsclient.StepUpgrade, wsclient.StepOpen}
)

// Each way a connect can end marks its step, keeps the steps before it,
// and says why in the words of that step.
func TestTimelineMarksTheStepThatFailed(t *testing.T) {
	now := time.Now()
	pki := newPKI(t, "Timeline CA", now.Add(-time.Hour), now.Add(time.Hour))
	wss := tlsEchoServer(t, pki)
	tests := []struct {
		name  string
		uri   string
		opts  wsclient.StreamOptions
		steps []wsclient.StepKind
		want  string // the failed step's line, a regular expression
	}{
		{"refused", closedPort(t), wsclient.StreamOptions{},
			wsSteps[:2], `TCP failed: refused by 127\.0\.0\.1:\d+ ` + durRE},
		{".invalid host", "ws://nothing.invalid/", wsclient.StreamOptions{},
			wsSteps[:1], `DNS failed: "nothing\.invalid" (not found|could not be resolved: .*) ` + durRE},
		{"TLS untrusted", wss, wsclient.StreamOptions{},
			wssSteps[:3], `TLS failed: certificate signed by an unknown authority "Timeline CA" ` + durRE},
		{"TLS name mismatch", wss, wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: &tls.Config{RootCAs: pki.pool, ServerName: "wrong.example"}}}},
			wssSteps[:3], `TLS failed: certificate not valid for "wrong\.example" \(it names localhost, 127\.0\.0\.1\) ` + durRE},
		{"HTTP 403", wsURL(statusServer(t, 403, "go away"), "/"), wsclient.StreamOptions{},
			wsSteps[:3], `HTTP failed: 403 Forbidden ` + durRE},
		{"HTTP 404", wsURL(statusServer(t, 404, "no such endpoint"), "/nope"), wsclient.StreamOptions{},
			wsSteps[:3], `HTTP failed: 404 Not Found ` + durRE},
		{"no answer to the upgrade", hangListener(t), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{HandshakeTimeout: 300 * time.Millisecond}}},
			wsSteps[:3], `HTTP failed: no answer to the upgrade within 300 ms ` + durRE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := connectError(t, tt.uri, tt.opts)
			checkTimeline(t, ce.Timeline, tt.steps, true, tt.want)
			t.Log(ce.Timeline)
		})
	}
}

// The first steps in detail: a literal address needs no lookup, a name
// is looked up, the TCP step names the address it reached.
func TestTimelineDNSAndTCP(t *testing.T) {
	srv := wsServer(t, echo)
	tl := connectedTimeline(t, wsURL(srv, "/"), wsclient.StreamOptions{})
	checkTimeline(t, tl, wsSteps, false, `WebSocket open`)
	addr := strings.TrimPrefix(srv.URL, "http://")
	if got := tl.Steps[0].String(); got != "DNS 127.0.0.1 (an address, no lookup)" {
		t.Errorf("DNS step = %q", got)
	}
	if got := tl.Steps[1].String(); !regexp.MustCompile(`^TCP ` + regexp.QuoteMeta(addr) + ` ` + durRE + `$`).MatchString(got) {
		t.Errorf("TCP step = %q, want the address %s", got, addr)
	}
	// localhost is looked up; every address found is named, and the one
	// that answered.
	port := addr[strings.LastIndex(addr, ":")+1:]
	tl = connectedTimeline(t, "ws://localhost:"+port+"/", wsclient.StreamOptions{})
	if dns := tl.Steps[0].String(); !regexp.MustCompile(`^DNS localhost: .*127\.0\.0\.1.* ` + durRE + `$`).MatchString(dns) {
		t.Errorf("DNS step = %q", dns)
	}
	if tcp := tl.Step(wsclient.StepTCP); tcp == nil || tcp.Detail != "127.0.0.1:"+port {
		t.Errorf("TCP step = %v: %s", tcp, strings.Join(tl.Lines(), "\n"))
	}
	t.Log(strings.Join(tl.Lines(), "\n"))
}

// The HTTP step shows the request line and headers sent, credentials as
// "Basic ••••", and the status line and headers received (RFC 6455 §4.1).
func TestTimelineUpgradeRequestAndAnswer(t *testing.T) {
	srv := wsServer(t, echo)
	tl := connectedTimeline(t, wsURL(srv, "/echo?x=1"), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Username: "user", Password: "secret", Subprotocols: []string{"chat"}}}})
	http := tl.Step(wsclient.StepUpgrade)
	if http == nil || http.Detail != "101 Switching Protocols" {
		t.Fatalf("HTTP step %v", http)
	}
	text := strings.Join(http.Lines, "\n")
	for _, want := range []string{
		"> GET /echo?x=1 HTTP/1.1",
		"> Authorization: Basic ••••",
		"> Upgrade: websocket",
		"> Sec-Websocket-Version: 13",
		"> Sec-Websocket-Protocol: chat",
		"< HTTP/1.1 101 Switching Protocols",
		"< Upgrade: websocket",
		"< Sec-Websocket-Accept: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("HTTP step lacks %q:\n%s", want, text)
		}
	}
	if secret := base64.StdEncoding.EncodeToString([]byte("user:secret")); strings.Contains(text, secret) || strings.Contains(text, "secret") {
		t.Errorf("the credentials show:\n%s", text)
	}
}

// wss: the TLS step names version and cipher suite and lists the chain,
// one line per certificate, and what custom validation set aside.
func TestTimelineTLS(t *testing.T) {
	now := time.Now()
	pki := newPKI(t, "Timeline CA", now.Add(-time.Hour), now.Add(time.Hour))
	wss := tlsEchoServer(t, pki)
	tl := connectedTimeline(t, wss, wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: &tls.Config{RootCAs: pki.pool}}}})
	checkTimeline(t, tl, wssSteps, false, `WebSocket open`)
	tlsStep := tl.Step(wsclient.StepTLS)
	if !regexp.MustCompile(`^TLS 1\.3, TLS_[A-Z0-9_]+ ` + durRE + `$`).MatchString(tlsStep.String()) {
		t.Errorf("TLS step = %q", tlsStep)
	}
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	wantChain := []string{
		`certificate 0: "localhost" issued by "Timeline CA", valid ` + day(now.Add(-time.Hour)) + ` to ` + day(now.Add(time.Hour)),
		`certificate 1: "Timeline CA" issued by "Timeline CA", valid `,
	}
	if len(tlsStep.Lines) != 2 || tlsStep.Lines[0] != wantChain[0] || !strings.HasPrefix(tlsStep.Lines[1], wantChain[1]) {
		t.Errorf("chain lines %q, want %q", tlsStep.Lines, wantChain)
	}

	// Custom validation, trusting the issuer but not the system roots: the
	// untrusted root is set aside, and the TLS step says so.
	tl = connectedTimeline(t, wss, wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: wsclient.IssuedBy(pki.ca)}}})
	lines := strings.Join(tl.Step(wsclient.StepTLS).Lines, "\n")
	if !strings.Contains(lines, "set aside by custom validation: untrusted root: ") {
		t.Errorf("TLS lines do not say what was set aside:\n%s", lines)
	}
	// A custom check that refuses marks the TLS step with its words.
	other := newPKI(t, "Other CA", now.Add(-time.Hour), now.Add(time.Hour))
	ce := connectError(t, wss, wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: wsclient.IssuedBy(other.ca)}}})
	checkTimeline(t, ce.Timeline, wssSteps[:3], true, `TLS failed: rejected by custom validation \(issuer is "Timeline CA", want "Other CA"\) `+durRE)
}

// The built-in server's client-authentication listener: without a client
// certificate the TLS handshake completes and the server's alert ends the
// upgrade (TLS 1.3 checks the client's certificate last); with one, the
// connection opens.
func TestTimelineClientCertificate(t *testing.T) {
	srv := testserver.Start(t)
	trust := &tls.Config{RootCAs: srv.CAPool()}
	ce := connectError(t, srv.ClientAuthURL(), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: trust}}})
	checkTimeline(t, ce.Timeline, wssSteps[:4], true,
		`HTTP failed: the server requires a client certificate and none was sent \(a TLS alert after the handshake: TLS 1\.3 checks the client's certificate last\) `+durRE)
	cert := srv.ClientCertificate()
	tl := connectedTimeline(t, srv.ClientAuthURL(), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: trust, ClientCertificate: &cert}}})
	checkTimeline(t, tl, wssSteps, false, `WebSocket open`)
}

// FrameSocket speaks frames by hand, through the same HTTP client: the same
// timeline; it never offers compression (its Options have none to ask for).
func TestTimelineFrameSocket(t *testing.T) {
	srv := wsServer(t, echo)
	f := wsclient.NewFrameSocket(wsclient.Options{})
	if err := f.Connect(wsURL(srv, "/")); err != nil {
		t.Fatal(err)
	}
	var connected wsclient.Event
	for e := range f.Events() {
		if e.Kind == wsclient.EventConnected || e.IsFinal() {
			connected = e
			break
		}
	}
	f.Close()
	checkTimeline(t, connected.Timeline(), wsSteps, false, `WebSocket open`)
	if text := strings.Join(connected.Timeline().Lines(), "\n"); strings.Contains(text, "Sec-Websocket-Extensions") {
		t.Errorf("FrameSocket offered an extension:\n%s", text)
	}

	f = wsclient.NewFrameSocket(wsclient.Options{})
	if err := f.Connect(closedPort(t)); err != nil {
		t.Fatal(err)
	}
	for e := range f.Events() {
		if e.IsFinal() {
			checkTimeline(t, e.Timeline(), wsSteps[:2], true, `TCP failed: refused by 127\.0\.0\.1:\d+ `+durRE)
			break
		}
	}
}

// Every attempt has its own timeline, reconnects included.
func TestTimelineOfEachReconnectAttempt(t *testing.T) {
	drop := make(chan struct{})
	srv := wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		select { // then the connection is closed without a close frame
		case <-drop:
		case <-ctx.Done():
		}
	})
	addr := wsURL(srv, "/")
	s := wsclient.NewStream(wsclient.StreamOptions{Payload: []byte{}, MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{Reconnect: true}}})
	rec := record(t, s)
	if err := s.Start(addr); err != nil {
		t.Fatal(err)
	}
	first := rec.waitFor(wsclient.EventConnected, 5*time.Second).Timeline()
	// The server goes: the connection is lost and the retry is refused.
	srv.Listener.Close()
	close(drop)
	failed := rec.waitFor(wsclient.EventConnectFailed, 10*time.Second)
	s.Stop()
	rec.waitForEnd(5 * time.Second)
	checkTimeline(t, first, wsSteps, false, `WebSocket open`)
	checkTimeline(t, failed.Timeline(), wsSteps[:2], true, `TCP failed: refused by 127\.0\.0\.1:\d+ `+durRE)
	if !failed.Timeline().Start.After(first.Start) {
		t.Error("the retry's timeline is the first attempt's")
	}
}

// Stop during a connect: the step under way is marked cancelled.
func TestTimelineOfACancelledConnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	requested := make(chan struct{})
	done := make(chan struct{})
	go func() { // read the upgrade request, then never answer
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			if line == "\r\n" {
				break
			}
		}
		close(requested)
		io.Copy(io.Discard, br) // until the client drops the connection
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	s := wsclient.NewStream(wsclient.StreamOptions{})
	rec := record(t, s)
	if err := s.Start("ws://" + ln.Addr().String() + "/"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-requested:
	case <-time.After(5 * time.Second):
		t.Fatal("no upgrade request")
	}
	s.Stop()
	end := rec.waitForEnd(5 * time.Second)
	checkTimeline(t, end.Timeline(), wsSteps[:3], true, `HTTP failed: cancelled: stopped before the server answered `+durRE)
}
