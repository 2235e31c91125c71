package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// lockedBuffer is the command's stdout, read while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fuzzingServer runs "wssample fuzzingserver args..." in the background
// and returns its URL, once it listens, and a function that waits for its
// exit code.
func fuzzingServer(t *testing.T, args ...string) (url string, out *lockedBuffer, wait func() int) {
	t.Helper()
	out = &lockedBuffer{} // stdout and stderr, as a terminal shows them
	done := make(chan int, 1)
	go func() { done <- runFuzzingServer(args, out, out) }()
	listening := regexp.MustCompile(`Fuzzing server on (ws://\S+):`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1], out, func() int {
				select {
				case code := <-done:
					return code
				case <-time.After(10 * time.Second):
					t.Fatalf("the fuzzing server did not stop within 10 s:\n%s", out)
					return -1
				}
			}
		}
		select {
		case code := <-done:
			t.Fatalf("exit %d before listening:\n%s", code, out)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("not listening after 10 s:\n%s", out)
		}
	}
}

// wsText opens url and returns the text messages it sends before its close.
func wsText(t *testing.T, url string, echo bool) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	defer c.CloseNow()
	var got []string
	for {
		typ, p, err := c.Read(ctx)
		if err != nil {
			return got
		}
		got = append(got, string(p))
		if echo {
			c.Write(ctx, typ, p)
		}
	}
}

// Autobahn's URL interface from the command: a spec with cases and
// exclusions (and fields it does not act on, said), the count, a case
// run by an echoing client, its status, the reports, and /stopServer.
func TestFuzzingServerCommand(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "fuzzingserver.json")
	os.WriteFile(spec, []byte(`{"url": "ws://127.0.0.1:9001", "outdir": "ignored", "options": {"failByDrop": false, "autoPingInterval": 5}, "webport": 8080,
		"cases": ["1.1.*", "C.1"], "exclude-cases": ["1.1.8"], "exclude-agent-cases": {"skip*": ["1.1.1"]}}`), 0o644)
	outdir := filepath.Join(dir, "reports")
	url, out, wait := fuzzingServer(t, "-spec", spec, "-addr", "127.0.0.1:0", "-outdir", outdir)
	if got := wsText(t, url+"/getCaseCount", false); len(got) != 1 || got[0] != "8" {
		t.Errorf("/getCaseCount sent %q, want 8 (1.1.1–1.1.7 and C.1)", got)
	}
	if got := wsText(t, url+"/getCaseInfo?case=8", false); len(got) != 1 || !strings.Contains(got[0], `"id":"C.1"`) {
		t.Errorf("/getCaseInfo?case=8 sent %q", got)
	}
	wsText(t, url+"/runCase?case=2&agent=coder", true)
	if got := wsText(t, url+"/getCaseStatus?case=2&agent=coder", false); len(got) != 1 || got[0] != `{"behavior":"OK"}` {
		t.Errorf("/getCaseStatus sent %q", got)
	}
	wsText(t, url+"/runCase?case=1&agent=skipper", true) // excluded for this agent: not played
	wsText(t, url+"/updateReports?agent=coder", false)
	js, err := os.ReadFile(filepath.Join(outdir, "index.json"))
	if err != nil {
		t.Fatalf("no index.json after /updateReports: %v\n%s", err, out)
	}
	var index map[string]map[string]struct {
		Behavior, BehaviorClose, Reportfile string
		RemoteCloseCode                     *int
	}
	if err := json.Unmarshal(js, &index); err != nil {
		t.Fatal(err)
	}
	if e := index["coder"]["1.1.2"]; e.Behavior != "OK" || e.BehaviorClose != "OK" || e.Reportfile != "coder_case_1_1_2.json" {
		t.Errorf("index.json: %s", js)
	}
	if _, ok := index["skipper"]; ok {
		t.Errorf("the excluded case of skipper is in index.json: %s", js)
	}
	wsText(t, url+"/stopServer", false)
	if code := wait(); code != 0 {
		t.Errorf("exit %d after /stopServer", code)
	}
	for _, want := range []string{"fuzzingserver: note: webport is not used: it is the port of Autobahn's web server",
		"fuzzingserver: note: options.autoPingInterval is not used: the fuzzing server sends no pings of its own",
		"coder                   2  1.1.2    OK", "excluded for the agent \"skipper\"", "coder: 1 cases: 1 OK"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}

// A spec or flag that cannot work is said, with what is allowed, and
// nothing starts (exit 2).
func TestFuzzingServerCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	n := 0
	write := func(s string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("spec%d.json", n))
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-spec", write(`{"cases": ["*"], "servers": []}`)}, `spec field "servers" is not a field of Autobahn's fuzzing server spec; the fields are "url" (ws://host:port, where to listen), "outdir"`},
		{[]string{"-spec", write(`{"cases": "*"}`)}, `spec field "cases" must be a list of case patterns such as ["*"]`},
		{[]string{"-spec", write(`{"cases": ["99.*"]}`)}, `spec field "cases" item 0, "99.*", names no case: a case is named by its ID`},
		{[]string{"-spec", write(`{"cases": ["H.1"]}`)}, `item 0, "H.1", names no case: a case is named by its ID as in Autobahn|Testsuite ("7.9.3") or by a pattern where * stands for any characters ("6.*", "7.9.*", "*"); "*" is all of Autobahn's cases, and this project's own (C) run only when named ("C.*")`},
		{[]string{"-spec", write(`{"url": "ws://127.0.0.1:9001"}`)}, `the spec has no "cases"`},
		{[]string{"-spec", write(`{"url": "wss://127.0.0.1:9001", "cases": ["*"]}`)}, `spec field "url" is "wss://127.0.0.1:9001": it must be ws://host:port`},
		{[]string{"-spec", write(`{"cases": ["*"], "options": {"version": 13}}`)}, `spec field options.version is not one of Autobahn's options; they are allowHixie76,`},
		{[]string{"-spec", write(`{"cases": ["*"], "options": {"versions": [8]}}`)}, `spec field options.versions is [8]: this server speaks RFC 6455 only`},
		{[]string{"-spec", write(`{"cases": ["*"], "webport": "8080"}`)}, `spec field "webport" must be a port number, 0 to 65535`},
		{[]string{"-spec", filepath.Join(dir, "none.json")}, "fuzzingserver: cannot read the spec: open"},
		{[]string{"-case", "H.1"}, `no case matches "H.1"`},
		{[]string{"-addr", "nonsense"}, `"nonsense" is not a listening address`},
		{[]string{"extra"}, `unexpected argument "extra": it takes flags only`},
	} {
		var out, errOut bytes.Buffer
		if code := runFuzzingServer(tc.args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut.String(), tc.want)
		}
	}
	var out bytes.Buffer
	if code := runFuzzingServer([]string{"-h"}, io.Discard, &out); code != 0 || !strings.Contains(out.String(), "/runCase?case=N&agent=NAME") {
		t.Errorf("-h: exit %d: %s", code, out.String())
	}
}
