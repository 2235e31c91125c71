package wsclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"syscall"
	"time"
)

// ErrorKind is the class of a failed connect.
type ErrorKind int

// The classes of a failed connect. The Windows sample folds WinRT's
// CannotConnect, NotFound (404) and RequestTimeout (408) into one
// "Cannot connect to the server"; so does KindCannotConnect.
const (
	KindOther             ErrorKind = iota // anything else: "Failed to connect: <error>"
	KindCannotConnect                      // refused, DNS, unreachable, handshake timeout, HTTP 404/408
	KindHandshakeRejected                  // the server answered the handshake with another HTTP status
	KindTLS                                // certificate or TLS handshake problem (see TLSProblem)
	KindCustomValidation                   // the custom certificate check rejected the server
	KindCancelled                          // the caller gave up (Stop during connect)
)

// TLSProblem names a TLS failure in words a person knows.
type TLSProblem int

// The TLS failures ConnectError tells apart.
const (
	TLSNone              TLSProblem = iota
	TLSUntrusted                    // signed by an authority this machine does not trust
	TLSNameMismatch                 // certificate is for another host name
	TLSExpired                      // outside its validity period
	TLSClientCertNeeded             // the server wants a client certificate we did not send
	TLSClientCertRefused            // the server did not accept our client certificate
	TLSOtherProblem                 // any other TLS handshake failure
)

// ConnectError is the error of a failed connect. Error() is the line to show
// a person (words.go); the fields let a program decide what to do.
type ConnectError struct {
	Kind ErrorKind
	TLS  TLSProblem
	// Detail is the cause in plain words, e.g. "connection refused by 127.0.0.1:1".
	Detail string
	// StatusCode, Status and Body describe the HTTP answer to a refused
	// handshake: "403 Forbidden" and up to the first 1 KiB of the body.
	StatusCode int
	Status     string
	Body       string
	// Err is the library's own error.
	Err error
	// Timeline is the attempt step by step, the failed step marked; nil
	// when the connect failed before it began (bad TLS settings).
	Timeline *Timeline
}

// Unwrap gives errors.Is and errors.As the library's error.
func (e *ConnectError) Unwrap() error { return e.Err }

// bodyFirstLine is the first non-empty line of a refused handshake's body,
// the part worth a place in a one-line message.
func (e *ConnectError) bodyFirstLine() string {
	for _, line := range strings.Split(e.Body, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// maxBodyShown bounds how much of a refused handshake's body is kept; the
// library itself keeps only the first 1024 bytes.
const maxBodyShown = 1024

// failure is what went wrong under an error, as a person would tell it
// apart. classify sorts an error into one, once, from the error's chain
// (errors.Is and errors.As on the system's and TLS's errors, never its
// text); the connect error, the timeline and the events word each class
// from there (words.go).
type failure int

// The failures classify tells apart, in the order it checks them.
const (
	failOther          failure = iota
	failBadUpgrade             // the server's 101 broke RFC 6455 §4.1
	failCustom                 // ErrRejectedByCustomValidation
	failDNS                    // *net.DNSError
	failTimeout                // context.DeadlineExceeded, or a net.Error that timed out
	failRefused                // ECONNREFUSED: nothing listens there
	failUnreachable            // ENETUNREACH, EHOSTUNREACH
	failCancelled              // context.Canceled
	failUntrusted              // x509.UnknownAuthorityError
	failNameMismatch           // x509.HostnameError
	failExpired                // x509.CertificateInvalidError, Expired
	failCertInvalid            // any other x509.CertificateInvalidError
	failCertUnverified         // *tls.CertificateVerificationError
	failTLSAlert               // a TLS alert the server sent
	failReset                  // ECONNRESET
	failBrokenPipe             // EPIPE
	failEOF                    // io.EOF, io.ErrUnexpectedEOF: TCP closed under the reader
)

// classify sorts err into the failure a person would name.
func classify(err error) failure {
	var (
		badUpgrade *badUpgradeError
		dnsErr     *net.DNSError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		certErr    x509.CertificateInvalidError
		verifyErr  *tls.CertificateVerificationError
	)
	switch {
	case err == nil:
		return failOther
	case errors.As(err, &badUpgrade):
		return failBadUpgrade
	case errors.Is(err, ErrRejectedByCustomValidation):
		return failCustom
	case errors.As(err, &dnsErr):
		return failDNS
	case timedOut(err):
		return failTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return failRefused
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH):
		return failUnreachable
	case errors.Is(err, context.Canceled):
		return failCancelled
	case errors.As(err, &unknownCA):
		return failUntrusted
	case errors.As(err, &hostErr):
		return failNameMismatch
	case errors.As(err, &certErr) && certErr.Reason == x509.Expired:
		return failExpired
	case errors.As(err, &certErr):
		return failCertInvalid
	case errors.As(err, &verifyErr):
		return failCertUnverified
	}
	if _, ok := alertCode(err); ok {
		return failTLSAlert
	}
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return failReset
	case errors.Is(err, syscall.EPIPE):
		return failBrokenPipe
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return failEOF
	}
	return failOther
}

// The TLS alerts (RFC 8446 §6) that speak of the client's certificate.
const (
	alertBadCertificate         = 42
	alertUnsupportedCertificate = 43
	alertCertificateUnknown     = 46
	alertUnknownCA              = 48
	alertCertificateRequired    = 116
)

// alertCode is the TLS alert the server sent, if err is one. crypto/tls
// reports it as a *net.OpError whose Op is "remote error" and whose Err is
// the alert, of an unexported type with a byte's value (tls.AlertError is
// what it returns over QUIC).
func alertCode(err error) (uint8, bool) {
	var ae tls.AlertError
	if errors.As(err, &ae) {
		return uint8(ae), true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" && op.Err != nil {
		if v := reflect.ValueOf(op.Err); v.Kind() == reflect.Uint8 {
			return uint8(v.Uint()), true
		}
	}
	return 0, false
}

// alertProblem is what a TLS alert the server sent says about us; in
// practice these are about the client certificate.
func alertProblem(code uint8) TLSProblem {
	switch code {
	case alertCertificateRequired:
		return TLSClientCertNeeded
	case alertBadCertificate, alertUnknownCA, alertCertificateUnknown, alertUnsupportedCertificate:
		return TLSClientCertRefused
	}
	return TLSOtherProblem
}

// classifyConnectError turns what Dial returned into a ConnectError.
// resp is Dial's response, non-nil when the server answered with HTTP.
func classifyConnectError(err error, resp *http.Response, handshakeTimeout time.Duration, cancelled bool) *ConnectError {
	ce := &ConnectError{Err: err}
	if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
		ce.StatusCode = resp.StatusCode
		ce.Status = resp.Status
		if resp.Body != nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBodyShown))
			ce.Body = string(b)
		}
		ce.Detail = refusedHandshakeDetail(resp.Status, ce.bodyFirstLine())
		switch resp.StatusCode {
		case http.StatusNotFound, http.StatusRequestTimeout:
			ce.Kind = KindCannotConnect
		default:
			ce.Kind = KindHandshakeRejected
		}
		return ce
	}
	if cancelled {
		ce.Kind, ce.Detail = KindCancelled, stoppedWhileConnecting
		return ce
	}
	f := classify(err)
	ce.Detail = connectDetail(f, err, handshakeTimeout)
	switch f {
	case failBadUpgrade:
		// The server agreed, but not to what was asked (§4.1): its own
		// fault, which a retry will not mend, hence the status.
		var badUpgrade *badUpgradeError
		errors.As(err, &badUpgrade)
		ce.Kind, ce.StatusCode, ce.Status = KindOther, http.StatusSwitchingProtocols, badUpgrade.status
	case failCustom:
		ce.Kind, ce.TLS = KindCustomValidation, TLSOtherProblem
	case failDNS, failTimeout, failRefused, failUnreachable:
		ce.Kind = KindCannotConnect
	case failUntrusted:
		ce.Kind, ce.TLS = KindTLS, TLSUntrusted
	case failNameMismatch:
		ce.Kind, ce.TLS = KindTLS, TLSNameMismatch
	case failExpired:
		ce.Kind, ce.TLS = KindTLS, TLSExpired
	case failCertInvalid, failCertUnverified:
		ce.Kind, ce.TLS = KindTLS, TLSOtherProblem
	case failTLSAlert:
		code, _ := alertCode(err)
		ce.Kind, ce.TLS = KindTLS, alertProblem(code)
	default:
		ce.Kind = KindOther
	}
	return ce
}

// timedOut reports whether err ran out of time: a context's deadline, or
// a network timeout. A failed DNS lookup can be one too, though classify
// files it under failDNS.
func timedOut(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || isTimeout(err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
