package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// This file reads Autobahn|Testsuite's spec file for its fuzzing client
// (fuzzingclient.json), so that a project's spec works unchanged:
//
//	{
//	  "outdir": "./reports/servers",
//	  "servers": [{"agent": "MyServer", "url": "ws://127.0.0.1:9001", "options": {"version": 18}}],
//	  "cases": ["*"],
//	  "exclude-cases": ["9.*", "12.*", "13.*"],
//	  "exclude-agent-cases": {"MyServer": ["6.4.*"]}
//	}
//
// The facts carried over from Autobahn (its caseset.py and fuzzing.py): a
// pattern with "*" is matched from the start of the ID with "*" standing
// for any characters ("6.*", and "6.1*" takes 6.1.x and 6.10.x to 6.19.x);
// a pattern without one is a case ID; the cases run in the order of their
// IDs' numbers; exclude-agent-cases maps a pattern of agent names to
// case patterns, both matched whole. A server without "agent" is named
// by its Server header, or "UnknownServer". The options are Autobahn's
// protocol options, the spec's and then the server's own.
//
// Unlike Autobahn, which ignores what it does not know and fails with a
// Python traceback on what it cannot use, a field this reader does not
// know, of the wrong type, or a pattern that names no case, is an error
// that names the field and says what is allowed.

// Spec is Autobahn's fuzzing client spec.
type Spec struct {
	// OutDir is where the reports go; "./reports/servers" when the spec
	// has none, as Autobahn's.
	OutDir string
	// Servers are checked one after the other, each as its own agent.
	Servers []SpecServer

	cases, exclude []string
	agentExcludes  []agentExclude
}

// SpecServer is one server of a spec.
type SpecServer struct {
	// Agent names the server in the reports; empty when the spec gives
	// none (then its Server header names it, or "UnknownServer").
	Agent string
	// URL is the server's ws:// or wss:// address.
	URL string
	// Origin, when set, is sent as the Origin header.
	Origin string
	// Protocols are the subprotocols to offer.
	Protocols []string
	// Hostname, when set, is the name sent in TLS's SNI and checked in the
	// certificate, instead of the URL's host.
	Hostname string
	// Notes say which of the spec's options this checker does not act
	// on, and why (a person reads them; they are not errors).
	Notes []string
}

// agentExclude is one entry of exclude-agent-cases.
type agentExclude struct {
	agent *regexp.Regexp
	cases []*regexp.Regexp
}

// DefaultSpecOutDir is where Autobahn's fuzzing client writes its
// reports when the spec says nothing.
const DefaultSpecOutDir = "./reports/servers"

// specFields are the fields of a spec, with what each holds.
var specFields = []string{`"outdir" (a directory)`, `"servers" (a list of {"agent", "url", "options", …})`,
	`"cases" (a list of case patterns)`, `"exclude-cases" (a list of case patterns)`,
	`"exclude-agent-cases" (an object: agent pattern → list of case patterns)`, `"options" (an object of Autobahn's options)`}

// serverFields are the fields of a server in a spec.
var serverFields = []string{`"agent" (its name in the reports)`, `"url" (ws:// or wss://)`, `"options" (an object of Autobahn's options)`,
	`"origin" (the Origin header)`, `"protocols" (a list of subprotocols)`, `"hostname" (the TLS server name)`}

// ParseSpec reads Autobahn's fuzzing client spec. Its errors name the
// field and say what is allowed.
func ParseSpec(data []byte) (*Spec, error) {
	var top map[string]json.RawMessage
	if err := strictJSON(data, &top); err != nil {
		return nil, fmt.Errorf("the spec is not a JSON object: %v", err)
	}
	s := &Spec{OutDir: DefaultSpecOutDir}
	var global map[string]json.RawMessage
	for _, key := range sortedKeys(top) {
		raw := top[key]
		var err error
		switch key {
		case "outdir":
			err = decodeAs(raw, &s.OutDir, "a string: the directory for the reports")
			if err == nil && strings.TrimSpace(s.OutDir) == "" {
				err = fmt.Errorf("is empty: give the directory for the reports")
			}
		case "cases":
			err = decodeAs(raw, &s.cases, `a list of case patterns such as ["*"] or ["1.*", "7.9.3"]`)
			if err == nil && len(s.cases) == 0 {
				err = fmt.Errorf(`is empty: give the cases to run, ["*"] for all of Autobahn's`)
			}
			if err == nil {
				err = checkPatterns(s.cases, true)
			}
		case "exclude-cases":
			err = decodeAs(raw, &s.exclude, `a list of case patterns such as ["9.*", "12.*"]`)
			if err == nil {
				err = checkPatterns(s.exclude, false)
			}
		case "exclude-agent-cases":
			s.agentExcludes, err = parseAgentExcludes(raw)
		case "options":
			err = decodeAs(raw, &global, "an object of Autobahn's options, such as {\"failByDrop\": false}")
		case "servers":
			// Read after the loop, once the global options are known.
		default:
			err = fmt.Errorf("is not a field of Autobahn's fuzzing client spec; the fields are %s", strings.Join(specFields, ", "))
		}
		if err != nil {
			return nil, fmt.Errorf("spec field %q %v", key, err)
		}
	}
	if _, ok := top["cases"]; !ok {
		return nil, fmt.Errorf(`the spec has no "cases": give the cases to run, ["*"] for all of Autobahn's`)
	}
	raw, ok := top["servers"]
	if !ok {
		return nil, fmt.Errorf(`the spec has no "servers": give a list such as [{"agent": "MyServer", "url": "ws://127.0.0.1:9001"}]`)
	}
	var servers []map[string]json.RawMessage
	if err := decodeAs(raw, &servers, `a list of servers such as [{"agent": "MyServer", "url": "ws://127.0.0.1:9001"}]`); err != nil {
		return nil, fmt.Errorf("spec field \"servers\" %v", err)
	}
	if len(servers) == 0 {
		return nil, fmt.Errorf(`spec field "servers" is empty: give at least one server to check`)
	}
	globalNotes, err := checkOptions("options", global)
	if err != nil {
		return nil, err
	}
	agents := map[string]int{}
	for i, m := range servers {
		srv, err := parseServer(fmt.Sprintf("servers[%d]", i), m)
		if err != nil {
			return nil, err
		}
		srv.Notes = append(slices.Clone(globalNotes), srv.Notes...)
		if srv.Agent != "" {
			f := AgentFileName(srv.Agent)
			if j, dup := agents[f]; dup {
				return nil, fmt.Errorf("servers[%d] and servers[%d] have agents that name the same report files (%q and %q): give each server its own agent", j, i, s.Servers[j].Agent, srv.Agent)
			}
			agents[f] = i
		}
		s.Servers = append(s.Servers, srv)
	}
	if len(s.Cases("")) == 0 && len(s.Servers) > 0 {
		return nil, fmt.Errorf(`"exclude-cases" excludes every case "cases" names: nothing would run`)
	}
	return s, nil
}

// parseServer reads one server of the spec; at is where it is
// ("servers[0]").
func parseServer(at string, m map[string]json.RawMessage) (SpecServer, error) {
	var srv SpecServer
	var opts map[string]json.RawMessage
	for _, key := range sortedKeys(m) {
		raw := m[key]
		var err error
		switch key {
		case "agent":
			err = decodeAs(raw, &srv.Agent, "a string: the server's name in the reports")
			if err == nil && AgentFileName(srv.Agent) == "" {
				err = fmt.Errorf("%q has no letter or digit, which the report files are named by", srv.Agent)
			}
		case "url":
			err = decodeAs(raw, &srv.URL, "a string such as \"ws://127.0.0.1:9001\"")
			if err == nil {
				if _, terr := newTarget(srv.URL, Options{}); terr != nil {
					err = fmt.Errorf("%v", terr)
				}
			}
		case "origin":
			err = decodeAs(raw, &srv.Origin, "a string: the Origin header to send")
		case "hostname":
			err = decodeAs(raw, &srv.Hostname, "a string: the TLS server name")
		case "protocols":
			err = decodeAs(raw, &srv.Protocols, "a list of subprotocol names")
		case "options":
			err = decodeAs(raw, &opts, "an object of Autobahn's options, such as {\"version\": 18}")
		default:
			err = fmt.Errorf("is not a field of a server in Autobahn's spec; a server's fields are %s", strings.Join(serverFields, ", "))
		}
		if err != nil {
			return srv, fmt.Errorf("spec field %s.%s %v", at, key, err)
		}
	}
	if _, ok := m["url"]; !ok {
		return srv, fmt.Errorf("spec field %s has no \"url\": give the server's address, such as \"ws://127.0.0.1:9001\"", at)
	}
	notes, err := checkOptions(at+".options", opts)
	srv.Notes = notes
	return srv, err
}

// Autobahn's protocol options, as its fuzzing client takes them: the
// kind of value each holds, and what this checker does with it.
var abOptions = map[string]struct {
	kind string // "bool", "number", "any"
	note string // why it is not acted on; "" when it is, or when it changes nothing here
}{
	"version":                     {"number", ""},
	"failByDrop":                  {"bool", ""}, // see checkOptions
	"utf8validateIncoming":        {"bool", "this checker always validates the server's UTF-8, as Autobahn does by default"},
	"acceptMaskedServerFrames":    {"bool", "this checker always fails a masked frame from a server (RFC 6455 §5.1), as Autobahn does by default"},
	"maskClientFrames":            {"bool", "this checker always masks its frames, as RFC 6455 §5.3 asks and Autobahn does by default, except where a case breaks the rule on purpose"},
	"applyMask":                   {"bool", "this checker always applies its mask"},
	"maxFramePayloadSize":         {"number", "this checker bounds what it reads by itself"},
	"maxMessagePayloadSize":       {"number", "this checker bounds what it reads by itself"},
	"autoFragmentSize":            {"number", "the cases send the frames Autobahn's cases send"},
	"echoCloseCodeReason":         {"bool", "the cases answer a close as Autobahn's cases do"},
	"openHandshakeTimeout":        {"number", "each case has its own deadline (wssample fuzzingclient -timeout)"},
	"closeHandshakeTimeout":       {"number", "each case has its own deadline (wssample fuzzingclient -timeout)"},
	"serverConnectionDropTimeout": {"number", "each case has its own deadline (wssample fuzzingclient -timeout)"},
	"tcpNoDelay":                  {"bool", ""},
	"perMessageCompressionOffers": {"any", "the deflate cases (12.x, 13.x) make the offers Autobahn's cases make"},
	"perMessageCompressionAccept": {"any", "the deflate cases (12.x, 13.x) judge the answers as Autobahn's cases do"},
	"autoPingInterval":            {"number", "this checker sends no pings of its own beyond the cases'"},
	"autoPingTimeout":             {"number", "this checker sends no pings of its own beyond the cases'"},
	"autoPingSize":                {"number", "this checker sends no pings of its own beyond the cases'"},
	"allowHixie76":                {"bool", "this checker speaks RFC 6455 only"},
	"logOctets":                   {"bool", ""},
	"logFrames":                   {"bool", ""},
	"trackTimings":                {"bool", ""},
	"debug":                       {"bool", ""},
	"debugCodePaths":              {"bool", ""},
	"requireMaskedClientFrames":   {"bool", ""},
	"allowNullOrigin":             {"bool", ""},
}

// checkOptions checks Autobahn's options at at: known names, values of
// the right kind, a version this checker speaks. It returns notes for
// the options it does not act on.
func checkOptions(at string, opts map[string]json.RawMessage) ([]string, error) {
	var notes []string
	for _, name := range sortedKeys(opts) {
		o, ok := abOptions[name]
		if !ok {
			return nil, fmt.Errorf("spec field %s.%s is not one of Autobahn's options; they are %s", at, name, strings.Join(sortedKeys(abOptions), ", "))
		}
		raw := opts[name]
		var err error
		switch o.kind {
		case "bool":
			var b bool
			err = decodeAs(raw, &b, "true or false")
			if err == nil && name == "failByDrop" && b {
				notes = append(notes, at+".failByDrop is not used: this checker fails a connection with a close frame, as Autobahn does with failByDrop false (its spec conformance setting)")
			}
		case "number":
			var n float64
			err = decodeAs(raw, &n, "a number")
			if err == nil && name == "version" && n != 13 && n != 18 {
				err = fmt.Errorf("is %v: this checker speaks RFC 6455 only (Autobahn's version 18, the wire's 13)", n)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("spec field %s.%s %v", at, name, err)
		}
		if o.note != "" {
			notes = append(notes, fmt.Sprintf("%s.%s is not used: %s", at, name, o.note))
		}
	}
	return notes, nil
}

// parseAgentExcludes reads exclude-agent-cases.
func parseAgentExcludes(raw json.RawMessage) ([]agentExclude, error) {
	var m map[string][]string
	if err := decodeAs(raw, &m, `an object that maps an agent pattern to a list of case patterns, such as {"MyServer": ["6.4.*"]}`); err != nil {
		return nil, err
	}
	var out []agentExclude
	for _, agent := range sortedKeys(m) {
		if err := checkPatterns(m[agent], false); err != nil {
			return nil, fmt.Errorf("for %q %v", agent, err)
		}
		e := agentExclude{agent: abPattern(agent, true)}
		for _, p := range m[agent] {
			e.cases = append(e.cases, abPattern(p, true))
		}
		out = append(out, e)
	}
	return out, nil
}

// abPattern is an Autobahn pattern as a regular expression: "." is a
// dot, "*" any characters; whole makes it match the whole name, else
// from its start (as Autobahn's "cases" with a "*").
func abPattern(p string, whole bool) *regexp.Regexp {
	q := strings.ReplaceAll(regexp.QuoteMeta(p), `\*`, ".*")
	if whole {
		return regexp.MustCompile("^" + q + "$")
	}
	return regexp.MustCompile("^" + q)
}

// casePatternChars are the characters a case pattern may hold.
var casePatternChars = regexp.MustCompile(`^[0-9A-Za-z.*]+$`)

// checkPatterns checks case patterns: each must name a case. An exclude
// pattern (strict false) may also name a case of one of Autobahn's
// categories that this checker lacks, since excluding it changes nothing.
func checkPatterns(pats []string, strict bool) error {
	for i, p := range pats {
		if !casePatternChars.MatchString(p) {
			return fmt.Errorf("item %d, %q, is not a case pattern: %s", i, p, specPatternHelp)
		}
		if len(matchCases(p)) > 0 {
			continue
		}
		if !strict {
			cat, _, _ := strings.Cut(p, ".")
			if slices.Contains(autobahnCategories, cat) {
				continue
			}
		}
		return fmt.Errorf("item %d, %q, names no case: %s", i, p, specPatternHelp)
	}
	return nil
}

// autobahnCategories are the numbers of Autobahn's categories.
var autobahnCategories = []string{"1", "2", "3", "4", "5", "6", "7", "9", "10", "12", "13"}

// specPatternHelp says what a case pattern in a spec may be.
const specPatternHelp = `a case is named by its ID as in Autobahn|Testsuite ("7.9.3") or by a pattern where * stands for any characters ("6.*", "7.9.*", "*"); ` +
	`"*" is all of Autobahn's cases, and this checker's own (H, M, X, L) run only when named ("H.*"); "wssample check -list" lists them`

// matchCases returns the cases pattern p names, in the catalogue's order.
// A pattern with "*" matches from the start of the ID, as Autobahn's; it
// takes this checker's own cases (H, M, X, L) only when it starts with
// their letter, so that "*" is Autobahn's cases.
func matchCases(p string) []Case {
	var out []Case
	if !strings.Contains(p, "*") {
		for _, c := range allCases() {
			if strings.EqualFold(c.ID, p) {
				out = append(out, c)
			}
		}
		return out
	}
	re := abPattern(strings.ToUpper(p), false)
	for _, c := range allCases() {
		if !c.Category.Autobahn() && !strings.HasPrefix(strings.ToUpper(p), c.Category.Key) {
			continue
		}
		if re.MatchString(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// Cases returns the cases the spec runs for agent, in the order of their
// IDs' numbers (Autobahn's order), the checker's own after them: those
// "cases" names, minus "exclude-cases", minus those exclude-agent-cases
// excludes for agent.
func (s *Spec) Cases(agent string) []Case {
	want := map[string]bool{}
	for _, p := range s.cases {
		for _, c := range matchCases(p) {
			want[c.ID] = true
		}
	}
	for _, p := range s.exclude {
		for _, c := range matchCases(p) {
			delete(want, c.ID)
		}
	}
	var out []Case
	for _, id := range caseOrder(nil) {
		if want[id] && !s.excludedFor(agent, id) {
			out = append(out, caseByID(id))
		}
	}
	return out
}

// excludedFor reports whether exclude-agent-cases excludes case id for
// agent.
func (s *Spec) excludedFor(agent, id string) bool {
	for _, e := range s.agentExcludes {
		if !e.agent.MatchString(agent) {
			continue
		}
		for _, c := range e.cases {
			if c.MatchString(id) {
				return true
			}
		}
	}
	return false
}

// caseByID returns the catalogue's case id.
func caseByID(id string) Case {
	for _, c := range allCases() {
		if c.ID == id {
			return c
		}
	}
	return Case{ID: id}
}

// Filter is the spec's cases for agent as a filter for Run.
func (s *Spec) Filter(agent string) func(Case) bool {
	keep := map[string]bool{}
	for _, c := range s.Cases(agent) {
		keep[c.ID] = true
	}
	return func(c Case) bool { return keep[c.ID] }
}

// decodeAs decodes raw into v; its error says what the field must hold.
func decodeAs(raw json.RawMessage, v any, want string) error {
	if err := strictJSON(raw, v); err != nil {
		return fmt.Errorf("must be %s", want)
	}
	return nil
}

// strictJSON decodes data into v: one value, nothing after it, null not
// taken for a value.
func strictJSON(data []byte, v any) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return fmt.Errorf("null")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("something follows the JSON value")
	}
	return nil
}

// sortedKeys lists a map's keys in order, for errors that come out the
// same every time.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
