package conformance

import (
	"encoding/json"
	"fmt"
	"slices"
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
// The case patterns and the options are read as for the fuzzing server's
// spec (abspec.go). A server without "agent" is named by its Server
// header, or "UnknownServer", as Autobahn names it. The options are
// Autobahn's protocol options, the spec's and then the server's own.

// Spec is Autobahn's fuzzing client spec.
type Spec struct {
	// OutDir is where the reports go; "./reports/servers" when the spec
	// has none, as Autobahn's.
	OutDir string
	// Servers are checked one after the other, each as its own agent.
	Servers []SpecServer

	sel caseSelection
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

// DefaultSpecOutDir is where Autobahn's fuzzing client writes its
// reports when the spec says nothing.
const DefaultSpecOutDir = "./reports/servers"

// ParseSpec reads Autobahn's fuzzing client spec. Its errors name the
// field and say what is allowed.
func ParseSpec(data []byte) (*Spec, error) {
	top, err := readSpecObject(data)
	if err != nil {
		return nil, err
	}
	s := &Spec{OutDir: DefaultSpecOutDir, sel: caseSelection{catalogue: allCases(), listHint: `"wssample check -list" lists them`}}
	var global map[string]json.RawMessage
	fields := []specField{
		outdirField(&s.OutDir),
		{"servers", `a list of {"agent", "url", "options", …}`, func(json.RawMessage) error {
			return nil // read below, once the global options are known
		}},
	}
	fields = append(fields, s.sel.fields()...)
	fields = append(fields, optionsField(&global, `{"failByDrop": false}`))
	if err := readFields("", "Autobahn's fuzzing client spec", top, fields); err != nil {
		return nil, err
	}
	if err := s.sel.check(); err != nil {
		return nil, err
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
	globalNotes, err := checkOptions("options", global, abClientOptions)
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
	return s, nil
}

// parseServer reads one server of the spec; at is where it is
// ("servers[0]").
func parseServer(at string, m map[string]json.RawMessage) (SpecServer, error) {
	var srv SpecServer
	var opts map[string]json.RawMessage
	fields := []specField{
		{"agent", "its name in the reports", func(raw json.RawMessage) error {
			if err := decodeAs(raw, &srv.Agent, "a string: the server's name in the reports"); err != nil {
				return err
			}
			if AgentFileName(srv.Agent) == "" {
				return fmt.Errorf("%q has no letter or digit, which the report files are named by", srv.Agent)
			}
			return nil
		}},
		{"url", "ws:// or wss://", func(raw json.RawMessage) error {
			if err := decodeAs(raw, &srv.URL, "a string such as \"ws://127.0.0.1:9001\""); err != nil {
				return err
			}
			if _, err := newTarget(srv.URL, Options{}); err != nil {
				return fmt.Errorf("%v", err)
			}
			return nil
		}},
		optionsField(&opts, `{"version": 18}`),
		{"origin", "the Origin header", func(raw json.RawMessage) error {
			return decodeAs(raw, &srv.Origin, "a string: the Origin header to send")
		}},
		{"protocols", "a list of subprotocols", func(raw json.RawMessage) error {
			return decodeAs(raw, &srv.Protocols, "a list of subprotocol names")
		}},
		{"hostname", "the TLS server name", func(raw json.RawMessage) error {
			return decodeAs(raw, &srv.Hostname, "a string: the TLS server name")
		}},
	}
	if err := readFields(at, "a server in Autobahn's spec", m, fields); err != nil {
		return srv, err
	}
	if _, ok := m["url"]; !ok {
		return srv, fmt.Errorf("spec field %s has no \"url\": give the server's address, such as \"ws://127.0.0.1:9001\"", at)
	}
	notes, err := checkOptions(at+".options", opts, abClientOptions)
	srv.Notes = notes
	return srv, err
}

// abClientOptions are Autobahn's protocol options as its fuzzing client
// takes them, and what this checker does with each.
var abClientOptions = map[string]abOption{
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

// Cases returns the cases the spec runs for agent, in the order of their
// IDs' numbers (Autobahn's order), the checker's own after them: those
// "cases" names, minus "exclude-cases", minus those exclude-agent-cases
// excludes for agent.
func (s *Spec) Cases(agent string) []Case {
	var out []Case
	for _, c := range s.sel.catalogue {
		if s.sel.keeps(c) && !s.sel.excludedFor(agent, c.ID) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Case) int { return compareCaseIDs(a.ID, b.ID) })
	return out
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
