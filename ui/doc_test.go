package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The map in doc.go names every file of ui, its sub-packages and
// internal/present, and only files that exist: a file added without its
// line, or removed with its line left, fails here rather than drifting.
func TestDocMap(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	dirLine := regexp.MustCompile(`^//\t(\S+/)\s`)
	fileLine := regexp.MustCompile(`^//\t  (\S+\.go)\s`)
	mapped := map[string]bool{} // paths from the module root
	dirs := map[string]bool{}
	dir := ""
	for _, l := range strings.Split(string(src), "\n") {
		if m := dirLine.FindStringSubmatch(l); m != nil {
			dir = m[1]
			dirs[strings.TrimSuffix(dir, "/")] = true
		} else if m := fileLine.FindStringSubmatch(l); m != nil {
			if dir == "" {
				t.Fatalf("doc.go maps %s under no directory", m[1])
			}
			mapped[dir+m[1]] = true
		}
	}
	if len(mapped) == 0 {
		t.Fatal("doc.go has no map")
	}

	// Every package under ui, and internal/present, is in the map.
	want := []string{"internal/present"}
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if gos, _ := filepath.Glob(filepath.Join(path, "*.go")); len(gos) > 0 {
			want = append(want, filepath.ToSlash(filepath.Join("ui", path)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range want {
		if !dirs[d] {
			t.Errorf("doc.go's map has no section for %s/", d)
		}
	}

	// In each, every file but the tests is mapped, and every file mapped is there.
	var found []string
	for d := range dirs {
		gos, _ := filepath.Glob(filepath.Join("..", filepath.FromSlash(d), "*.go"))
		if len(gos) == 0 {
			t.Errorf("doc.go maps %s/, which has no Go files", d)
		}
		for _, g := range gos {
			if !strings.HasSuffix(g, "_test.go") {
				found = append(found, d+"/"+filepath.Base(g))
			}
		}
	}
	for _, f := range found {
		if !mapped[f] {
			t.Errorf("%s is missing from doc.go's map", f)
		}
	}
	for f := range mapped {
		if !slices.Contains(found, f) {
			t.Errorf("doc.go maps %s, which does not exist", f)
		}
	}
}
