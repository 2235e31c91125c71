#!/usr/bin/env bash
# make bench: how fast is wsclient, against the physical limit (raw TCP on
# loopback) and against Node's ws client, all through the app's own echo
# server; then the built-in server under 1, 64 and 256 clients against
# Node's ws and gorilla/websocket servers (bench/load). It prints numbers
# and ratios; it asserts nothing.
#
#   bash scripts/bench.sh            # about 10 minutes on 2 cores
#   bash scripts/bench.sh load       # the load section alone (about 4 minutes)
#   bash scripts/bench.sh check      # the conformance checker's quick and full runs alone
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
# Bytes the Node client streams per run (after its warm-up): 2–4 s each, long enough that
# the start (TCP windows opening, the JIT) does not count for much. At 11 B the old 1 MB
# took 0.1 s, mostly echoes of what Node had queued before the clock started.
declare -A NODE_TOTAL=([11B]=8000000 [1KiB]=256000000 [64KiB]=536870912 [1MiB]=536870912)

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
# The machine may be shared: what else ran shows in the load and the busiest processes.
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
ps -eo pcpu,comm --sort=-pcpu --no-headers | head -5 | awk '{printf "busy:   %s %% %s\n", $1, $2}'

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

# check_section: the conformance checker's quick run (Autobahn's 247
# cases) and full run (all 517 and the checker's own) against the built-in
# /echo in its own process, each timed, with the throughput of category 9.
# Goals on a 2-core machine: the quick run under 30 s, the full run under 3 min.
check_section() {
	step "Conformance checker: the quick run and the full run against the built-in /echo"
	$GO build -o "$WORK/wssample" .
	# The server runs until its stdin closes: a pipe this shell holds.
	local srvin
	exec {srvin}> >(exec "$WORK/echoserver" >"$WORK/checksrv.txt")
	local pid=$! url="" i
	for i in $(seq 100); do
		url=$(grep -m1 '^ws://' "$WORK/checksrv.txt" || true)
		[[ -n $url ]] && break
		sleep 0.1
	done
	if [[ -z $url ]]; then
		echo "bench/echoserver did not print its ws:// URL" >&2
		exec {srvin}>&-
		return 1
	fi
	local t0=$SECONDS
	"$WORK/wssample" check -case '1.*,2.*,3.*,4.*,5.*,6.*,7.*,10.*' -md "$WORK/quick.md" "$url" >/dev/null || true
	local quick=$((SECONDS - t0))
	t0=$SECONDS
	"$WORK/wssample" check -case '*' -md "$WORK/full.md" "$url" >/dev/null || true
	local full=$((SECONDS - t0))
	exec {srvin}>&-
	wait "$pid" 2>/dev/null || true
	printf '  quick run: %3d s  %s\n' "$quick" "$(grep -m1 -o '\*\*.*\*\*' "$WORK/quick.md")"
	printf '  full run:  %3d s  %s\n' "$full" "$(grep -m1 -o '\*\*.*\*\*' "$WORK/full.md")"
	grep '^Throughput' "$WORK/full.md" | sed 's/^/  /'
	printf '\n  Goals on 2 cores: the quick run under 30 s, the full run under 3 min.\n'
}
if [[ ${1:-} == check ]]; then
	$GO build -o "$WORK/echoserver" ./bench/echoserver
	check_section
	echo
	echo "make bench ARGS=check took $((SECONDS - T0)) s"
	exit 0
fi
NODE_OK=0
if [[ -z ${BENCH_SKIP_NODE:-} ]]; then
	step "Node.js and npm ws"
	if install_node; then
		NODE_OK=1
	else
		echo "Node.js or ws could not be installed: the Node comparison is left out." >&2
	fi
fi

step "Build (test binary, bench/echoserver, bench/gorillaecho and bench/load)"
$GO test -c -o "$WORK/wsclient.test" ./wsclient/
$GO build -o "$WORK/echoserver" ./bench/echoserver
$GO build -o "$WORK/gorillaecho" ./bench/gorillaecho
$GO build -o "$WORK/load" ./bench/load

# load_section: many clients at once through /echo, the built-in server
# against npm ws's and gorilla/websocket's echo servers, each in a fresh
# process per run, interleaved (bench/load says what it measures).
load_section() {
	step "Load: 1, 64 and 256 clients through /echo; built-in vs Node ws vs gorilla/websocket, interleaved"
	local servers=(-server "builtin=$WORK/echoserver")
	if ((NODE_OK)); then
		servers+=(-server "node=node $ROOT/bench/node/echo-server.js")
	fi
	servers+=(-server "gorilla=$WORK/gorillaecho")
	"$WORK/load" "${servers[@]}" -clients 1,64,256 -duration "${BENCH_LOAD_TIME:-5s}" -rounds "${BENCH_LOAD_ROUNDS:-2}"
	printf '\n  Goal: at 256 clients the built-in server ahead of both on throughput and p99,\n'
	printf '        with RSS per connection below theirs.\n'
}
if [[ ${1:-} == load ]]; then
	load_section
	echo
	echo "make bench ARGS=load took $((SECONDS - T0)) s"
	exit 0
fi
# The test binary runs from the package directory, as go test would.
wstest() { (cd "$ROOT/wsclient" && "$WORK/wsclient.test" "$@"); }

# Every comparison runs interleaved (A, B, A, B …, one run each), so a
# ratio compares runs taken moments apart: this VM's speed drifts by tens
# of percent over minutes, and back-to-back blocks of A then B would
# measure the drift.
bench1() { wstest -test.run '^$' -test.bench "$1" -test.benchtime "$BENCHTIME" -test.count 1; }

step "In process, interleaved x$COUNT: wsclient vs raw TCP (ws), vs raw TLS (wss), and with the wire view on"
for ((i = 1; i <= COUNT; i++)); do
	bench1 '^BenchmarkEcho$' | tee -a "$WORK/inproc.txt"
	bench1 '^BenchmarkRawTCP$' | tee -a "$WORK/inproc.txt"
	bench1 '^BenchmarkEchoTLS$' | tee -a "$WORK/inproc.txt"
	bench1 '^BenchmarkRawTLS$' | tee -a "$WORK/inproc.txt"
	bench1 '^BenchmarkEchoWireView$' | tee -a "$WORK/inproc.txt"
done

step "Go benchmarks: a naive io.Copy echo loop, and the client with Nagle on (count=1)"
bench1 '^(BenchmarkEchoNaiveServer|BenchmarkEchoDelaySmallWrites)$' | tee "$WORK/variants.txt"

step "The Diagram tab at the fastest stream rate: open vs behind another tab, interleaved x$COUNT"
# ui/diagram's test binary: a Continuous "Hello World" stream through /echo, every event to a
# Diagram tab shown or not; ui-ms/s is the UI goroutine's time on the tab per second.
$GO test -c -o "$WORK/diagram.test" ./ui/diagram/
dgtest() { (cd "$ROOT/ui/diagram" && "$WORK/diagram.test" -test.run '^$' -test.bench "$1" -test.benchtime "$BENCHTIME" -test.count 1 2>/dev/null); }
for ((i = 1; i <= COUNT; i++)); do
	dgtest '^BenchmarkDiagramOpen$' | grep '^Benchmark' | tee -a "$WORK/diagram.txt"
	dgtest '^BenchmarkDiagramClosed$' | grep '^Benchmark' | tee -a "$WORK/diagram.txt"
done
dgtest '^BenchmarkLadder' | grep '^Benchmark' | tee -a "$WORK/diagram.txt"

step "Built-in echo server in its own process (bench/echoserver)"
coproc ECHOSRV { exec "$WORK/echoserver" -ca "$WORK/ca.pem"; }
SRV_PID=$ECHOSRV_PID
if ! read -r -t 30 URL <&"${ECHOSRV[0]}" || [[ $URL != ws://127.0.0.1:* ]] ||
	! read -r -t 5 TLS_URL <&"${ECHOSRV[0]}" || [[ $TLS_URL != wss://127.0.0.1:* ]]; then
	echo "bench/echoserver did not print its ws:// and wss:// URLs" >&2
	exit 1
fi
echo "echo URLs: $URL $TLS_URL"

step "wsclient and Node ws against that server, interleaved x$COUNT, ws and wss"
: >"$WORK/external.txt"
: >"$WORK/node.txt"
: >"$WORK/node-tls.txt"
for ((i = 1; i <= COUNT; i++)); do
	for s in "${SIZES[@]}"; do
		WSSAMPLE_BENCH_URL=$URL bench1 "^BenchmarkEchoExternal\$/^$s\$" | tee -a "$WORK/external.txt"
		if ((NODE_OK)); then
			node bench/node/echo-bench.js "$URL" "${BYTES[$s]}" "${NODE_TOTAL[$s]}" 60 | tee -a "$WORK/node.txt"
		fi
		WSSAMPLE_BENCH_TLS_URL=$TLS_URL WSSAMPLE_BENCH_CA=$WORK/ca.pem \
			bench1 "^BenchmarkEchoExternalTLS\$/^$s\$" | tee -a "$WORK/external.txt"
		if ((NODE_OK)); then
			NODE_EXTRA_CA_CERTS=$WORK/ca.pem node bench/node/echo-bench.js "$TLS_URL" "${BYTES[$s]}" "${NODE_TOTAL[$s]}" 60 |
				tee -a "$WORK/node-tls.txt"
		fi
	done
done

IDLE_SECONDS=${BENCH_IDLE_SECONDS:-30}
step "Idle Hello World stream: CPU of the client over $IDLE_SECONDS s (the server in its own process)"
WSSAMPLE_BENCH_IDLE=1 WSSAMPLE_BENCH_IDLE_SECONDS=$IDLE_SECONDS WSSAMPLE_BENCH_URL=$URL \
	wstest -test.run '^TestIdleCPU$' -test.v -test.count 1 | grep -E 'idle result|^(---|FAIL)' | sed 's/^ *bench_file_test.go:[0-9]*: //'
kill "$SRV_PID" 2>/dev/null || true
wait "$SRV_PID" 2>/dev/null || true
SRV_PID=

step "Memory: 1 GiB through /echo (Stream, continuous 64 KiB messages)"
WSSAMPLE_BENCH_MEMORY=1 wstest -test.run '^TestMemory1GiB$' -test.v -test.count 1 |
	grep -E 'memory|^(---|ok|PASS|FAIL)' | sed 's/^ *memory_test.go:[0-9]*: //'

step "File transfer: Stream.SendFile of 1 GiB through /echo, echo verified, vs a raw TCP copy"
WSSAMPLE_BENCH_FILE=1 TMPDIR=$WORK wstest -test.run '^TestSendFile1GiB$' -test.v -test.count 1 |
	grep -E 'file result|^(---|FAIL)' | sed 's/^ *bench_file_test.go:[0-9]*: //'

step "Stop latency against a live /echo peer (30 stops)"
wstest -test.run '^$' -test.bench '^BenchmarkStop$' -test.benchtime 30x -test.count 1 | grep -E '^Benchmark'

# The summary's arithmetic. report() sorts a benchmark's MB/s values and
# prints "median min max" ("- - -" when it did not run).
AWK_REPORT='
	function report(v, c,    i, j, t) {
		if (c == 0) { print "- - -"; return }
		for (i = 0; i < c; i++) for (j = i + 1; j < c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		printf "%.1f %.1f %.1f\n", (c % 2) ? v[int(c/2)] : (v[c/2-1] + v[c/2]) / 2, v[0], v[c-1]
	}'
# stats NAME FILE: of Go benchmark NAME (without its -N suffix).
stats() {
	awk -v name="$1" "$AWK_REPORT"'
		{ n = $1; sub(/-[0-9]+$/, "", n) }
		n == name { for (i = 2; i < NF; i++) if ($(i+1) == "MB/s") v[c++] = $i + 0 }
		END { report(v, c) }' "$2"
}
# node_stats CHUNK FILE: of the Node client's lines for that chunk size.
node_stats() {
	awk -v chunk="$1" "$AWK_REPORT"'
		$1 == "node-ws" {
			for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
			if (f["chunk"] == chunk) v[c++] = f["MB/s"] + 0
		}
		END { report(v, c) }' "$2"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
cell() { if [[ $1 == - ]]; then echo -; else echo "$1 ($2–$3)"; fi; }

# table TITLE A_NAME A_FILE B_NAME B_FILE: one row per size with the median
# (and spread) of A and of B, and the ratio of the medians. B_NAME "node"
# reads the Node client's lines.
table() {
	local title=$1 a=$2 af=$3 b=$4 bf=$5 s am amin amax bm bmin bmax
	printf '\n%s\n' "$title"
	printf '%-6s | %-26s | %-26s | %6s\n' chunk "A MB/s: median (min–max)" "B MB/s: median (min–max)" "A/B"
	for s in "${SIZES[@]}"; do
		read -r am amin amax <<<"$(stats "$a/$s" "$af")"
		if [[ $b == node ]]; then
			read -r bm bmin bmax <<<"$(node_stats "${BYTES[$s]}" "$bf")"
		else
			read -r bm bmin bmax <<<"$(stats "$b/$s" "$bf")"
		fi
		printf '%-6s | %-26s | %-26s | %6s\n' "$s" "$(cell "$am" "$amin" "$amax")" "$(cell "$bm" "$bmin" "$bmax")" "$(ratio "$am" "$bm")"
	done
}

check_section

step "Summary (MB/s of echoed payload: median and spread of $COUNT interleaved runs; ratios of medians)"
table "ws, in process. A: wsclient (BenchmarkEcho)  B: raw TCP echo (BenchmarkRawTCP)" \
	BenchmarkEcho "$WORK/inproc.txt" BenchmarkRawTCP "$WORK/inproc.txt"
table "wss, in process. A: wsclient (BenchmarkEchoTLS)  B: raw crypto/tls echo (BenchmarkRawTLS)" \
	BenchmarkEchoTLS "$WORK/inproc.txt" BenchmarkRawTLS "$WORK/inproc.txt"
table "ws, server in its own process. A: wsclient  B: Node ws" \
	BenchmarkEchoExternal "$WORK/external.txt" node "$WORK/node.txt"
table "wss, server in its own process. A: wsclient  B: Node ws" \
	BenchmarkEchoExternalTLS "$WORK/external.txt" node "$WORK/node-tls.txt"
table "the wire view's cost, in process. A: wsclient with Options.WireView on  B: off (BenchmarkEcho)" \
	BenchmarkEchoWireView "$WORK/inproc.txt" BenchmarkEcho "$WORK/inproc.txt"
# metric NAME UNIT: the median of NAME's values in UNIT.
metric() {
	awk -v name="$1" -v unit="$2" "$AWK_REPORT"'
		{ n = $1; sub(/-[0-9]+$/, "", n) }
		n == name { for (i = 2; i < NF; i++) if ($(i+1) == unit) v[c++] = $i + 0 }
		END { report(v, c) }' "$WORK/diagram.txt" | cut -d' ' -f1
}
printf '\nthe Diagram tab, medians of %s: open %s MB/s, %s ui-ms/s; closed %s MB/s, %s ui-ms/s; open/closed MB/s %s\n' "$COUNT" \
	"$(metric BenchmarkDiagramOpen/11B MB/s)" "$(metric BenchmarkDiagramOpen/11B ui-ms/s)" \
	"$(metric BenchmarkDiagramClosed/11B MB/s)" "$(metric BenchmarkDiagramClosed/11B ui-ms/s)" \
	"$(ratio "$(metric BenchmarkDiagramOpen/11B MB/s)" "$(metric BenchmarkDiagramClosed/11B MB/s)")"
table "variants, one run. A: wsclient against a naive io.Copy echo  B: wsclient with Nagle on" \
	BenchmarkEchoNaiveServer "$WORK/variants.txt" BenchmarkEchoDelaySmallWrites "$WORK/variants.txt"
# writes_cell NAME FILE: the median writes/msg of NAME, to three decimals.
writes_cell() {
	local m
	read -r m _ _ <<<"$(awk -v name="$1" -v unit=writes/msg '
		{ n = $1; sub(/-[0-9]+$/, "", n) }
		n == name { for (i = 2; i < NF; i++) if ($(i+1) == unit) v[c++] = $i + 0 }
		END { if (c == 0) { print "-"; exit }
			for (i = 0; i < c; i++) for (j = i + 1; j < c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%.3f\n", (c % 2) ? v[int(c/2)] : (v[c/2-1] + v[c/2]) / 2 }' "$2")"
	echo "$m"
}
printf '\nwrites per message sent (WireStats; median of %s runs). ws: write(2) calls. wss: writes into TLS,\n' "$COUNT"
printf 'which sends each TLS record (at most 16 KiB) with a write(2) of its own. Continuous sends batch\n'
printf 'small messages (64 per write); coder/websocket alone would write 1 + size/4 KiB times (17 at 64 KiB, 257 at 1 MiB).\n'
printf '%-6s | %10s | %10s\n' chunk ws wss
for s in "${SIZES[@]}"; do
	printf '%-6s | %10s | %10s\n' "$s" "$(writes_cell "BenchmarkEcho/$s" "$WORK/inproc.txt")" "$(writes_cell "BenchmarkEchoTLS/$s" "$WORK/inproc.txt")"
done
load_section

cat <<'EOF'

  Targets: wsclient/raw TCP >= 0.8 at 64KiB, >= 0.6 at 1MiB; wsclient/raw TLS >= 0.8 at 64KiB;
           wsclient/Node ws >= 1.0 at 11B and 1KiB, >= 2.0 at 64KiB and 1MiB;
           SendFile/raw copy >= 0.6 with RSS flat after 64 MiB; idle stream < 1 % of a core;
           Stop < 100 ms; write syscalls per 1 MiB message <= 2.
EOF
echo
echo "make bench took $((SECONDS - T0)) s"
