package wsclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient/internal/wire"
)

// dialResult is an open connection, the wire under it, and what is known
// about it.
type dialResult struct {
	conn link
	wire *wire.Conn
	info *ConnInfo
}

// dialer opens one connection for a role: dial (the library, for Stream
// and MessageSocket) or dialFrames (FrameSocket).
type dialer func(ctx context.Context, u *url.URL, opts StreamOptions, note func(string)) (dialResult, error)

// dial opens a WebSocket connection to u with the library. ctx bounds only
// the handshake: the library keeps the connection alive after Dial returns
// whatever ctx does later. note reports informational lines (certificate
// checks).
func dial(ctx context.Context, u *url.URL, opts StreamOptions, note func(string)) (dialResult, error) {
	timeout := opts.handshakeTimeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	hc, err := newHTTPClient(u, opts.Options, note)
	if err != nil {
		return dialResult{}, err
	}
	// A refused handshake can leave a keep-alive connection behind; the
	// transport is ours alone, so drop it when the dial is over.
	defer hc.transport.CloseIdleConnections()

	conn, resp, err := websocket.Dial(ctx, u.String(), &websocket.DialOptions{
		HTTPClient:           hc.client,
		HTTPHeader:           opts.requestHeader(),
		Subprotocols:         opts.Subprotocols,
		CompressionMode:      opts.Compression.mode(),
		CompressionThreshold: opts.CompressionThreshold,
	})
	if err != nil {
		cancelled := errors.Is(err, context.Canceled) && ctx.Err() == context.Canceled
		return dialResult{}, hc.failed(classifyConnectError(err, resp, timeout, cancelled), timeout)
	}
	// Streams carry messages of any size; the 32 KiB default is for
	// programs that read whole messages into memory.
	wire := hc.upgrade.upgraded()
	if wire == nil { // cannot happen: the library read the 101 through upgradeTransport
		conn.CloseNow()
		err := errNotHandedOver
		return dialResult{}, hc.failed(&ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}, timeout)
	}
	conn.SetReadLimit(-1)
	return dialResult{conn: conn, wire: wire, info: hc.info(u, resp)}, nil
}

// httpClient is the HTTP client of one handshake, with what it learns on
// the way: the TCP addresses, the certificate problems set aside, and the
// timeline of every step.
type httpClient struct {
	client    *http.Client
	transport *http.Transport
	upgrade   *upgradeTransport // wraps transport: checks the 101, hands over the wire
	rec       *timelineRecorder // fed by the transport's trace and the upgrade

	mu            sync.Mutex
	local, remote string
	setAside      []string
}

// newHTTPClient builds the client for one handshake: proxies from the
// environment as Go's default transport does, the TLS settings of opts,
// a dialer that remembers the addresses (the library does not expose
// them), and the upgradeTransport that checks the 101, puts a wire.Conn
// under the connection and, with the trace, records the timeline.
func newHTTPClient(u *url.URL, opts Options, note func(string)) (*httpClient, error) {
	hc := &httpClient{rec: newTimelineRecorder(u.Hostname())}
	tlsConfig, err := buildTLSConfig(u, opts, note, func(problems []string) {
		hc.mu.Lock()
		hc.setAside = problems
		hc.mu.Unlock()
		hc.rec.setAsideProblems(problems)
	})
	if err != nil {
		return nil, &ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}
	}
	dialer := &net.Dialer{}
	hc.transport = http.DefaultTransport.(*http.Transport).Clone()
	hc.transport.TLSClientConfig = tlsConfig
	hc.transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if tcp, ok := c.(*net.TCPConn); ok && opts.DelaySmallWrites {
			tcp.SetNoDelay(false)
		}
		if err == nil {
			hc.mu.Lock()
			hc.local, hc.remote = c.LocalAddr().String(), c.RemoteAddr().String()
			hc.mu.Unlock()
		}
		return c, err
	}
	hc.upgrade = &upgradeTransport{base: hc.transport, rec: hc.rec}
	hc.client = &http.Client{Transport: hc.upgrade}
	return hc, nil
}

// info describes the connection the handshake opened (resp is its 101)
// and finishes its timeline with the WebSocket step.
func (hc *httpClient) info(u *url.URL, resp *http.Response) *ConnInfo {
	hc.mu.Lock()
	info := &ConnInfo{URI: u.String(), LocalAddr: hc.local, RemoteAddr: hc.remote, SetAside: hc.setAside,
		Subprotocol: resp.Header.Get("Sec-WebSocket-Protocol"), Extensions: resp.Header.Get("Sec-WebSocket-Extensions"),
		StatusLine: resp.Status, Header: resp.Header, TLS: resp.TLS}
	hc.mu.Unlock()
	offered := ""
	if resp.Request != nil {
		offered = resp.Request.Header.Get("Sec-WebSocket-Extensions")
	}
	// The library offers permessage-deflate whenever it is asked; the
	// FrameSocket's handshake never does.
	hc.rec.opened(info.Subprotocol, info.Extensions, offered)
	info.Timeline = hc.rec.timeline()
	return info
}

// failed finishes the timeline of a failed handshake, the failed step
// marked, and hands it over with the error.
func (hc *httpClient) failed(ce *ConnectError, handshakeTimeout time.Duration) *ConnectError {
	hc.rec.fail(ce, handshakeTimeout)
	ce.Timeline = hc.rec.timeline()
	return ce
}

// buildTLSConfig applies the client certificate and, when asked, the custom
// validation of the server certificate.
func buildTLSConfig(u *url.URL, opts Options, note func(string), setAside func([]string)) (*tls.Config, error) {
	var cfg *tls.Config
	if opts.TLSConfig != nil {
		cfg = opts.TLSConfig.Clone()
	} else {
		cfg = &tls.Config{}
	}
	if opts.ClientCertificate != nil {
		// Go's TLS client sends a certificate only when its issuer is in the
		// server's list of acceptable CAs, and otherwise sends none, so a
		// person who chose a certificate would read "none was sent". Always
		// present the chosen one, as Windows does, and let the server say
		// what it thinks of it.
		cert := *opts.ClientCertificate
		cfg.Certificates = nil
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }
	}
	if opts.CustomValidation == nil {
		return cfg, nil
	}
	if u.Scheme != "wss" {
		note(NoteValidationWSOnly)
		return cfg, nil
	}
	serverName := cfg.ServerName
	if serverName == "" {
		serverName = u.Hostname()
	}
	roots := cfg.RootCAs
	// The standard verification is switched off only to be done again here,
	// with the two set-aside errors, followed by the custom check. This is
	// never a blanket skip: expiry and the custom check always apply.
	cfg.InsecureSkipVerify = true
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		problems, err := verifySettingAside(cs.PeerCertificates, roots, serverName, time.Now())
		if err != nil {
			return err
		}
		if err := opts.CustomValidation(cs.PeerCertificates); err != nil {
			note(NoteValidationFailed)
			return fmt.Errorf("%w (%v)", ErrRejectedByCustomValidation, err)
		}
		note(NoteValidationPassed)
		setAside(problems)
		return nil
	}
	return cfg, nil
}

// verifySettingAside runs the standard checks on a server chain, returning
// an untrusted root or a name mismatch as set-aside problems rather than
// errors. Any other failure (expiry, a broken chain) is an error.
func verifySettingAside(chain []*x509.Certificate, roots *x509.CertPool, serverName string, now time.Time) ([]string, error) {
	if len(chain) == 0 {
		return nil, errNoServerCertificate
	}
	leaf := chain[0]
	for _, c := range chain {
		if now.Before(c.NotBefore) || now.After(c.NotAfter) {
			return nil, x509.CertificateInvalidError{Cert: c, Reason: x509.Expired}
		}
	}
	var problems []string
	intermediates := x509.NewCertPool()
	for _, c := range chain[1:] {
		intermediates.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: intermediates, CurrentTime: now})
	var unknown x509.UnknownAuthorityError
	switch {
	case err == nil:
	case errors.As(err, &unknown):
		problems = append(problems, setAsideUntrusted(err))
	default:
		return nil, err
	}
	if err := leaf.VerifyHostname(serverName); err != nil {
		problems = append(problems, setAsideNameMismatch(err))
	}
	return problems, nil
}

// IssuedBy returns the sample's custom validation check: the server's
// certificate must name ca as its issuer and its chain must verify against
// ca alone. (The Windows sample checks the issuer "www.fabrikam.com".)
func IssuedBy(ca *x509.Certificate) func(chain []*x509.Certificate) error {
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return func(chain []*x509.Certificate) error {
		if len(chain) == 0 {
			return errNoCertificate
		}
		leaf := chain[0]
		if leaf.Issuer.String() != ca.Subject.String() {
			return issuerMismatch(leaf.Issuer.CommonName, ca.Subject.CommonName)
		}
		intermediates := x509.NewCertPool()
		for _, c := range chain[1:] {
			intermediates.AddCert(c)
		}
		// Only the chain is checked here; the host name was set aside.
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, Intermediates: intermediates}); err != nil {
			return chainUnverified(ca.Subject.CommonName, err)
		}
		return nil
	}
}
