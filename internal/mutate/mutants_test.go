package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The mutants of a small file: gremlins' kinds at each operator, none for
// a string concatenation, a case condition looked up at its switch, a
// constant's value marked as used by every test.
func TestFindMutants(t *testing.T) {
	const src = `package p

const limit = 1 << 10 - 1

func f(a, b int, s string) int {
	s = s + "x"
	switch {
	case a < b:
		a++
	}
	return -a * b
}
`
	path := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ms, err := FindMutants("p", path)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		place      string
		kind       Kind
		to         string
		cov        [2]int
		everyTest  bool
		mutatedSrc string
	}
	var got []row
	for _, m := range ms {
		b, err := m.Apply([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		got = append(got, row{m.Name(), m.Kind, m.To.String(), [2]int{m.CovLine, m.CovCol}, m.PackageLevel, lines[m.Line-1]})
	}
	want := []row{
		{"p/p.go:3:23", ArithmeticBase, "+", [2]int{3, 23}, true, "const limit = 1 << 10 + 1"},
		{"p/p.go:8:9", ConditionalsBoundary, "<=", [2]int{7, 2}, false, "\tcase a <= b:"},
		{"p/p.go:8:9", ConditionalsNegation, ">=", [2]int{7, 2}, false, "\tcase a >= b:"},
		{"p/p.go:9:4", IncrementDecrement, "--", [2]int{9, 4}, false, "\t\ta--"},
		{"p/p.go:11:12", ArithmeticBase, "/", [2]int{11, 12}, false, "\treturn -a / b"},
		{"p/p.go:11:9", InvertNegatives, "+", [2]int{11, 9}, false, "\treturn +a * b"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("mutants:\n got %v\nwant %v", got, want)
	}
}

// A block of a coverage profile holds the positions from its start to its
// end, both included.
func TestBlockContains(t *testing.T) {
	b := Block{StartLine: 3, StartCol: 10, EndLine: 5, EndCol: 2}
	for _, tc := range []struct {
		line, col int
		want      bool
	}{{3, 9, false}, {3, 10, true}, {4, 1, true}, {5, 2, true}, {5, 3, false}, {2, 50, false}, {6, 1, false}} {
		if got := b.contains(tc.line, tc.col); got != tc.want {
			t.Errorf("%d:%d in %v: %v, want %v", tc.line, tc.col, b, got, tc.want)
		}
	}
}
