package ui

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/wsclient"
)

func TestFlowServers(t *testing.T) {
	got := flowServers(BuiltIn{EchoURL: "ws://127.0.0.1:8080/echo", SecureEchoURL: "wss://127.0.0.1:8443/echo"})
	if want := (flows.Servers{WS: "ws://127.0.0.1:8080", WSS: "wss://127.0.0.1:8443"}); got != want {
		t.Fatalf("%+v, want %+v", got, want)
	}
}

func TestAvailableFlows(t *testing.T) {
	all := availableFlows(BuiltInOf(server))
	if len(all) != len(flows.List(flows.Servers{WS: "ws://x", WSS: "wss://x"})) {
		t.Fatalf("%d flows with the built-in server running", len(all))
	}
	// Without the built-in server only the flow that needs none is left.
	none := availableFlows(BuiltIn{})
	if len(none) != 1 || none[0].Address != flows.Refused {
		t.Fatalf("without a server: %+v", none)
	}
	// Without the TLS listener the wss flow goes.
	b := BuiltInOf(server)
	b.SecureEchoURL = ""
	for _, f := range availableFlows(b) {
		if f.Address[:4] == "wss:" {
			t.Fatalf("wss flow %q offered without a TLS listener", f.Name)
		}
	}
}

func TestRefusedLines(t *testing.T) {
	ce := &wsclient.ConnectError{Kind: wsclient.KindHandshakeRejected, StatusCode: 403, Status: "403 Forbidden",
		Body: "Go away.\r\nReally.\n\n"}
	want := []string{"Response: 403 Forbidden", "Body: Go away.", "      Really."}
	if got := refusedLines(ce); !reflect.DeepEqual(got, want) {
		t.Fatalf("%q, want %q", got, want)
	}
	ce.Body = ""
	if got := refusedLines(ce); !reflect.DeepEqual(got, want[:1]) {
		t.Fatalf("empty body: %q", got)
	}
	if got := refusedLines(&wsclient.ConnectError{Kind: wsclient.KindCannotConnect}); got != nil {
		t.Fatalf("no HTTP answer: %q", got)
	}
	if got := refusedLines(errors.New("x")); got != nil {
		t.Fatalf("not a ConnectError: %q", got)
	}
}
