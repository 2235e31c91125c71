package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Both of Autobahn's spec files, fuzzingclient.json and
// fuzzingserver.json, are read by one reader (conformance's abspec.go):
// the same mistake in either gets the same message, with the field's
// path and what it may hold, and exit 2 before anything runs.
func TestSpecFileErrorsAlike(t *testing.T) {
	bases := []struct {
		command string
		run     func(args []string, stdout, stderr *bytes.Buffer) int
		spec    map[string]string // field → its JSON
	}{
		{"fuzzingclient", func(a []string, o, e *bytes.Buffer) int { return runFuzzingClient(a, o, e) },
			map[string]string{"servers": `[{"url": "ws://127.0.0.1:1"}]`, "cases": `["1.1.1"]`}},
		{"fuzzingserver", func(a []string, o, e *bytes.Buffer) int { return runFuzzingServer(a, o, e) },
			map[string]string{"url": `"ws://127.0.0.1:0"`, "cases": `["1.1.1"]`}},
	}
	for _, tc := range []struct {
		field, value string // value "" deletes the field
		words        string
	}{
		{"cases", `"*"`, `spec field "cases" must be a list of case patterns such as ["*"]`},
		{"cases", `[]`, `spec field "cases" is empty: give the cases to run`},
		{"cases", ``, `the spec has no "cases": give the cases to run, ["*"] for all of Autobahn's`},
		{"cases", `["8.*"]`, `spec field "cases" item 0, "8.*", names no case: a case is named by its ID as in Autobahn|Testsuite ("7.9.3") or by a pattern where * stands for any characters`},
		{"cases", `["6.[1]"]`, `spec field "cases" item 0, "6.[1]", is not a case pattern: a case is named by its ID`},
		{"exclude-cases", `["99.*"]`, `spec field "exclude-cases" item 0, "99.*", names no case`},
		{"exclude-cases", `["1.*"]`, `"exclude-cases" excludes every case "cases" names: nothing would run`},
		{"exclude-agent-cases", `{"A": "6.*"}`, `spec field "exclude-agent-cases" must be an object that maps an agent pattern to a list of case patterns`},
		{"exclude-agent-cases", `{"A": ["x"]}`, `spec field "exclude-agent-cases" for "A" item 0, "x", names no case`},
		{"options", `[]`, `spec field "options" must be an object of Autobahn's options`},
		{"options", `{"failbydrop": false}`, `spec field options.failbydrop is not one of Autobahn's options; they are `},
		{"options", `{"failByDrop": "no"}`, `spec field options.failByDrop must be true or false`},
		{"options", `{"autoPingInterval": "5"}`, `spec field options.autoPingInterval must be a number`},
		{"outdir", `""`, `spec field "outdir" is empty: give the directory for the reports`},
		{"outdir", `7`, `spec field "outdir" must be a string: the directory for the reports`},
		{"outdri", `"r"`, `spec field "outdri" is not a field of Autobahn's fuzzing `},
	} {
		for _, b := range bases {
			fields := map[string]json.RawMessage{}
			for k, v := range b.spec {
				fields[k] = json.RawMessage(v)
			}
			if tc.value == "" {
				delete(fields, tc.field)
			} else {
				fields[tc.field] = json.RawMessage(tc.value)
			}
			data, err := json.Marshal(fields)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), b.command+".json")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			code := b.run([]string{"-spec", file}, &out, &errOut)
			want := b.command + ": " + file + ": " + tc.words
			if code != 2 || !strings.Contains(errOut.String(), want) {
				t.Errorf("%s -spec %s:\n exit %d, stderr %q\nwant 2 and %q", b.command, data, code, errOut.String(), want)
			}
		}
	}
	// A file that is not a JSON object, and one that is not there.
	for _, b := range bases {
		file := filepath.Join(t.TempDir(), "spec.json")
		os.WriteFile(file, []byte(`["*"]`), 0o644)
		for _, c := range []struct{ file, words string }{
			{file, file + ": the spec is not a JSON object"},
			{file + ".none", "cannot read the spec: open " + file + ".none"},
		} {
			var out, errOut bytes.Buffer
			if code := b.run([]string{"-spec", c.file}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), b.command+": "+c.words) {
				t.Errorf("%s -spec %s: exit %d, stderr %q; want 2 and %q", b.command, c.file, code, errOut.String(), c.words)
			}
		}
	}
}
