package certinfo_test

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/certinfo"
	"github.com/wssample/wssample/sampleserver"
)

func TestFingerprintIsColonSeparatedUppercaseSHA256(t *testing.T) {
	certs, err := sampleserver.NewTestCertificates("Fingerprint CA")
	if err != nil {
		t.Fatal(err)
	}
	fp := certinfo.Fingerprint(certs.CA)
	pairs := strings.Split(fp, ":")
	if len(pairs) != sha256.Size {
		t.Fatalf("%d pairs in %q, want %d", len(pairs), fp, sha256.Size)
	}
	sum := sha256.Sum256(certs.CA.Raw)
	for i, p := range pairs {
		if want := strings.ToUpper(string("0123456789abcdef"[sum[i]>>4]) + string("0123456789abcdef"[sum[i]&0xF])); p != want {
			t.Fatalf("pair %d is %q, want %q (fingerprint %s)", i, p, want, fp)
		}
	}
}

func TestLeafParsesWhenUnset(t *testing.T) {
	certs, err := sampleserver.NewTestCertificates("Leaf CA")
	if err != nil {
		t.Fatal(err)
	}
	pair := certs.Server
	pair.Leaf = nil
	leaf, err := certinfo.Leaf(&pair)
	if err != nil {
		t.Fatal(err)
	}
	if leaf.Subject.CommonName != "localhost" && len(leaf.DNSNames) == 0 {
		t.Fatalf("parsed leaf has no names: %v", leaf.Subject)
	}
	want, _ := x509.ParseCertificate(pair.Certificate[0])
	if !leaf.Equal(want) {
		t.Fatal("Leaf parsed another certificate than the chain's first")
	}
	if _, err := certinfo.Leaf(&tls.Certificate{}); err == nil || !strings.Contains(err.Error(), "no certificate data") {
		t.Fatalf("empty pair: %v, want a plain error", err)
	}
}
