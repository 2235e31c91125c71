package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// changedLines returns, for each file of the package (by name), the lines
// that differ from the git revision rev: the lines of "git diff -U0 rev"'s
// hunks on the new side.
func changedLines(root, pkg, rev string) (map[string]map[int]bool, error) {
	cmd := exec.Command("git", "diff", "-U0", rev, "--", pkg)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git diff %s -- %s: %v", rev, pkg, err)
	}
	changed := map[string]map[int]bool{}
	var file string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			// "+++ b/pkg/file.go"; a file of a package below pkg is not ours.
			file = ""
			if path := strings.TrimPrefix(line, "+++ b/"); filepath.Dir(path) == filepath.Clean(pkg) {
				file = filepath.Base(path)
			}
		case strings.HasPrefix(line, "@@ "):
			// "@@ -a,b +c,d @@": d lines from c on the new side (d is 1 when left out).
			fields := strings.Fields(line)
			if len(fields) < 3 {
				continue
			}
			start, count, _ := strings.Cut(strings.TrimPrefix(fields[2], "+"), ",")
			first, err := strconv.Atoi(start)
			if err != nil {
				return nil, fmt.Errorf("git diff: a hunk header not understood: %q", line)
			}
			n := 1
			if count != "" {
				if n, err = strconv.Atoi(count); err != nil {
					return nil, fmt.Errorf("git diff: a hunk header not understood: %q", line)
				}
			}
			if file == "" {
				continue
			}
			if changed[file] == nil {
				changed[file] = map[int]bool{}
			}
			for l := first; l < first+n; l++ {
				changed[file][l] = true
			}
		}
	}
	return changed, sc.Err()
}
