package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// This file holds what Autobahn|Testsuite's two spec files share, read
// the same way for both: the fuzzing client's (fuzzingclient.json,
// abspec_client.go) and the fuzzing server's (fuzzingserver.json,
// abspec_server.go). Both name their cases with "cases", "exclude-cases"
// and "exclude-agent-cases", and both carry Autobahn's protocol
// "options".
//
// The facts carried over from Autobahn (its caseset.py and fuzzing.py): a
// pattern with "*" is matched from the start of the ID with "*" standing
// for any characters ("6.*", and "6.1*" takes 6.1.x and 6.10.x to 6.19.x);
// a pattern without one is a case ID; the cases run in the order of their
// IDs' numbers; exclude-agent-cases maps a pattern of agent names to
// case patterns, both matched whole. The options are the keyword
// arguments of Autobahn's setProtocolOptions, which refuses a name it
// does not know.
//
// Unlike Autobahn, which ignores a field it does not know and fails with
// a Python traceback on a value it cannot use, a field this reader does
// not know, a value of the wrong type, or a pattern that names no case,
// is an error that names the field and says what is allowed. This
// project's own cases (H, M, X, L for a server, C for a client) are not
// Autobahn's: "*" leaves them out, and a pattern that starts with their
// letter names them ("C.*").

// specField is one field of a spec's object: its name, what it holds
// (told when a field is not known), and how it is read. read's error
// says what the field must hold; the caller puts the field's path first.
type specField struct {
	name, holds string
	read        func(raw json.RawMessage) error
}

// readFields reads the object m of a spec, at a path ("" for the spec
// itself, "servers[0]" for a server in it), with its fields; what names
// the object in the error for a field it lacks.
func readFields(at, what string, m map[string]json.RawMessage, fields []specField) error {
	for _, key := range sortedKeys(m) {
		i := slices.IndexFunc(fields, func(f specField) bool { return f.name == key })
		if i < 0 {
			var list []string
			for _, f := range fields {
				list = append(list, fmt.Sprintf("%q (%s)", f.name, f.holds))
			}
			return fmt.Errorf("spec field %s is not a field of %s; the fields are %s", fieldPath(at, key), what, strings.Join(list, ", "))
		}
		if err := fields[i].read(m[key]); err != nil {
			return fmt.Errorf("spec field %s %v", fieldPath(at, key), err)
		}
	}
	return nil
}

// fieldPath is how an error names a field: "outdir" quoted at the top,
// servers[0].url or options.version below it.
func fieldPath(at, key string) string {
	if at == "" {
		return fmt.Sprintf("%q", key)
	}
	return at + "." + key
}

// outdirField is the field "outdir", read into dst: the directory for
// the reports.
func outdirField(dst *string) specField {
	return specField{"outdir", "a directory", func(raw json.RawMessage) error {
		if err := decodeAs(raw, dst, "a string: the directory for the reports"); err != nil {
			return err
		}
		if strings.TrimSpace(*dst) == "" {
			return fmt.Errorf("is empty: give the directory for the reports")
		}
		return nil
	}}
}

// optionsField is the field "options", read into dst for checkOptions;
// example is one such object.
func optionsField(dst *map[string]json.RawMessage, example string) specField {
	return specField{"options", "an object of Autobahn's options", func(raw json.RawMessage) error {
		return decodeAs(raw, dst, "an object of Autobahn's options, such as "+example)
	}}
}

// caseSelection is the cases a spec names, of a catalogue: Autobahn's
// "cases" minus "exclude-cases", and per agent minus what
// "exclude-agent-cases" names for it.
type caseSelection struct {
	catalogue     []Case // the cases the spec may name, in Autobahn's order
	listHint      string // where a person finds them, a clause for the errors
	cases         []string
	exclude       map[string]bool // case ID → excluded
	agentExcludes []agentExclude
	named         bool // "cases" was given
}

// agentExclude is one entry of exclude-agent-cases.
type agentExclude struct {
	agent *regexp.Regexp
	ids   map[string]bool
}

// fields are the three fields of a spec that choose its cases.
func (s *caseSelection) fields() []specField {
	return []specField{
		{"cases", "a list of case patterns", func(raw json.RawMessage) error {
			s.named = true
			if err := decodeAs(raw, &s.cases, `a list of case patterns such as ["*"] or ["1.*", "7.9.3"]`); err != nil {
				return err
			}
			if len(s.cases) == 0 {
				return fmt.Errorf(`is empty: give the cases to run, ["*"] for all of Autobahn's`)
			}
			return s.checkPatterns(s.cases, true, false)
		}},
		{"exclude-cases", "a list of case patterns", func(raw json.RawMessage) error {
			var pats []string
			if err := decodeAs(raw, &pats, `a list of case patterns such as ["9.*", "12.*"]`); err != nil {
				return err
			}
			if err := s.checkPatterns(pats, false, false); err != nil {
				return err
			}
			s.exclude = s.ids(pats, false)
			return nil
		}},
		{"exclude-agent-cases", "an object: agent pattern → list of case patterns", s.readAgentExcludes},
	}
}

// check is what the selection asks of the spec as a whole, once its
// fields are read.
func (s *caseSelection) check() error {
	if !s.named {
		return fmt.Errorf(`the spec has no "cases": give the cases to run, ["*"] for all of Autobahn's`)
	}
	if !slices.ContainsFunc(s.catalogue, s.keeps) {
		return fmt.Errorf(`"exclude-cases" excludes every case "cases" names: nothing would run`)
	}
	return nil
}

// readAgentExcludes reads exclude-agent-cases.
func (s *caseSelection) readAgentExcludes(raw json.RawMessage) error {
	var m map[string][]string
	if err := decodeAs(raw, &m, `an object that maps an agent pattern to a list of case patterns, such as {"MyServer": ["6.4.*"]}`); err != nil {
		return err
	}
	for _, agent := range sortedKeys(m) {
		if err := s.checkPatterns(m[agent], false, true); err != nil {
			return fmt.Errorf("for %q %v", agent, err)
		}
		s.agentExcludes = append(s.agentExcludes, agentExclude{agent: abPattern(agent, true), ids: s.ids(m[agent], true)})
	}
	return nil
}

// keeps reports whether the spec's cases, before the exclusions per
// agent, hold c.
func (s *caseSelection) keeps(c Case) bool {
	if s.exclude[c.ID] {
		return false
	}
	return slices.ContainsFunc(s.cases, func(p string) bool { return s.matches(p, c, false) })
}

// excludedFor reports whether exclude-agent-cases excludes case id for
// agent.
func (s *caseSelection) excludedFor(agent, id string) bool {
	for _, e := range s.agentExcludes {
		if e.agent.MatchString(agent) && e.ids[id] {
			return true
		}
	}
	return false
}

// ids are the IDs of the catalogue's cases that the patterns name.
func (s *caseSelection) ids(pats []string, whole bool) map[string]bool {
	out := map[string]bool{}
	for _, c := range s.catalogue {
		if slices.ContainsFunc(pats, func(p string) bool { return s.matches(p, c, whole) }) {
			out[c.ID] = true
		}
	}
	return out
}

// matches reports whether pattern p names case c. A pattern without "*"
// is an ID, in any case of letters. One with "*" is matched from the
// start of the ID, or whole (exclude-agent-cases), as Autobahn's; it
// names this project's own cases only when it starts with their letter,
// so that "*" is Autobahn's cases.
func (s *caseSelection) matches(p string, c Case, whole bool) bool {
	if !strings.Contains(p, "*") {
		return strings.EqualFold(c.ID, p)
	}
	p = strings.ToUpper(p)
	if !c.Category.Autobahn() && !strings.HasPrefix(p, c.Category.Key) {
		return false
	}
	return abPattern(p, whole).MatchString(c.ID)
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

// checkPatterns checks case patterns: each must name a case of the
// catalogue. An exclude pattern (strict false) may also name a case of
// one of Autobahn's categories, since excluding it changes nothing.
func (s *caseSelection) checkPatterns(pats []string, strict, whole bool) error {
	for i, p := range pats {
		if !casePatternChars.MatchString(p) {
			return fmt.Errorf("item %d, %q, is not a case pattern: %s", i, p, s.patternHelp())
		}
		if slices.ContainsFunc(s.catalogue, func(c Case) bool { return s.matches(p, c, whole) }) {
			continue
		}
		if !strict {
			cat, _, _ := strings.Cut(p, ".")
			if slices.Contains(autobahnCategories, cat) {
				continue
			}
		}
		return fmt.Errorf("item %d, %q, names no case: %s", i, p, s.patternHelp())
	}
	return nil
}

// autobahnCategories are the numbers of Autobahn's categories.
var autobahnCategories = []string{"1", "2", "3", "4", "5", "6", "7", "9", "10", "12", "13"}

// patternHelp says what a case pattern in a spec may be.
func (s *caseSelection) patternHelp() string {
	var own []string
	for _, c := range s.catalogue {
		if !c.Category.Autobahn() && !slices.Contains(own, c.Category.Key) {
			own = append(own, c.Category.Key)
		}
	}
	return fmt.Sprintf(`a case is named by its ID as in Autobahn|Testsuite ("7.9.3") or by a pattern where * stands for any characters ("6.*", "7.9.*", "*"); `+
		`"*" is all of Autobahn's cases, and this project's own (%s) run only when named ("%s.*"); %s`,
		strings.Join(own, ", "), own[0], s.listHint)
}

// abOption is one of Autobahn's protocol options: the kind of value it
// holds ("bool", "number", "numbers", "strings", "any"), and why it is
// not acted on ("" when it is, or when it changes nothing here).
type abOption struct {
	kind, note string
}

// checkOptions checks Autobahn's options at at against the options of
// one end (abClientOptions, abServerOptions): known names, values of the
// right kind, a protocol version this project speaks. It returns notes
// for the options it does not act on.
func checkOptions(at string, opts map[string]json.RawMessage, known map[string]abOption) ([]string, error) {
	var notes []string
	for _, name := range sortedKeys(opts) {
		o, ok := known[name]
		if !ok {
			return nil, fmt.Errorf("spec field %s.%s is not one of Autobahn's options; they are %s", at, name, strings.Join(sortedKeys(known), ", "))
		}
		raw := opts[name]
		var err error
		switch o.kind {
		case "bool":
			var b bool
			err = decodeAs(raw, &b, "true or false")
			if err == nil && name == "failByDrop" && b {
				notes = append(notes, at+".failByDrop is not used: wssample fails a connection with a close frame, as Autobahn does with failByDrop false (its spec conformance setting)")
			}
		case "number":
			var n float64
			err = decodeAs(raw, &n, "a number")
			if err == nil && name == "version" && n != 13 && n != 18 {
				err = fmt.Errorf("is %v: this checker speaks RFC 6455 only (Autobahn's version 18, the wire's 13)", n)
			}
		case "numbers": // the server's "versions", the only one
			var ns []float64
			err = decodeAs(raw, &ns, "a list of numbers")
			switch {
			case err != nil:
			case !slices.Contains(ns, 13):
				err = fmt.Errorf("is %v: this server speaks RFC 6455 only, the wire's version 13, which the list must hold", ns)
			case slices.ContainsFunc(ns, func(v float64) bool { return v != 13 }):
				notes = append(notes, fmt.Sprintf("%s.versions is %v: the fuzzing server answers version 13 (RFC 6455) only", at, ns))
			}
		case "strings":
			var ss []string
			err = decodeAs(raw, &ss, "a list of strings")
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

// readSpecObject reads a spec file's text as a JSON object.
func readSpecObject(data []byte) (map[string]json.RawMessage, error) {
	var top map[string]json.RawMessage
	if err := strictJSON(data, &top); err != nil {
		return nil, fmt.Errorf("the spec is not a JSON object: %v", err)
	}
	return top, nil
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
