package ui

import (
	"crypto/x509"
	"errors"

	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/wsclient"
)

// customValidationLabel is the sample's checkbox text, word for word.
const customValidationLabel = "Perform custom server certificate validation"

// newCustomValidationCheck is the checkbox scenarios 1, 2 and 4 share.
// Off (the default), a wss connection to the built-in server fails as the
// certificate is not trusted; on, the untrusted root and a name mismatch
// are set aside and the sample's custom check decides instead.
func newCustomValidationCheck() *widget.Check {
	return widget.NewCheck(customValidationLabel, nil)
}

// withCustomValidation returns opts with the sample's custom certificate
// check turned on when on is true: the server's certificate must be issued
// by the built-in server's CA and its chain must verify against it (the
// Windows sample checks the issuer "www.fabrikam.com"). Without a CA (the
// built-in server did not start) every certificate is rejected, which is
// the honest answer: there is nothing to check against.
func withCustomValidation(opts wsclient.Options, on bool, ca *x509.Certificate) wsclient.Options {
	if !on {
		return opts
	}
	if ca == nil {
		opts.CustomValidation = func([]*x509.Certificate) error { return errNoBuiltInCA }
		return opts
	}
	opts.CustomValidation = wsclient.IssuedBy(ca)
	return opts
}

// errNoBuiltInCA rejects every certificate when there is no built-in CA.
var errNoBuiltInCA = errors.New("the built-in server did not start, so there is no issuer to check against")
