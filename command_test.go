package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

// The subcommands' shared reading of the command line: -h ends with 0,
// a wrong flag or a stray argument with 2 and a message, anything else
// goes on with the flags set.
func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		maxArgs int
		code    int
		goOn    bool
		stderr  []string // what stderr must hold
	}{
		{[]string{"-n", "3"}, 0, 0, true, nil},
		{[]string{"-n", "3", "ws://h/echo"}, 1, 0, true, nil},
		{nil, 1, 0, true, nil}, // too few is the command's to say
		{[]string{"-h"}, 0, 0, false, []string{"Usage: demo"}},
		{[]string{"-help"}, 1, 0, false, []string{"Usage: demo"}},
		{[]string{"-nope"}, 0, 2, false, []string{"flag provided but not defined: -nope", "Usage: demo"}},
		{[]string{"-n", "x"}, 0, 2, false, []string{`invalid value "x" for flag -n`}},
		{[]string{"extra"}, 0, 2, false, []string{`demo: unexpected argument "extra": it takes this and that`, "Usage: demo"}},
		{[]string{"a", "b"}, 1, 2, false, []string{`demo: unexpected argument "b": it takes this and that`}},
	} {
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		n := fs.Int("n", 0, "a number")
		fs.Usage = func() { fs.Output().Write([]byte("Usage: demo [-n N]\n")) }
		var stderr bytes.Buffer
		code, goOn := parseCommand(fs, tc.args, &stderr, tc.maxArgs, "it takes this and that")
		if code != tc.code || goOn != tc.goOn {
			t.Errorf("%q: code %d, go on %v; want %d, %v", tc.args, code, goOn, tc.code, tc.goOn)
		}
		for _, w := range tc.stderr {
			if !strings.Contains(stderr.String(), w) {
				t.Errorf("%q: stderr %q lacks %q", tc.args, stderr.String(), w)
			}
		}
		if tc.stderr == nil && stderr.Len() > 0 {
			t.Errorf("%q: stderr %q, want nothing", tc.args, stderr.String())
		}
		if goOn && len(tc.args) > 1 && *n != 3 {
			t.Errorf("%q: -n is %d, want 3", tc.args, *n)
		}
	}
}
