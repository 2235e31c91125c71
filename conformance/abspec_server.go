package conformance

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// This file reads Autobahn|Testsuite's spec file for its fuzzing server
// (fuzzingserver.json), so that a project's spec works unchanged:
//
//	{
//	  "url": "ws://127.0.0.1:9001",
//	  "options": {"failByDrop": false},
//	  "outdir": "./reports/clients",
//	  "webport": 8080,
//	  "cases": ["*"],
//	  "exclude-cases": [],
//	  "exclude-agent-cases": {}
//	}
//
// The fields are those Autobahn's fuzzing server reads (fuzzing.py's
// FuzzingServerFactory and startServer): url, outdir, cases,
// exclude-cases, exclude-agent-cases, options (its server's protocol
// options), protocols, and key and cert (the TLS files of a wss:// url);
// and webport, which Autobahn's own examples carry although wstest takes
// it from its command line. The case patterns and the options are read as
// for the fuzzing client's spec (abspec.go). Which case an agent may
// skip is known only when the agent connects: exclude-agent-cases is
// Skip, as Autobahn's server skips such a case when its client asks for
// it.

// ServerSpec is Autobahn's fuzzing server spec.
type ServerSpec struct {
	// Addr is where to listen, the host:port of the spec's url; "" when
	// the spec has no url.
	Addr string
	// OutDir is where the reports go; "" when the spec has no outdir.
	OutDir string
	// Notes say which of the spec's fields and options the fuzzing
	// server does not act on, and why (a person reads them; they are not
	// errors).
	Notes []string

	sel caseSelection
}

// ParseServerSpec reads Autobahn's fuzzing server spec. Its errors name
// the field and say what is allowed, as ParseSpec's.
func ParseServerSpec(data []byte) (*ServerSpec, error) {
	top, err := readSpecObject(data)
	if err != nil {
		return nil, err
	}
	duties := 0
	for _, c := range clientCases() {
		if c.Category == catClient {
			duties++
		}
	}
	hint := fmt.Sprintf(`"wssample check -list" lists Autobahn's, and C.1 to C.%d are a client's own duties`, duties)
	s := &ServerSpec{sel: caseSelection{catalogue: clientCases(), listHint: hint}}
	var opts map[string]json.RawMessage
	unused := func(field, why string) func(json.RawMessage) error {
		return func(raw json.RawMessage) error {
			s.Notes = append(s.Notes, fmt.Sprintf("%s is not used: %s", field, why))
			return nil
		}
	}
	fields := []specField{
		{"url", "ws://host:port, where to listen", func(raw json.RawMessage) error {
			var u string
			if err := decodeAs(raw, &u, `a string such as "ws://127.0.0.1:9001"`); err != nil {
				return err
			}
			p, err := url.Parse(u)
			if err != nil || p.Scheme != "ws" || p.Port() == "" || p.Hostname() == "" {
				return fmt.Errorf("is %q: it must be ws://host:port, such as ws://127.0.0.1:9001 (wss:// is not served)", u)
			}
			s.Addr = p.Host
			return nil
		}},
		outdirField(&s.OutDir),
	}
	fields = append(fields, s.sel.fields()...)
	fields = append(fields,
		optionsField(&opts, `{"failByDrop": false}`),
		specField{"protocols", "a list of subprotocols", func(raw json.RawMessage) error {
			var p []string
			if err := decodeAs(raw, &p, "a list of subprotocol names"); err != nil {
				return err
			}
			return unused("protocols", "Autobahn's fuzzing server picks no subprotocol whatever the list holds, and neither does this one")(raw)
		}},
		specField{"webport", "a port number", func(raw json.RawMessage) error {
			var n int
			if err := decodeAs(raw, &n, "a port number, 0 to 65535"); err != nil || n < 0 || n > 65535 {
				return fmt.Errorf("must be a port number, 0 to 65535")
			}
			return unused("webport", "it is the port of Autobahn's web server, which wstest takes from its command line (--webport), not from the spec; this server has none: open index.html under outdir")(raw)
		}},
	)
	for _, name := range []string{"key", "cert"} {
		fields = append(fields, specField{name, "a PEM file, for wss://", func(raw json.RawMessage) error {
			var f string
			if err := decodeAs(raw, &f, "a string: a PEM file"); err != nil {
				return err
			}
			return unused(name, "it serves wss://, which this server does not (its url is ws://)")(raw)
		}})
	}
	if err := readFields("", "Autobahn's fuzzing server spec", top, fields); err != nil {
		return nil, err
	}
	if err := s.sel.check(); err != nil {
		return nil, err
	}
	notes, err := checkOptions("options", opts, abServerOptions)
	if err != nil {
		return nil, err
	}
	s.Notes = append(s.Notes, notes...)
	return s, nil
}

// Filter keeps the cases the spec names, "cases" minus "exclude-cases",
// for FuzzingOptions.Filter: the cases a client counts and runs.
func (s *ServerSpec) Filter() func(Case) bool { return s.sel.keeps }

// Skip reports whether exclude-agent-cases leaves case c unplayed for
// agent, for FuzzingOptions.Skip.
func (s *ServerSpec) Skip(agent string, c Case) bool { return s.sel.excludedFor(agent, c.ID) }

// abServerOptions are Autobahn's protocol options as its fuzzing server
// takes them (Autobahn 0.10.9's WebSocketServerFactory.setProtocolOptions,
// which refuses any other), and what the fuzzing server does with each.
var abServerOptions = map[string]abOption{
	"versions":                    {"numbers", ""},
	"allowHixie76":                {"bool", "the fuzzing server speaks RFC 6455 only"},
	"webStatus":                   {"bool", "it is Autobahn's status page for a plain HTTP request"},
	"utf8validateIncoming":        {"bool", "the fuzzing server always validates the client's UTF-8, as Autobahn does by default"},
	"maskServerFrames":            {"bool", "the fuzzing server never masks its frames (RFC 6455 §5.1), as Autobahn does by default, except where a case breaks the rule on purpose (C.1)"},
	"requireMaskedClientFrames":   {"bool", "the fuzzing server always fails an unmasked frame from a client (RFC 6455 §5.1), as Autobahn does by default"},
	"applyMask":                   {"bool", "the fuzzing server always applies the masks"},
	"maxFramePayloadSize":         {"number", "the fuzzing server bounds what it keeps of a connection by itself"},
	"maxMessagePayloadSize":       {"number", "the fuzzing server bounds what it keeps of a connection by itself"},
	"autoFragmentSize":            {"number", "the cases send the frames Autobahn's cases send"},
	"failByDrop":                  {"bool", ""}, // see checkOptions
	"echoCloseCodeReason":         {"bool", "the cases answer a close as Autobahn's cases do"},
	"openHandshakeTimeout":        {"number", "each case has its own deadline (wssample fuzzingserver -timeout)"},
	"closeHandshakeTimeout":       {"number", "each case has its own deadline (wssample fuzzingserver -timeout)"},
	"tcpNoDelay":                  {"bool", ""},
	"perMessageCompressionAccept": {"any", "the deflate cases (12.x, 13.x) accept the client's offers as Autobahn's cases do"},
	"autoPingInterval":            {"number", "the fuzzing server sends no pings of its own beyond the cases'"},
	"autoPingTimeout":             {"number", "the fuzzing server sends no pings of its own beyond the cases'"},
	"autoPingSize":                {"number", "the fuzzing server sends no pings of its own beyond the cases'"},
	"serveFlashSocketPolicy":      {"bool", "the fuzzing server serves no Flash socket policy"},
	"flashSocketPolicy":           {"any", "the fuzzing server serves no Flash socket policy"},
	"allowedOrigins":              {"strings", "the fuzzing server accepts any Origin, as Autobahn does by default"},
	"maxConnections":              {"number", "the fuzzing server serves a bounded number of connections at once by itself"},
}
