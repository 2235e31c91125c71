package conformance

import (
	"context"
	"crypto/tls"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
)

// The built-in server, started as the app starts it, checked like any
// other server: /echo over ws and wss with the whole suite; /sample,
// /partial and /clientauth, which answer `You said: "…"` rather than
// echo, with the cases that need no echo.

// builtinVerdicts are the verdicts of the built-in server that differ
// from OK, each with why it is right. Every other case must earn what a
// conforming server earns (baseline).
var builtinVerdicts = map[string]struct{ verdicts, why string }{
	// It compresses: RFC 7692 is there to be used.
	"H.10": {"OK/", "it accepts permessage-deflate"},
	// 16 MiB is over the sample server's message limit; RFC 6455 lets a
	// server set one (§10.4) and 1009 says so.
	"L.4": {"INFORMATIONAL/", "it refuses 16 MiB with 1009"},
}

// builtinDeclines are the groups of 13.x whose offer the built-in server
// declines: coder/websocket cannot make its LZ77 window smaller than 15
// bits, so it declines an offer of server_max_window_bits=9, as RFC 7692
// §7.1.2.1 lets a server do; Autobahn then says UNIMPLEMENTED, and the
// close is clean. (13.7 offers the same first, then offers it accepts.)
var builtinDeclines = []string{"13.3.", "13.5."}

// checkVerdicts fails the test for every result that earns other
// verdicts than the built-in server should.
func checkVerdicts(t *testing.T, results []Result) {
	t.Helper()
	for _, r := range results {
		want := baseline(r.Case)
		if b, ok := builtinVerdicts[r.ID]; ok {
			want = b.verdicts
		}
		for _, p := range builtinDeclines {
			if strings.HasPrefix(r.ID, p) {
				want = "UNIMPLEMENTED/OK"
			}
		}
		if got := verdicts(r); got != want {
			t.Errorf("%s %s (%s): %s, want %s: %s %s", r.ID, r.Title, r.Section, got, want, r.Detail, r.CloseDetail)
		}
	}
}

// TestBuiltinEcho runs, under the race detector, the quick run and a
// case of each group of 9, 12 and 13: their 270 cases of megabytes or a
// thousand (compressed) messages take minutes, and the race detector
// slows compression tenfold. TestBuiltinFullRun runs them all, without
// it (make check-full, a step of make test).
func TestBuiltinEcho(t *testing.T) {
	t.Parallel()
	testBuiltin(t, func(c Case) bool { return c.Category.Quick() || slices.Contains(heavySample, c.ID) })
}

// heavySample stands for categories 9, 12 and 13 under the race
// detector: a case of each group, of the lighter sizes.
var heavySample = []string{"9.1.1", "9.2.1", "9.3.6", "9.4.6", "9.5.6", "9.6.6", "9.7.3", "9.8.3",
	"12.1.4", "12.2.4", "12.3.4", "12.4.4", "12.5.4", "13.1.4", "13.2.4", "13.3.4", "13.4.4", "13.5.4", "13.6.4", "13.7.4"}

// TestBuiltinFullRun is the full run, all 517 of Autobahn's cases and
// this package's own, over ws and wss at once, each verdict as expected,
// without the race detector, which slows compression tenfold.
// WSSAMPLE_FULL_CHECK=all runs every case (make check-full, minutes: 12
// and 13 compress and inflate some 9 GB each way); =light, a step of make
// test, leaves out the 84 cases of 12 and 13 with messages of 64 and 128
// KiB (.9, .10, .14–.18), whose smaller siblings check the same rules.
func TestBuiltinFullRun(t *testing.T) {
	switch os.Getenv("WSSAMPLE_FULL_CHECK") {
	case "all":
		testBuiltin(t, nil)
	case "light":
		testBuiltin(t, func(c Case) bool { return !heavyCompression(c) })
	default:
		t.Skip("the full run is make check-full's (WSSAMPLE_FULL_CHECK=all or light), without -race")
	}
}

// heavyCompression reports whether c is a case of 12 or 13 with 1000
// messages of 64 or 128 KiB.
func heavyCompression(c Case) bool {
	if c.Category != catDeflate && c.Category != catDeflateP {
		return false
	}
	_, size, _ := strings.Cut(c.ID[3:], ".")
	return slices.Contains([]string{"9", "10", "14", "15", "16", "17", "18"}, size)
}

// testBuiltin runs the cases filter keeps against the built-in /echo over
// ws and wss at once and checks each verdict.
func testBuiltin(t *testing.T, filter func(Case) bool) {
	srv := testserver.Start(t)
	runs := []struct {
		name string
		url  string
		opts Options
		rep  *Report
		err  error
	}{
		{name: "ws", url: srv.URL("/echo")},
		{name: "wss", url: srv.SecureURL("/echo"), opts: Options{RootCAs: srv.CAPool()}},
	}
	// Each run is one connection at a time; the two runs overlap.
	concurrently(func() { runs[0].rep, runs[0].err = runBounded(runs[0].url, runs[0].opts, filter, 0, fullRunBound) },
		func() { runs[1].rep, runs[1].err = runBounded(runs[1].url, runs[1].opts, filter, 0, fullRunBound) })
	for _, tc := range runs {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err != nil {
				t.Fatal(tc.err)
			}
			rep := tc.rep
			want := 0
			for _, c := range Cases() {
				if filter == nil || filter(c) {
					want++
				}
			}
			if rep.Summary.Total != want {
				t.Errorf("%d results, want %d", rep.Summary.Total, want)
			}
			checkVerdicts(t, rep.Results)
			var quick time.Duration
			for _, r := range rep.Results {
				if r.Category.Autobahn() && r.Category.Quick() {
					quick += r.Duration
				}
			}
			t.Logf("%s: %s in %v; Autobahn's quick run (247 cases) took %v", tc.url, rep.Summary, rep.Duration, quick)
			for _, tp := range rep.Throughput() {
				t.Logf("throughput %s", tp)
			}
		})
	}
}

// targetedIDs are the cases run against the endpoints that are not
// echoes: masking, reserved bits, invalid UTF-8, bad close codes, and the
// close handshake itself. None of them needs an echo.
var targetedIDs = []string{
	"M.1", "M.2", "3.1", "3.5", "3.7", "4.1.1", "4.2.1",
	"6.3.1", "6.20.1", "6.11.5", "7.5.1",
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
	return echoCase("S.1", "The sample's answer", "§5.6",
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
