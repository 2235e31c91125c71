package wsclient_test

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/certinfo"
	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// The fingerprint a wss connection reports is the one the built-in server
// prints for its certificate, in the same form.
func TestConnInfoServerCertificateAndFingerprint(t *testing.T) {
	srv := testserver.Start(t)
	s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: &tls.Config{RootCAs: srv.CAPool()}}}})
	rec := record(t, s)
	if err := s.Start(srv.SecureURL("/echo")); err != nil {
		t.Fatal(err)
	}
	connected := rec.waitFor(wsclient.EventConnected, 5*time.Second)
	cert := connected.Info.ServerCertificate()
	if cert == nil || !cert.Equal(srv.ServerCertificate()) {
		t.Fatalf("server certificate %v, want the built-in server's", cert)
	}
	if got, want := certinfo.Fingerprint(cert), sampleserver.Fingerprint(srv.ServerCertificate()); got != want {
		t.Fatalf("fingerprint %s, the server prints %s", got, want)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	rec.waitForEnd(5 * time.Second)

	if (&wsclient.ConnInfo{}).ServerCertificate() != nil || (*wsclient.ConnInfo)(nil).ServerCertificate() != nil {
		t.Fatal("a certificate for ws:// (or no connection)")
	}
}
