package ui

import (
	"crypto/x509"
	"errors"
	"testing"

	"github.com/wssample/wssample/wsclient"
)

// Off, the checkbox leaves the options alone; on without a built-in CA,
// every certificate is rejected, with a reason, since there is nothing to
// check against.
func TestCustomValidationWithoutCA(t *testing.T) {
	if opts := withCustomValidation(wsclient.Options{}, false, nil); opts.CustomValidation != nil {
		t.Fatal("custom validation set with the checkbox off")
	}
	opts := withCustomValidation(wsclient.Options{}, true, nil)
	if opts.CustomValidation == nil {
		t.Fatal("no custom validation with the checkbox on")
	}
	if err := opts.CustomValidation([]*x509.Certificate{server.ServerCertificate()}); !errors.Is(err, errNoBuiltInCA) {
		t.Fatalf("without a CA: %v, want errNoBuiltInCA", err)
	}
	if err := withCustomValidation(wsclient.Options{}, true, server.CA()).CustomValidation([]*x509.Certificate{server.ServerCertificate()}); err != nil {
		t.Fatalf("the built-in server's certificate with its CA: %v", err)
	}
}
