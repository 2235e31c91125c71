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
		{`{"servers": [{"url": "ws://h", "agnet": "A"}], "cases": ["*"]}`, `spec field servers[0].agnet is not a field of a server in Autobahn's spec; a server's fields are "agent"`},
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
