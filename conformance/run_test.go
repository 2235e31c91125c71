package conformance

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
)

// What cannot be checked is an error in plain words, never a list of
// failures.
func TestRunSetupErrors(t *testing.T) {
	srv := testserver.Start(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close() // nothing listens there now
	tests := []struct {
		name  string
		uri   string
		opts  Options
		kind  error
		words string
	}{
		{"not ws", "http://127.0.0.1/echo", Options{}, ErrBadInput, "must start with ws:// or wss://"},
		{"no host", "ws:///echo", Options{}, ErrBadInput, "names no host"},
		{"fragment", srv.URL("/echo#x"), Options{}, ErrBadInput, "fragment"},
		{"own header", srv.URL("/echo"), Options{Header: http.Header{"Sec-Websocket-Key": {"x"}}}, ErrBadInput, "cannot be set"},
		{"nothing listening", "ws://" + closed + "/", Options{}, ErrUnreachable, "connection refused by " + closed + " (nothing is listening there)"},
		{"untrusted certificate", srv.SecureURL("/echo"), Options{}, ErrUnreachable, `not trusted (signed by an unknown authority "WebSocket Sample Test CA")`},
		{"refused handshake", srv.URL("/reject?status=403"), Options{}, ErrRefused, "refused the WebSocket handshake: it answered HTTP 403 Forbidden"},
		{"unknown path", srv.URL("/nope"), Options{}, ErrRefused, "HTTP 404 Not Found"},
		{"no answer", srv.URL("/hang"), Options{CaseTimeout: 300 * time.Millisecond}, ErrRefused, "did not answer the WebSocket handshake within 300ms"},
		{"not an echo", srv.URL("/sample"), Options{}, ErrNotEcho, `is not an echo endpoint: it answered our text message "WebSocket Sample conformance check: please echo this message." with the text message "EchoWebSocket Connected at: `},
		{"greets first", srv.URL("/greet"), Options{}, ErrNotEcho, "Welcome to the WebSocket Sample server."},
		{"closes", srv.URL("/close?code=4000&reason=bye&after=0s"), Options{}, ErrNotEcho, "closed the connection (4000 (private use), reason \"bye\")"},
		{"rejected by the custom check", srv.SecureURL("/echo"), Options{VerifyServer: func([]*x509.Certificate) error { return errors.New("not the pinned key") }},
			ErrUnreachable, "not the pinned key"},
	}
	for _, tt := range tests {
		rep, err := Run(context.Background(), tt.uri, tt.opts, nil, nil)
		switch {
		case err == nil:
			t.Errorf("%s: no error (%s)", tt.name, rep.Summary)
		case !errors.Is(err, tt.kind):
			t.Errorf("%s: %v, want a %v", tt.name, err, tt.kind)
		case !strings.Contains(err.Error(), tt.words):
			t.Errorf("%s: %q\nwant the words %q", tt.name, err, tt.words)
		case rep != nil:
			t.Errorf("%s: a report with the error", tt.name)
		}
	}
}

// VerifyServer replaces the standard verification: with it, a server
// whose CA is not trusted is accepted when the function says so.
func TestVerifyServerReplacesVerification(t *testing.T) {
	srv := testserver.Start(t)
	want := srv.Fingerprint()
	pinned := func(chain []*x509.Certificate) error {
		if got := sampleserver.Fingerprint(chain[0]); got != want {
			return fmt.Errorf("fingerprint %s, want %s", got, want)
		}
		return nil
	}
	rep := runAgainst(t, srv.SecureURL("/echo"), Options{VerifyServer: pinned}, keep("H.1", "1.1.3"))
	for _, r := range rep.Results {
		if r.Verdict != Pass {
			t.Errorf("%s: %s: %s", r.ID, r.Verdict, r.Detail)
		}
	}
}

func keep(ids ...string) func(Case) bool {
	return func(c Case) bool { return contains(ids, c.ID) }
}

// Cancelling the context stops the run at once, even in the middle of a
// case that waits 10 s for the server, with the cases done so far.
func TestRunCancel(t *testing.T) {
	srv := testserver.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelledAt := make(chan time.Time, 1)
	var seen int
	// The quick run: H.8 comes after 247 cases, not after 517.
	rep, err := Run(ctx, srv.URL("/echo"), Options{}, QuickRun, func(r Result) {
		if seen++; r.ID == "H.8" {
			// H.9 waits for the server's 10 s header timeout.
			time.AfterFunc(300*time.Millisecond, func() { cancelledAt <- time.Now(); cancel() })
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run after cancel: %v", err)
	}
	if rep == nil || len(rep.Results) != seen || rep.Results[len(rep.Results)-1].ID != "H.8" {
		t.Fatalf("report after cancel: %+v", rep)
	}
	// Timed from the cancel, not from the start: the eight cases before it
	// take longer on a loaded machine, and that is not what is checked.
	if d := time.Since(<-cancelledAt); d > 5*time.Second {
		t.Errorf("Run took %v after cancel", d)
	}
}

func TestCasesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	counts := map[string]int{}
	for _, c := range Cases() {
		if seen[c.ID] {
			t.Errorf("case ID %s twice", c.ID)
		}
		seen[c.ID] = true
		counts[c.Category.Key]++
		if !strings.HasPrefix(c.ID, c.Category.Key+".") || c.Title == "" || c.Expect == "" || c.run == nil {
			t.Errorf("case %s (%q) is incomplete", c.ID, c.Title)
		}
		// RFC 6455's sections as "§5.2"; the deflate cases' as "RFC 7692 §7".
		if !strings.HasPrefix(c.Section, "§") && !strings.HasPrefix(c.Section, "RFC 7692 §") {
			t.Errorf("case %s names no RFC section: %q", c.ID, c.Section)
		}
	}
	for _, cat := range Categories() {
		if counts[cat.Key] == 0 {
			t.Errorf("category %s has no case", cat)
		}
	}
	t.Logf("%d cases: %v", len(seen), counts)
}

func TestCategoryFilter(t *testing.T) {
	count := func(list string) int {
		f, err := CategoryFilter(list)
		if err != nil {
			t.Fatalf("%q: %v", list, err)
		}
		n := 0
		for _, c := range Cases() {
			if f(c) {
				n++
			}
		}
		return n
	}
	if count("7") != count("close handling") || count("7") != count(" Close Handling ") {
		t.Error("a category by key and by name differ")
	}
	if got := count("7.9"); got != 9 {
		t.Errorf("7.9: %d cases, want the 9 invalid codes", got)
	}
	if got := count("7.9.3,H.1"); got != 2 {
		t.Errorf("two case IDs: %d cases", got)
	}
	if got, want := count("1,M"), count("1")+count("masking"); got != want {
		t.Errorf("1,masking: %d, want %d", got, want)
	}
	for _, bad := range []string{"8", "7.9.10", "", "bogus", "handshake.1"} {
		if _, err := CategoryFilter(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// -case takes Autobahn's patterns: IDs and globs, several at once; one
// that names no case is an error saying what is allowed.
func TestCaseFilter(t *testing.T) {
	count := func(patterns string) int {
		f, err := CaseFilter(patterns)
		if err != nil {
			t.Fatalf("%q: %v", patterns, err)
		}
		n := 0
		for _, c := range Cases() {
			if f(c) {
				n++
			}
		}
		return n
	}
	for _, tt := range []struct {
		patterns string
		want     int
	}{
		{"*", len(Cases())}, {"6.*", 145}, {"6.22.*", 34}, {"7.9.*", 9}, {"1.1.1", 1}, {"1.1.1, 1.2.8", 2},
		{"7.*,10.*", 38}, {"h.*", 10}, {"1.*,2.*,3.*,4.*,5.*,6.*,7.*,10.*", 247},
	} {
		if got := count(tt.patterns); got != tt.want {
			t.Errorf("%q: %d cases, want %d", tt.patterns, got, tt.want)
		}
	}
	for _, bad := range []string{"8.*", "7.9.10", "", "x[", "6.*/"} {
		if _, err := CaseFilter(bad); err == nil || !strings.Contains(err.Error(), "6.*, 7.9.*, *") {
			t.Errorf("%q: %v, want an error saying what is allowed", bad, err)
		}
	}
}
