package conformance

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"
)

// target is the one endpoint a run checks, with everything needed to
// connect to it again for every case.
type target struct {
	uri      string
	secure   bool
	dialAddr string // host:port to dial
	host     string // the Host header: the URI's host[:port]
	path     string // the request target: path and query
	opts     Options
	tls      *tls.Config
	timeout  time.Duration
	// greeting is set by tests for endpoints that send one message of
	// their own first (the sample's announcement): open reads it.
	greeting bool
	// timeScale, set by tests, shortens the waits of Autobahn's cases
	// (their seconds of silence, the close handshake's timeouts) against
	// test servers that answer in microseconds; 0 means 1.
	timeScale float64
	// slack, set by tests, is added to each of those waits: a test server
	// shares the machine's cores with the checker, and a loaded machine
	// can hold both back for longer than a wait, so that a right answer
	// would come too late. A stall adds time whatever the wait, hence
	// added, not multiplied.
	slack time.Duration
	// maxHeld, set by tests, lowers the bound on the message bytes a case
	// keeps (abside.go); 0 means maxHeld.
	maxHeld int
}

// scaled is d shortened by the target's timeScale, but never below
// 200 ms: a loaded machine must not turn a slow answer into a verdict;
// then the target's slack is added.
func (tg *target) scaled(d time.Duration) time.Duration {
	if tg.timeScale != 0 {
		d = max(time.Duration(float64(d)*tg.timeScale), min(d, 200*time.Millisecond))
	}
	return d + tg.slack
}

// caseTimeout bounds case c: the options' bound, or the case's own
// minimum with the slack of each wait an Autobahn case can make (those
// of its script, its ending, and the two of the close handshake).
func (tg *target) caseTimeout(c Case) time.Duration {
	bound := c.minTimeout
	if c.ab != nil {
		waits := 3
		for _, s := range c.ab.script {
			if s.wait > 0 {
				waits++
			}
		}
		bound += time.Duration(waits) * tg.slack
	}
	return max(tg.timeout, bound)
}

// newTarget checks uri and opts and prepares the connection settings.
func newTarget(uri string, opts Options) (*target, error) {
	bad := func(format string, args ...any) error {
		return &setupError{kind: ErrBadInput, msg: fmt.Sprintf(format, args...)}
	}
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil {
		return nil, bad("%q is not a valid address: %v", uri, err)
	}
	var port string
	switch strings.ToLower(u.Scheme) {
	case "ws":
		port = "80"
	case "wss":
		port = "443"
	default:
		return nil, bad("%q is not a WebSocket address: it must start with ws:// or wss://", uri)
	}
	if u.Hostname() == "" {
		return nil, bad("%q names no host: write it as ws://host[:port]/path", uri)
	}
	if u.Fragment != "" || strings.Contains(uri, "#") {
		return nil, bad("%q has a fragment (#…), which WebSocket addresses cannot have (RFC 6455 §3)", uri)
	}
	if p := u.Port(); p != "" {
		port = p
	}
	for name := range opts.Header {
		for _, own := range ownHeaders {
			if strings.EqualFold(name, own) {
				return nil, bad("the header %s cannot be set: the checker writes it itself as part of the handshake", name)
			}
		}
	}
	if opts.CaseTimeout < 0 {
		return nil, bad("the case timeout %v is negative", opts.CaseTimeout)
	}
	tg := &target{
		uri:      uri,
		secure:   strings.EqualFold(u.Scheme, "wss"),
		dialAddr: net.JoinHostPort(u.Hostname(), port),
		host:     u.Host,
		path:     u.RequestURI(),
		opts:     opts,
		timeout:  opts.CaseTimeout,
	}
	if tg.timeout == 0 {
		tg.timeout = DefaultCaseTimeout
	}
	if tg.secure {
		tg.tls = opts.tlsConfig(u.Hostname())
	}
	return tg, nil
}

// dial opens the TCP connection, and TLS over it for wss://, by deadline.
// Its error says what went wrong in plain words.
func (tg *target) dial(ctx context.Context, deadline time.Time) (net.Conn, error) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	nc, err := (&net.Dialer{}).DialContext(ctx, "tcp", tg.dialAddr)
	if err != nil {
		return nil, &setupError{kind: ErrUnreachable, msg: dialProblem(tg.dialAddr, err), cause: err}
	}
	if !tg.secure {
		return nc, nil
	}
	tc := tls.Client(nc, tg.tls)
	if err := tc.HandshakeContext(ctx); err != nil {
		nc.Close()
		return nil, &setupError{kind: ErrUnreachable, msg: tlsProblem(tg.dialAddr, err), cause: err}
	}
	return tc, nil
}

// dialProblem says why a TCP connection failed.
func dialProblem(addr string, err error) string {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find the host %q (%s)", dnsErr.Name, dnsErr.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("connection refused by %s (nothing is listening there)", addr)
	case isTimeout(err):
		return fmt.Sprintf("no answer from %s in time", addr)
	}
	return fmt.Sprintf("cannot connect to %s: %v", addr, err)
}

// tlsProblem says why a TLS handshake failed.
func tlsProblem(addr string, err error) string {
	var unknown x509.UnknownAuthorityError
	var name x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknown):
		issuer := ""
		if unknown.Cert != nil {
			issuer = fmt.Sprintf(" %q", unknown.Cert.Issuer.CommonName)
		}
		return fmt.Sprintf("the certificate of %s is not trusted (signed by an unknown authority%s); trust its CA to check it", addr, issuer)
	case errors.As(err, &name):
		return fmt.Sprintf("the certificate of %s is not valid for that name: %v", addr, err)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return fmt.Sprintf("the certificate of %s has expired or is not valid yet: %v", addr, err)
	case strings.Contains(err.Error(), "certificate required"):
		return fmt.Sprintf("%s requires a client certificate", addr)
	case strings.Contains(err.Error(), "bad certificate") || strings.Contains(err.Error(), "unknown certificate authority"):
		return fmt.Sprintf("%s refused the client certificate: %v", addr, err)
	}
	return fmt.Sprintf("the TLS handshake with %s failed: %v", addr, err)
}

// isTimeout reports whether err is a deadline that passed.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// handshakeRequest is a correct opening handshake for the target (§4.1)
// with a fresh key, kept as an ordered list of header lines so that a
// case can break it in any way before it is sent.
func (tg *target) handshakeRequest() *request {
	r := &request{method: "GET", target: tg.path, proto: "HTTP/1.1", key: newKey()}
	r.add("Host", tg.host)
	r.add("Upgrade", "websocket")
	r.add("Connection", "Upgrade")
	r.add("Sec-WebSocket-Key", r.key)
	r.add("Sec-WebSocket-Version", "13")
	if len(tg.opts.Subprotocols) > 0 {
		r.add("Sec-WebSocket-Protocol", strings.Join(tg.opts.Subprotocols, ", "))
	}
	r.add("User-Agent", "wssample-conformance")
	for _, name := range slices.Sorted(maps.Keys(tg.opts.Header)) {
		for _, v := range tg.opts.Header[name] {
			r.add(http.CanonicalHeaderKey(name), v)
		}
	}
	return r
}
