package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
)

// fuzzingClient runs "wssample fuzzingclient -spec FILE" on spec, written
// to a file in dir, with buffers for its output.
func fuzzingClient(t *testing.T, dir, spec string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	file := filepath.Join(dir, "fuzzingclient.json")
	if err := os.WriteFile(file, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code = runFuzzingClient(append([]string{"-spec", file}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// readIndex reads index.json as a CI script reads Autobahn's: agent →
// case → the five fields.
func readIndex(t *testing.T, outdir string) map[string]map[string]map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(outdir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index map[string]map[string]map[string]any
	if err := json.Unmarshal(b, &index); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	return index
}

// Two servers, each its own agent, with Autobahn's patterns and
// exclusions; the reports under outdir; exit 0.
func TestFuzzingClientTwoServers(t *testing.T) {
	srv := testserver.Start(t)
	dir := t.TempDir()
	outdir := filepath.Join(dir, "reports", "servers")
	spec := fmt.Sprintf(`{
   "options": {"failByDrop": false},
   "outdir": %q,
   "servers": [{"agent": "Sample ws", "url": %q, "options": {"version": 18}},
               {"url": %q}],
   "cases": ["1.1.*", "7.9.1", "2.1"],
   "exclude-cases": ["1.1.8"],
   "exclude-agent-cases": {"Sample*": ["2.*"]}
}`, outdir, srv.URL("/echo"), srv.URL("/echo"))
	code, out, errOut := fuzzingClient(t, dir, spec)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	index := readIndex(t, outdir)
	// The server the spec does not name is named by its Server header,
	// and the built-in server sends none: Autobahn's UnknownServer.
	if got := slices.Sorted(maps.Keys(index)); !slices.Equal(got, []string{"Sample ws", "UnknownServer"}) {
		t.Fatalf("agents %v", got)
	}
	if got := slices.Sorted(maps.Keys(index["Sample ws"])); !slices.Equal(got, []string{"1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "7.9.1"}) {
		t.Errorf("Sample ws ran %v", got)
	}
	if got := slices.Sorted(maps.Keys(index["UnknownServer"])); len(got) != 9 || !slices.Contains(got, "2.1") {
		t.Errorf("UnknownServer ran %v", got)
	}
	for agent, cases := range index {
		for id, e := range cases {
			if e["behavior"] != "OK" || e["behaviorClose"] != "OK" {
				t.Errorf("%s %s: %v", agent, id, e)
			}
			if _, err := os.Stat(filepath.Join(outdir, e["reportfile"].(string))); err != nil {
				t.Errorf("%s %s: %v", agent, id, err)
			}
		}
	}
	if e := index["Sample ws"]["7.9.1"]; e["remoteCloseCode"] != float64(1002) || e["reportfile"] != "sample_ws_case_7_9_1.json" {
		t.Errorf("7.9.1: %v", e)
	}
	if _, err := os.Stat(filepath.Join(outdir, "index.html")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(out, "Checking Sample ws at "+srv.URL("/echo")+": 8 cases") || !strings.Contains(out, "UnknownServer: 9 cases: 9 OK") {
		t.Errorf("stdout:\n%s", out)
	}
}

// A spec that cannot be used, or no spec at all, is exit 2 with the
// field and what is allowed; so is a server that cannot be checked, while
// the others are still reported.
func TestFuzzingClientBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ spec, words string }{
		{`{"servers": [{"url": "ws://127.0.0.1:1"}], "cases": ["*"], "exclude_cases": []}`, `spec field "exclude_cases" is not a field of Autobahn's fuzzing client spec`},
		{`{"servers": [{"agent": "A"}], "cases": ["*"]}`, `servers[0] has no "url"`},
		{`{"servers": [{"url": "ws://127.0.0.1:1"}], "cases": ["6.x"]}`, `"6.x", names no case`},
		{`{"servers": [{"url": "ws://127.0.0.1:1", "options": {"version": "18"}}], "cases": ["*"]}`, `servers[0].options.version must be a number`},
	} {
		code, _, errOut := fuzzingClient(t, dir, c.spec)
		if code != 2 || !strings.Contains(errOut, "fuzzingclient.json: ") || !strings.Contains(errOut, c.words) {
			t.Errorf("%s: exit %d, stderr %q", c.spec, code, errOut)
		}
	}
	var out, errOut bytes.Buffer
	if code := runFuzzingClient([]string{"-spec", filepath.Join(dir, "none.json")}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "cannot read the spec") {
		t.Errorf("no spec file: exit %d, %q", code, errOut.String())
	}

	srv := testserver.Start(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "ws://" + ln.Addr().String() + "/"
	ln.Close() // nothing listens there now
	outdir := filepath.Join(dir, "out")
	spec := fmt.Sprintf(`{"outdir": %q, "servers": [{"agent": "gone", "url": %q}, {"agent": "here", "url": %q}], "cases": ["1.1.1"]}`, outdir, closed, srv.URL("/echo"))
	code, _, stderr := fuzzingClient(t, dir, spec)
	if code != 2 || !strings.Contains(stderr, "gone ("+closed+") could not be checked: ") || !strings.Contains(stderr, "1 of 2 servers could not be checked") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := slices.Sorted(maps.Keys(readIndex(t, outdir))); !slices.Equal(got, []string{"here"}) {
		t.Errorf("agents %v", got)
	}
}

// startCoderEcho starts an echo built on coder/websocket, which checks no
// UTF-8 (on purpose), and returns its ws:// URL. When fragile, it dies on
// invalid UTF-8 instead, as an npm ws echo without an error handler dies
// on a bad frame: from then on nothing accepts connections.
func startCoderEcho(t *testing.T, fragile bool) string {
	t.Helper()
	var hs *httptest.Server
	hs = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, p, err := c.Read(context.Background())
			if err != nil {
				return
			}
			if fragile && typ == websocket.MessageText && !utf8.Valid(p) {
				hs.Listener.Close() // the process "dies"
				return
			}
			if c.Write(context.Background(), typ, p) != nil {
				return
			}
		}
	}))
	t.Cleanup(hs.Close)
	return "ws" + strings.TrimPrefix(hs.URL, "http")
}

// A server that dies on a bad frame, as an npm ws echo without an error
// handler does: said once, the cases after it not run and not in
// index.json, exit 1.
func TestFuzzingClientServerDies(t *testing.T) {
	url := startCoderEcho(t, true)
	dir := t.TempDir()
	outdir := filepath.Join(dir, "out")
	spec := fmt.Sprintf(`{"outdir": %q, "servers": [{"agent": "fragile", "url": %q}], "cases": ["6.2.1", "6.3.1", "6.3.2", "7.1.1"]}`,
		outdir, url)
	code, out, errOut := fuzzingClient(t, dir, spec, "-timeout", "1s")
	if code != 1 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Count(out, "stopped answering") != 1 || !strings.Contains(out, "The server stopped answering after 6.3.1: ") || !strings.Contains(out, "2 cases were not run.") {
		t.Errorf("stdout:\n%s", out)
	}
	if strings.Contains(out, "refused") && strings.Count(out, "refused") > 1 {
		t.Errorf("connection refused said more than once:\n%s", out)
	}
	index := readIndex(t, outdir)
	if got := slices.Sorted(maps.Keys(index["fragile"])); !slices.Equal(got, []string{"6.2.1", "6.3.1"}) {
		t.Errorf("index.json has %v", got)
	}
	page, err := os.ReadFile(filepath.Join(outdir, "index.html"))
	// A case not run is a cell across the agent's two columns (the legend
	// says "Not run" once more, in a cell of its own).
	if err != nil || strings.Count(string(page), `colspan="2">Not run<`) != 2 {
		t.Errorf("index.html does not show the 2 cases not run (%v)", err)
	}
}
