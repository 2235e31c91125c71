package wsclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"time"
)

// StepKind names one stage of opening a WebSocket connection, in the order
// they happen.
type StepKind int

// The stages of a connect. A ws:// connection has no TLS step.
const (
	StepDNS     StepKind = iota + 1 // the host name is looked up
	StepTCP                         // a TCP connection is opened (to each address until one answers)
	StepTLS                         // the TLS handshake (wss only)
	StepUpgrade                     // the HTTP Upgrade request and the server's answer
	StepOpen                        // the WebSocket is open: subprotocol and extensions agreed
)

// Step is one stage of a connect and how it went.
type Step struct {
	Kind StepKind
	// Detail is the one-line summary: the addresses found, the address
	// connected to, the TLS version and cipher suite, the HTTP status; for
	// the step that failed, why, in words.
	Detail string
	// Lines are the details behind it, one per line: every address tried,
	// the certificate chain, what custom validation set aside, the request
	// sent ("> GET /echo HTTP/1.1", "> Authorization: Basic ••••") and the
	// answer received ("< HTTP/1.1 101 Switching Protocols", …).
	Lines []string
	// Duration is how long the step took, or ran until it failed; 0 when
	// it took no time of its own (an address needs no lookup, the
	// WebSocket opens with the 101).
	Duration time.Duration
	// Failed marks the step the connect failed at; the steps before it
	// succeeded, and none come after it.
	Failed bool
}

// Timeline is the story of one connect attempt, step by step, built from
// net/http/httptrace's callbacks and what the dial learns: every attempt
// has one, reconnects included (Event.Timeline). A failed attempt ends
// with the step that failed; what succeeded before it stays.
type Timeline struct {
	Steps []Step
	// Start is when the attempt began; Duration how long it took in all.
	Start    time.Time
	Duration time.Duration
}

// Failed is the step the attempt failed at, or nil when it succeeded.
func (t *Timeline) Failed() *Step {
	if t == nil {
		return nil
	}
	for i := range t.Steps {
		if t.Steps[i].Failed {
			return &t.Steps[i]
		}
	}
	return nil
}

// Step is the step of kind k, or nil if the attempt did not get there.
func (t *Timeline) Step(k StepKind) *Step {
	if t == nil {
		return nil
	}
	for i := range t.Steps {
		if t.Steps[i].Kind == k {
			return &t.Steps[i]
		}
	}
	return nil
}

// timelineRecorder builds a Timeline during one dial: from
// net/http/httptrace's callbacks (DNS, TCP, TLS, the request written), then
// from what the upgrade transport and the dial learn (the answer, the
// agreed extensions, the error). Stream, MessageSocket and FrameSocket
// share it: it sits in the HTTP client of every handshake. The callbacks
// come from the transport's goroutines, so it locks.
type timelineRecorder struct {
	host  string    // the URL's host name, for a literal-address DNS step
	start time.Time // when the dial began

	mu       sync.Mutex
	steps    []Step
	started  map[StepKind]time.Time // steps begun and not yet finished
	tried    []tcpTry               // TCP addresses tried, in order
	request  []string               // the header lines sent
	setAside []string               // what custom validation set aside
}

// tcpTry is one TCP connect and how it ended (err nil: connected).
type tcpTry struct {
	addr string
	err  error
}

func newTimelineRecorder(host string) *timelineRecorder {
	return &timelineRecorder{host: host, start: time.Now(), started: map[StepKind]time.Time{}}
}

func (r *timelineRecorder) begin(k StepKind) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.beginLocked(k)
}

func (r *timelineRecorder) beginLocked(k StepKind) {
	if _, ok := r.started[k]; !ok {
		r.started[k] = time.Now()
	}
}

// end finishes step k (successfully) with its summary and details.
func (r *timelineRecorder) end(k StepKind, detail string, lines ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.endLocked(k, detail, lines, false)
}

// endLocked appends step k, timed from its begin if it had one.
func (r *timelineRecorder) endLocked(k StepKind, detail string, lines []string, failed bool) {
	var d time.Duration
	if t, ok := r.started[k]; ok {
		d = time.Since(t)
		delete(r.started, k)
	}
	r.steps = append(r.steps, Step{Kind: k, Detail: detail, Lines: lines, Duration: d, Failed: failed})
}

// trace is the httptrace.ClientTrace that feeds the recorder. The
// transport calls DNS and connect callbacks from the dial (also for a
// name lookup inside net.Dialer), TLS ones around the handshake, GotConn
// when the request can be written.
func (r *timelineRecorder) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { r.begin(StepDNS) },
		DNSDone: func(info httptrace.DNSDoneInfo) {
			if info.Err != nil {
				return // the connect fails here; fail() words it
			}
			addrs := make([]string, len(info.Addrs))
			for i, a := range info.Addrs {
				addrs[i] = a.IP.String()
			}
			r.end(StepDNS, dnsDetail(r.host, addrs))
		},
		ConnectStart: func(network, addr string) {
			r.mu.Lock()
			defer r.mu.Unlock()
			if len(r.steps) == 0 && len(r.started) == 0 {
				// No lookup happened: the host is an address (or a proxy
				// is used). Say so rather than leave the step out.
				r.steps = append(r.steps, Step{Kind: StepDNS, Detail: noLookupDetail(r.host)})
			}
			r.beginLocked(StepTCP)
		},
		ConnectDone: func(network, addr string, err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			if _, ok := r.started[StepTCP]; !ok {
				return // a parallel try cancelled after another connected
			}
			r.tried = append(r.tried, tcpTry{addr: addr, err: err})
			if err != nil {
				return
			}
			r.endLocked(StepTCP, addr, r.triedLinesLocked(), false)
		},
		TLSHandshakeStart: func() { r.begin(StepTLS) },
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			if err != nil {
				return // fail() words it, with the certificate the error names
			}
			r.mu.Lock()
			defer r.mu.Unlock()
			lines := certificateLines(cs.PeerCertificates)
			for _, p := range r.setAside {
				lines = append(lines, setAsideLine(p))
			}
			r.endLocked(StepTLS, tlsSummary(cs), lines, false)
		},
		GotConn: func(httptrace.GotConnInfo) { r.begin(StepUpgrade) },
		WroteHeaderField: func(key string, values []string) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.request = append(r.request, "> "+key+": "+shownHeaderValue(key, values))
		},
	}
}

// triedLinesLocked lists every address tried, when there was more than one.
func (r *timelineRecorder) triedLinesLocked() []string {
	if len(r.tried) < 2 {
		return nil
	}
	lines := make([]string, len(r.tried))
	for i, t := range r.tried {
		lines[i] = t.String()
	}
	return lines
}

// setAsideProblems records what custom validation set aside; the TLS step
// lists it.
func (r *timelineRecorder) setAsideProblems(problems []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.setAside = problems
}

// answered records the server's answer to the Upgrade request: a 101 the
// client accepts (refusal ""), a 101 it refuses (refusal says why, §4.1),
// or any other status, which fails the step.
func (r *timelineRecorder) answered(req *http.Request, resp *http.Response, refusal string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lines := append([]string{"> " + req.Method + " " + req.URL.RequestURI() + " " + req.Proto}, r.request...)
	lines = append(lines, "< "+resp.Proto+" "+resp.Status)
	for _, k := range sortedKeys(resp.Header) {
		lines = append(lines, "< "+k+": "+strings.Join(resp.Header[k], ", "))
	}
	r.request = nil // a redirect writes a new request
	detail, failed := resp.Status, resp.StatusCode != http.StatusSwitchingProtocols
	if refusal != "" {
		detail, failed = refusedUpgradeDetail(resp.Status, refusal), true
	}
	r.endLocked(StepUpgrade, detail, lines, failed)
}

// opened records the open WebSocket: the agreed subprotocol and
// extensions, and what became of the compression asked for (offered: the
// client's Sec-WebSocket-Extensions; "" when none was offered).
func (r *timelineRecorder) opened(subprotocol, extensions, offered string) {
	r.end(StepOpen, openDetail(subprotocol, extensions, offered))
}

// fail marks the step the connect failed at, with the cause in words: the
// step under way, or the one after the last that finished. A step the
// answer already failed (a refused upgrade) gets the first line of the
// server's body.
func (r *timelineRecorder) fail(ce *ConnectError, handshakeTimeout time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.steps); n > 0 && r.steps[n-1].Failed {
		if first := ce.bodyFirstLine(); first != "" {
			r.steps[n-1].Lines = append(r.steps[n-1].Lines, bodyLine(first))
		}
		return
	}
	k := r.failedStepLocked(ce)
	var lines []string
	switch k {
	case StepTCP:
		lines = r.triedLinesLocked()
	case StepTLS:
		lines = certificateLines(failedCertificate(ce))
	case StepUpgrade:
		lines = r.request
	}
	r.endLocked(k, r.failureLocked(k, ce, handshakeTimeout), lines, true)
}

// failedStepLocked is where the connect stopped: the latest step begun and
// not finished, else the one after the last that finished.
func (r *timelineRecorder) failedStepLocked(ce *ConnectError) StepKind {
	var latest StepKind
	for k := range r.started {
		latest = max(latest, k)
	}
	switch {
	case latest != 0:
		return latest
	case ce.Kind == KindTLS || ce.Kind == KindCustomValidation:
		return StepTLS
	case len(r.steps) == 0:
		return StepDNS
	}
	return min(r.steps[len(r.steps)-1].Kind+1, StepOpen)
}

// timeline returns what was recorded, stamped with its total time.
func (r *timelineRecorder) timeline() *Timeline {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &Timeline{Steps: slices.Clone(r.steps), Start: r.start, Duration: time.Since(r.start)}
}

// failureLocked words why step k failed (stepFailure, words.go).
func (r *timelineRecorder) failureLocked(k StepKind, ce *ConnectError, handshakeTimeout time.Duration) string {
	return stepFailure(k, ce, r.tried, handshakeTimeout)
}

// failedCertificate is the certificate a failed verification names (Go's
// TLS client keeps no chain when verification fails), or nil.
func failedCertificate(ce *ConnectError) []*x509.Certificate {
	var (
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		certErr   x509.CertificateInvalidError
		c         *x509.Certificate
	)
	switch classify(ce.Err) {
	case failUntrusted:
		errors.As(ce.Err, &unknownCA)
		c = unknownCA.Cert
	case failNameMismatch:
		errors.As(ce.Err, &hostErr)
		c = hostErr.Certificate
	case failExpired, failCertInvalid:
		errors.As(ce.Err, &certErr)
		c = certErr.Cert
	}
	if c == nil {
		return nil
	}
	return []*x509.Certificate{c}
}

// shownHeaderValue hides credentials: an Authorization header shows its
// scheme only ("Basic ••••").
func shownHeaderValue(key string, values []string) string {
	v := strings.Join(values, ", ")
	if k := http.CanonicalHeaderKey(key); k == "Authorization" || k == "Proxy-Authorization" {
		scheme, _, _ := strings.Cut(v, " ")
		return scheme + " ••••"
	}
	return v
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
