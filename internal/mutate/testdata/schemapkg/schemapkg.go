// Package schemapkg is a tiny package for internal/mutate's own test: its
// mutants are run both ways (one binary for all, and each compiled
// alone) and must get the same verdicts. It has mutation sites of each
// kind, some the tests catch and some they miss, and sites a mutant
// schema cannot hold (so they take the per-mutant path in both runs).
package schemapkg

import "time"

// limit's - is in a constant expression: the schema cannot hold it.
const limit = 1<<4 - 1

// Level is an enumeration: iota + 1 is a constant too.
type Level int

// The levels.
const (
	Low Level = iota + 1
	High
)

// Clamp keeps n within 0..limit; a negative n is mirrored first.
func Clamp(n int) int {
	if n < 0 {
		n = -n
	}
	if n > limit {
		return limit
	}
	return n
}

// Count counts the words: a map element's ++ cannot take a pointer.
func Count(words []string) map[string]int {
	m := map[string]int{}
	for i := 0; i < len(words); i++ {
		m[words[i]]++
	}
	return m
}

// Concat joins two strings: a string +, whose mutant - does not compile.
func Concat(a, b string) string { return a + b }

// Twice is twice d: an untyped constant times a typed operand.
func Twice(d time.Duration) time.Duration { return 2 * d }

// Big says whether a and b add up to more than ten: a comparison whose
// operands span two lines.
func Big(a, b int) bool {
	return a+
		b > 10
}

// Mean is the mean of xs, 0 for none.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// Odd says whether n is odd.
func Odd(n int) bool { return n%2 == 1 }
