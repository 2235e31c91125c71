package wsclient

import (
	"crypto/x509"

	"github.com/wssample/wssample/internal/certinfo"
)

// ServerCertificate is the certificate the server presented (its leaf),
// nil for a ws:// connection.
func (i *ConnInfo) ServerCertificate() *x509.Certificate {
	if i == nil || i.TLS == nil || len(i.TLS.PeerCertificates) == 0 {
		return nil
	}
	return i.TLS.PeerCertificates[0]
}

// Fingerprint is the SHA-256 of a certificate's DER bytes as uppercase hex
// pairs joined by ':' ("3A:7F:…"), the form browsers and openssl show and
// the built-in server prints at start, so a person can compare what the
// client sees with what the server says it presents.
func Fingerprint(cert *x509.Certificate) string { return certinfo.Fingerprint(cert) }
