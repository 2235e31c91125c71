package wsclient

import (
	"crypto/tls"
	"encoding/pem"
	"os"
	"strings"

	"github.com/wssample/wssample/internal/certinfo"
)

// CertProblem says what is wrong with the PEM files offered as a client
// certificate (Options.ClientCertificate).
type CertProblem int

// The problems LoadClientCertificate and CertificateFileHasKey report.
const (
	CertUnreadable CertProblem = iota + 1 // CertFile cannot be read; Err says why
	KeyUnreadable                         // KeyFile cannot be read; Err says why
	NoCertificate                         // CertFile holds no PEM CERTIFICATE block
	NoPrivateKey                          // KeyFile holds no PEM PRIVATE KEY block
	KeyMismatch                           // the key in KeyFile is not the certificate's
	CertInvalid                           // the certificate or key cannot be used; Err says why
)

// CertError is why a client certificate could not be loaded. Its Error
// text is the message to show: one sentence that names the file, in words
// a person can act on (tls.X509KeyPair's own errors name no file).
type CertError struct {
	Problem  CertProblem
	CertFile string // the certificate's file
	KeyFile  string // the private key's file (the same when one file holds both)
	Err      error  // the underlying error, if any
}

// Unwrap gives errors.Is (fs.ErrNotExist, …) the underlying error.
func (e *CertError) Unwrap() error { return e.Err }

// LoadClientCertificate loads a client certificate and its private key
// from PEM files, as tls.LoadX509KeyPair does, but a failure is a
// *CertError that says what is wrong and names the file. keyPath may be
// certPath (or empty) when one file holds both. The certificate's Leaf is
// filled in.
func LoadClientCertificate(certPath, keyPath string) (*tls.Certificate, error) {
	if keyPath == "" {
		keyPath = certPath
	}
	fail := func(p CertProblem, err error) (*tls.Certificate, error) {
		return nil, &CertError{Problem: p, CertFile: certPath, KeyFile: keyPath, Err: err}
	}
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return fail(CertUnreadable, err)
	}
	keyPEM := certPEM
	if keyPath != certPath {
		if keyPEM, err = os.ReadFile(keyPath); err != nil {
			return fail(KeyUnreadable, err)
		}
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		// crypto/tls has no typed errors for these; its messages are
		// stable and this is the one place that reads them.
		msg := err.Error()
		switch {
		case strings.Contains(msg, "in certificate input"):
			return fail(NoCertificate, err)
		case strings.Contains(msg, "in key input"), strings.Contains(msg, "PEM for the private key"):
			return fail(NoPrivateKey, err)
		case strings.Contains(msg, "does not match"):
			return fail(KeyMismatch, err)
		default:
			return fail(CertInvalid, err)
		}
	}
	if cert.Leaf, err = certinfo.Leaf(&cert); err != nil {
		return fail(CertInvalid, err)
	}
	return &cert, nil
}

// CertificateFileHasKey reports whether the PEM file at path, which must
// hold a certificate, holds its private key too, so that a program can ask
// for a separate key file only when it is needed. A file that cannot be
// read or holds no certificate is a *CertError.
func CertificateFileHasKey(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, &CertError{Problem: CertUnreadable, CertFile: path, KeyFile: path, Err: err}
	}
	var hasCert, hasKey bool
	for {
		var block *pem.Block
		if block, data = pem.Decode(data); block == nil {
			break
		}
		hasCert = hasCert || block.Type == "CERTIFICATE"
		hasKey = hasKey || strings.HasSuffix(block.Type, "PRIVATE KEY")
	}
	if !hasCert {
		return false, &CertError{Problem: NoCertificate, CertFile: path, KeyFile: path}
	}
	return hasKey, nil
}
