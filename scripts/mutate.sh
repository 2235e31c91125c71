#!/usr/bin/env bash
# make mutate: mutation testing of the protocol code with gremlins (pinned
# in go.mod as a tool). Each mutant is one small change to the code (a < made
# <=, a + made -, a condition negated, ...); the package's tests run against
# it, and should fail: "killed". A mutant the tests pass is "lived": a
# change of behaviour no test notices, or a change that cannot alter
# behaviour (an equivalent mutant, listed in docs/mutation.md with why).
#
#   bash scripts/mutate.sh                          # every package below
#   MUTATE_PKGS="internal/wsframe" bash scripts/mutate.sh
#   MUTATE_DIFF=main bash scripts/mutate.sh         # only lines changed since main
#   MUTATE_PKGS=wsclient MUTATE_FILES='^(uri|transfer)\.go$' bash scripts/mutate.sh
#                                                   # only the files whose names match
#
# It prints each package's table row and every surviving mutant with its
# file and line; the logs and gremlins' JSON stay in MUTATE_OUT.
#
# Time: a mutant costs a compile of the package's tests plus their run
# (until the first failure: -failfast). One worker (MUTATE_WORKERS) at
# nice 19, so the machine stays usable; on the 2-core CI-sized machine,
# shared with other work, about 10 s a mutant in internal/wsframe (about
# 30 minutes for its ~170 mutants) and 15-40 s in the others (hours for
# the whole set: run one package, or MUTATE_DIFF for a change).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-go}
PKGS=${MUTATE_PKGS:-internal/wsframe wsclient sampleserver conformance}
WORKERS=${MUTATE_WORKERS:-1}
OUT=${MUTATE_OUT:-$ROOT/bin/mutate}
mkdir -p "$OUT"

# Which tests run against each mutant. Whole packages, less the tests that
# mostly wait out a timer or push hundreds of megabytes (each several
# seconds a run, on every surviving mutant); what they hold is held by
# faster tests too, and `make test` still runs them. The soak tests need
# WSSAMPLE_SOAK and do not run here either.
declare -A SKIP=(
	[internal/wsframe]=''
	[wsclient]='^(TestSendFileConnectionLostMidTransfer|TestSendFileEchoVerifiedWithBoundedMemory|TestPingWithoutPong|TestPingPayloadRFC6455Section5_5_3|TestSoak.*)$'
	[sampleserver]='^(TestSlowHeadersAreCut|TestSoak.*)$'
	[conformance]='^(TestBuiltinEcho|TestRunCancel)$'
)
# gremlins stops a mutant's tests after the first (coverage) run's time
# times this: generous, since a loaded machine compiles slowly and the
# first run's compile came from the cache. MUTATE_COEF overrides it: on a
# loaded machine the first run is itself slow, and a lower one keeps a
# mutant that hangs the tests from costing minutes.
declare -A COEF=([internal/wsframe]=15 [wsclient]=4 [sampleserver]=6 [conformance]=4)

diff=()
if [[ -n ${MUTATE_DIFF:-} ]]; then diff=(--diff "$MUTATE_DIFF"); fi

rows=()
for pkg in $PKGS; do
	name=${pkg//\//-}
	log=$OUT/$name.log
	flags=-count=1
	if [[ -n ${SKIP[$pkg]:-} ]]; then flags="$flags -skip=${SKIP[$pkg]}"; fi
	printf '\n==> %s  [%s]  GOFLAGS=%q\n' "$pkg" "$(date +%T)" "$flags"
	exclude=()
	if [[ -n ${MUTATE_FILES:-} ]]; then
		while read -r f; do
			[[ $(basename "$f") =~ $MUTATE_FILES ]] || exclude+=(--exclude-files "(^|/)${f#./}\$")
		done < <(cd "$pkg" && find . -name '*.go' -not -name '*_test.go')
	fi
	start=$SECONDS
	(cd "$pkg" && GOFLAGS=$flags nice -n 19 "$GO" tool gremlins unleash \
		--workers "$WORKERS" --timeout-coefficient "${MUTATE_COEF:-${COEF[$pkg]:-4}}" "${diff[@]}" "${exclude[@]}" \
		-o "$OUT/$name.json" >"$log" 2>&1) || { echo "gremlins failed on $pkg: see $log" >&2; tail -20 "$log" >&2; exit 1; }
	mins=$(((SECONDS - start + 59) / 60))
	# The status of each mutant is one line of the log: "KILLED <TYPE> at file:line:col".
	count() { grep -cE "^ *$1 " "$log" || true; }
	killed=$(count KILLED) lived=$(count LIVED) nc=$(count 'NOT COVERED') to=$(count 'TIMED OUT') nv=$(count 'NOT VIABLE')
	total=$((killed + lived + nc + to))
	score=$(awk -v k="$killed" -v t="$to" -v l="$lived" 'BEGIN { if (k + t + l) printf "%.1f %%", 100 * (k + t) / (k + t + l); else print "-" }')
	rows+=("$(printf '| %s | %d | %d | %d | %d | %d | %s | %d min |' "$pkg" "$total" "$killed" "$lived" "$nc" "$to" "$score" "$mins")")
	echo "survivors (lived, then not covered) in $pkg:"
	grep -E '^ *(LIVED|NOT COVERED) ' "$log" | sed -E "s#^ *([A-Z ]+[A-Z]) ([A-Z_]+) at #  \1  \2  $pkg/#" || echo "  none"
	if [[ $nv -gt 0 ]]; then echo "  ($nv mutants did not compile: not counted)"; fi
done

printf '\n==> make mutate  [%s]\n' "$(date +%T)"
echo "| package | mutants | killed | survived | not covered | timed out | score | time |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo "score: (killed + timed out) / (killed + timed out + survived): of the mutants the tests ran, the share they caught."
echo "Not covered: mutants gremlins never runs. Most are in a switch case's condition or a constant, to which Go's"
echo "coverage profile gives no counter (go-gremlins/gremlins#298); the lines are listed above for a person to judge."
