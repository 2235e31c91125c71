#!/usr/bin/env bash
# make fuzz: run every fuzz target for a bounded time each (FUZZTIME,
# default 20s), not only its seeds (which `go test` runs anyway). The
# targets are found, not listed: every `func FuzzX(f *testing.F)` in a
# _test.go file. A failure stops the run; Go saves the input that failed
# under the package's testdata/fuzz/<target>/ (commit it: it becomes a seed
# that every `go test` runs).
#
#   bash scripts/fuzz.sh                  # every target, 20 s each
#   FUZZTIME=2m bash scripts/fuzz.sh      # longer
#
# Go fuzzes one target of one package at a time, with -parallel workers
# (FUZZ_PARALLEL, default 2: the 2-core machine).
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-20s}
PARALLEL=${FUZZ_PARALLEL:-2}

targets=$(grep -rE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
	sed -E 's#^\./(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#; s#^\./[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#. \1#' | sort -u)
if [[ -z $targets ]]; then echo "no fuzz targets found" >&2; exit 1; fi
n=$(wc -l <<<"$targets")
echo "$n fuzz targets, $FUZZTIME each:"
while read -r dir target; do
	printf '\n==> %s in ./%s  [%s]\n' "$target" "$dir" "$(date +%T)"
	"$GO" test -run '^$' -fuzz "^$target\$" -fuzztime "$FUZZTIME" -parallel "$PARALLEL" "./$dir"
done <<<"$targets"
printf '\n==> make fuzz: %d targets passed, %s each  [%s]\n' "$n" "$FUZZTIME" "$(date +%T)"
