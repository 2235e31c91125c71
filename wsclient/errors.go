package wsclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// ErrAlreadyStarted is returned by Start while a connection is open or opening.
var ErrAlreadyStarted = errors.New("Already started")

// ErrNotConnected is returned by Stop and Send when there is no connection.
var ErrNotConnected = errors.New("Not connected")

// ErrRejectedByCustomValidation is what a failed custom certificate check
// turns into; its text is the sample's.
var ErrRejectedByCustomValidation = errors.New("Error: Rejected by custom certificate validation.")

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
// a person; the fields let a program decide what to do.
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

// Error returns the message a person reads.
func (e *ConnectError) Error() string {
	switch e.Kind {
	case KindCannotConnect:
		return "Cannot connect to the server: " + e.Detail
	case KindCustomValidation:
		return ErrRejectedByCustomValidation.Error()
	case KindCancelled:
		return "Connect cancelled: " + e.Detail
	default:
		return "Failed to connect: " + e.Detail
	}
}

// Unwrap gives errors.Is and errors.As the library's error.
func (e *ConnectError) Unwrap() error { return e.Err }

// BodyFirstLine is the first non-empty line of a refused handshake's body,
// the part worth a place in a one-line message.
func (e *ConnectError) BodyFirstLine() string {
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
		ce.Detail = "server answered HTTP " + resp.Status
		if first := ce.BodyFirstLine(); first != "" {
			ce.Detail += " (" + first + ")"
		}
		switch resp.StatusCode {
		case http.StatusNotFound, http.StatusRequestTimeout:
			ce.Kind = KindCannotConnect
		default:
			ce.Kind = KindHandshakeRejected
		}
		return ce
	}

	var (
		badUpgrade *badUpgradeError
		dnsErr     *net.DNSError
		unknownCA  x509.UnknownAuthorityError
		hostErr    x509.HostnameError
		certErr    x509.CertificateInvalidError
		verifyErr  *tls.CertificateVerificationError
		alertErr   tls.AlertError
	)
	switch {
	case cancelled:
		ce.Kind, ce.Detail = KindCancelled, "stopped before the server answered"
	case errors.As(err, &badUpgrade):
		// The server agreed, but not to what was asked (§4.1): its own
		// fault, which a retry will not mend, hence the status.
		ce.Kind, ce.Detail = KindOther, badUpgrade.Error()
		ce.StatusCode, ce.Status = http.StatusSwitchingProtocols, badUpgrade.status
	case errors.Is(err, ErrRejectedByCustomValidation):
		ce.Kind, ce.TLS, ce.Detail = KindCustomValidation, TLSOtherProblem, "rejected by custom certificate validation"
	case errors.As(err, &dnsErr):
		ce.Kind = KindCannotConnect
		if dnsErr.IsNotFound {
			ce.Detail = fmt.Sprintf("host name %q not found (DNS)", dnsErr.Name)
		} else {
			ce.Detail = fmt.Sprintf("host name %q could not be resolved (DNS: %s)", dnsErr.Name, dnsErr.Err)
		}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		ce.Kind = KindCannotConnect
		ce.Detail = fmt.Sprintf("no handshake answer within %s (handshake timeout)", handshakeTimeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		ce.Kind = KindCannotConnect
		ce.Detail = "connection refused" + atAddr(err) + " (nothing is listening there)"
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH):
		ce.Kind = KindCannotConnect
		ce.Detail = "network unreachable" + atAddr(err)
	case errors.As(err, &unknownCA):
		ce.Kind, ce.TLS = KindTLS, TLSUntrusted
		ce.Detail = "the server's certificate is not trusted (signed by an unknown authority" + issuerOf(unknownCA.Cert) + ")"
	case errors.As(err, &hostErr):
		ce.Kind, ce.TLS = KindTLS, TLSNameMismatch
		ce.Detail = fmt.Sprintf("the server's certificate is not valid for %q (name mismatch)", hostErr.Host)
	case errors.As(err, &certErr) && certErr.Reason == x509.Expired:
		ce.Kind, ce.TLS = KindTLS, TLSExpired
		ce.Detail = "the server's certificate has expired or is not yet valid (" + validity(certErr.Cert) + ")"
	case errors.As(err, &certErr):
		ce.Kind, ce.TLS = KindTLS, TLSOtherProblem
		ce.Detail = "the server's certificate is invalid: " + certErr.Error()
	case errors.As(err, &verifyErr):
		ce.Kind, ce.TLS = KindTLS, TLSOtherProblem
		ce.Detail = "the server's certificate could not be verified: " + verifyErr.Err.Error()
	case errors.As(err, &alertErr) || strings.Contains(err.Error(), "remote error: tls:"):
		ce.Kind = KindTLS
		ce.TLS, ce.Detail = describeAlert(err)
	default:
		ce.Kind, ce.Detail = KindOther, trimLibraryPrefix(err.Error())
	}
	return ce
}

// describeAlert explains a TLS alert the server sent; in practice these are
// about the client certificate.
func describeAlert(err error) (TLSProblem, string) {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "certificate required"):
		return TLSClientCertNeeded, "the server requires a client certificate and none was sent"
	case strings.Contains(msg, "bad certificate"), strings.Contains(msg, "unknown certificate authority"),
		strings.Contains(msg, "certificate unknown"), strings.Contains(msg, "unsupported certificate"):
		return TLSClientCertRefused, "the server refused our client certificate (" + alertText(msg) + ")"
	default:
		return TLSOtherProblem, "the TLS handshake failed (" + alertText(msg) + ")"
	}
}

func alertText(msg string) string {
	if i := strings.Index(msg, "remote error: tls: "); i >= 0 {
		return "server said: " + msg[i+len("remote error: tls: "):]
	}
	return trimLibraryPrefix(msg)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func atAddr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Addr != nil {
		return " by " + op.Addr.String()
	}
	return ""
}

func issuerOf(c *x509.Certificate) string {
	if c == nil || c.Issuer.CommonName == "" {
		return ""
	}
	return fmt.Sprintf(" %q", c.Issuer.CommonName)
}

func validity(c *x509.Certificate) string {
	if c == nil {
		return "validity unknown"
	}
	return "valid " + c.NotBefore.UTC().Format(time.DateOnly) + " to " + c.NotAfter.UTC().Format(time.DateOnly)
}

// trimLibraryPrefix drops the library's "failed to WebSocket dial: " so the
// message reads as one sentence after "Failed to connect: ".
func trimLibraryPrefix(s string) string {
	for _, p := range []string{"failed to WebSocket dial: ", "failed to send handshake request: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
