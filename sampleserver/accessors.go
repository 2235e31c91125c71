package sampleserver

import (
	"crypto/tls"
	"crypto/x509"
	"net"
)

// URL returns the ws:// URL of path on the plain listener, such as
// URL("/echo") or URL("/reject?status=404").
func (s *Server) URL(path string) string { return "ws://" + dialable(s.addrs[0]) + path }

// SecureURL returns the wss:// URL of path on the TLS listener.
func (s *Server) SecureURL(path string) string { return "wss://" + dialable(s.addrs[1]) + path }

// ClientAuthURL returns the wss:// URL of /clientauth on the listener that
// requires a client certificate.
func (s *Server) ClientAuthURL() string { return "wss://" + dialable(s.addrs[2]) + "/clientauth" }

// Addr returns the host:port the plain ws listener is bound to.
func (s *Server) Addr() string { return s.addrs[0] }

// TLSAddr returns the host:port the wss listener is bound to.
func (s *Server) TLSAddr() string { return s.addrs[1] }

// ClientAuthAddr returns the host:port the client-auth wss listener is bound to.
func (s *Server) ClientAuthAddr() string { return s.addrs[2] }

// CA returns the certificate authority that issued the server and client
// certificates. Trust it (CAPool) to verify the server without skipping
// verification.
func (s *Server) CA() *x509.Certificate { return s.certs.CA }

// CAPool returns a new pool holding only CA, ready for
// tls.Config.RootCAs.
func (s *Server) CAPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(s.certs.CA)
	return pool
}

// ClientCertificate returns the client certificate (Common Name
// "WebSocketSample", for client authentication) with its key, signed by
// CA: put it in tls.Config.Certificates to pass /clientauth.
func (s *Server) ClientCertificate() tls.Certificate { return s.certs.Client }

// ClientCertificatePEM returns the client certificate and its PKCS #8 key
// in PEM, so they can be written to files for a UI or another tool.
func (s *Server) ClientCertificatePEM() (certPEM, keyPEM []byte) {
	certPEM, keyPEM, err := pemPair(s.certs.Client)
	if err != nil {
		// Only an unknown key type fails, and we generated the key.
		panic("sampleserver: encode client key: " + err.Error())
	}
	return certPEM, keyPEM
}

// ServerCertificate returns the leaf certificate served on the wss
// listener: the generated one, or Config.Certificate when set.
func (s *Server) ServerCertificate() *x509.Certificate { return s.tlsLeaf }

// Fingerprint returns the SHA-256 fingerprint of ServerCertificate, as
// uppercase hex pairs joined by ':'.
func (s *Server) Fingerprint() string { return Fingerprint(s.tlsLeaf) }

// dialable turns a bound address into one a client can dial: a listener on
// the unspecified address ("0.0.0.0:8080", "[::]:8080") is reached through
// loopback, which is also a name the generated certificate covers.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		if ip.To4() != nil {
			host = "127.0.0.1"
		} else {
			host = "::1"
		}
	}
	return net.JoinHostPort(host, port)
}
