package sampleserver

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

func TestCertificates(t *testing.T) {
	s := startServer(t, Config{})
	ca := s.CA()
	if ca.Subject.CommonName != CAName || !ca.IsCA || ca.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Errorf("CA: CN %q, IsCA %v, KeyUsage %v", ca.Subject.CommonName, ca.IsCA, ca.KeyUsage)
	}
	if got := ca.Subject.Organization; len(got) != 1 || got[0] != "WebSocket Sample" {
		t.Errorf("CA organization = %q", got)
	}

	leaf := s.ServerCertificate()
	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		_, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: s.CAPool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
		if err != nil {
			t.Errorf("server certificate for %s: %v", name, err)
		}
	}

	client := s.ClientCertificate()
	if client.Leaf.Subject.CommonName != "WebSocketSample" {
		t.Errorf("client CN = %q", client.Leaf.Subject.CommonName)
	}
	if _, err := client.Leaf.Verify(x509.VerifyOptions{Roots: s.CAPool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client certificate: %v", err)
	}

	certPEM, keyPEM := s.ClientCertificatePEM()
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatalf("ClientCertificatePEM does not load: %v", err)
	}
	if !pair.Leaf.Equal(client.Leaf) {
		t.Error("ClientCertificatePEM holds another certificate than ClientCertificate")
	}

	fp := s.Fingerprint()
	if !regexp.MustCompile(`^([0-9A-F]{2}:){31}[0-9A-F]{2}$`).MatchString(fp) {
		t.Errorf("Fingerprint = %q, want 32 uppercase hex pairs joined by ':'", fp)
	}
	sum := sha256.Sum256(leaf.Raw)
	if strings.ReplaceAll(fp, ":", "") != strings.ToUpper(hex.EncodeToString(sum[:])) {
		t.Errorf("Fingerprint = %q is not the SHA-256 of the server certificate", fp)
	}
}

// The wss listener is trusted through the CA, and refused without it.
func TestSecureDialNeedsTrust(t *testing.T) {
	s := startServer(t, Config{})
	dial(t, s, s.SecureURL("/echo")) // trusts CAPool

	plain := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	_, _, err := websocket.Dial(testCtx(t), s.SecureURL("/echo"), &websocket.DialOptions{HTTPClient: plain})
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		t.Fatalf("dial without trusting the CA: %v, want a certificate verification error", err)
	}
}

// A second server made with NewTestCertificates has another CA; a client
// that trusts the first one's CA refuses it.
func TestOtherCA(t *testing.T) {
	first := startServer(t, Config{})
	other, err := NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	second := startServer(t, Config{Certificates: other})
	if second.CA().Subject.CommonName != "Other Test CA" || second.CA().Equal(first.CA()) {
		t.Fatalf("second CA = %q, same as first: %v", second.CA().Subject.CommonName, second.CA().Equal(first.CA()))
	}
	if second.Fingerprint() == first.Fingerprint() {
		t.Error("both servers have the same certificate")
	}
	dial(t, second, second.SecureURL("/echo"))
	_, _, err = websocket.Dial(testCtx(t), second.SecureURL("/echo"), &websocket.DialOptions{HTTPClient: httpClient(first, nil)})
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		t.Fatalf("dial the second server trusting the first CA: %v, want a certificate verification error", err)
	}
}

// Config.Certificate replaces the wss certificate only.
func TestConfigCertificate(t *testing.T) {
	real, err := NewTestCertificates("Real CA")
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, Config{Certificate: &real.Server})
	if !s.ServerCertificate().Equal(real.Server.Leaf) {
		t.Fatal("ServerCertificate is not Config.Certificate")
	}
	if s.Fingerprint() != Fingerprint(real.Server.Leaf) {
		t.Error("Fingerprint is not that of Config.Certificate")
	}
	pool := x509.NewCertPool()
	pool.AddCert(real.CA)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
	c, _, err := websocket.Dial(testCtx(t), s.SecureURL("/echo"), &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		t.Fatalf("dial wss with the real certificate: %v", err)
	}
	c.CloseNow()
	// The client-auth listener still uses the built-in CA.
	cert := s.ClientCertificate()
	c, _, err = websocket.Dial(testCtx(t), s.ClientAuthURL(), &websocket.DialOptions{HTTPClient: httpClient(s, &cert)})
	if err != nil {
		t.Fatalf("dial /clientauth trusting the built-in CA: %v", err)
	}
	c.CloseNow()
}

func TestClientAuth(t *testing.T) {
	s := startServer(t, Config{})
	ctx := testCtx(t)

	_, _, err := websocket.Dial(ctx, s.ClientAuthURL(), &websocket.DialOptions{HTTPClient: httpClient(s, nil)})
	if err == nil {
		t.Fatal("dial /clientauth without a client certificate succeeded")
	}
	t.Logf("without a certificate: %v", err)

	other, err := NewTestCertificates("Other Test CA")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = websocket.Dial(ctx, s.ClientAuthURL(), &websocket.DialOptions{HTTPClient: httpClient(s, &other.Client)})
	if err == nil {
		t.Fatal("dial /clientauth with a certificate from another CA succeeded")
	}

	cert := s.ClientCertificate()
	c, _, err := websocket.Dial(ctx, s.ClientAuthURL(), &websocket.DialOptions{HTTPClient: httpClient(s, &cert)})
	if err != nil {
		t.Fatalf("dial /clientauth with ClientCertificate: %v", err)
	}
	defer c.CloseNow()
	// It behaves like /sample.
	if _, got := read(t, c); !strings.HasPrefix(got, "EchoWebSocket Connected at: ") {
		t.Errorf("announcement = %q", got)
	}
	write(t, c, websocket.MessageText, []byte("Hello World"))
	if _, got := read(t, c); got != `You said: "Hello World"` {
		t.Errorf("reply = %q", got)
	}
	if err := c.Close(websocket.StatusNormalClosure, clientCloseReason); err != nil {
		t.Errorf("Close: %v", err)
	}
}
