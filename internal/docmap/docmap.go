// Package docmap keeps the maps of files in the packages' doc comments
// true. A map is only worth reading while it is right, and nothing but a
// test notices when a file is added without its line or removed with its
// line left; so each package with a map has a one-line test, TestDocMap,
// that calls Check.
//
// A map is a code block in the package comment: a line per directory,
// its path from the module root ending in a slash, and under it a line
// per file, indented two spaces, each followed by a short description:
//
//	ui/                the shell and the scenario pages
//	  window.go        the window
//	  doc.go           this map
//	ui/kit/            what every view shares
//	  theme.go         the one theme file
//
// Paths are from the module root, not from the package, so that one map
// can cover a package and the packages below it (ui's covers ui/kit and
// the rest); the module root itself is "./". Test files are not listed:
// they sit beside what they test.
package docmap

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Check fails t for each way the map in docFile's package comment differs
// from the files on disk: a non-test Go file of a mapped directory that
// the map leaves out, a file it names that is not there, a directory
// mapped twice or with no Go files. The directory of docFile must have a
// section, and so must each of trees (directories from the module root)
// and every package below them, so that a new package cannot slip past
// the map by having no section at all.
//
// docFile is read from the working directory, which in a test is the
// package's own, so a package's test passes "doc.go" (the root package,
// "main.go"). The module root is the nearest directory up from there that
// holds go.mod.
func Check(t testing.TB, docFile string, trees ...string) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems(root, docFile, trees) {
		t.Error(p)
	}
}

// moduleRoot walks up from the working directory to go.mod, as the go
// command does, so Check works from any package's directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("docmap: no go.mod in the working directory or above it")
		}
		dir = parent
	}
}

// A map's lines, as the package comment's text has them (the comment
// markers gone, a code block's tab kept). Anything else in the comment,
// prose or another code block, matches neither.
var (
	dirLine  = regexp.MustCompile(`^\t(\S+/)(\s|$)`)
	fileLine = regexp.MustCompile(`^\t  (\S+\.go)(\s|$)`)
)

// problems is Check without the testing.TB, so that its own test can see
// what it finds: one sentence per problem, in a stable order.
func problems(root, docFile string, trees []string) []string {
	name := filepath.Base(docFile)
	doc, err := packageDoc(docFile)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	report := func(format string, args ...any) {
		out = append(out, name+" "+fmt.Sprintf(format, args...))
	}

	// Read the map: paths from the module root, slash-separated, the
	// root itself ".".
	sections := map[string]bool{}
	mapped := map[string]bool{}
	dir := ""
	for _, l := range strings.Split(doc, "\n") {
		if m := dirLine.FindStringSubmatch(l); m != nil {
			dir = path.Clean(m[1])
			if sections[dir] {
				report("maps %s twice", m[1])
			}
			sections[dir] = true
		} else if m := fileLine.FindStringSubmatch(l); m != nil {
			if dir == "" {
				report("maps %s under no directory", m[1])
				continue
			}
			f := path.Join(dir, m[1])
			if mapped[f] {
				report("maps %s twice", f)
			}
			mapped[f] = true
		}
	}
	if len(mapped) == 0 {
		report("has no map in its package comment")
		return out
	}

	// The directories that must have a section: the doc's own, and every
	// package in the trees asked for.
	want := map[string]bool{}
	own, err := filepath.Abs(docFile)
	if err == nil {
		own, err = filepath.Rel(root, filepath.Dir(own))
	}
	if err != nil {
		return append(out, err.Error())
	}
	want[filepath.ToSlash(own)] = true
	for _, tree := range trees {
		pkgs, err := packages(root, tree)
		if err != nil {
			return append(out, err.Error())
		}
		for _, p := range pkgs {
			want[p] = true
		}
	}
	for _, d := range sorted(want) {
		if !sections[d] {
			report("has no section for %s/", d)
		}
	}

	// In each section's directory, every file but the tests is mapped,
	// and every file mapped is there.
	onDisk := map[string]bool{}
	for _, d := range sorted(sections) {
		gos, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(d), "*.go"))
		if len(gos) == 0 {
			report("maps %s/, which has no Go files", d)
		}
		for _, g := range gos {
			if !strings.HasSuffix(g, "_test.go") {
				onDisk[path.Join(d, filepath.Base(g))] = true
			}
		}
	}
	for _, f := range sorted(onDisk) {
		if !mapped[f] {
			report("leaves out %s", f)
		}
	}
	for _, f := range sorted(mapped) {
		switch {
		case onDisk[f]:
		case strings.HasSuffix(f, "_test.go"):
			report("maps %s, a test; the map leaves tests out", f)
		default:
			report("maps %s, which does not exist", f)
		}
	}
	return out
}

// packageDoc returns the text of the file's package comment, the part
// `go doc` shows; comments further down (main.go's cgo preamble) are not
// the map.
func packageDoc(file string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("%s has no package comment", file)
	}
	return f.Doc.Text(), nil
}

// packages lists tree (from the module root) and every directory below it
// that holds Go files, skipping what the go command skips: testdata and
// names starting with "." or "_".
func packages(root, tree string) ([]string, error) {
	var out []string
	start := filepath.Join(root, filepath.FromSlash(tree))
	err := filepath.WalkDir(start, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if n := d.Name(); p != start && (n == "testdata" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
			return filepath.SkipDir
		}
		if gos, _ := filepath.Glob(filepath.Join(p, "*.go")); len(gos) > 0 {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

// sorted returns a set's members in order, so problems are reported in
// the same order every run.
func sorted(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
