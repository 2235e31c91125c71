package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	Build  time.Duration // compiling it
	Took   time.Duration // compiling and testing it
}

// runner runs mutants of one package, each in a directory of its own
// (one per worker) that holds the mutated file, the overlay naming it and
// the compiled test binary.
type runner struct {
	root, pkg string
	cov       *Coverage
	coef      int // a round's time limit: coef times its tests' time, plus slack
}

// run compiles the package's tests with the mutant in place of its file
// (go test -overlay: the tree is not touched) and runs the covering
// tests, the quick ones first, failing fast.
func (r *runner) run(ctx context.Context, m Mutant, dir string) (res Result) {
	start := time.Now()
	res.Mutant = m
	defer func() { res.Took = time.Since(start) }()
	tests, found := r.cov.Covering(m)
	res.Tests = len(tests)
	if !found || len(tests) == 0 {
		res.Status = NotCovered
		return res
	}
	// The file may have changed since the mutant was found (an edit
	// during a long run): then the mutant cannot be put in, and says so.
	cannot := func(err error) Result {
		fmt.Fprintf(os.Stderr, "mutate: %s: %v (not counted)\n", m.Name(), err)
		res.Status = NotViable
		return res
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
	bin := filepath.Join(dir, "mutant.test")
	ov, _ := json.Marshal(map[string]map[string]string{
		"Replace": {filepath.Join(r.root, m.Pkg, m.File): file},
	})
	if err := os.WriteFile(file, mutated, 0o644); err != nil {
		return cannot(err)
	}
	if err := os.WriteFile(overlay, ov, 0o644); err != nil {
		return cannot(err)
	}
	build := exec.CommandContext(ctx, "go", "test", "-c", "-overlay", overlay, "-o", bin, "./"+m.Pkg)
	build.Dir = r.root
	err = build.Run()
	res.Build = time.Since(start)
	if ctx.Err() != nil {
		return Result{} // interrupted: no verdict
	}
	if err != nil {
		res.Status = NotViable
		return res
	}

	var first, rest []Test
	for _, t := range tests {
		if t.Took < quick {
			first = append(first, t)
		} else {
			rest = append(rest, t)
		}
	}
	res.Status = Lived
	for _, round := range [][]Test{first, rest} {
		if len(round) == 0 {
			continue
		}
		if s := r.round(ctx, bin, round); s != Lived {
			res.Status = s
			break
		}
	}
	if ctx.Err() != nil {
		return Result{} // interrupted: the verdict may be the interruption's
	}
	return res
}

// round runs some tests against the compiled mutant, stopping at the
// first failure, within coef times the time they took on the unchanged
// code plus five seconds (a loaded machine is slow to start a binary).
func (r *runner) round(ctx context.Context, bin string, tests []Test) Status {
	var names []string
	var took time.Duration
	for _, t := range tests {
		names = append(names, t.Name)
		took += t.Took
	}
	limit := time.Duration(r.coef)*took + 5*time.Second
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^("+strings.Join(names, "|")+")$",
		"-test.failfast", "-test.count=1", "-test.timeout="+(limit+5*time.Second).String())
	cmd.Dir = filepath.Join(r.root, r.pkg)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	switch {
	case err == nil:
		return Lived
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || strings.Contains(string(out), "panic: test timed out"):
		return TimedOut
	default:
		return Killed
	}
}
