package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The mutant schema gives each mutant the verdict it gets compiled alone:
// both paths run over testdata/schemapkg, whose tests kill some mutants
// and miss others, and whose sites include each kind the schema cannot
// hold (a constant expression, iota, a map element's ++, a comparison
// over two lines, a string +) and a test that fails on the schema with
// no mutant active.
func TestSchemaGivesTheSameVerdicts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const pkg = "internal/mutate/testdata/schemapkg"
	ctx := context.Background()
	mutants, err := packageMutants(root, pkg, options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cov, err := takeCoverage(root, pkg, []string{pkg}, nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := buildSchema(ctx, root, pkg, []string{pkg}, mutants, dir)
	if err != nil {
		t.Fatal(err)
	}
	onSchema := &runner{root: root, pkg: pkg, testPkgs: []string{pkg}, cov: cov, coef: 4, schema: s}
	onSchema.checkSchema(ctx, s, mutants)

	// Which mutants the schema holds, by the line of their code.
	held := map[string]bool{}
	for i, m := range mutants {
		held[m.Code] = held[m.Code] || s.holds(i+1)
	}
	for code, want := range map[string]bool{
		"if n < 0 {":                        true,
		"n = -n":                            true,
		"for i := 0; i < len(words); i++ {": true,
		"func Twice(d time.Duration) time.Duration { return 2 * d }": true,
		"func Odd(n int) bool { return n%2 == 1 }":                   true,
		"const limit = 1<<4 - 1":                                     false, // a constant expression
		"Low Level = iota + 1":                                       false, // iota
		"m[words[i]]++":                                              false, // a map element's ++
		"b > 10":                                                     false, // operands over two lines
		"func Concat(a, b string) string { return a + b }":           false, // a string +
		"return sum / float64(len(xs))":                              false, // TestMean fails on the schema
	} {
		if held[code] != want {
			t.Errorf("%q: in the schema %v, want %v", code, held[code], want)
		}
	}

	alone := &runner{root: root, pkg: pkg, testPkgs: []string{pkg}, cov: cov, coef: 4}
	work := t.TempDir()
	seen := map[Status]bool{}
	for i, m := range mutants {
		a := alone.run(ctx, m, i+1, work)
		b := onSchema.run(ctx, m, i+1, work)
		seen[a.Status] = true
		t.Logf("%-11s alone %4.1f s, %-11s schema %4.1f s (held %5v)  %s → %s  %s", a.Status, a.Took.Seconds(), b.Status, b.Took.Seconds(), s.holds(i+1), m.From, m.To, m.Code)
		if a.Status != b.Status {
			t.Errorf("%s %s → %s (%s): alone %s, on the schema %s (held: %v)", m.Name(), m.From, m.To, m.Code, a.Status, b.Status, s.holds(i+1))
		}
	}
	// The fixture is worth its time only if it has each verdict.
	for _, st := range []Status{Killed, Lived, NotCovered, NotViable} {
		if !seen[st] {
			t.Errorf("no mutant %s: the fixture no longer tests that verdict (seen: %v)", st, slices.Collect(maps.Keys(seen)))
		}
	}
}

// A compiler error is blamed on the innermost site whose rewrite holds
// it; inside a comparison's closure, which repeats its operands as they
// were, on the sites within the comparison; outside every site, on every
// site of its line. A string + reported as not a number is not viable.
func TestSchemaBlamesTheSiteAnErrorPointsAt(t *testing.T) {
	const src = "package p\n\nfunc f(c Code, n int, s string) (bool, string) {\n\treturn c != -1 && n+1 > 2, s + s\n}\n"
	path := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	mutants, err := FindMutants("p", path)
	if err != nil {
		t.Fatal(err)
	}
	// The mutants' numbers by their operator and column: "!=:11".
	ids := map[string][]int{}
	var all []int
	for i, m := range mutants {
		k := fmt.Sprintf("%s:%d", m.From, m.Col)
		ids[k] = append(ids[k], i+1)
		all = append(all, i+1)
	}
	// at is the error's place: the n-th (from 1) occurrence of text in
	// the rewritten file.
	at := func(t *testing.T, w *rewriter, text string, n int) (line, col int) {
		out := string(w.out)
		i := -1
		for range n {
			j := strings.Index(out[i+1:], text)
			if j < 0 {
				t.Fatalf("%q not %d times in %s", text, n, out)
			}
			i += 1 + j
		}
		line = strings.Count(out[:i], "\n") + 1
		return line, i - strings.LastIndex(out[:i], "\n")
	}
	for _, tc := range []struct {
		name      string
		text      string // where the error is: the n-th occurrence of text
		n         int
		msg       string
		dropped   []string
		notViable []string
	}{
		{"inside a comparison: the site in it", "c != mutantSchemaNeg", 1, "invalid operation: mismatched types Code and int", []string{"-:14"}, nil},
		{"a call's own error", "mutantSchemaAdd(5", 3, "cannot use mutantSchemaAdd(…) as int value", []string{"+:21"}, nil},
		{"a string +", "mutantSchemaAdd(6", 1, "string does not satisfy mutantSchemaNumber", []string{"+:31"}, []string{"+:31"}},
		{"outside every site: the line's", "return", 1, "something else", []string{"!=:11", "-:14", "+:21", ">:24", "+:31"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &schema{ids: map[int]bool{}, why: map[int]string{}, notViable: map[int]bool{}}
			for _, i := range all {
				s.ids[i] = true
			}
			w, err := rewriteFile([]byte(src), mutants, all, s)
			if err != nil {
				t.Fatal(err)
			}
			line, col := at(t, w, tc.text, tc.n)
			w.drop(compileError{file: "p.go", line: line, col: col, msg: tc.msg})
			dropped := map[string]bool{}
			for _, k := range tc.dropped {
				dropped[k] = true
			}
			for k, list := range ids {
				for _, i := range list {
					if s.ids[i] == dropped[k] {
						t.Errorf("%s (%d): held %v, want %v", k, i, s.ids[i], !dropped[k])
					}
				}
			}
			for _, k := range tc.notViable {
				if !s.notViable[ids[k][0]] {
					t.Errorf("%s: not known not viable", k)
				}
			}
			if len(s.notViable) != len(tc.notViable) {
				t.Errorf("not viable: %v, want %v", s.notViable, tc.notViable)
			}
		})
	}
}
