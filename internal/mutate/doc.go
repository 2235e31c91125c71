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
// whose coverage holds its line, the fast ones first, stopping at the
// first failure. It puts the mutant in with `go test -overlay`, so the
// tree is never edited, and it reaches what gremlins reports as "not
// covered" because Go's coverage profile has no counter there (a switch
// case's condition, a constant: go-gremlins/gremlins#298): a case
// condition runs whenever its switch does, and a package-level
// declaration is used by every test.
//
//	go run ./internal/mutate -pkg sampleserver
//	go run ./internal/mutate -pkg wsclient -files '^(uri|transfer)\.go$'
//	go run ./internal/mutate -pkg conformance -diff main
//	go run ./internal/mutate -pkg wsclient -only 'conn.go:333:'
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
//	  run.go             one mutant: compile with -overlay, run the covering tests, the verdict
package main
