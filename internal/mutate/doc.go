// Command mutate is make mutate's driver: mutation testing of the
// protocol packages, one mutant at a time, each run against only the
// tests that execute the mutated line.
//
// A mutant is one small change to a package's code, of the kinds
// gremlins (https://gremlins.dev) makes: a < made <=, a == made !=, a +
// made -, a ++ made --, a -x made +x. The tests that execute that spot
// run against it and should fail: the mutant is "killed". One they pass
// "lived": a change of behaviour no test notices, or a change that cannot
// alter behaviour (an equivalent mutant, listed in docs/mutation.md with
// why).
//
// Why not gremlins itself: it runs the whole package's tests against each
// mutant. In wsclient, conformance and sampleserver that is 15-40 s a
// mutant, hours a package. This driver takes each test's coverage once
// (cached under bin/mutate/), then runs a mutant against the few tests
// whose coverage holds its line, stopping at the first failure: the fast
// ones together first, then each slow one alone, those that killed most
// mutants of the same file before, for their time, first. An internal
// package is tested by its parent's tests too (wsclient/internal/wire by
// wsclient's: alsoTestedBy). It reaches what gremlins reports as "not
// covered" because Go's coverage profile has no counter there (a switch
// case's condition, a constant: go-gremlins/gremlins#298): a case
// condition runs whenever its switch does, and a package-level
// declaration is used by every test.
//
// One compile per package: a mutant schema. Compiling the package's test
// binary was most of a mutant's time, so every mutant of the package is
// compiled into one binary (put in with `go test -overlay`: the tree is
// never edited), each mutation site asking at run time whether it is the
// active mutant (WSSAMPLE_MUTANT, read once): a comparison becomes a
// closure that returns the original or a mutated comparison, an
// arithmetic operator a call of a generic helper, x++ a call with &x.
// The rewrites need no type information and keep every line where it
// was, so a compiler error names its site. What a schema cannot hold (a
// constant expression, iota, a map element's ++, an untyped operand the
// generic call would type differently) the compiler refuses: the schema
// is compiled with -gcflags=-e, the sites each error points at are left
// out, and it is compiled again. Those mutants, and those of a test that
// fails on the schema with no mutant active (a timing or an allocation
// test the closures change), are compiled alone, one overlay each, as
// before; -schema=false compiles every mutant alone, to compare.
//
//	go run ./internal/mutate -pkg sampleserver
//	go run ./internal/mutate -pkg wsclient -files '^(uri|transfer)\.go$'
//	go run ./internal/mutate -pkg conformance -diff main
//	go run ./internal/mutate -pkg wsclient -only 'conn.go:333:'
//	go run ./internal/mutate -pkg sampleserver -files '^echo\.go$' -schema=false
//
// scripts/mutate.sh (make mutate) runs it over the four packages, with
// the knobs MUTATE_PKGS, MUTATE_FILES, MUTATE_DIFF and MUTATE_ONLY.
//
// The files (TestDocMap fails when one is missing here or one named here
// is gone):
//
//	internal/mutate/     make mutate's driver
//	  coverage.go        each test's coverage, taken once and cached; the tests that cover a spot
//	  diff.go            the lines changed since a git revision (-diff)
//	  doc.go             this overview
//	  main.go            flags, the loop over packages, the table
//	  mutants.go         finding the mutants in a file (gremlins' kinds) and writing one out
//	  run.go             one mutant: on the schema or compiled alone, run the covering tests, the verdict
//	  schema.go          the mutant schema: every site rewritten, compiled once, what it cannot hold left out
package main
