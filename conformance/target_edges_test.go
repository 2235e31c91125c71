package conformance

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A wss:// server whose certificate has expired, signed by a CA the
// checker trusts: the run cannot start, and the words say the
// certificate expired, not merely that TLS failed.
func TestExpiredCertificateSaysSo(t *testing.T) {
	t.Parallel()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Expiry Test CA"},
		NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-48 * time.Hour), NotAfter: now.Add(-24 * time.Hour), // a day ago
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(http.NotFoundHandler())
	hs.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: key}}}
	hs.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake, expected
	hs.StartTLS()
	defer hs.Close()
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	addr := strings.TrimPrefix(hs.URL, "https://")
	_, err = Run(context.Background(), "wss://"+addr+"/", Options{RootCAs: roots}, keep("1.1.1"), nil)
	want := "the certificate of " + addr + " has expired or is not valid yet: "
	if !errors.Is(err, ErrUnreachable) || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("%v\nwant the words %q (ErrUnreachable)", err, want)
	}
}

// Tests shorten Autobahn's waits against servers that answer in
// microseconds (timeScale): a wait is multiplied by the scale, but not
// below 200 ms, and a wait shorter than that is kept.
func TestScaledWaitsNeverBelow200ms(t *testing.T) {
	tg := &target{timeScale: 0.3}
	for d, want := range map[time.Duration]time.Duration{
		10 * time.Second:       3 * time.Second,
		time.Second:            300 * time.Millisecond,
		500 * time.Millisecond: 200 * time.Millisecond,
		100 * time.Millisecond: 100 * time.Millisecond,
	} {
		if got := tg.scaled(d); got != want {
			t.Errorf("%v scaled by 0.3: %v, want %v", d, got, want)
		}
	}
	if got := (&target{}).scaled(time.Second); got != time.Second {
		t.Errorf("without a scale: %v, want 1s", got)
	}
}
