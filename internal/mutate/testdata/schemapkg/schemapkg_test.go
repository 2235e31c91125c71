package schemapkg

import (
	"os"
	"testing"
	"time"
)

func TestClamp(t *testing.T) {
	for n, want := range map[int]int{-3: 3, 0: 0, 20: 15} {
		if got := Clamp(n); got != want {
			t.Errorf("Clamp(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	if got := Count([]string{"a", "b", "a"}); got["a"] != 2 || got["b"] != 1 {
		t.Errorf("Count = %v", got)
	}
}

func TestTwice(t *testing.T) {
	if got := Twice(3 * time.Second); got != 6*time.Second {
		t.Errorf("Twice = %v", got)
	}
}

// TestBig misses the boundary: 11 and 9, never 10.
func TestBig(t *testing.T) {
	if !Big(6, 5) || Big(4, 5) {
		t.Error("Big")
	}
}

// TestMean stands for a test the schema's closures change (a timing or an
// allocation test): it fails whenever the schema's variable is set, so
// Mean's mutants must go to the per-mutant compile even on the schema.
func TestMean(t *testing.T) {
	if _, set := os.LookupEnv("WSSAMPLE_MUTANT"); set {
		t.Fatal("run on the schema")
	}
	if got := Mean([]float64{1, 2, 6}); got != 3 {
		t.Errorf("Mean = %v", got)
	}
}

func TestLevels(t *testing.T) {
	if Low != 1 || High != 2 {
		t.Error("levels")
	}
}

func TestConcat(t *testing.T) {
	if Concat("a", "b") != "ab" {
		t.Error("Concat")
	}
}
