package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Status is a mutant's verdict, named as gremlins names it.
type Status string

// The verdicts.
const (
	Killed     Status = "KILLED"      // a covering test failed
	Lived      Status = "LIVED"       // every covering test passed
	TimedOut   Status = "TIMED OUT"   // the tests did not finish in time: a hang, so caught
	NotCovered Status = "NOT COVERED" // no test executes the spot
	NotViable  Status = "NOT VIABLE"  // the mutant does not compile: not counted
)

// quick is how long a test may have taken, when its coverage was taken,
// to run in a mutant's first round: the covering tests under it run
// first, and the slower ones only if those all pass.
const quick = time.Second

// Result is what became of one mutant. Its Status is empty when the run
// was interrupted before the verdict.
type Result struct {
	Mutant
	Status Status
	Tests  int           // how many tests covered it
	Build  time.Duration // compiling it (0 on the schema)
	Schema bool          // run on the package's schema binary, not compiled alone
	Took   time.Duration // compiling and testing it
}

// runner runs mutants of one package: from its schema binaries, or each
// in a directory of its own (one per worker) that holds the mutated
// file, the overlay naming it and the compiled test binaries.
type runner struct {
	root, pkg string
	testPkgs  []string // the packages whose tests run against the mutants, pkg first
	cov       *Coverage
	coef      int     // a round's time limit: coef times its tests' time, plus slack
	schema    *schema // the package's mutant schema; nil: every mutant compiled alone

	mu    sync.Mutex
	kills map[string]map[string]int // by file, by test's key: the mutants it killed there
}

// round is tests of one package run in one process.
type round struct {
	pkg   string
	tests []Test
}

// run tests the mutant numbered id (its index+1 in the package's list)
// against the tests that cover it, the quick ones first, failing fast:
// on the package's schema binaries when they hold it, otherwise on
// binaries of its own (go test -overlay with the mutated file: the tree
// is not touched).
func (r *runner) run(ctx context.Context, m Mutant, id int, dir string) (res Result) {
	start := time.Now()
	res.Mutant = m
	defer func() { res.Took = time.Since(start) }()
	tests, found := r.cov.Covering(m)
	res.Tests = len(tests)
	if !found || len(tests) == 0 {
		res.Status = NotCovered
		return res
	}
	var env []string
	bins := map[string]string{} // by test package
	switch {
	case r.schema != nil && r.schema.notViable[id]:
		// Known from the schema's compile: a - of strings.
		res.Status = NotViable
		return res
	case r.schema.holds(id):
		res.Schema = true
		bins, env = r.schema.bins, []string{schemaEnv + "=" + strconv.Itoa(id)}
	default:
		for _, tp := range r.testPkgs {
			if !slices.ContainsFunc(tests, func(t Test) bool { return t.Pkg == tp }) {
				continue // no test of tp covers it: no binary needed
			}
			bin, status := r.compile(ctx, m, tp, dir)
			res.Build = time.Since(start)
			switch {
			case status != "":
				res.Status = status
				return res
			case bin == "":
				return Result{} // interrupted: no verdict
			}
			bins[tp] = bin
		}
	}

	// Each package's quick tests in one run; then each slow one alone,
	// the likeliest to kill the mutant soonest first: a mutant the quick
	// tests miss was otherwise run against every slow test in the
	// package's order, the slowest possibly first.
	var rounds []round
	var rest []Test
	for _, tp := range r.testPkgs {
		var first []Test
		for _, t := range tests {
			switch {
			case t.Pkg != tp: // in that package's rounds
			case t.Took < quick:
				first = append(first, t)
			default:
				rest = append(rest, t)
			}
		}
		if len(first) > 0 {
			rounds = append(rounds, round{tp, first})
		}
	}
	for _, t := range r.likeliestFirst(m.File, rest) {
		rounds = append(rounds, round{t.Pkg, []Test{t}})
	}
	res.Status = Lived
	for _, rd := range rounds {
		if s := r.runRound(ctx, bins[rd.pkg], env, m.File, rd); s != Lived {
			res.Status = s
			break
		}
	}
	if ctx.Err() != nil {
		return Result{} // interrupted: the verdict may be the interruption's
	}
	return res
}

// compile builds the tests of the package tp with the mutant in place of
// its file into dir, and returns the binary; or the status that ends the
// mutant there: NotViable when it does not compile, "" with no binary
// when the run was interrupted.
func (r *runner) compile(ctx context.Context, m Mutant, tp, dir string) (bin string, status Status) {
	// The file may have changed since the mutant was found (an edit
	// during a long run): then the mutant cannot be put in, and says so.
	cannot := func(err error) (string, Status) {
		fmt.Fprintf(os.Stderr, "mutate: %s: %v (not counted)\n", m.Name(), err)
		return "", NotViable
	}
	src, err := os.ReadFile(filepath.Join(r.root, m.Pkg, m.File))
	if err != nil {
		return cannot(err)
	}
	mutated, err := m.Apply(src)
	if err != nil {
		return cannot(err)
	}
	file := filepath.Join(dir, m.File)
	overlay := filepath.Join(dir, "overlay.json")
	bin = filepath.Join(dir, "mutant-"+binName(tp)+".test")
	ov, _ := json.Marshal(map[string]map[string]string{
		"Replace": {filepath.Join(r.root, m.Pkg, m.File): file},
	})
	if err := os.WriteFile(file, mutated, 0o644); err != nil {
		return cannot(err)
	}
	if err := os.WriteFile(overlay, ov, 0o644); err != nil {
		return cannot(err)
	}
	build := exec.CommandContext(ctx, "go", "test", "-c", "-overlay", overlay, "-o", bin, "./"+tp)
	build.Dir = r.root
	err = build.Run()
	switch {
	case ctx.Err() != nil:
		return "", "" // interrupted: no verdict
	case err != nil:
		return "", NotViable
	}
	return bin, ""
}

// runRound runs a round of tests against the compiled mutant (env: what the
// schema binary needs to know which), stopping at the first failure,
// within coef times the time they took on the unchanged code plus five
// seconds (a loaded machine is slow to start a binary). The test that
// failed is counted as a killer in the mutant's file.
func (r *runner) runRound(ctx context.Context, bin string, env []string, file string, rd round) Status {
	out, timedOut, err := r.runTests(ctx, bin, rd.pkg, env, rd.tests, 5*time.Second, "-test.failfast")
	switch {
	case err == nil:
		return Lived
	case timedOut:
		return TimedOut
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.kills == nil {
		r.kills = map[string]map[string]int{}
	}
	if r.kills[file] == nil {
		r.kills[file] = map[string]int{}
	}
	for _, m := range failLine.FindAllSubmatch(out, -1) {
		r.kills[file][Test{Pkg: rd.pkg, Name: string(m[1])}.key()]++
	}
	return Killed
}

// failLine is a failed top-level test's line in a test binary's output
// (a subtest's is indented).
var failLine = regexp.MustCompile(`(?m)^--- FAIL: (\S+)`)

// likeliestFirst orders tests by their time over the mutants of the file
// they have killed so far (plus one): a fast test first, and a slow one
// that kills most mutants here before a slow one that has killed none.
func (r *runner) likeliestFirst(file string, tests []Test) []Test {
	r.mu.Lock()
	defer r.mu.Unlock()
	cost := func(t Test) float64 { return t.Took.Seconds() / float64(1+r.kills[file][t.key()]) }
	tests = slices.Clone(tests)
	slices.SortStableFunc(tests, func(a, b Test) int { return cmp.Compare(cost(a), cost(b)) })
	return tests
}

// failing runs tests of the package tp to the end (no failfast) and
// returns the names of those that failed, or hung when the run timed
// out. ok is false when the run failed and names none.
func (r *runner) failing(ctx context.Context, bin, tp string, tests []Test, env []string) (failed map[string]bool, ok bool) {
	out, _, err := r.runTests(ctx, bin, tp, env, tests, 30*time.Second)
	failed = map[string]bool{}
	for _, m := range failLine.FindAllSubmatch(out, -1) {
		failed[string(m[1])] = true
	}
	for _, m := range stillRunning.FindAllSubmatch(out, -1) {
		failed[string(m[1])] = true
	}
	return failed, err == nil || len(failed) > 0
}

// stillRunning is a test named after "panic: test timed out": running
// when the binary gave up.
var stillRunning = regexp.MustCompile(`(?m)^\t(\w+) \(`)

// runTests runs the tests (of the package tp) by name in tp's directory,
// within coef times the time they took on the unchanged code plus slack.
func (r *runner) runTests(ctx context.Context, bin, tp string, env []string, tests []Test, slack time.Duration, flags ...string) (out []byte, timedOut bool, err error) {
	var names []string
	var took time.Duration
	for _, t := range tests {
		names = append(names, t.Name)
		took += t.Took
	}
	limit := time.Duration(r.coef)*took + slack
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	args := append([]string{"-test.run", "^(" + strings.Join(names, "|") + ")$",
		"-test.count=1", "-test.timeout=" + (limit + 5*time.Second).String()}, flags...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = filepath.Join(r.root, tp)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	out, err = cmd.CombinedOutput()
	timedOut = errors.Is(ctx.Err(), context.DeadlineExceeded) || strings.Contains(string(out), "panic: test timed out")
	return out, timedOut, err
}
