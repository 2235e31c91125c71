package conformance

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"time"
)

// DefaultCaseTimeout bounds one case when Options.CaseTimeout is 0.
const DefaultCaseTimeout = 5 * time.Second

// Options say how the checker connects. The zero value connects like any
// client would: the system's roots for wss://, no extra headers, no
// subprotocol, DefaultCaseTimeout per case. The checker always connects
// directly to the address, never through a proxy: a proxy would answer
// some cases itself.
type Options struct {
	// RootCAs, when set, are the certificate authorities trusted for
	// wss:// instead of the system's, for a server whose certificate a
	// private CA signed (the built-in server's CA, for one).
	RootCAs *x509.CertPool
	// ClientCertificate is presented when the server asks for one.
	ClientCertificate *tls.Certificate
	// VerifyServer, when set, replaces the standard verification of the
	// server's certificate chain and host name: the server is accepted
	// exactly when it returns nil. chain[0] is the server's own
	// certificate. Use it for a certificate checked another way (a pinned
	// fingerprint, say); it then carries the whole responsibility.
	VerifyServer func(chain []*x509.Certificate) error
	// TLS is the base TLS configuration for wss://, for what the fields
	// above do not cover. It is cloned, never modified; the fields above
	// win over its own.
	TLS *tls.Config

	// Header holds extra handshake headers (Origin, Authorization, a
	// cookie …). The headers the handshake itself is made of (Host,
	// Upgrade, Connection, Sec-WebSocket-*) cannot be set here.
	Header http.Header
	// Subprotocols are offered in Sec-WebSocket-Protocol, in this order.
	Subprotocols []string

	// CaseTimeout bounds each case; 0 means DefaultCaseTimeout. The few
	// cases that move megabytes or wait for the server's own timeouts
	// have a larger minimum of their own.
	CaseTimeout time.Duration
}

// ownHeaders are the handshake headers the checker writes itself.
var ownHeaders = []string{"Host", "Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version",
	"Sec-Websocket-Protocol", "Sec-Websocket-Extensions", "Content-Length", "Transfer-Encoding"}

// tlsConfig builds the TLS configuration for a wss:// connection to host.
func (o Options) tlsConfig(host string) *tls.Config {
	cfg := &tls.Config{}
	if o.TLS != nil {
		cfg = o.TLS.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	// The WebSocket handshake is HTTP/1.1's Upgrade (RFC 6455), not
	// HTTP/2's extended CONNECT (RFC 8441).
	cfg.NextProtos = []string{"http/1.1"}
	if o.RootCAs != nil {
		cfg.RootCAs = o.RootCAs
	}
	if o.ClientCertificate != nil {
		// Go's TLS client sends a certificate only when the server lists
		// its issuer as acceptable; a person who gave one expects it sent,
		// so always present it and let the server judge.
		cert := *o.ClientCertificate
		cfg.Certificates = nil
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }
	}
	if o.VerifyServer != nil {
		verify := o.VerifyServer
		// The standard verification is not skipped but replaced: the
		// user's function runs on every handshake and decides.
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error { return verify(cs.PeerCertificates) }
	}
	return cfg
}
