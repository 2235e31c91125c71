package wsclient

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// The TCP step lists every address tried only when there was more than
// one: a single address is already the step's summary.
func TestTimelineListsTriedAddressesOnlyWhenSeveral(t *testing.T) {
	refused := errors.New("refused")
	for _, c := range []struct {
		tried []tcpTry
		want  []string
	}{
		{nil, nil},
		{[]tcpTry{{addr: "127.0.0.1:1"}}, nil},
		{[]tcpTry{{addr: "[::1]:1", err: refused}, {addr: "127.0.0.1:1"}}, []string{"[::1]:1: refused", "127.0.0.1:1: connected"}},
	} {
		r := newTimelineRecorder("localhost")
		r.tried = c.tried
		if got := r.triedLinesLocked(); !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
			t.Errorf("%d tried: lines %q, want %q", len(c.tried), got, c.want)
		}
	}
}

// A refused upgrade (RFC 6455 §4.1: any status but 101 fails the
// connection) already failed its step; the failure adds the first line of
// the server's body under it, and no line when the body is empty.
func TestTimelineAddsTheBodyLineToARefusedUpgrade(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{"\n  Go away  \nmore", []string{"< HTTP/1.1 403 Forbidden", "body: Go away"}},
		{"", []string{"< HTTP/1.1 403 Forbidden"}},
	} {
		r := newTimelineRecorder("localhost")
		r.endLocked(StepUpgrade, "403 Forbidden", []string{"< HTTP/1.1 403 Forbidden"}, true)
		r.fail(&ConnectError{Kind: KindHandshakeRejected, Body: c.body, Detail: "403"}, time.Second)
		steps := r.timeline().Steps
		if len(steps) != 1 || !slices.Equal(steps[0].Lines, c.want) {
			t.Errorf("body %q: steps %+v, want one with lines %q", c.body, steps, c.want)
		}
	}
}

// The step a connect failed at when no step is under way: TLS for a TLS
// or custom-validation failure, DNS when nothing was recorded, else the
// step after the last one that finished (never past the open).
func TestTimelineFailedStepWhenNoneIsUnderWay(t *testing.T) {
	for _, c := range []struct {
		name string
		done []StepKind
		kind ErrorKind
		want StepKind
	}{
		{"TLS failure, nothing recorded", nil, KindTLS, StepTLS},
		{"custom validation, nothing recorded", nil, KindCustomValidation, StepTLS},
		{"other failure, nothing recorded", nil, KindCannotConnect, StepDNS},
		{"after DNS", []StepKind{StepDNS}, KindCannotConnect, StepTCP},
		{"after TCP", []StepKind{StepDNS, StepTCP}, KindOther, StepTLS},
		{"after the upgrade", []StepKind{StepDNS, StepTCP, StepUpgrade}, KindOther, StepOpen},
		{"after the open", []StepKind{StepDNS, StepTCP, StepUpgrade, StepOpen}, KindOther, StepOpen},
	} {
		r := newTimelineRecorder("localhost")
		for _, k := range c.done {
			r.endLocked(k, "ok", nil, false)
		}
		if got := r.failedStepLocked(&ConnectError{Kind: c.kind}); got != c.want {
			t.Errorf("%s: failed step %v, want %v", c.name, got, c.want)
		}
	}
}

// The request's lines hide credentials: Authorization and
// Proxy-Authorization show their scheme only; other headers show as sent.
func TestTimelineHidesCredentialsOnly(t *testing.T) {
	for _, c := range []struct {
		key, value, want string
	}{
		{"Authorization", "Basic dXNlcjpwYXNz", "Basic ••••"},
		{"proxy-authorization", "Basic dXNlcjpwYXNz", "Basic ••••"},
		{"Origin", "http://example.com", "http://example.com"},
	} {
		if got := shownHeaderValue(c.key, []string{c.value}); got != c.want {
			t.Errorf("%s: shown %q, want %q", c.key, got, c.want)
		}
	}
}
