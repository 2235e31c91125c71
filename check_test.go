package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
)

// check runs "wssample check args..." with buffers for its output.
func check(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runCheck(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// A check whose cases all pass exits 0, prints one line per case and the
// totals, and writes the reports it was asked for.
func TestCheckPassesAndWritesReports(t *testing.T) {
	srv := testserver.Start(t)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, sampleserver.CertificatePEM(srv.CA()), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonFile, htmlFile, mdFile := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.html"), filepath.Join(dir, "r.md")
	code, out, errOut := check(t, "-case", "2.*,7.7.*", "-ca", ca, "-json", jsonFile, "-html", htmlFile, "-md", mdFile, srv.SecureURL("/echo"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"Behaviour         Close             Code  Case",
		"OK                OK                1000  2.1      Ping without payload",
		"OK                OK                4999  7.7.13   Close with the valid code 4999",
		"24 cases: 24 OK, 0 FAILED", "Wrote " + htmlFile} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	js, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var rep conformance.Report
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatalf("-json output does not parse: %v", err)
	}
	if rep.Summary.Total != 24 || rep.Summary.Pass != 24 || rep.URI != srv.SecureURL("/echo") {
		t.Errorf("-json report: %s of %s", rep.Summary, rep.URI)
	}
	for _, f := range []struct{ name, start string }{{htmlFile, "<!DOCTYPE html>"}, {mdFile, "# WebSocket conformance of "}} {
		b, err := os.ReadFile(f.name)
		if err != nil || !strings.HasPrefix(string(b), f.start) {
			t.Errorf("%s: %v, starts %.40q", f.name, err, b)
		}
	}
}

// An echo server that never checks UTF-8 (coder/websocket does not, on
// purpose): the UTF-8 cases fail, in both behaviours (the checker itself
// has to fail the connection, on the invalid echo), and check exits 1.
func TestCheckFailingCaseExits1(t *testing.T) {
	code, out, errOut := check(t, "-case", "6.3.1", startCoderEcho(t, false))
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "FAILED            FAILED") || !strings.Contains(out, "6.3.1") ||
		!strings.Contains(out, "did not fail the connection itself") || !strings.Contains(out, "the server should have failed it (with 1007)") {
		t.Errorf("stdout does not say why:\n%s", out)
	}
}

// Nothing checked is exit 2 with a plain message: bad flags, bad
// addresses, refused handshakes, endpoints that are not echoes.
func TestCheckBadInputExits2(t *testing.T) {
	srv := testserver.Start(t)
	tests := []struct {
		args  []string
		words string
	}{
		{nil, "give exactly one URI"},
		{[]string{"-nope"}, "flag provided but not defined"},
		{[]string{"http://127.0.0.1/"}, "must start with ws:// or wss://"},
		{[]string{"-category", "8", srv.URL("/echo")}, `no category or case "8"`},
		{[]string{"-case", "8.*", srv.URL("/echo")}, `-case: no case matches "8.*": a case is named by its ID`},
		{[]string{"-case", "6.[", srv.URL("/echo")}, `is not a case pattern`},
		{[]string{"-case", "6.*", "-category", "7", srv.URL("/echo")}, "leave no case to run"},
		{[]string{"-ca", "/nonexistent.pem", srv.SecureURL("/echo")}, "-ca: open /nonexistent.pem"},
		{[]string{"-cert", "c.pem", srv.URL("/echo")}, "-cert and -key go together"},
		{[]string{"-header", "nocolon", srv.URL("/echo")}, "is not a header"},
		{[]string{srv.URL("/reject?status=403")}, "refused the WebSocket handshake: it answered HTTP 403 Forbidden"},
		{[]string{srv.URL("/sample")}, "is not an echo endpoint"},
		{[]string{srv.SecureURL("/echo")}, "is not trusted"},
	}
	for _, tt := range tests {
		code, _, errOut := check(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.words) {
			t.Errorf("check %q: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.words)
		}
	}
}

func TestCheckList(t *testing.T) {
	code, out, _ := check(t, "-list")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range conformance.Cases() {
		if !strings.Contains(out, "  "+c.ID+" ") {
			t.Errorf("-list lacks %s", c.ID)
		}
	}
	if !strings.Contains(out, "7 Close handling (37 cases)") || !strings.Contains(out, "6 UTF-8 handling (145 cases)") || !strings.Contains(out, "(§7.4.1, §7.4.2)") {
		t.Errorf("-list lacks categories or sections:\n%.500s", out)
	}
	if code, _, errOut := check(t, "-h"); code != 0 || !strings.Contains(errOut, "Usage: wssample check [flags] URI") {
		t.Errorf("-h: exit %d, %q", code, errOut)
	}
}

// Without -category or -case, check runs the quick run; -full runs every
// case; naming cases runs them, whatever their category.
func TestCheckChoosesCases(t *testing.T) {
	count := func(f func(conformance.Case) bool) (n int, has9 bool) {
		for _, c := range conformance.Cases() {
			if f == nil || f(c) {
				n++
				has9 = has9 || c.Category.Key == "9"
			}
		}
		return n, has9
	}
	quick, quick9 := count(chooseCases(false, nil))
	full, _ := count(chooseCases(true, nil))
	if quick9 || quick != quickCount() || full != len(conformance.Cases()) || quick >= full {
		t.Errorf("quick run %d cases (9.x: %v), full %d of %d", quick, quick9, full, len(conformance.Cases()))
	}
	nine, err := conformance.CaseFilter("9.1.*")
	if err != nil {
		t.Fatal(err)
	}
	if n, has9 := count(chooseCases(false, []func(conformance.Case) bool{nine})); n != 6 || !has9 {
		t.Errorf("-case 9.1.* runs %d cases", n)
	}
}

// A server that dies part way is said once, after the totals; the cases
// after it are not run, and check exits 1.
func TestCheckServerDies(t *testing.T) {
	code, out, errOut := check(t, "-timeout", "1s", "-case", "6.2.1,6.3.1,6.3.2,7.1.1", startCoderEcho(t, true))
	if code != 1 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Count(out, "stopped answering") != 1 || !strings.Contains(out, "The server stopped answering after 6.3.1: ") ||
		!strings.Contains(out, "2 cases were not run.") || strings.Contains(out, "7.1.1") {
		t.Errorf("stdout:\n%s", out)
	}
}
