package wsclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The words a person reads from this package are made in this file: the
// sample's sentences, word for word where the sample has them, the errors
// a person sees, and how each class of failure (classify, errors.go) is
// put into words for the connect error, the timeline and the events.
// Rewording one of them touches this file only (and the UI's golden
// images that show it).

// StopReason is the close reason Stop sends with code 1000, the sample's words.
const StopReason = "Closed due to user request."

// ErrAlreadyStarted is returned by Start while a connection is open or opening.
var ErrAlreadyStarted = errors.New("Already started")

// ErrNotConnected is returned by Stop and Send when there is no connection.
var ErrNotConnected = errors.New("Not connected")

// ErrRejectedByCustomValidation is what a failed custom certificate check
// turns into; its text is the sample's.
var ErrRejectedByCustomValidation = errors.New("Error: Rejected by custom certificate validation.")

// ErrNoPong is the cause reported when a keep-alive ping goes unanswered.
var ErrNoPong = errors.New("no pong: the connection is dead")

// ErrPingPayloadTooLong is returned by Ping for a payload over
// MaxPingPayload bytes; nothing is sent.
var ErrPingPayloadTooLong = fmt.Errorf("A ping's payload can have at most %d bytes (RFC 6455 §5.5).", MaxPingPayload)

// ErrTransferRunning is returned by SendFile while another file is on its way.
var ErrTransferRunning = errors.New("A file transfer is already running")

// errLibraryPanic is the cause a lost connection reports when the
// WebSocket library itself failed while reading.
var errLibraryPanic = errors.New("the WebSocket library failed while reading")

// The notes about certificate validation a connection adds to its events
// (EventNote), in the sample's words. They are exported because a page
// that validates by other means (the client-authentication scenario)
// says the same thing, and tests look for them.
const (
	NoteValidationWSOnly = "Note: Certificate validation is performed only for the wss: scheme."
	NoteValidationFailed = "Custom validation of server certificate failed."
	NoteValidationPassed = "Custom validation of server certificate passed."
)

// stoppedWhileConnecting is the note of a connect that Stop ended.
const stoppedWhileConnecting = "stopped before the server answered"

// noteCloseDropped says that Stop gave up waiting for the close handshake.
func noteCloseDropped(after time.Duration) string {
	return fmt.Sprintf("The server did not finish the close handshake within %s; the connection was dropped.", after)
}

// String is the event as the sample's output log words it.
func (e Event) String() string {
	switch e.Kind {
	case EventConnecting:
		return "Connecting to " + e.URI + "..."
	case EventNote:
		return e.Text
	case EventConnected:
		return "Connected"
	case EventWriteStarted:
		return "Background write starting."
	case EventReadStarted:
		return "Background read starting."
	case EventProgress:
		return fmt.Sprintf("Bytes sent: %d, bytes received: %d", e.Sent, e.Received)
	case EventConnectFailed, EventWriteFailed, EventReadFailed:
		if e.Err == nil {
			return "Error"
		}
		return e.Err.Error()
	case EventClosed:
		return fmt.Sprintf("Closed; Code: %d, Reason: %s [%s]", e.Close.Code, e.Close.Reason, e.Close.By)
	case EventMessage:
		return "Message Received; Type: " + string(e.Type)
	case EventPong:
		return fmt.Sprintf("Pong received; round trip %s", e.RTT.Round(10*time.Microsecond))
	case EventReconnecting:
		return fmt.Sprintf("Reconnecting in %s (attempt %d)...", e.Retry, e.Attempt)
	case EventReconnectCancelled:
		return "Reconnect cancelled."
	case EventTransferStarted, EventTransferDone:
		return e.Text
	case EventWire:
		if e.Frame == nil {
			return "Wire"
		}
		return e.Frame.String()
	case EventFrame:
		if e.Complete {
			return "Complete message received; Type: " + string(e.Type)
		}
		return "Partial message received; Type: " + string(e.Type)
	}
	return fmt.Sprintf("event %d", e.Kind)
}

// String says who ended the connection, as EventClosed's line ends.
func (c Closer) String() string {
	switch c {
	case ClosedByClient:
		return "closed by the client"
	case ClosedByServer:
		return "closed by the server"
	case FailedByClient:
		return "the client failed the connection"
	default:
		return "connection lost"
	}
}

// lostReason is the reason of a connection lost without a close frame.
func lostReason(cause string) string { return "connection lost: " + cause }

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

// Error returns the message a person reads.
func (e *StreamError) Error() string {
	return fmt.Sprintf("Error during %s: %s", e.Op, e.cause())
}

// cause is the error under a StreamError in plain words.
func (e *StreamError) cause() string { return ioCause(e.Err) }

// noPongWithin is why a Ping failed: no pong in time.
func noPongWithin(timeout time.Duration) error { return fmt.Errorf("no pong within %s", timeout) }

// pingNotSent is why a Ping failed before it left: the server took in
// none of what the client had queued ahead of it.
func pingNotSent(timeout time.Duration) error {
	return fmt.Errorf("the ping could not be sent within %s: the server is not reading", timeout)
}

// keepAliveLost is why the keep-alive dropped the connection.
func keepAliveLost(timeout time.Duration) error {
	return fmt.Errorf("%w (none within %s)", ErrNoPong, timeout)
}

// ioCause puts a read or write failure into plain words.
func ioCause(err error) string {
	switch classify(err) {
	case failReset:
		return "the connection was reset by the peer"
	case failBrokenPipe:
		return "the peer has gone (broken pipe)"
	case failEOF:
		return "the server closed the TCP connection without a close frame"
	}
	return err.Error()
}

// refusedHandshakeDetail words an HTTP answer other than 101.
func refusedHandshakeDetail(status, bodyFirstLine string) string {
	d := "server answered HTTP " + status
	if bodyFirstLine != "" {
		d += " (" + bodyFirstLine + ")"
	}
	return d
}

// connectDetail words a failed connect of class f (ConnectError.Detail).
func connectDetail(f failure, err error, handshakeTimeout time.Duration) string {
	switch f {
	case failBadUpgrade:
		var badUpgrade *badUpgradeError
		errors.As(err, &badUpgrade)
		return badUpgrade.Error()
	case failCustom:
		return "rejected by custom certificate validation"
	case failDNS:
		var dnsErr *net.DNSError
		errors.As(err, &dnsErr)
		if dnsErr.IsNotFound {
			return fmt.Sprintf("host name %q not found (DNS)", dnsErr.Name)
		}
		return fmt.Sprintf("host name %q could not be resolved (DNS: %s)", dnsErr.Name, dnsErr.Err)
	case failTimeout:
		return fmt.Sprintf("no handshake answer within %s (handshake timeout)", handshakeTimeout)
	case failRefused:
		return "connection refused" + atAddr(err) + " (nothing is listening there)"
	case failUnreachable:
		return "network unreachable" + atAddr(err)
	case failUntrusted:
		var unknownCA x509.UnknownAuthorityError
		errors.As(err, &unknownCA)
		return "the server's certificate is not trusted (signed by an unknown authority" + issuerOf(unknownCA.Cert) + ")"
	case failNameMismatch:
		var hostErr x509.HostnameError
		errors.As(err, &hostErr)
		return fmt.Sprintf("the server's certificate is not valid for %q (name mismatch)", hostErr.Host)
	case failExpired, failCertInvalid:
		var certErr x509.CertificateInvalidError
		errors.As(err, &certErr)
		if f == failExpired {
			return "the server's certificate has expired or is not yet valid (" + validity(certErr.Cert) + ")"
		}
		return "the server's certificate is invalid: " + certErr.Error()
	case failCertUnverified:
		var verifyErr *tls.CertificateVerificationError
		errors.As(err, &verifyErr)
		return "the server's certificate could not be verified: " + verifyErr.Err.Error()
	case failTLSAlert:
		code, _ := alertCode(err)
		switch alertProblem(code) {
		case TLSClientCertNeeded:
			return "the server requires a client certificate and none was sent"
		case TLSClientCertRefused:
			return "the server refused our client certificate (" + alertWords(err) + ")"
		}
		return "the TLS handshake failed (" + alertWords(err) + ")"
	}
	return trimLibraryPrefix(err.Error())
}

// alertWords is a TLS alert the server sent, in its own words.
func alertWords(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" && op.Err != nil {
		return "server said: " + strings.TrimPrefix(op.Err.Error(), "tls: ")
	}
	return trimLibraryPrefix(err.Error())
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

// String names the step as the timeline shows it.
func (k StepKind) String() string {
	switch k {
	case StepDNS:
		return "DNS"
	case StepTCP:
		return "TCP"
	case StepTLS:
		return "TLS"
	case StepUpgrade:
		return "HTTP"
	case StepOpen:
		return "WebSocket"
	}
	return fmt.Sprintf("step(%d)", int(k))
}

// stepFailure words why step k failed, from the connect's error: shorter
// than the ConnectError's sentence, since the step already says where.
// tried are the TCP connects made, for a failed TCP step.
func stepFailure(k StepKind, ce *ConnectError, tried []tcpTry, handshakeTimeout time.Duration) string {
	var (
		dnsErr    *net.DNSError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
	)
	f := classify(ce.Err)
	switch {
	case ce.Kind == KindCancelled:
		return "cancelled: " + ce.Detail
	case f == failTimeout || f == failDNS && timedOut(ce.Err):
		what := map[StepKind]string{StepDNS: "no answer from DNS", StepTLS: "no TLS answer", StepUpgrade: "no answer to the upgrade"}[k]
		if what == "" {
			what = "no answer"
		}
		return what + " within " + formatStepDuration(handshakeTimeout)
	case k == StepDNS && f == failDNS && errors.As(ce.Err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Sprintf("%q not found", dnsErr.Name)
	case k == StepDNS && f == failDNS && errors.As(ce.Err, &dnsErr):
		return fmt.Sprintf("%q could not be resolved: %s", dnsErr.Name, dnsErr.Err)
	case k == StepTCP && len(tried) > 0:
		return tcpFailure(tried)
	case k == StepTLS && f == failUntrusted && errors.As(ce.Err, &unknownCA):
		return "certificate signed by an unknown authority" + issuerOf(unknownCA.Cert)
	case k == StepTLS && f == failNameMismatch && errors.As(ce.Err, &hostErr):
		return fmt.Sprintf("certificate not valid for %q (it names %s)", hostErr.Host, certificateNames(hostErr.Certificate))
	case ce.Kind == KindTLS && k > StepTLS:
		// TLS 1.3 lets the server judge the client's certificate after the
		// client's handshake is done, so its alert ends the upgrade.
		return ce.Detail + " (a TLS alert after the handshake: TLS 1.3 checks the client's certificate last)"
	case ce.Kind == KindCustomValidation:
		// The check's own words follow the sentinel: "… validation. (issuer is …)".
		_, why, _ := strings.Cut(ce.Err.Error(), ErrRejectedByCustomValidation.Error())
		return strings.TrimSpace("rejected by custom validation " + strings.TrimSpace(why))
	}
	return ce.Detail
}

// tcpFailure words failed TCP connects: "refused by 127.0.0.1:1", or for
// several addresses "refused by [::1]:1, 127.0.0.1:1".
func tcpFailure(tried []tcpTry) string {
	same := true
	for _, t := range tried {
		same = same && shortNetError(t.err) == shortNetError(tried[0].err)
	}
	if !same {
		parts := make([]string, len(tried))
		for i, t := range tried {
			parts[i] = t.String()
		}
		return strings.Join(parts, "; ")
	}
	addrs := make([]string, len(tried))
	for i, t := range tried {
		addrs[i] = t.addr
	}
	return shortNetError(tried[0].err) + " by " + strings.Join(addrs, ", ")
}

func (t tcpTry) String() string {
	if t.err == nil {
		return t.addr + ": connected"
	}
	return t.addr + ": " + shortNetError(t.err)
}

// shortNetError is a dial error in a few words: "refused", "timed out".
func shortNetError(err error) string {
	switch classify(err) {
	case failRefused:
		return "refused"
	case failTimeout:
		return "timed out"
	case failUnreachable:
		return "unreachable"
	case failCancelled:
		return "given up (another address answered first, or the connect was stopped)"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}

// Error returns the message the Windows sample shows for the problem.
func (e *URIError) Error() string {
	switch e.Problem {
	case URIEmpty:
		return "Please specify a URI to connect to"
	case URIBadScheme:
		return "Only 'ws' and 'wss' schemes supported. Please re-enter URI"
	case URIFragment:
		return "URI fragments not supported in WebSocket URIs."
	default:
		return "Invalid URI, please re-enter a valid URI."
	}
}

// Error returns the message to show.
func (e *CertError) Error() string {
	cert, key := quoteBase(e.CertFile), quoteBase(e.KeyFile)
	var what string
	switch e.Problem {
	case CertUnreadable:
		what = "cannot read " + cert + ": " + pathProblem(e.Err)
	case KeyUnreadable:
		what = "cannot read " + key + ": " + pathProblem(e.Err)
	case NoCertificate:
		what = cert + " holds no certificate (no PEM CERTIFICATE block)"
	case NoPrivateKey:
		what = key + " holds no private key (no PEM PRIVATE KEY block)"
	case KeyMismatch:
		what = "the private key in " + key + " does not belong to the certificate in " + cert
	default:
		what = cert + ": " + strings.TrimPrefix(errText(e.Err), "tls: ")
	}
	return "Client certificate not loaded: " + what + "."
}

// String spells the frame in one line:
//
//	→ binary 11 B, FIN, mask key 3a1f09c2, frame 17 B (header 2 + key 4 + payload 11): 48 65 6c 6c 6f 20 57 6f 72 6c 64 |Hello World|
//	← ping 4 B, frame 6 B (header 2 + payload 4): 70 69 6e 67 |ping|
//	→ close 1000 "Closed due to user request.", mask key 0c6e2f1a, frame 35 B (header 2 + key 4 + payload 29)
//	← text 38 B compressed (RSV1), FIN, frame 40 B (header 2 + payload 38): f2 48 cd … |.H.|…
//	← 1234 frames not shown (at most 50 a second are; 5678 so far)
func (r FrameRecord) String() string {
	dir := "←"
	if r.Sent {
		dir = "→"
	}
	if r.NotShown > 0 {
		return fmt.Sprintf("%s %d frames not shown (at most %d a second are; %d so far)", dir, r.NotShown, WireViewPerSecond, r.NotShownTotal)
	}
	var b strings.Builder
	b.WriteString(dir + " ")
	if r.Opcode == OpClose {
		b.WriteString(closeText(r.CloseCode, r.CloseReason))
	} else {
		fmt.Fprintf(&b, "%s %d B", r.Opcode, r.Length)
	}
	if r.Compressed {
		b.WriteString(" compressed (RSV1)")
	}
	for i, name := range []string{"RSV1", "RSV2", "RSV3"} {
		if r.RSV[i] && !(i == 0 && r.Compressed) {
			b.WriteString(", " + name)
		}
	}
	switch {
	case r.Fin && !r.Opcode.IsControl():
		b.WriteString(", FIN")
	case !r.Fin:
		b.WriteString(", no FIN (more frames follow)")
	}
	if r.Masked {
		fmt.Fprintf(&b, ", mask key %x", r.MaskKey)
	}
	lengthBytes := r.HeaderLen - 2
	if r.Masked {
		lengthBytes -= 4
	}
	fmt.Fprintf(&b, ", frame %d B (header %d", r.FrameLen(), 2+lengthBytes)
	if r.Masked {
		b.WriteString(" + key 4")
	}
	fmt.Fprintf(&b, " + payload %d)", r.Length)
	if len(r.Prefix) > 0 && r.Opcode != OpClose {
		b.WriteString(": " + hexAndText(r.Prefix, r.Length > uint64(len(r.Prefix))))
	}
	return b.String()
}

// closeText spells a close frame's status: `close 1000 "reason"`.
func closeText(code int, reason string) string {
	if code == 0 {
		return "close (no status code)"
	}
	return fmt.Sprintf("close %d %q", code, reason)
}

// hexAndText is p as hex bytes and as text, a dot for each byte that is not
// printable ASCII, as hexdump -C shows it; more adds "…".
func hexAndText(p []byte, more bool) string {
	var b strings.Builder
	for i, c := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02x", c)
	}
	if more {
		b.WriteString(" …")
	}
	b.WriteString(" |")
	for _, c := range p {
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		b.WriteByte(c)
	}
	b.WriteByte('|')
	if more {
		b.WriteString("…")
	}
	return b.String()
}

// Lines words the result for the log.
func (r TransferResult) Lines() []string {
	var lines []string
	switch {
	case r.Err != nil:
		lines = append(lines, fmt.Sprintf("Transfer failed after %d bytes: %v", r.Bytes, r.Err))
	case r.Cancelled:
		lines = append(lines, fmt.Sprintf("Transfer cancelled after %d bytes; the connection stays open.", r.Bytes))
	default:
		lines = append(lines, fmt.Sprintf("Sent %d bytes in %s (%.1f MB/s)", r.Bytes, r.Duration.Round(time.Millisecond), r.mbps()))
	}
	switch {
	case r.DiffersAt >= 0:
		lines = append(lines, fmt.Sprintf("Echo differs after byte %d", r.DiffersAt))
	case r.EchoVerified():
		lines = append(lines, "Echo verified (SHA-256 "+r.SHA256+")")
	case r.Err == nil && !r.Cancelled:
		lines = append(lines, fmt.Sprintf("Echo incomplete: %d of %d bytes came back within %s", r.Echoed, r.Bytes, echoWait))
	}
	return lines
}

// transferStarting announces a file transfer.
func transferStarting(name string, size int64, chunk int) string {
	return fmt.Sprintf("Sending %s (%d bytes) in %s chunks; the periodic payload pauses.", name, size, byteSize(chunk))
}

// String is the timeline on one line, for the log:
//
//	DNS localhost: 127.0.0.1, ::1 (0.4 ms) → TCP 127.0.0.1:8080 (0.1 ms) → HTTP 101 Switching Protocols (1.2 ms) → WebSocket open
//	DNS 127.0.0.1 (an address, no lookup) → TCP failed: refused by 127.0.0.1:1 (0.1 ms)
func (t *Timeline) String() string {
	if t == nil {
		return ""
	}
	parts := make([]string, len(t.Steps))
	for i, s := range t.Steps {
		parts[i] = s.String()
	}
	return strings.Join(parts, " → ")
}

// Lines is the timeline in full, for a details pane: each step on a line,
// followed by its Lines, indented.
func (t *Timeline) Lines() []string {
	if t == nil {
		return nil
	}
	var out []string
	for _, s := range t.Steps {
		out = append(out, s.String())
		for _, l := range s.Lines {
			out = append(out, "    "+l)
		}
	}
	return out
}

// String is the step as the one-line timeline shows it: "TCP
// 127.0.0.1:8080 (0.1 ms)", or for the step that failed "TCP failed:
// refused by 127.0.0.1:1 (0.1 ms)".
func (s Step) String() string {
	text := s.Kind.String()
	switch {
	case s.Failed:
		text += " failed: " + s.Detail
	case s.Detail != "":
		text += " " + s.Detail
	}
	if s.Duration > 0 {
		text += " (" + formatStepDuration(s.Duration) + ")"
	}
	return text
}

// formatStepDuration writes a step's time the way people read it: a tenth
// of a millisecond below 10 ms, whole milliseconds below a second, then seconds.
func formatStepDuration(d time.Duration) string {
	switch {
	case d < 100*time.Microsecond:
		return "< 0.1 ms"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return strconv.FormatFloat(math.Round(d.Seconds()*100)/100, 'f', -1, 64) + " s"
}

// tlsSummary is a TLS handshake in one line: version, cipher suite, ALPN
// ("1.3, TLS_AES_128_GCM_SHA256", after the step's name "TLS").
func tlsSummary(cs tls.ConnectionState) string {
	s := strings.TrimPrefix(tls.VersionName(cs.Version), "TLS ") + ", " + tls.CipherSuiteName(cs.CipherSuite)
	if cs.NegotiatedProtocol != "" {
		s += ", ALPN " + cs.NegotiatedProtocol
	}
	return s
}

// certificateLines is the server's chain, one line per certificate.
func certificateLines(chain []*x509.Certificate) []string {
	lines := make([]string, len(chain))
	for i, c := range chain {
		lines[i] = fmt.Sprintf("certificate %d: %q issued by %q, valid %s to %s",
			i, c.Subject.CommonName, c.Issuer.CommonName,
			c.NotBefore.UTC().Format(time.DateOnly), c.NotAfter.UTC().Format(time.DateOnly))
	}
	return lines
}

// certificateNames lists the names a certificate is valid for.
func certificateNames(c *x509.Certificate) string {
	if c == nil {
		return "no names"
	}
	names := slices.Clone(c.DNSNames)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return "only " + strconv.Quote(c.Subject.CommonName) + " as its common name"
	}
	return strings.Join(names, ", ")
}

// dnsDetail is a DNS step that found addrs for host.
func dnsDetail(host string, addrs []string) string { return host + ": " + strings.Join(addrs, ", ") }

// noLookupDetail is the DNS step of a host that is an address already.
func noLookupDetail(host string) string { return host + " (an address, no lookup)" }

// setAsideLine is a TLS step's line for a problem custom validation set aside.
func setAsideLine(problem string) string { return "set aside by custom validation: " + problem }

// refusedUpgradeDetail is an HTTP step whose 101 the client refused.
func refusedUpgradeDetail(status, refusal string) string { return status + ", but " + refusal }

// bodyLine is a refused handshake's body, first line, under its step.
func bodyLine(first string) string { return "body: " + first }

// openDetail is the WebSocket step: open, with the agreed subprotocol and
// extensions, or the compression the server declined.
func openDetail(subprotocol, extensions, offered string) string {
	var parts []string
	if subprotocol != "" {
		parts = append(parts, "subprotocol "+subprotocol)
	}
	switch {
	case extensions != "":
		parts = append(parts, "extensions "+extensions)
	case offered != "":
		parts = append(parts, "compression offered ("+offered+"), the server declined")
	}
	detail := "open"
	if len(parts) > 0 {
		detail += " (" + strings.Join(parts, "; ") + ")"
	}
	return detail
}

// fileError puts a file problem into plain words.
func fileError(path string, err error) error {
	name := filepath.Base(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("Cannot read %s: the file does not exist", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("Cannot read %s: permission denied", name)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("Cannot read %s: %v", name, err)
}

// byteSize words a size as people read it: 64 KiB, 1 MiB, 11 B.
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// pathProblem is the operating system's reason without the path, which
// the message already names.
func pathProblem(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return errText(err)
}

func errText(err error) string {
	if err == nil {
		return "unusable"
	}
	return err.Error()
}

func quoteBase(path string) string { return strconv.Quote(filepath.Base(path)) }

// tooBigReason is the close reason of a message over MaxMessageSize.
var tooBigReason = fmt.Sprintf("Message too big: this client accepts at most %d bytes.", MaxMessageSize)

// String names the choice as a settings menu would.
func (c Compression) String() string {
	switch c {
	case CompressionContextTakeover:
		return "permessage-deflate, context takeover"
	case CompressionNoContextTakeover:
		return "permessage-deflate, no context takeover"
	}
	return "off"
}

// The errors of custom validation (IssuedBy and the checks it replaces).
var (
	errNoServerCertificate = errors.New("the server sent no certificate")
	errNoCertificate       = errors.New("no certificate")
)

// issuerMismatch is IssuedBy's answer to a certificate another CA issued.
func issuerMismatch(issuer, want string) error {
	return fmt.Errorf("issuer is %q, want %q", issuer, want)
}

// chainUnverified is IssuedBy's answer to a chain that does not verify.
func chainUnverified(ca string, err error) error {
	return fmt.Errorf("chain does not verify against %q: %w", ca, err)
}

// setAsideUntrusted and setAsideNameMismatch are the problems custom
// validation sets aside (ConnInfo.SetAside).
func setAsideUntrusted(err error) string    { return "untrusted root: " + err.Error() }
func setAsideNameMismatch(err error) string { return "name mismatch: " + err.Error() }

// errNotRegularFile is SendFile's answer to a directory or a device.
var errNotRegularFile = errors.New("not a regular file")

// readingFailed is a file transfer that could not read on.
func readingFailed(name string, err error) error {
	return fmt.Errorf("reading %s failed: %w", name, err)
}

// unexpectedStatus is a FrameSocket's handshake answered with another
// status than 101, in the library's words for the same.
func unexpectedStatus(code int) error {
	return fmt.Errorf("expected handshake response status code 101 but got %d", code)
}

// Two failures that cannot happen with net/http as it is (since Go 1.12),
// worded all the same.
var (
	errNoWritableConn = errors.New("the transport gave no writable connection for the 101 answer")
	errNotHandedOver  = errors.New("the upgraded connection was not handed over")
)
