// Package certinfo holds the two certificate facts that both sides of the
// app show a person: a certificate's fingerprint and a key pair's parsed
// leaf. The built-in server prints its fingerprint at start; the client
// shows the one it was presented, so both must be computed the same way,
// and neither package may import the other (sampleserver knows nothing of
// the client), hence this small shared package.
package certinfo

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"strings"
)

// Fingerprint is the SHA-256 of a certificate's DER bytes as uppercase hex
// pairs joined by ':' ("3A:7F:…"), the form browsers and openssl show.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	pairs := make([]string, 0, len(sum))
	for i := 0; i < len(h); i += 2 {
		pairs = append(pairs, h[i:i+2])
	}
	return strings.Join(pairs, ":")
}

// Leaf is the parsed leaf of c: c.Leaf, or the first certificate of the
// chain parsed when Leaf is unset (tls.X509KeyPair fills it in since Go
// 1.23, unless GODEBUG x509keypairleaf=0 says no).
func Leaf(c *tls.Certificate) (*x509.Certificate, error) {
	if c.Leaf != nil {
		return c.Leaf, nil
	}
	if len(c.Certificate) == 0 {
		return nil, errors.New("the certificate holds no certificate data")
	}
	return x509.ParseCertificate(c.Certificate[0])
}
