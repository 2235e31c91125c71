package wsclient_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wssample/wssample/wsclient"
)

func TestParseURI(t *testing.T) {
	const (
		invalid  = "Invalid URI, please re-enter a valid URI."
		scheme   = "Only 'ws' and 'wss' schemes supported. Please re-enter URI"
		fragment = "URI fragments not supported in WebSocket URIs."
		empty    = "Please specify a URI to connect to"
	)
	tests := []struct {
		in      string
		want    string // the parsed URI, when ok
		problem string // the message, when not
	}{
		{in: "ws://localhost/echo", want: "ws://localhost/echo"},
		{in: "  wss://127.0.0.1:8443/sample?x=1  ", want: "wss://127.0.0.1:8443/sample?x=1"},
		{in: "WS://Example.com/", want: "ws://Example.com/"},
		{in: "wSs://[::1]:9000", want: "wss://[::1]:9000"},
		{in: "ws://user:pw@host:1/p", want: "ws://user:pw@host:1/p"},
		{in: "", problem: empty},
		{in: "   ", problem: empty},
		// RFC 6455 §3: only the ws and wss schemes; https is TLS but not WebSocket.
		{in: "http://example.com/", problem: scheme},
		{in: "https://example.com/", problem: scheme},
		{in: "HTTPS://example.com:443/chat", problem: scheme},
		{in: "ftp://example.com/", problem: scheme},
		{in: "ws://example.com/#frag", problem: fragment},
		{in: "ws://example.com/#", problem: fragment},
		{in: "localhost:8080", problem: invalid}, // no "//": scheme "localhost", opaque "8080"
		{in: "not a uri", problem: invalid},
		{in: "/relative/path", problem: invalid},
		{in: "ws://", problem: invalid},
		{in: "ws:///path", problem: invalid},
		{in: "ws:opaque", problem: invalid},
		{in: "ws://exa mple.com/", problem: invalid},
		{in: "ws://[::1/", problem: invalid},
	}
	for _, tt := range tests {
		u, err := wsclient.ParseURI(tt.in)
		if tt.problem != "" {
			var ue *wsclient.URIError
			if !errors.As(err, &ue) || err.Error() != tt.problem {
				t.Errorf("ParseURI(%q) = %v, %v; want error %q", tt.in, u, err, tt.problem)
			}
			continue
		}
		if err != nil || u.String() != tt.want {
			t.Errorf("ParseURI(%q) = %v, %v; want %q", tt.in, u, err, tt.want)
		}
	}
}

// FuzzParseURI shows ParseURI never panics and never accepts an address
// that is not an absolute ws or wss URI with a host and without a fragment.
// Run it longer with: go test -fuzz FuzzParseURI ./wsclient/
func FuzzParseURI(f *testing.F) {
	for _, s := range []string{"ws://localhost/echo", "wss://[::1]:1/x?y#z", "http://a", " ws://a ", "ws://%zz", "ws:", "#", "WS://A:65536",
		// What the property is about: schemes that are not ws/wss (§3),
		// an empty host, a fragment, no "//" at all.
		"https://example.com/", "http://example.com/", "ftp://example.com/", "ftp:", "wss://", "ws://:80/", "ws://@/",
		"ws://host/#", "ws:host", "wss:/host", "file:///etc/passwd", "ws+unix://a", "wsx://a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := wsclient.ParseURI(s)
		if err != nil {
			if u != nil {
				t.Fatalf("ParseURI(%q) returned both a URI and an error", s)
			}
			if err.Error() == "" {
				t.Fatalf("ParseURI(%q): empty message", s)
			}
			return
		}
		if u.Scheme != "ws" && u.Scheme != "wss" {
			t.Fatalf("ParseURI(%q) accepted scheme %q", s, u.Scheme)
		}
		if u.Hostname() == "" || u.Fragment != "" || strings.Contains(s, "#") {
			t.Fatalf("ParseURI(%q) accepted %v", s, u)
		}
	})
}
