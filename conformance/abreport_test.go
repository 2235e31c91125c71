package conformance

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
)

// Autobahn's file names: the agent lower-cased, every character but a–z
// and 0–9 made "_" after the ends are trimmed, "_case_", the ID with "_".
func TestAutobahnCaseFile(t *testing.T) {
	for _, c := range []struct{ agent, id, want string }{
		{"AutobahnServer", "6.4.1", "autobahnserver_case_6_4_1.json"},
		{"AutobahnServer/0.7.2", "1.1.1", "autobahnserver_0_7_2_case_1_1_1.json"},
		{"  ws (npm) 8.18  ", "10.1.1", "ws__npm__8_18_case_10_1_1.json"},
		{"-x-", "H.1", "x_case_H_1.json"},
		{"gorilla/websocket", "12.1.10", "gorilla_websocket_case_12_1_10.json"},
		{"", "2.1", "_case_2_1.json"},
	} {
		if got := AutobahnCaseFile(c.agent, c.id, "json"); got != c.want {
			t.Errorf("AutobahnCaseFile(%q, %q) = %q, want %q", c.agent, c.id, got, c.want)
		}
	}
}

// The reports of two agents, one conforming and one that fails
// connections with the wrong code and stopped answering, read back the
// way a CI script reads Autobahn's: index.json's exact fields and their
// JSON types, each reportfile there and holding Autobahn's fields.
func TestWriteAutobahnReports(t *testing.T) {
	srv := testserver.Start(t)
	ids := []string{"1.1.1", "3.1", "7.9.2", "H.1"}
	cases := func(list ...string) func(Case) bool {
		return func(c Case) bool { return slices.Contains(list, c.ID) }
	}
	good := runAgainst(t, srv.URL("/echo"), Options{}, cases(ids...))
	bad := runAgainst(t, startTestServer(t, failsWithWrongCode), Options{}, cases("1.1.1", "3.1"))
	bad.Stopped = "the server stopped answering after 3.1"
	for _, c := range Cases() {
		if c.ID == "7.9.2" {
			bad.NotRun = append(bad.NotRun, c)
		}
	}

	dir := filepath.Join(t.TempDir(), "reports", "servers")
	// A result as a 9.x case gives one (Autobahn times those in its grid),
	// whatever cases the catalogue has.
	one := 1
	timed := AgentRun{Agent: "Timed", Results: []Result{{
		Case:    Case{ID: "9.1.1", Category: Category{"9", "Limits/Performance"}, Title: "a 64 KiB text message"},
		Verdict: Pass, Detail: "Echoed.", CloseVerdict: Pass, CloseDetail: "Clean.", RemoteCloseCode: &one,
		Started: time.Now(), Duration: 1234567 * time.Microsecond,
	}}}
	runs := []AgentRun{good.AgentRun("WebSocket Sample"), bad.AgentRun("Wrong/1.0"), timed}
	if err := WriteAutobahnReports(dir, CheckedServer, runs); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Written as Python's json.dumps(sort_keys=True, indent=3) writes it.
	if !bytes.HasPrefix(raw, []byte("{\n   \"Timed\": {\n      \"9.1.1\": {\n         \"behavior\": \"OK\",\n         \"behaviorClose\": \"OK\",\n         \"duration\": 1235,\n")) {
		t.Errorf("index.json does not start as Autobahn's does:\n%.200s", raw)
	}
	var index map[string]map[string]map[string]any
	if err := json.Unmarshal(raw, &index); err != nil {
		t.Fatalf("index.json is not agent → case → fields: %v", err)
	}
	if len(index) != 3 || index["Timed"]["9.1.1"]["duration"] != float64(1235) || len(index["WebSocket Sample"]) != len(good.Results) || len(index["Wrong/1.0"]) != 2 {
		t.Fatalf("index.json has agents %v", slices.Sorted(maps.Keys(index)))
	}
	if _, ok := index["Wrong/1.0"]["7.9.2"]; ok {
		t.Error("a case that was not run is in index.json (Autobahn leaves it out)")
	}
	for agent, byCase := range index {
		for id, e := range byCase {
			if got := strings.Join(slices.Sorted(maps.Keys(e)), ","); got != "behavior,behaviorClose,duration,remoteCloseCode,reportfile" {
				t.Errorf("%s %s: fields %s", agent, id, got)
			}
			behavior, ok1 := e["behavior"].(string)
			_, ok2 := e["behaviorClose"].(string)
			ms, ok3 := e["duration"].(float64)
			file, ok4 := e["reportfile"].(string)
			code := e["remoteCloseCode"]
			_, codeIsNumber := code.(float64)
			if !ok1 || !ok2 || !ok3 || !ok4 || ms != float64(int64(ms)) || ms < 0 || (code != nil && !codeIsNumber) {
				t.Errorf("%s %s: wrong types %#v", agent, id, e)
			}
			if file != AutobahnCaseFile(agent, id, "json") {
				t.Errorf("%s %s: reportfile %q", agent, id, file)
			}
			var one map[string]any
			b, err := os.ReadFile(filepath.Join(dir, file))
			if err == nil {
				err = json.Unmarshal(b, &one)
			}
			if err != nil {
				t.Errorf("%s %s: %v", agent, id, err)
				continue
			}
			checkCaseReport(t, agent, id, behavior, one)
			if _, err := os.Stat(filepath.Join(dir, AutobahnCaseFile(agent, id, "html"))); err != nil {
				t.Errorf("%s %s: no HTML page: %v", agent, id, err)
			}
		}
	}
	// The wrong server's verdicts came through: it fails 3.1 with 1000.
	if e := index["Wrong/1.0"]["3.1"]; e["behaviorClose"] != "WRONG CODE" || e["remoteCloseCode"] != float64(1000) {
		t.Errorf("Wrong/1.0 3.1: %v", e)
	}
	// H.1 judges no close of its own: Autobahn always has one.
	if e := index["WebSocket Sample"]["H.1"]; e["behaviorClose"] != "INFORMATIONAL" {
		t.Errorf("H.1: %v", e)
	}

	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{"<!DOCTYPE html>", "WebSocket Sample", "Wrong/1.0", `href="wrong_1_0_case_3_1.html"`,
		"Not run", "the server stopped answering after 3.1", "Case 9.1.1", "1235 ms</span>", "Missing", "1.1 Text Messages"} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// Self-contained, unlike Autobahn's: it links only to its own files.
	if m := regexp.MustCompile(`(?i)<script|<link|<img|src=|url\(|@import|href="https?:`).FindString(html); m != "" {
		t.Errorf("index.html refers to something outside itself: %s", m)
	}
}

// checkCaseReport checks one case's report as Autobahn's: its fields and
// their types.
func checkCaseReport(t *testing.T, agent, id, behavior string, r map[string]any) {
	t.Helper()
	for _, f := range []string{"agent", "behavior", "behaviorClose", "case", "closedByMe", "createStats", "createWirelog", "description",
		"droppedByMe", "duration", "expectation", "expected", "expectedClose", "failedByMe", "httpRequest", "httpResponse", "id", "isServer",
		"localCloseCode", "localCloseReason", "received", "remoteCloseCode", "remoteCloseReason", "reportCompressionRatio", "reportTime",
		"result", "resultClose", "rxFrameStats", "rxOctetStats", "started", "trafficStats", "txFrameStats", "txOctetStats", "wasClean",
		"wasCloseHandshakeTimeout", "wasNotCleanReason", "wasOpenHandshakeTimeout", "wasServerConnectionDropTimeout", "wirelog"} {
		if _, ok := r[f]; !ok {
			t.Errorf("%s %s: the case report lacks %q", agent, id, f)
		}
	}
	n, _ := r["case"].(float64)
	if r["agent"] != agent || r["id"] != id || r["behavior"] != behavior || r["isServer"] != false || (n < 1 && agent != "Timed") {
		t.Errorf("%s %s: agent %v id %v behavior %v isServer %v case %v", agent, id, r["agent"], r["id"], r["behavior"], r["isServer"], r["case"])
	}
	if s, _ := r["started"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(s) {
		t.Errorf("%s %s: started %q", agent, id, s)
	}
	if s, _ := r["result"].(string); s == "" {
		t.Errorf("%s %s: no result", agent, id)
	}
	if _, ok := r["wirelog"].([]any); !ok {
		t.Errorf("%s %s: wirelog is not a list", agent, id)
	}
	if cat, _, _ := strings.Cut(id, "."); r["reportTime"] != (cat == "9" || cat == "12" || cat == "13") {
		t.Errorf("%s %s: reportTime %v", agent, id, r["reportTime"])
	}
}

// Two agents whose reports would overwrite each other are refused, by name.
func TestWriteAutobahnReportsCollision(t *testing.T) {
	err := WriteAutobahnReports(t.TempDir(), CheckedServer, []AgentRun{{Agent: "My Server"}, {Agent: "my-server"}})
	if err == nil || !strings.Contains(err.Error(), `"My Server" and "my-server"`) {
		t.Errorf("got %v", err)
	}
	err = WriteAutobahnReports(t.TempDir(), CheckedServer, []AgentRun{{Agent: "a"}, {Agent: "a"}})
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("got %v", err)
	}
}

// Autobahn's "case" is the case's place in its list, in the order of the
// IDs' numbers: 1.1.1 first, 6.10.1 after 6.9.x.
func TestCaseNumber(t *testing.T) {
	if n := caseNumber("1.1.1"); n != 1 {
		t.Errorf("1.1.1 is case %d", n)
	}
	if caseNumber("6.10.1") <= caseNumber("6.9.1") || caseNumber("10.1.1") <= caseNumber("7.13.2") {
		t.Error("cases are not numbered in the order of their IDs' numbers")
	}
	if caseNumber("H.1") <= caseNumber("10.1.1") {
		t.Error("the checker's own cases come before Autobahn's")
	}
}
