package main

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
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
