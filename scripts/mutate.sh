#!/usr/bin/env bash
# make mutate: mutation testing of the protocol code with this module's own
# driver, internal/mutate (its doc.go says how it works, and why not
# gremlins). Each mutant is one small change to the code (a < made <=, a +
# made -, a condition negated, ...); the tests that execute its line run
# against it, and should fail: "killed". A mutant they pass "lived": a
# change of behaviour no test notices, or a change that cannot alter
# behaviour (an equivalent mutant, listed in docs/mutation.md with why).
#
#   bash scripts/mutate.sh                          # every package below
#   MUTATE_PKGS="internal/wsframe" bash scripts/mutate.sh
#   MUTATE_DIFF=main bash scripts/mutate.sh         # only lines changed since main
#   MUTATE_PKGS=wsclient MUTATE_FILES='^(uri|transfer)\.go$' bash scripts/mutate.sh
#                                                   # only the files whose names match
#   MUTATE_PKGS=wsclient MUTATE_ONLY='conn\.go:333:' bash scripts/mutate.sh
#                                                   # only the mutants at these places
#   MUTATE_SCHEMA=false bash scripts/mutate.sh      # compile each mutant alone (no schema), to compare
#
# It prints each mutant's verdict as it comes, then each package's
# survivors with file, line and the line of code, then the table; each
# package's coverage and results.tsv stay in MUTATE_OUT.
#
# Time: each test's coverage is taken once (cached until the package's
# files change). Then the package's tests are compiled once with every
# mutant in (a mutant schema: each site checks at run time whether it is
# the active mutant), and a mutant costs a run of only the tests that
# execute its line. The few mutants a schema cannot hold (a constant
# expression, a map element's ++, ...) are compiled alone, one compile
# each. One worker (MUTATE_WORKERS) at nice 19, so the machine stays
# usable.
set -euo pipefail

cd "$(dirname "$0")/.."
exec nice -n 19 "${GO:-go}" run ./internal/mutate \
	-pkg "${MUTATE_PKGS:-internal/wsframe wsclient wsclient/internal/wire sampleserver conformance}" \
	-files "${MUTATE_FILES:-}" -diff "${MUTATE_DIFF:-}" -only "${MUTATE_ONLY:-}" \
	-workers "${MUTATE_WORKERS:-1}" -coef "${MUTATE_COEF:-4}" -out "${MUTATE_OUT:-bin/mutate}" \
	-schema="${MUTATE_SCHEMA:-true}"
