package conformance

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
)

// The built-in server, started as the app starts it, checked like any
// other server: /echo over ws and wss with the whole suite; /sample,
// /partial and /clientauth, which answer `You said: "…"` rather than
// echo, with the cases that need no echo.

// builtinNonStrict are the non-strict results the built-in server is
// known for, with why they are allowed to stay. Anything else that is
// not a pass fails the test.
var builtinNonStrict = map[string]string{}

// checkVerdicts fails the test for every result that is neither a pass,
// nor informational, nor a known non-strict one.
func checkVerdicts(t *testing.T, results []Result) {
	t.Helper()
	for _, r := range results {
		switch {
		case r.Verdict == Pass && builtinNonStrict[r.ID] != "":
			t.Logf("%s now passes: take it out of builtinNonStrict", r.ID)
		case r.Verdict == Pass, r.Verdict == Informational:
		case r.Verdict == NonStrict && builtinNonStrict[r.ID] != "":
			t.Logf("%s %s: non-strict, known (%s): %s", r.ID, r.Title, builtinNonStrict[r.ID], r.Detail)
		default:
			t.Errorf("%s %s (%s): %s: %s", r.ID, r.Title, r.Section, r.Verdict, r.Detail)
		}
	}
}

func TestBuiltinEcho(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t)
	for _, tc := range []struct {
		name string
		url  string
		opts Options
	}{
		{"ws", srv.URL("/echo"), Options{}},
		{"wss", srv.SecureURL("/echo"), Options{RootCAs: srv.CAPool()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each run is one connection at a time; the two runs may overlap
			rep := runAgainst(t, tc.url, tc.opts, nil)
			if rep.Summary.Total != len(Cases()) {
				t.Errorf("%d results, want %d", rep.Summary.Total, len(Cases()))
			}
			checkVerdicts(t, rep.Results)
			t.Logf("%s: %s in %v", tc.url, rep.Summary, rep.Duration)
		})
	}
}

// targetedIDs are the cases run against the endpoints that are not
// echoes: masking, reserved bits, invalid UTF-8, bad close codes, and the
// close handshake itself. None of them needs an echo.
var targetedIDs = []string{
	"masking.1", "masking.2", "3.1", "3.3", "3.5", "4.1.1", "4.2.1",
	"6.3.1", "6.3.3", "6.3.6", "7.5.1",
	"7.3.2", "7.9.1", "7.9.4", "7.9.9", "7.3.1", "7.3.4", "7.7.12",
}

func TestBuiltinNonEchoEndpoints(t *testing.T) {
	srv := testserver.Start(t)
	cert := srv.ClientCertificate()
	for _, tc := range []struct {
		name string
		url  string
		opts Options
	}{
		{"sample", srv.URL("/sample"), Options{}},
		{"partial", srv.URL("/partial"), Options{}},
		{"clientauth", srv.ClientAuthURL(), Options{RootCAs: srv.CAPool(), ClientCertificate: &cert}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := newTarget(tc.url, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			tg.greeting = true // "EchoWebSocket Connected at: …"
			var results []Result
			for _, c := range Cases() {
				if !contains(targetedIDs, c.ID) {
					continue
				}
				if !c.echoFree {
					t.Fatalf("%s needs an echo", c.ID)
				}
				results = append(results, runCase(context.Background(), tg, c))
			}
			if len(results) != len(targetedIDs) {
				t.Fatalf("ran %d cases, want %d", len(results), len(targetedIDs))
			}
			checkVerdicts(t, results)

			// After all that, the endpoint still serves a normal client.
			r := runCase(context.Background(), tg, youSaid("Hello"))
			if r.Verdict != Pass {
				t.Errorf("a normal client after the broken ones: %s: %s", r.Verdict, r.Detail)
			}
		})
	}
}

// youSaid is a case for the sample's endpoints: a text message answered
// with `You said: "<text>"`.
func youSaid(text string) Case {
	return echoCase("sample.1", "The sample's answer", "§5.6",
		[]frame{{Fin: true, Opcode: opText, Payload: []byte(text)}},
		[]message{textMsg([]byte(`You said: "` + text + `"`))})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Without a client certificate, or with one the server does not know,
// /clientauth refuses at the TLS level: a setup error in plain words.
func TestBuiltinClientAuthRefusals(t *testing.T) {
	srv := testserver.Start(t)
	other, err := sampleserver.NewTestCertificates("Another CA")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cert  *tls.Certificate
		words string
	}{
		{nil, "requires a client certificate"},
		{&other.Client, "refused the client certificate"},
	} {
		_, err := Run(context.Background(), srv.ClientAuthURL(), Options{RootCAs: srv.CAPool(), ClientCertificate: tc.cert}, nil, nil)
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), tc.words) {
			t.Errorf("client certificate %v: %v; want the words %q", tc.cert != nil, err, tc.words)
		}
	}
}
