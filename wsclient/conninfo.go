package wsclient

import "crypto/x509"

// ServerCertificate is the certificate the server presented (its leaf),
// nil for a ws:// connection.
func (i *ConnInfo) ServerCertificate() *x509.Certificate {
	if i == nil || i.TLS == nil || len(i.TLS.PeerCertificates) == 0 {
		return nil
	}
	return i.TLS.PeerCertificates[0]
}
