package wsclient_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// pemFiles writes each file into a new temporary folder and returns the
// paths, by file name.
func pemFiles(t *testing.T, files map[string][]byte) map[string]string {
	t.Helper()
	dir, paths := t.TempDir(), map[string]string{}
	for name, data := range files {
		paths[name] = filepath.Join(dir, name)
		if err := os.WriteFile(paths[name], data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// A certificate loaded from the built-in server's PEM files is one the
// server's /clientauth listener accepts (TLS client authentication, RFC
// 8446 §4.4.2), with its Leaf filled in.
func TestLoadClientCertificateConnects(t *testing.T) {
	srv := testserver.Start(t)
	certPEM, keyPEM := srv.ClientCertificatePEM()
	files := pemFiles(t, map[string][]byte{"client.crt": certPEM, "client.key": keyPEM})
	cert, err := wsclient.LoadClientCertificate(files["client.crt"], files["client.key"])
	if err != nil {
		t.Fatal(err)
	}
	if cert.Leaf == nil || cert.Leaf.Subject.CommonName != sampleserver.ClientCommonName {
		t.Fatalf("leaf %v, want %q", cert.Leaf, sampleserver.ClientCommonName)
	}
	s := wsclient.NewMessageSocket(wsclient.MessageOptions{Options: wsclient.Options{ClientCertificate: cert, TLSConfig: &tls.Config{RootCAs: srv.CAPool()}}})
	rec := &recorder{t: t, events: s.Events()}
	if err := s.Connect(srv.ClientAuthURL()); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rec.waitForEnd(5 * time.Second)
}

func TestCertificateFileHasKey(t *testing.T) {
	srv := testserver.Start(t)
	certPEM, keyPEM := srv.ClientCertificatePEM()
	files := pemFiles(t, map[string][]byte{"client.crt": certPEM, "client.pem": append(append([]byte{}, certPEM...), keyPEM...)})
	certOnly, both := files["client.crt"], files["client.pem"]
	if has, err := wsclient.CertificateFileHasKey(certOnly); err != nil || has {
		t.Fatalf("certificate alone: has key %v, %v", has, err)
	}
	if has, err := wsclient.CertificateFileHasKey(both); err != nil || !has {
		t.Fatalf("certificate and key: has key %v, %v", has, err)
	}
	cert, err := wsclient.LoadClientCertificate(both, "") // one file holds both
	if err != nil || cert.Leaf == nil {
		t.Fatalf("load from one file: %v", err)
	}
}

// Every problem is one sentence that names the file: the only place these
// words are checked.
func TestCertErrorsSayWhatIsWrong(t *testing.T) {
	srv := testserver.Start(t)
	certPEM, keyPEM := srv.ClientCertificatePEM()
	other, err := sampleserver.NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(other.Client.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	files := pemFiles(t, map[string][]byte{
		"client.crt": certPEM,
		"client.key": keyPEM,
		"notes.pem":  []byte("not a certificate\n"),
		"other.key":  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		"bad.crt":    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("junk")}),
	})
	certPath, keyPath, garbage, otherKey, badCert := files["client.crt"], files["client.key"], files["notes.pem"], files["other.key"], files["bad.crt"]
	missing := filepath.Join(filepath.Dir(certPath), "missing.pem")

	for _, c := range []struct {
		name      string
		load      func() error
		problem   wsclient.CertProblem
		want      string
		notExists bool
	}{
		{"missing certificate", func() error { _, err := wsclient.CertificateFileHasKey(missing); return err },
			wsclient.CertUnreadable, `Client certificate not loaded: cannot read "missing.pem": no such file or directory.`, true},
		{"missing key", func() error { _, err := wsclient.LoadClientCertificate(certPath, missing); return err },
			wsclient.KeyUnreadable, `Client certificate not loaded: cannot read "missing.pem": no such file or directory.`, true},
		{"no certificate", func() error { _, err := wsclient.CertificateFileHasKey(garbage); return err },
			wsclient.NoCertificate, `Client certificate not loaded: "notes.pem" holds no certificate (no PEM CERTIFICATE block).`, false},
		{"no certificate, loaded", func() error { _, err := wsclient.LoadClientCertificate(keyPath, keyPath); return err },
			wsclient.NoCertificate, `Client certificate not loaded: "client.key" holds no certificate (no PEM CERTIFICATE block).`, false},
		{"no key", func() error { _, err := wsclient.LoadClientCertificate(certPath, certPath); return err },
			wsclient.NoPrivateKey, `Client certificate not loaded: "client.crt" holds no private key (no PEM PRIVATE KEY block).`, false},
		{"mismatched key", func() error { _, err := wsclient.LoadClientCertificate(certPath, otherKey); return err },
			wsclient.KeyMismatch, `Client certificate not loaded: the private key in "other.key" does not belong to the certificate in "client.crt".`, false},
		{"unparsable certificate", func() error { _, err := wsclient.LoadClientCertificate(badCert, keyPath); return err },
			wsclient.CertInvalid, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.load()
			var ce *wsclient.CertError
			if !errors.As(err, &ce) || ce.Problem != c.problem {
				t.Fatalf("error %v (%T), want a CertError with problem %d", err, err, c.problem)
			}
			if c.want != "" && err.Error() != c.want {
				t.Fatalf("message\n%s\nwant\n%s", err, c.want)
			}
			if c.want == "" && !strings.HasPrefix(err.Error(), `Client certificate not loaded: "bad.crt": `) {
				t.Fatalf("message %q does not name the file first", err)
			}
			if errors.Is(err, fs.ErrNotExist) != c.notExists {
				t.Fatalf("errors.Is(err, fs.ErrNotExist) = %v", !c.notExists)
			}
		})
	}
}
