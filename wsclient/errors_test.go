package wsclient_test

import (
	"crypto/tls"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// connectError starts a stream to uri and returns the failure it reports.
func connectError(t *testing.T, uri string, opts wsclient.StreamOptions) *wsclient.ConnectError {
	t.Helper()
	s := wsclient.NewStream(opts)
	rec := record(t, s)
	if err := s.Start(uri); err != nil {
		t.Fatal(err)
	}
	end := rec.waitForEnd(20 * time.Second)
	if end.Kind != wsclient.EventConnectFailed {
		s.Stop()
		rec.waitForEnd(5 * time.Second)
		t.Fatalf("connect to %s did not fail: %v", uri, rec.lines())
	}
	var ce *wsclient.ConnectError
	if !errors.As(end.Err, &ce) {
		t.Fatalf("error %v is not a *ConnectError", end.Err)
	}
	if !end.IsError() {
		t.Error("a failed connect must show as an error")
	}
	return ce
}

func TestConnectErrorClasses(t *testing.T) {
	tests := []struct {
		name    string
		uri     func(t *testing.T) string
		opts    wsclient.StreamOptions
		kind    wsclient.ErrorKind
		message string // the exact line a person reads, or a prefix ending in "…"
	}{
		{
			name:    "nothing listening",
			uri:     closedPort,
			kind:    wsclient.KindCannotConnect,
			message: "Cannot connect to the server: connection refused by 127.0.0.1:…",
		},
		{
			name:    "unknown host",
			uri:     func(*testing.T) string { return "ws://nonexistent.invalid/" },
			kind:    wsclient.KindCannotConnect,
			message: `Cannot connect to the server: host name "nonexistent.invalid" …`,
		},
		{
			name:    "handshake never answered",
			uri:     hangListener,
			opts:    wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{HandshakeTimeout: 200 * time.Millisecond}}},
			kind:    wsclient.KindCannotConnect,
			message: "Cannot connect to the server: no handshake answer within 200ms (handshake timeout)",
		},
		{
			name:    "HTTP 404",
			uri:     func(t *testing.T) string { return wsURL(statusServer(t, 404, "no such endpoint"), "/nope") },
			kind:    wsclient.KindCannotConnect,
			message: "Cannot connect to the server: server answered HTTP 404 Not Found (no such endpoint)",
		},
		{
			name:    "HTTP 408",
			uri:     func(t *testing.T) string { return wsURL(statusServer(t, 408, "too slow"), "/") },
			kind:    wsclient.KindCannotConnect,
			message: "Cannot connect to the server: server answered HTTP 408 Request Timeout (too slow)",
		},
		{
			name:    "HTTP 403",
			uri:     func(t *testing.T) string { return wsURL(statusServer(t, 403, "go away\nsecond line"), "/") },
			kind:    wsclient.KindHandshakeRejected,
			message: "Failed to connect: server answered HTTP 403 Forbidden (go away)",
		},
		{
			name:    "plain HTTP server",
			uri:     func(t *testing.T) string { return wsURL(statusServer(t, 200, "hello"), "/") },
			kind:    wsclient.KindHandshakeRejected,
			message: "Failed to connect: server answered HTTP 200 OK (hello)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := connectError(t, tt.uri(t), tt.opts)
			if ce.Kind != tt.kind {
				t.Errorf("kind = %d, want %d (%v)", ce.Kind, tt.kind, ce)
			}
			if prefix, ok := strings.CutSuffix(tt.message, "…"); ok {
				if !strings.HasPrefix(ce.Error(), prefix) {
					t.Errorf("message = %q, want it to start with %q", ce.Error(), prefix)
				}
			} else if ce.Error() != tt.message {
				t.Errorf("message = %q, want %q", ce.Error(), tt.message)
			}
		})
	}
}

func TestRefusedHandshakeKeepsStatusAndBody(t *testing.T) {
	srv := statusServer(t, 403, "forbidden by test")
	ce := connectError(t, wsURL(srv, "/"), wsclient.StreamOptions{})
	if ce.StatusCode != 403 || ce.Status != "403 Forbidden" || ce.Body != "forbidden by test\n" || ce.BodyFirstLine() != "forbidden by test" {
		t.Errorf("got status %d %q body %q", ce.StatusCode, ce.Status, ce.Body)
	}
}

func TestTLSFailuresNamedPlainly(t *testing.T) {
	now := time.Now()
	valid := newPKI(t, "Test CA", now.Add(-time.Hour), now.Add(time.Hour))
	expired := newPKI(t, "Test CA", now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	tests := []struct {
		name    string
		uri     string
		opts    wsclient.StreamOptions
		problem wsclient.TLSProblem
		message string
	}{
		{
			name:    "untrusted",
			uri:     tlsEchoServer(t, valid),
			problem: wsclient.TLSUntrusted,
			message: `Failed to connect: the server's certificate is not trusted (signed by an unknown authority "Test CA")`,
		},
		{
			name:    "name mismatch",
			uri:     tlsEchoServer(t, valid),
			opts:    wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: &tls.Config{RootCAs: valid.pool, ServerName: "wrong.example"}}}},
			problem: wsclient.TLSNameMismatch,
			message: `Failed to connect: the server's certificate is not valid for "wrong.example" (name mismatch)`,
		},
		{
			name:    "expired",
			uri:     tlsEchoServer(t, expired),
			opts:    wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: &tls.Config{RootCAs: expired.pool}}}},
			problem: wsclient.TLSExpired,
			message: "Failed to connect: the server's certificate has expired or is not yet valid (valid …",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := connectError(t, tt.uri, tt.opts)
			if ce.Kind != wsclient.KindTLS || ce.TLS != tt.problem {
				t.Errorf("kind %d problem %d, want TLS problem %d (%v)", ce.Kind, ce.TLS, tt.problem, ce)
			}
			prefix, _ := strings.CutSuffix(tt.message, "…")
			if !strings.HasPrefix(ce.Error(), prefix) {
				t.Errorf("message = %q, want %q", ce.Error(), tt.message)
			}
		})
	}
}

func TestTrustedTLSConnects(t *testing.T) {
	pki := newPKI(t, "Test CA", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	s := wsclient.NewStream(wsclient.StreamOptions{Interval: 10 * time.Millisecond, MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{TLSConfig: &tls.Config{RootCAs: pki.pool}}}})
	rec := record(t, s)
	if err := s.Start(tlsEchoServer(t, pki)); err != nil {
		t.Fatal(err)
	}
	c := rec.waitFor(wsclient.EventConnected, 5*time.Second)
	if c.Info.TLS == nil || len(c.Info.TLS.PeerCertificates) == 0 || c.Info.TLS.PeerCertificates[0].Issuer.CommonName != "Test CA" {
		t.Errorf("TLS state missing or wrong: %+v", c.Info.TLS)
	}
	eventually(t, 5*time.Second, "echo over wss", func() bool { return s.Received() >= 22 })
	s.Stop()
	rec.waitFor(wsclient.EventClosed, 2*time.Second)
}

func TestCustomValidation(t *testing.T) {
	now := time.Now()
	ours := newPKI(t, "WebSocket Sample Test CA", now.Add(-time.Hour), now.Add(time.Hour))
	other := newPKI(t, "Other Test CA", now.Add(-time.Hour), now.Add(time.Hour))
	expired := newPKI(t, "WebSocket Sample Test CA", now.Add(-48*time.Hour), now.Add(-24*time.Hour))
	check := wsclient.IssuedBy(ours.ca)

	t.Run("passes for our issuer, setting aside untrusted root", func(t *testing.T) {
		s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: check}}})
		rec := record(t, s)
		s.Start(tlsEchoServer(t, ours))
		c := rec.waitFor(wsclient.EventConnected, 5*time.Second)
		if !strings.Contains(strings.Join(rec.lines(), "\n"), wsclient.NoteValidationPassed) {
			t.Errorf("no pass note in %v", rec.lines())
		}
		if len(c.Info.SetAside) != 1 || !strings.HasPrefix(c.Info.SetAside[0], "untrusted root") {
			t.Errorf("set aside = %q, want the untrusted root", c.Info.SetAside)
		}
		s.Stop()
		rec.waitFor(wsclient.EventClosed, 2*time.Second)
	})
	t.Run("sets aside a name mismatch", func(t *testing.T) {
		s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: check, TLSConfig: &tls.Config{ServerName: "www.fabrikam.com"}}}})
		rec := record(t, s)
		s.Start(tlsEchoServer(t, ours))
		c := rec.waitFor(wsclient.EventConnected, 5*time.Second)
		if len(c.Info.SetAside) != 2 {
			t.Errorf("set aside = %q, want untrusted root and name mismatch", c.Info.SetAside)
		}
		s.Stop()
		rec.waitFor(wsclient.EventClosed, 2*time.Second)
	})
	t.Run("fails for another issuer", func(t *testing.T) {
		ce := connectError(t, tlsEchoServer(t, other), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: check}}})
		if ce.Kind != wsclient.KindCustomValidation || ce.Error() != "Error: Rejected by custom certificate validation." {
			t.Errorf("got %d %q", ce.Kind, ce)
		}
	})
	t.Run("still rejects an expired certificate", func(t *testing.T) {
		ce := connectError(t, tlsEchoServer(t, expired), wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: check}}})
		if ce.TLS != wsclient.TLSExpired {
			t.Errorf("got %d %q, want expired", ce.TLS, ce)
		}
	})
	t.Run("notes that ws has no certificate", func(t *testing.T) {
		srv := wsServer(t, echo)
		s := wsclient.NewStream(wsclient.StreamOptions{MessageOptions: wsclient.MessageOptions{Options: wsclient.Options{CustomValidation: check}}})
		rec := record(t, s)
		s.Start(wsURL(srv, "/"))
		rec.waitFor(wsclient.EventConnected, 5*time.Second)
		if rec.seen[1].String() != wsclient.NoteValidationWSOnly {
			t.Errorf("events = %v", rec.lines())
		}
		s.Stop()
		rec.waitFor(wsclient.EventClosed, 2*time.Second)
	})
}
