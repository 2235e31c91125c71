package main

import (
	"context"
	"flag"
	"fmt"
	"go/build"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// skip names, for each package, the tests never run against a mutant:
// those that mostly wait out a timer or push hundreds of megabytes
// (several seconds each, on every mutant they cover). What they hold is
// held by faster tests too, and `make test` still runs them. The soak
// tests need WSSAMPLE_SOAK and do not run here either.
var skip = map[string]string{
	"wsclient":     `^(TestSendFileConnectionLostMidTransfer|TestSendFileEchoVerifiedWithBoundedMemory|TestPingWithoutPong|TestPingPayloadRFC6455Section5_5_3|TestSoak.*)$`,
	"sampleserver": `^(TestSlowHeadersAreCut|TestSoak.*)$`,
	"conformance":  `^(TestBuiltinEcho|TestRunCancel)$`,
}

// alsoTestedBy names, for a package, the packages besides its own whose
// tests run against its mutants: an internal package that its parent's
// tests exercise far more than its own.
var alsoTestedBy = map[string][]string{
	"wsclient/internal/wire": {"wsclient"},
}

func main() {
	var (
		pkgs    = flag.String("pkg", "internal/wsframe wsclient wsclient/internal/wire sampleserver conformance", "the packages (directories from the module root), space-separated")
		files   = flag.String("files", "", "only the files whose names match this regexp")
		only    = flag.String("only", "", "only the mutants whose place (pkg/file.go:line:col) matches this regexp")
		diff    = flag.String("diff", "", "only the lines changed since this git revision")
		workers = flag.Int("workers", 1, "mutants tested at once")
		coef    = flag.Int("coef", 4, "a round of tests may take this many times what it took on the unchanged code (plus 5 s)")
		out     = flag.String("out", "bin/mutate", "where the coverage, the work directories and each package's results go")
		fresh   = flag.Bool("fresh", false, "take each test's coverage again even if the package's files are unchanged")
		dry     = flag.Bool("n", false, "list the mutants, test none")
		schema  = flag.Bool("schema", true, "compile the package's mutants into one test binary (a mutant schema); false: compile each mutant alone")
	)
	flag.Parse()
	root, err := os.Getwd()
	if err != nil {
		fail(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		fail(fmt.Errorf("run it from the module root: %v", err))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opt := options{files: *files, only: *only, diff: *diff, workers: *workers, coef: *coef, fresh: *fresh, schema: *schema}
	if *dry {
		for _, pkg := range strings.Fields(*pkgs) {
			mutants, err := packageMutants(root, pkg, opt)
			if err != nil {
				fail(err)
			}
			for _, m := range mutants {
				fmt.Printf("%-22s %s  %s → %s  in: %s\n", m.Kind, m.Name(), m.From, m.To, m.Code)
			}
		}
		return
	}
	var rows []string
	for _, pkg := range strings.Fields(*pkgs) {
		dir, err := filepath.Abs(filepath.Join(*out, strings.ReplaceAll(pkg, "/", "-")))
		if err != nil {
			fail(err)
		}
		row, err := mutatePackage(ctx, root, pkg, dir, opt)
		if err != nil {
			fail(err)
		}
		rows = append(rows, row)
		if ctx.Err() != nil {
			break // interrupted: the table of what was tested
		}
	}
	fmt.Printf("\n==> make mutate  [%s]\n", time.Now().Format(time.TimeOnly))
	fmt.Println("| package | mutants | killed | survived | not covered | timed out | score | time | s a mutant |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Println(r)
	}
	fmt.Println("score: (killed + timed out) / (killed + timed out + survived): of the mutants the tests ran, the share they caught.")
	fmt.Println("Not covered: no test executes the mutant's line. s a mutant: compiling and testing one, on average.")
}

type options struct {
	files, only, diff string
	workers, coef     int
	fresh, schema     bool
}

// mutatePackage finds the package's mutants, tests each against the
// tests that cover it, prints each verdict as it comes and the
// survivors at the end, writes them all to dir/results.tsv, and returns
// the package's row of the table.
func mutatePackage(ctx context.Context, root, pkg, dir string, opt options) (string, error) {
	fmt.Printf("\n==> %s  [%s]\n", pkg, time.Now().Format(time.TimeOnly))
	if opt.fresh {
		os.RemoveAll(dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	mutants, err := packageMutants(root, pkg, opt)
	if err != nil {
		return "", err
	}
	testPkgs := append([]string{pkg}, alsoTestedBy[pkg]...)
	skipRE := map[string]*regexp.Regexp{}
	for _, tp := range testPkgs {
		if skip[tp] != "" {
			skipRE[tp] = regexp.MustCompile(skip[tp])
		}
	}
	start := time.Now()
	cov, err := takeCoverage(root, pkg, testPkgs, skipRE, dir)
	if err != nil {
		return "", err
	}
	fmt.Printf("%d mutants; coverage ready in %s\n", len(mutants), time.Since(start).Round(time.Second))

	start = time.Now()
	r := &runner{root: root, pkg: pkg, testPkgs: testPkgs, cov: cov, coef: opt.coef}
	if opt.schema && len(mutants) > 0 {
		if r.schema, err = buildSchema(ctx, root, pkg, testPkgs, mutants, dir); err != nil {
			if ctx.Err() != nil {
				return "", err
			}
			fmt.Printf("  warning: %v\n  every mutant compiled alone\n", err)
		} else {
			r.checkSchema(ctx, r.schema, mutants)
			fmt.Printf("schema: %d of %d mutants in one test binary, ready in %s; the others compiled alone:\n",
				len(r.schema.ids), len(mutants), time.Since(start).Round(time.Second))
			why := map[string]int{}
			for _, w := range r.schema.why {
				why[w]++
			}
			for _, w := range slices.Sorted(maps.Keys(why)) {
				fmt.Printf("  %d: %s\n", why[w], w)
			}
		}
	}
	results := make([]Result, len(mutants))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := range opt.workers {
		// "_": the go command skips the directory in ./..., so the copy of
		// a package file in it is never built as a package of its own.
		work := filepath.Join(dir, fmt.Sprintf("_work%d", w))
		if err := os.MkdirAll(work, 0o755); err != nil {
			return "", err
		}
		wg.Go(func() {
			for i := range next {
				res := r.run(ctx, mutants[i], i+1, work)
				if res.Status == "" {
					continue // interrupted
				}
				results[i] = res
				mu.Lock()
				how := fmt.Sprintf("%.1f s compiling", res.Build.Seconds())
				if res.Schema {
					how = "schema"
				}
				fmt.Printf("%12s %-22s at %s  (%d tests; %.1f s: %s)\n",
					res.Status, res.Kind, res.Name(), res.Tests, res.Took.Seconds(), how)
				// results.tsv so far: a long run can be read before it ends.
				if err := writeResults(filepath.Join(dir, "results.tsv"), results); err != nil {
					fmt.Fprintln(os.Stderr, "mutate:", err)
				}
				mu.Unlock()
			}
		})
	}
	for i := range mutants {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	// Interrupted (^C): the mutants tested so far, those whose tests were
	// cut short left out.
	stopped := ""
	if ctx.Err() != nil {
		var done []Result
		for _, res := range results {
			if res.Status != "" {
				done = append(done, res)
			}
		}
		stopped = fmt.Sprintf(" (stopped after %d of %d mutants)", len(done), len(results))
		results = done
	}

	n := map[Status]int{}
	var ran int
	for _, res := range results {
		n[res.Status]++
		if res.Status != NotCovered {
			ran++
		}
	}
	if err := writeResults(filepath.Join(dir, "results.tsv"), results); err != nil {
		return "", err
	}
	fmt.Printf("survivors (lived, then not covered) in %s:\n", pkg)
	none := true
	for _, s := range []Status{Lived, NotCovered} {
		for _, res := range results {
			if res.Status == s {
				none = false
				fmt.Printf("  %s  %s  %s  %s → %s  in: %s\n", res.Status, res.Kind, res.Name(), res.From, res.To, res.Code)
			}
		}
	}
	if none {
		fmt.Println("  none")
	}
	if n[NotViable] > 0 {
		fmt.Printf("  (%d mutants did not compile: not counted)\n", n[NotViable])
	}
	caught := n[Killed] + n[TimedOut]
	score := "-"
	if caught+n[Lived] > 0 {
		score = fmt.Sprintf("%.1f %%", 100*float64(caught)/float64(caught+n[Lived]))
	}
	perMutant := "-"
	if ran > 0 {
		perMutant = fmt.Sprintf("%.1f", elapsed.Seconds()/float64(ran))
	}
	return fmt.Sprintf("| %s%s | %d | %d | %d | %d | %d | %s | %d min | %s |", pkg, stopped,
		n[Killed]+n[Lived]+n[NotCovered]+n[TimedOut], n[Killed], n[Lived], n[NotCovered], n[TimedOut],
		score, int(elapsed.Minutes()+0.999), perMutant), nil
}

// writeResults writes the verdicts so far (those with a status) as
// tab-separated values; binary says whether the mutant ran on the
// package's schema or was compiled alone.
func writeResults(path string, results []Result) error {
	var tsv strings.Builder
	tsv.WriteString("status\tkind\tplace\tfrom\tto\ttests\tseconds\tbinary\tcode\n")
	for _, res := range results {
		if res.Status == "" {
			continue
		}
		binary := "alone"
		if res.Schema {
			binary = "schema"
		}
		fmt.Fprintf(&tsv, "%s\t%s\t%s\t%s\t%s\t%d\t%.1f\t%s\t%s\n", res.Status, res.Kind, res.Name(), res.From, res.To, res.Tests, res.Took.Seconds(), binary, res.Code)
	}
	return os.WriteFile(path, []byte(tsv.String()), 0o644)
}

// packageMutants finds the mutants of the package's code files (not its
// tests, nor files this platform does not build), within the -files,
// -diff and -only filters.
func packageMutants(root, pkg string, opt options) ([]Mutant, error) {
	pkgDir := filepath.Join(root, pkg)
	paths, err := filepath.Glob(filepath.Join(pkgDir, "*.go"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	filesRE, err := regexp.Compile(opt.files)
	if err != nil {
		return nil, err
	}
	onlyRE, err := regexp.Compile(opt.only)
	if err != nil {
		return nil, err
	}
	var changed map[string]map[int]bool
	if opt.diff != "" {
		if changed, err = changedLines(root, pkg, opt.diff); err != nil {
			return nil, err
		}
	}
	var mutants []Mutant
	for _, path := range paths {
		name := filepath.Base(path)
		if strings.HasSuffix(name, "_test.go") || !filesRE.MatchString(name) {
			continue
		}
		if ok, err := build.Default.MatchFile(pkgDir, name); err != nil || !ok {
			continue // built on another platform only: its mutants would never be compiled
		}
		ms, err := FindMutants(pkg, path)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if changed != nil && !changed[m.File][m.Line] {
				continue
			}
			if onlyRE.MatchString(m.Name()) {
				mutants = append(mutants, m)
			}
		}
	}
	return mutants, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(1)
}
