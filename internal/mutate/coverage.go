package main

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Test is one top-level test (or example, or fuzz target's seeds) of a
// package, with how long it took alone when its coverage was taken.
type Test struct {
	Pkg  string // the package whose test it is: the mutated one, or one that imports it
	Name string
	Took time.Duration
}

// key names the test among those of every package that tests a mutant.
func (t Test) key() string { return t.Pkg + " " + t.Name }

// Block is one block of Go's coverage profile (a run of statements that
// execute together) and the tests that executed it.
type Block struct {
	StartLine, StartCol, EndLine, EndCol int
	Tests                                []int // indices into Coverage.Tests
}

// Coverage is, for one package, which of its tests executes which block
// of its code. It is taken once per state of the package's files and
// cached in a JSON file.
type Coverage struct {
	Tests  []Test
	Blocks map[string][]Block // by file name: "echo.go"
}

// takeCoverage returns the package's per-test coverage by the tests of
// testPkgs (the package itself, and any package whose tests exercise it
// more, as wsclient's do wsclient/internal/wire): from the cache in dir
// when their files are unchanged since it was taken, otherwise by
// compiling each test package's tests once with coverage of pkg and
// running each test alone. Tests whose names match the test package's
// skip are left out, and so is a test that fails three times on the
// unchanged code (it would "kill" every mutant), with a warning.
func takeCoverage(root, pkg string, testPkgs []string, skip map[string]*regexp.Regexp, dir string) (*Coverage, error) {
	key, err := sourceKey(root, testPkgs, skip)
	if err != nil {
		return nil, err
	}
	cache := filepath.Join(dir, "coverage-"+key[:16]+".json")
	if b, err := os.ReadFile(cache); err == nil {
		var c Coverage
		if json.Unmarshal(b, &c) == nil {
			fmt.Printf("coverage of %d tests from %s\n", len(c.Tests), cache)
			return &c, nil
		}
	}

	c := &Coverage{Blocks: map[string][]Block{}}
	index := map[string]int{} // "file:sl.sc,el.ec" -> index in c.Blocks[file]
	for _, tp := range testPkgs {
		names, err := listTests(root, tp, skip[tp])
		if err != nil {
			return nil, err
		}
		bin := filepath.Join(dir, "cover-"+binName(tp)+".test")
		build := exec.Command("go", "test", "-c", "-cover", "-covermode=set", "-coverpkg=./"+pkg, "-o", bin, "./"+tp)
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("compiling %s's tests with coverage: %v\n%s", tp, err, out)
		}
		fmt.Printf("taking the coverage of %s by %d tests of %s, each alone\n", pkg, len(names), tp)
		for _, name := range names {
			profile := filepath.Join(dir, "test.cover")
			// A test that fails on the unchanged code gets two more tries: on
			// a loaded machine a timing-sensitive test may fail once.
			var took time.Duration
			var out []byte
			var err error
			for try := 0; try < 3 && (try == 0 || err != nil); try++ {
				run := exec.Command(bin, "-test.run", "^"+name+"$", "-test.count=1", "-test.timeout=10m",
					"-test.coverprofile="+profile)
				run.Dir = filepath.Join(root, tp)
				start := time.Now()
				out, err = run.CombinedOutput()
				took = time.Since(start)
			}
			if err != nil {
				fmt.Printf("  warning: %s.%s fails on the unchanged code (three times), left out: %v\n%s\n", tp, name, err, tail(out, 20))
				continue
			}
			t := len(c.Tests)
			c.Tests = append(c.Tests, Test{Pkg: tp, Name: name, Took: took})
			if err := readProfile(profile, func(file, span string, b Block, count int) {
				i, ok := index[file+":"+span]
				if !ok {
					i = len(c.Blocks[file])
					index[file+":"+span] = i
					c.Blocks[file] = append(c.Blocks[file], b)
				}
				if count > 0 {
					c.Blocks[file][i].Tests = append(c.Blocks[file][i].Tests, t)
				}
			}); err != nil {
				return nil, err
			}
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return c, os.WriteFile(cache, b, 0o644)
}

// binName is a package's directory as a file name: "wsclient-internal-wire".
func binName(pkg string) string { return strings.ReplaceAll(pkg, "/", "-") }

// sourceKey is a hash of what the coverage depends on: the Go files
// (code and tests) of the test packages, the first of which is the
// mutated one, the tests left out, and the Go version. A change in
// another package they import is not in it: -fresh takes the coverage
// again.
func sourceKey(root string, testPkgs []string, skip map[string]*regexp.Regexp) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", runtime.Version())
	for _, tp := range testPkgs {
		fmt.Fprintf(h, "%s %v\n", tp, skip[tp])
		files, err := filepath.Glob(filepath.Join(root, tp, "*.go"))
		if err != nil {
			return "", err
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// listTests returns the names of the package's tests, examples and fuzz
// targets (go test -list), less those matching skip.
func listTests(root, pkg string, skip *regexp.Regexp) ([]string, error) {
	cmd := exec.Command("go", "test", "-list", ".", "./"+pkg)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test -list ./%s: %v", pkg, err)
	}
	var names []string
	for _, line := range strings.Fields(string(out)) {
		if strings.HasPrefix(line, "Test") || strings.HasPrefix(line, "Example") || strings.HasPrefix(line, "Fuzz") {
			if skip == nil || !skip.MatchString(line) {
				names = append(names, line)
			}
		}
	}
	return names, nil
}

// readProfile calls fn for each block of a coverage profile
// ("module/pkg/file.go:12.3,14.2 2 1"), with the file's base name.
func readProfile(path string, fn func(file, span string, b Block, count int)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") || line == "" {
			continue
		}
		colon := strings.LastIndex(line, ":")
		fields := strings.Fields(line[colon+1:])
		if colon < 0 || len(fields) != 3 {
			return fmt.Errorf("%s: a line not of a coverage profile: %q", path, line)
		}
		var b Block
		if _, err := fmt.Sscanf(fields[0], "%d.%d,%d.%d", &b.StartLine, &b.StartCol, &b.EndLine, &b.EndCol); err != nil {
			return fmt.Errorf("%s: %q: %v", path, line, err)
		}
		count, err := strconv.Atoi(fields[2])
		if err != nil {
			return fmt.Errorf("%s: %q: %v", path, line, err)
		}
		fn(filepath.Base(line[:colon]), fields[0], b, count)
	}
	return sc.Err()
}

// Covering returns the tests that execute the mutant's spot, fastest
// first. found is false when no block of the profile holds the spot (and
// the mutant is not outside every function): no test can reach it.
func (c *Coverage) Covering(m Mutant) (tests []Test, found bool) {
	if m.PackageLevel {
		tests = slices.Clone(c.Tests)
		found = true
	}
	seen := map[string]bool{}
	for _, t := range tests {
		seen[t.key()] = true
	}
	for _, b := range c.Blocks[m.File] {
		if b.contains(m.CovLine, m.CovCol) {
			found = true
			for _, i := range b.Tests {
				if t := c.Tests[i]; !seen[t.key()] {
					seen[t.key()] = true
					tests = append(tests, t)
				}
			}
		}
	}
	slices.SortStableFunc(tests, func(a, b Test) int { return cmp.Compare(a.Took, b.Took) })
	return tests, found
}

func (b Block) contains(line, col int) bool {
	after := line > b.StartLine || line == b.StartLine && col >= b.StartCol
	before := line < b.EndLine || line == b.EndLine && col <= b.EndCol
	return after && before
}

// tail is the last n lines of out, for a message.
func tail(out []byte, n int) string {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
