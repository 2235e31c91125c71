package ui

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/certinfo"
	"github.com/wssample/wssample/wsclient"
)

func TestConnInfoRowsWS(t *testing.T) {
	got := connInfoRows(&wsclient.ConnInfo{LocalAddr: "127.0.0.1:50000", RemoteAddr: "127.0.0.1:8080", StatusLine: "101 Switching Protocols"})
	want := []infoRow{
		{"Local address", "127.0.0.1:50000"},
		{"Remote address", "127.0.0.1:8080"},
		{"Subprotocol", "(none)"},
		{"Extensions", "none agreed"},
		{"Handshake", "101 Switching Protocols"},
		{"Security", "none: ws:// is not encrypted"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows\n%q\nwant\n%q", got, want)
	}
	if connInfoRows(nil) != nil {
		t.Fatal("rows for no connection")
	}
}

func TestConnInfoRowsWSS(t *testing.T) {
	cert := &x509.Certificate{
		Raw:          []byte("not really DER, but hashed all the same"),
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		Issuer:       pkix.Name{CommonName: "WebSocket Sample Test CA"},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		NotAfter:     time.Date(2027, 1, 2, 3, 4, 0, 0, time.UTC),
	}
	info := &wsclient.ConnInfo{
		LocalAddr: "l", RemoteAddr: "r", Subprotocol: "chat", StatusLine: "101 Switching Protocols",
		Extensions: "permessage-deflate; client_no_context_takeover; server_no_context_takeover",
		TLS: &tls.ConnectionState{Version: tls.VersionTLS13, CipherSuite: tls.TLS_AES_128_GCM_SHA256,
			PeerCertificates: []*x509.Certificate{cert}},
		SetAside: []string{"untrusted root", "name mismatch"},
	}
	got := connInfoRows(info)
	want := []infoRow{
		{"Local address", "l"},
		{"Remote address", "r"},
		{"Subprotocol", "chat"},
		{"Extensions", "permessage-deflate; client_no_context_takeover; server_no_context_takeover"},
		{"Handshake", "101 Switching Protocols"},
		{"TLS version", "TLS 1.3"},
		{"Cipher suite", "TLS_AES_128_GCM_SHA256"},
		{"Certificate subject", "CN=localhost (for localhost)"},
		{"Issuer", "CN=WebSocket Sample Test CA"},
		{"Valid", "2026-01-02 03:04 UTC to 2027-01-02 03:04 UTC"},
		{"SHA-256 fingerprint", certinfo.Fingerprint(cert)},
		{"Errors set aside", "untrusted root; name mismatch"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows\n%q\nwant\n%q", got, want)
	}
}

func TestRateMeter(t *testing.T) {
	var m rateMeter
	t0 := time.Unix(1000, 0)
	if up, down := m.rates(); up != 0 || down != 0 {
		t.Fatal("a rate without samples")
	}
	m.add(t0, 0, 0)
	if up, _ := m.rates(); up != 0 {
		t.Fatal("a rate from one sample")
	}
	// 100 ms ticks: 1,000 bytes a tick up, 500 down.
	for i := 1; i <= 30; i++ {
		m.add(t0.Add(time.Duration(i)*100*time.Millisecond), int64(i)*1000, int64(i)*500)
	}
	if up, down := m.rates(); up != 10000 || down != 5000 {
		t.Fatalf("rates %v / %v, want 10000 / 5000", up, down)
	}
	if n := len(m.samples); n > 11 {
		t.Fatalf("%d samples kept, want about a second's worth", n)
	}
	// The flow stops: a second later the rate is 0.
	for i := 31; i <= 41; i++ {
		m.add(t0.Add(time.Duration(i)*100*time.Millisecond), 30000, 15000)
	}
	if up, down := m.rates(); up != 0 || down != 0 {
		t.Fatalf("rates %v / %v after a quiet second", up, down)
	}
	m.reset()
	if len(m.samples) != 0 {
		t.Fatal("reset kept samples")
	}
}

func TestBandwidthText(t *testing.T) {
	if got := bandwidthText(11, 22); got != "sending 11 B/s, receiving 22 B/s" {
		t.Errorf("bandwidthText = %q", got)
	}
}
