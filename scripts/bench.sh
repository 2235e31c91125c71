#!/usr/bin/env bash
# make bench: how fast is wsclient, against the physical limit (raw TCP on
# loopback) and against Node's ws client, all through the app's own echo
# server. It prints numbers and ratios; it asserts nothing.
#
#   bash scripts/bench.sh            # about 4 minutes on 2 cores
#   BENCH_COUNT=5 bash scripts/bench.sh   # more runs per number (median)
#
# Everything runs on 127.0.0.1. Node's ws is installed into bench/node/
# node_modules (git-ignored); nodejs and npm come from apt when node is
# missing. Set BENCH_SKIP_NODE=1 to leave Node out.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-go}
COUNT=${BENCH_COUNT:-3}         # runs per number; the median is reported
BENCHTIME=${BENCH_TIME:-1s}     # go test -benchtime for the throughput benchmarks
SIZES=(11B 1KiB 64KiB 1MiB)
declare -A BYTES=([11B]=11 [1KiB]=1024 [64KiB]=65536 [1MiB]=1048576)
# Bytes the Node client streams per run (after its warm-up): about 1–2 s each.
declare -A NODE_TOTAL=([11B]=1000000 [1KiB]=64000000 [64KiB]=536870912 [1MiB]=536870912)

T0=$SECONDS
WORK=$(mktemp -d)
SRV_PID=
cleanup() {
	if [[ -n $SRV_PID ]]; then
		kill "$SRV_PID" 2>/dev/null || true
		wait "$SRV_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n==> %s  [%ds]\n' "$1" $((SECONDS - T0)); }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

step "Machine"
echo "cores:  $(nproc)"
echo "cpu:    $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "kernel: $(uname -sr)"
echo "go:     $($GO version)"

# install_node makes node, npm and bench/node/node_modules/ws available.
install_node() {
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		echo "node or npm missing: installing nodejs and npm from apt"
		as_root apt-get update -qq &&
			as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null ||
			return 1
	fi
	echo "node:   $(node --version)"
	echo "npm:    $(npm --version)"
	(
		cd bench/node
		# npm ci installs exactly the committed lock; without one, install.
		if [[ -f package-lock.json ]]; then
			npm ci --no-audit --no-fund --loglevel=error
		else
			npm install --no-audit --no-fund --loglevel=error
		fi
	) || return 1
	echo "ws:     $(node -p 'require("./bench/node/node_modules/ws/package.json").version')"
}

NODE_OK=0
if [[ -z ${BENCH_SKIP_NODE:-} ]]; then
	step "Node.js and npm ws"
	if install_node; then
		NODE_OK=1
	else
		echo "Node.js or ws could not be installed: the Node comparison is left out." >&2
	fi
fi

step "Build (test binary and bench/echoserver)"
$GO test -c -o "$WORK/wsclient.test" ./wsclient/
$GO build -o "$WORK/echoserver" ./bench/echoserver
# The test binary runs from the package directory, as go test would.
wstest() { (cd "$ROOT/wsclient" && "$WORK/wsclient.test" "$@"); }

step "Go benchmarks, in process: wsclient vs raw TCP (count=$COUNT, benchtime=$BENCHTIME)"
wstest -test.run '^$' -test.bench '^(BenchmarkEcho|BenchmarkRawTCP)$' \
	-test.benchtime "$BENCHTIME" -test.count "$COUNT" | tee "$WORK/inproc.txt"

step "Go benchmarks: a naive io.Copy echo loop, and the client with Nagle on (count=1)"
wstest -test.run '^$' -test.bench '^(BenchmarkEchoNaiveServer|BenchmarkEchoDelaySmallWrites)$' \
	-test.benchtime "$BENCHTIME" -test.count 1 | tee "$WORK/variants.txt"

step "Built-in echo server in its own process (bench/echoserver)"
coproc ECHOSRV { exec "$WORK/echoserver"; }
SRV_PID=$ECHOSRV_PID
if ! read -r -t 30 URL <&"${ECHOSRV[0]}" || [[ $URL != ws://127.0.0.1:* ]]; then
	echo "bench/echoserver did not print a ws://127.0.0.1 URL" >&2
	exit 1
fi
echo "echo URL: $URL"

step "wsclient and Node ws against that server (count=$COUNT each)"
: >"$WORK/node.txt"
for ((i = 1; i <= COUNT; i++)); do
	WSSAMPLE_BENCH_URL=$URL wstest -test.run '^$' -test.bench '^BenchmarkEchoExternal$' \
		-test.benchtime "$BENCHTIME" -test.count 1 | tee -a "$WORK/external.txt"
	if ((NODE_OK)); then
		for s in "${SIZES[@]}"; do
			node bench/node/echo-bench.js "$URL" "${BYTES[$s]}" "${NODE_TOTAL[$s]}" 60 | tee -a "$WORK/node.txt"
		done
	fi
done
kill "$SRV_PID" 2>/dev/null || true
wait "$SRV_PID" 2>/dev/null || true
SRV_PID=

step "Memory: 1 GiB through /echo (Stream, continuous 64 KiB messages)"
WSSAMPLE_BENCH_MEMORY=1 wstest -test.run '^TestMemory1GiB$' -test.v -test.count 1 |
	grep -E 'memory|^(---|ok|PASS|FAIL)' | sed 's/^ *memory_test.go:[0-9]*: //'

step "Stop latency against a live /echo peer (30 stops)"
wstest -test.run '^$' -test.bench '^BenchmarkStop$' -test.benchtime 30x -test.count 1 | grep -E '^Benchmark'

# median NAME FILE: the median MB/s of benchmark NAME (without -N suffix).
median() {
	awk -v name="$1" '
		{ n = $1; sub(/-[0-9]+$/, "", n) }
		n == name { for (i = 2; i < NF; i++) if ($(i+1) == "MB/s") v[c++] = $i + 0 }
		END {
			if (c == 0) { print "-"; exit }
			for (i = 0; i < c; i++) for (j = i + 1; j < c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%.1f", (c % 2) ? v[int(c/2)] : (v[c/2-1] + v[c/2]) / 2
		}' "$2"
}
node_median() {
	awk -v chunk="$1" '
		$1 == "node-ws" {
			ok = 0; for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["chunk"] == chunk) v[c++] = f["MB/s"] + 0
		}
		END {
			if (c == 0) { print "-"; exit }
			for (i = 0; i < c; i++) for (j = i + 1; j < c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%.1f", (c % 2) ? v[int(c/2)] : (v[c/2-1] + v[c/2]) / 2
		}' "$2"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

step "Summary (median MB/s of echoed payload; ratios from this run)"
printf '%-6s | %9s %9s %8s | %9s %9s %8s | %9s %9s %9s\n' \
	chunk wsclient rawTCP ws/raw "wsclient" node-ws ws/node "wsclient" ws/raw "wsclient"
printf '%-6s | %9s %9s %8s | %9s %9s %8s | %9s %9s %9s\n' \
	"" "in-proc" "in-proc" "" "ext-srv" "ext-srv" "" "naive-srv" "(naive)" "Nagle"
for s in "${SIZES[@]}"; do
	ws=$(median "BenchmarkEcho/$s" "$WORK/inproc.txt")
	raw=$(median "BenchmarkRawTCP/$s" "$WORK/inproc.txt")
	ext=$(median "BenchmarkEchoExternal/$s" "$WORK/external.txt")
	nd=$(node_median "${BYTES[$s]}" "$WORK/node.txt")
	naive=$(median "BenchmarkEchoNaiveServer/$s" "$WORK/variants.txt")
	nagle=$(median "BenchmarkEchoDelaySmallWrites/$s" "$WORK/variants.txt")
	printf '%-6s | %9s %9s %8s | %9s %9s %8s | %9s %9s %9s\n' \
		"$s" "$ws" "$raw" "$(ratio "$ws" "$raw")" "$ext" "$nd" "$(ratio "$ext" "$nd")" \
		"$naive" "$(ratio "$naive" "$raw")" "$nagle"
done
cat <<'EOF'

  wsclient in-proc   BenchmarkEcho: Stream against sampleserver /echo in the test process
  rawTCP in-proc     BenchmarkRawTCP: the same bytes through a plain TCP echo (physical limit)
  ext-srv            wsclient (BenchmarkEchoExternal) and Node ws (bench/node/echo-bench.js)
                     against the same built-in server run alone by bench/echoserver
  naive-srv          BenchmarkEchoNaiveServer: against a plain io.Copy echo loop (what the
                     built-in /echo was before profiling), and its ratio to raw
  Nagle              BenchmarkEchoDelaySmallWrites: Options.DelaySmallWrites on (off by default)
  Targets: ws/raw >= 0.8 at 64KiB, >= 0.6 at 1MiB; ws/node >= 2.0 at 64KiB, >= 1.0 at 1KiB;
           RSS growth < 10 % over 1 GiB; Stop < 100 ms.
EOF
echo
echo "make bench took $((SECONDS - T0)) s"
