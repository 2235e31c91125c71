package sampleserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"

	"github.com/wssample/wssample/internal/certinfo"
)

// CAName is the Common Name of the built-in CA that issues the server and client certificates.
const CAName = "WebSocket Sample Test CA"

// caOrganization is the Organization of every certificate the server makes,
// so a person inspecting one knows where it came from.
const caOrganization = "WebSocket Sample"

// ClientCommonName is the Common Name of the generated client certificate,
// the same as the Windows sample's clientCertGenerator.ps1 uses.
const ClientCommonName = "WebSocketSample"

// Certificates is a small PKI made for tests and demos: a CA and the server
// and client leaf certificates it signed. It lives only in memory.
type Certificates struct {
	// CA is the self-signed certificate authority that signed both leaves.
	// A client trusts the server by trusting CA; the /clientauth listener
	// trusts client certificates signed by it.
	CA *x509.Certificate
	// Server is the leaf for "localhost", 127.0.0.1 and ::1 with its key.
	// Its chain (Server.Certificate) is the leaf followed by CA.
	Server tls.Certificate
	// Client is the leaf with Common Name "WebSocketSample" and the
	// clientAuth extended key usage, with its key.
	Client tls.Certificate

	caKey *ecdsa.PrivateKey
}

// NewTestCertificates makes a fresh CA whose Common Name is caName and
// signs a server and a client certificate with it. Everything is ECDSA
// P-256 (fast to generate, small, accepted by every TLS stack we meet) and
// valid from an hour ago (tolerating clock skew) for one year.
//
// Use it to start a second server whose certificates a client that trusts
// the first server's CA must refuse:
//
//	other, _ := sampleserver.NewTestCertificates("Other Test CA")
//	srv, _ := sampleserver.Start(ctx, sampleserver.Config{Certificates: other})
func NewTestCertificates(caName string) (*Certificates, error) {
	now := time.Now()
	notBefore, notAfter := now.Add(-time.Hour), now.AddDate(1, 0, 0)

	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	caTemplate := &x509.Certificate{
		Subject:               pkix.Name{CommonName: caName, Organization: []string{caOrganization}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		// MaxPathLenZero: this CA signs leaves only, never another CA.
		MaxPathLenZero: true,
		KeyUsage:       x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
	}
	ca, caDER, err := sign(caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("create CA certificate %q: %w", caName, err)
	}

	c := &Certificates{CA: ca, caKey: caKey}
	c.Server, err = c.issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "localhost", Organization: []string{caOrganization}},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		NotBefore:   notBefore,
		NotAfter:    notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, caDER)
	if err != nil {
		return nil, fmt.Errorf("create server certificate: %w", err)
	}
	c.Client, err = c.issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: ClientCommonName, Organization: []string{caOrganization}},
		NotBefore:   notBefore,
		NotAfter:    notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, caDER)
	if err != nil {
		return nil, fmt.Errorf("create client certificate: %w", err)
	}
	return c, nil
}

// issue makes a fresh key for template and signs it with the CA. The
// returned tls.Certificate carries the chain leaf+CA, so a peer that trusts
// only the CA can verify it, and has Leaf filled in.
func (c *Certificates) issue(template *x509.Certificate, caDER []byte) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, der, err := sign(template, c.CA, &key.PublicKey, c.caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key, Leaf: leaf}, nil
}

// sign gives template a random serial number, has parent's key sign it and
// parses the result back.
func sign(template, parent *x509.Certificate, pub *ecdsa.PublicKey, parentKey *ecdsa.PrivateKey) (*x509.Certificate, []byte, error) {
	// 128 random bits: serial numbers must be unique per issuer and
	// unpredictable (CA/Browser Forum asks for at least 64 bits).
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, nil, err
	}
	template.SerialNumber = serial
	der, err := x509.CreateCertificate(rand.Reader, template, parent, pub, parentKey)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return cert, der, nil
}

// pemPair encodes the leaf of cert and its private key as PEM blocks
// ("CERTIFICATE" and PKCS #8 "PRIVATE KEY"), the format curl, openssl and
// tls.LoadX509KeyPair read.
func pemPair(cert tls.Certificate) (certPEM, keyPEM []byte, err error) {
	keyDER, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		return nil, nil, err
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return certPEM, keyPEM, nil
}

// CertificatePEM encodes a certificate as a PEM "CERTIFICATE" block, for
// example the CA, so that other tools can be told to trust it.
func CertificatePEM(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

// Fingerprint is the SHA-256 of a certificate's DER bytes as uppercase hex
// pairs joined by ':' ("3A:7F:…"), the form browsers and openssl show, so a
// person can compare what a client sees with what the server printed.
func Fingerprint(cert *x509.Certificate) string { return certinfo.Fingerprint(cert) }
