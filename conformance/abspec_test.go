package conformance

import (
	"slices"
	"strings"
	"testing"
)

// Autobahn's own example spec (examples/fuzzingclient/fuzzingclient.json)
// reads as Autobahn reads it.
func TestParseSpecAutobahnExample(t *testing.T) {
	s, err := ParseSpec([]byte(`{
   "options": {"failByDrop": false},
   "outdir": "./reports/servers",

   "servers": [{"agent": "AutobahnServer", "url": "ws://localhost:9001", "options": {"version": 18}}],

   "cases": ["*"],
   "exclude-cases": [],
   "exclude-agent-cases": {}
}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.OutDir != "./reports/servers" || len(s.Servers) != 1 || s.Servers[0].Agent != "AutobahnServer" || s.Servers[0].URL != "ws://localhost:9001" {
		t.Errorf("spec %+v", s)
	}
	// "*" is Autobahn's cases, all of them, and none of the checker's own.
	got := s.Cases("AutobahnServer")
	var want []string
	for _, c := range Cases() {
		if c.Category.Autobahn() {
			want = append(want, c.ID)
		}
	}
	if ids := caseIDs(got); len(ids) != len(want) || ids[0] != "1.1.1" {
		t.Errorf("* runs %d cases from %v, want %d", len(ids), ids[:1], len(want))
	}
	// Without outdir, Autobahn's default.
	s, err = ParseSpec([]byte(`{"servers": [{"url": "ws://h"}], "cases": ["1.1.1"]}`))
	if err != nil || s.OutDir != DefaultSpecOutDir {
		t.Errorf("%v %+v", err, s)
	}
}

// Patterns as Autobahn's: "*" from the start of the ID, exclusions, the
// order of the IDs' numbers, and per-agent exclusions matched whole.
func TestSpecCases(t *testing.T) {
	s, err := ParseSpec([]byte(`{"servers": [{"agent": "A", "url": "ws://h"}],
		"cases": ["7.9.*", "6.1*", "1.1.1", "H.*", "2.1"],
		"exclude-cases": ["6.1.*", "7.9.1", "12.*"],
		"exclude-agent-cases": {"B*": ["6.*"], "A": ["7.9.3"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	a, b := caseIDs(s.Cases("A")), caseIDs(s.Cases("Bob"))
	for _, id := range []string{"1.1.1", "2.1", "6.10.1", "6.19.5", "7.9.2", "H.1"} {
		if !slices.Contains(a, id) {
			t.Errorf("A lacks %s", id)
		}
	}
	for _, id := range []string{"6.1.1", "7.9.1", "7.9.3", "6.2.1", "M.1", "1.1.2"} {
		if slices.Contains(a, id) {
			t.Errorf("A runs %s", id)
		}
	}
	if slices.ContainsFunc(b, func(id string) bool { return strings.HasPrefix(id, "6.") }) || !slices.Contains(b, "7.9.3") {
		t.Errorf("Bob runs %v", b)
	}
	// Autobahn's order: by the IDs' numbers, 6.10.1 after 6.9.x, the
	// checker's own last.
	if !slices.IsSortedFunc(a[:len(a)-1], compareCaseIDs) || a[0] != "1.1.1" || !strings.HasPrefix(a[len(a)-1], "H.") {
		t.Errorf("order %v", a)
	}
	f := s.Filter("A")
	if !f(caseByID("7.9.2")) || f(caseByID("7.9.3")) {
		t.Error("Filter does not keep what Cases lists")
	}
}

// A spec that cannot be used is refused with the field and what it may
// hold, never a panic or a guess.
func TestParseSpecErrors(t *testing.T) {
	for _, c := range []struct{ spec, words string }{
		{`[]`, "not a JSON object"},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"]} x`, "not a JSON object"},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"], "outdri": "r"}`, `spec field "outdri" is not a field of Autobahn's fuzzing client spec; the fields are "outdir"`},
		{`{"servers": [{"url": "ws://h"}], "cases": "*"}`, `spec field "cases" must be a list of case patterns`},
		{`{"servers": [{"url": "ws://h"}], "cases": []}`, `spec field "cases" is empty`},
		{`{"servers": [{"url": "ws://h"}]}`, `the spec has no "cases"`},
		{`{"cases": ["*"]}`, `the spec has no "servers"`},
		{`{"servers": [], "cases": ["*"]}`, `spec field "servers" is empty`},
		{`{"servers": {"url": "ws://h"}, "cases": ["*"]}`, `spec field "servers" must be a list of servers`},
		{`{"servers": [{"agent": "A"}], "cases": ["*"]}`, `spec field servers[0] has no "url"`},
		{`{"servers": [{"url": 9001}], "cases": ["*"]}`, `spec field servers[0].url must be a string`},
		{`{"servers": [{"url": "http://h"}], "cases": ["*"]}`, `spec field servers[0].url "http://h" is not a WebSocket address`},
		{`{"servers": [{"url": "ws://h", "agnet": "A"}], "cases": ["*"]}`, `spec field servers[0].agnet is not a field of a server in Autobahn's spec; the fields are "agent"`},
		{`{"servers": [{"url": "ws://h", "agent": "A b"}, {"url": "ws://i", "agent": "a-b"}], "cases": ["*"]}`, `servers[0] and servers[1] have agents that name the same report files`},
		{`{"servers": [{"url": "ws://h", "agent": "//"}], "cases": ["*"]}`, `spec field servers[0].agent "//" has no letter or digit`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["8.*"]}`, `spec field "cases" item 0, "8.*", names no case: a case is named by its ID`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["1.1.9"]}`, `item 0, "1.1.9", names no case`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["6.[1]"]}`, `item 0, "6.[1]", is not a case pattern`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"], "exclude-cases": ["99.*"]}`, `spec field "exclude-cases" item 0, "99.*", names no case`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["1.1.1"], "exclude-cases": ["1.*"]}`, `excludes every case`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"], "exclude-agent-cases": {"A": "6.*"}}`, `spec field "exclude-agent-cases" must be an object that maps an agent pattern to a list of case patterns`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"], "exclude-agent-cases": {"A": ["x"]}}`, `spec field "exclude-agent-cases" for "A" item 0, "x", names no case`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"], "options": {"failbydrop": false}}`, `spec field options.failbydrop is not one of Autobahn's options; they are`},
		{`{"servers": [{"url": "ws://h", "options": {"version": 8}}], "cases": ["*"]}`, `spec field servers[0].options.version is 8: this checker speaks RFC 6455 only`},
		{`{"servers": [{"url": "ws://h", "options": {"failByDrop": "no"}}], "cases": ["*"]}`, `spec field servers[0].options.failByDrop must be true or false`},
		{`{"servers": [{"url": "ws://h", "protocols": "chat"}], "cases": ["*"]}`, `spec field servers[0].protocols must be a list of subprotocol names`},
		{`{"servers": [{"url": "ws://h"}], "cases": ["*"], "outdir": null}`, `spec field "outdir" must be a string`},
	} {
		_, err := ParseSpec([]byte(c.spec))
		if err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s:\n got %v\nwant %q", c.spec, err, c.words)
		}
	}
}

// Options this checker does not act on are said, not silently dropped.
func TestSpecNotes(t *testing.T) {
	s, err := ParseSpec([]byte(`{"options": {"failByDrop": true}, "servers": [{"url": "ws://h", "options": {"version": 18, "openHandshakeTimeout": 5}}], "cases": ["*"]}`))
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(s.Servers[0].Notes, "\n")
	if !strings.Contains(notes, "options.failByDrop is not used") || !strings.Contains(notes, "servers[0].options.openHandshakeTimeout is not used") || strings.Contains(notes, "version") {
		t.Errorf("notes:\n%s", notes)
	}
}

// gorilla/websocket's own spec (examples/autobahn/config/fuzzingclient.json
// in its module) reads unchanged: five agents, every case.
func TestParseSpecGorilla(t *testing.T) {
	s, err := ParseSpec([]byte(`{
  "cases": ["*"],
  "exclude-cases": [],
  "exclude-agent-cases": {},
  "outdir": "/reports",
  "options": {"failByDrop": false},
  "servers": [
    {"agent": "ReadAllWriteMessage", "url": "ws://host.docker.internal:9000/m"},
    {"agent": "ReadAllWritePreparedMessage", "url": "ws://host.docker.internal:9000/p"},
    {"agent": "CopyFull", "url": "ws://host.docker.internal:9000/f"},
    {"agent": "ReadAllWrite", "url": "ws://host.docker.internal:9000/r"},
    {"agent": "CopyWriterOnly", "url": "ws://host.docker.internal:9000/c"}
  ]
}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.OutDir != "/reports" || len(s.Servers) != 5 || s.Servers[2].Agent != "CopyFull" || len(s.Servers[2].Notes) != 0 {
		t.Errorf("spec %+v", s)
	}
}

// Autobahn's own fuzzing server specs (docker/config/fuzzingserver.json
// and examples/fuzzingserver/fuzzingserver.json) read as Autobahn reads
// them: where to listen, the cases, and the fields it carries but this
// server does not act on, said.
func TestParseServerSpecAutobahnExamples(t *testing.T) {
	s, err := ParseServerSpec([]byte(`{
    "url": "ws://127.0.0.1:9001",
    "outdir": "./reports/clients",
    "cases": ["*"],
    "exclude-cases": [],
    "exclude-agent-cases": {}
}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Addr != "127.0.0.1:9001" || s.OutDir != "./reports/clients" || len(s.Notes) != 0 {
		t.Errorf("spec %+v", s)
	}
	// "*" is Autobahn's cases, all of them, not C (a client's duties,
	// which a script written for Autobahn does not expect).
	var kept []string
	for _, c := range ClientCases() {
		if s.Filter()(c) {
			kept = append(kept, c.ID)
		}
	}
	if len(kept) != 517 || slices.ContainsFunc(kept, func(id string) bool { return strings.HasPrefix(id, "C.") }) {
		t.Errorf(`"*" keeps %d cases, want Autobahn's 517: %v`, len(kept), kept[len(kept)-3:])
	}

	s, err = ParseServerSpec([]byte(`{
   "url": "ws://127.0.0.1:9001",

   "options": {"failByDrop": false},
   "outdir": "./reports/clients",
   "webport": 8080,

   "cases": ["*"],
   "exclude-cases": [],
   "exclude-agent-cases": {}
}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "webport is not used: it is the port of Autobahn's web server, which wstest takes from its command line") {
		t.Errorf("notes %q", s.Notes)
	}
	// The wss example: its key and cert serve a wss:// url, which this
	// server does not serve.
	_, err = ParseServerSpec([]byte(`{"url": "wss://127.0.0.1:9001", "key": "wss/server.key", "cert": "wss/server.crt", "cases": ["*"]}`))
	if err == nil || !strings.Contains(err.Error(), `spec field "url" is "wss://127.0.0.1:9001": it must be ws://host:port`) {
		t.Errorf("wss: %v", err)
	}
	s, err = ParseServerSpec([]byte(`{"key": "k.pem", "cert": "c.pem", "protocols": ["chat"], "cases": ["1.*"],
		"options": {"versions": [8, 13], "maxConnections": 100, "allowedOrigins": ["*"], "failByDrop": true}}`))
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(s.Notes, "\n")
	for _, want := range []string{"key is not used: it serves wss://", "cert is not used", "protocols is not used: Autobahn's fuzzing server picks no subprotocol",
		"options.versions is [8 13]: the fuzzing server answers version 13 (RFC 6455) only", "options.maxConnections is not used",
		"options.allowedOrigins is not used", "options.failByDrop is not used"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes lack %q:\n%s", want, notes)
		}
	}
	if s.Addr != "" || s.OutDir != "" {
		t.Errorf("without url and outdir: %+v", s)
	}
}

// The fuzzing server's spec picks its cases as the client's does: "*"
// from the start of the ID, C only when named, exclusions, and the
// exclusions per agent, matched whole, left to Skip (the agent is known
// when it connects).
func TestServerSpecCases(t *testing.T) {
	s, err := ParseServerSpec([]byte(`{"cases": ["1.1.*", "6.1*", "C.*", "2.1"], "exclude-cases": ["6.1.*", "C.3"],
		"exclude-agent-cases": {"ws*": ["1.1.2", "C.*"], "py.x": ["2.*"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	keep := s.Filter()
	for _, id := range []string{"1.1.1", "1.1.8", "6.10.1", "6.19.5", "C.1", "C.7", "2.1"} {
		if !keep(clientCaseByID(t, id)) {
			t.Errorf("%s not kept", id)
		}
	}
	for _, id := range []string{"6.1.1", "C.3", "2.2", "1.2.1"} {
		if keep(clientCaseByID(t, id)) {
			t.Errorf("%s kept", id)
		}
	}
	for _, tc := range []struct {
		agent, id string
		skip      bool
	}{
		{"ws 8.18", "1.1.2", true}, {"ws", "C.1", true}, {"ws", "1.1.1", false},
		{"py.x", "2.1", true}, {"pyXx", "2.1", false}, // "." is a dot, matched whole
		{"other", "1.1.2", false},
	} {
		if got := s.Skip(tc.agent, clientCaseByID(t, tc.id)); got != tc.skip {
			t.Errorf("Skip(%q, %s) = %v, want %v", tc.agent, tc.id, got, tc.skip)
		}
	}
}

// clientCaseByID is the fuzzing server's case id.
func clientCaseByID(t *testing.T, id string) Case {
	t.Helper()
	for _, c := range clientCases() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no client case %s", id)
	return Case{}
}
