package docmap

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A module in a temp dir: pkg with a map in doc.go that covers pkg and
// pkg/sub, and the files each case starts from.
func TestProblems(t *testing.T) {
	const rightMap = `// Package pkg is mapped.
//
//	pkg/          the package
//	  a.go        a
//	  doc.go      this map
//	pkg/sub/      below it
//	  b.go        b
package pkg
`
	files := map[string]string{
		"go.mod":               "module example.com/m\n",
		"pkg/a.go":             "package pkg\n",
		"pkg/a_test.go":        "package pkg\n",
		"pkg/sub/b.go":         "package sub\n",
		"pkg/testdata/x.go":    "package x\n",
		"pkg/sub/.hidden/y.go": "package y\n",
	}
	for _, tc := range []struct {
		name  string
		doc   string            // pkg/doc.go
		file  string            // the file with the map, when not pkg/doc.go
		more  map[string]string // files added to the module
		gone  []string          // files removed from it
		trees []string
		want  []string
	}{
		{name: "right", doc: rightMap},
		{name: "right, every package under pkg asked for", doc: rightMap, trees: []string{"pkg"}},
		{
			name: "a file missing from the map",
			doc:  rightMap,
			more: map[string]string{"pkg/sub/c.go": "package sub\n"},
			want: []string{"doc.go leaves out pkg/sub/c.go"},
		},
		{
			name: "a mapped file gone",
			doc:  rightMap,
			gone: []string{"pkg/sub/b.go"},
			want: []string{"doc.go maps pkg/sub/, which has no Go files", "doc.go maps pkg/sub/b.go, which does not exist"},
		},
		{
			name:  "a package with no section",
			doc:   rightMap,
			more:  map[string]string{"pkg/sub/deeper/d.go": "package deeper\n"},
			trees: []string{"pkg"},
			want:  []string{"doc.go has no section for pkg/sub/deeper/"},
		},
		{
			name: "a package with no section, not asked for",
			doc:  rightMap,
			more: map[string]string{"pkg/sub/deeper/d.go": "package deeper\n"},
		},
		{
			name: "no section for the doc's own package",
			doc:  "// Package pkg.\n//\n//\tpkg/sub/  below\n//\t  b.go    b\npackage pkg\n",
			want: []string{"doc.go has no section for pkg/"},
		},
		{
			name: "a test mapped, a file twice, a file under no directory",
			doc:  "// Package pkg.\n//\n//\t  x.go  x\n//\tpkg/  p\n//\t  a.go  a\n//\t  a.go  a\n//\t  a_test.go  t\n//\t  doc.go  d\npackage pkg\n",
			want: []string{
				"doc.go maps x.go under no directory",
				"doc.go maps pkg/a.go twice",
				"doc.go maps pkg/a_test.go, a test; the map leaves tests out",
			},
		},
		{
			name: "the module root as ./",
			doc:  rightMap,
			file: "main.go",
			more: map[string]string{"main.go": "// Command m.\n//\n//\t./         the root\n//\t  main.go  main\npackage main\n\n// A comment below is not the map.\n//\n//\t  gone.go  x\n"},
		},
		{
			name: "the module root with a file missing",
			doc:  rightMap,
			file: "main.go",
			more: map[string]string{"main.go": "// Command m.\n//\n//\t./         the root\n//\t  main.go  main\npackage main\n", "serve.go": "package main\n"},
			want: []string{"main.go leaves out serve.go"},
		},
		{
			name: "no map",
			doc:  "// Package pkg has prose only.\n//\n//\tcode := 1\npackage pkg\n",
			want: []string{"doc.go has no map in its package comment"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			write := func(name, text string) {
				p := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for name, text := range files {
				write(name, text)
			}
			write("pkg/doc.go", tc.doc)
			for name, text := range tc.more {
				write(name, text)
			}
			for _, name := range tc.gone {
				if err := os.Remove(filepath.Join(root, filepath.FromSlash(name))); err != nil {
					t.Fatal(err)
				}
			}
			file := "pkg/doc.go"
			if tc.file != "" {
				file = tc.file
			}
			got := problems(root, filepath.Join(root, filepath.FromSlash(file)), tc.trees)
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n got  %q\n want %q", got, tc.want)
			}
		})
	}
}
