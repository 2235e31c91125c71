#!/usr/bin/env bash
# make check-peers (make check-node: the node peer alone): the conformance
# checker run as Autobahn|Testsuite's fuzzing client (wssample fuzzingclient
# -spec) against independent WebSocket servers whose authors run Autobahn
# themselves, each as its own agent, then their index.json read back by
# scripts/read-index.py the way CI scripts read Autobahn's. It fails on any
# FAILED not listed, with why, in scripts/peers-explained.tsv.
#
#   scripts/check-peers.sh [node] [python] [gorilla]     (all three by default)
#
#   node     npm's ws (bench/node/echo-server.js); Node and npm from apt when missing
#   python   Python's websockets from Debian (python3-websockets, via scripts/deps.sh; scripts/pyecho.py)
#   gorilla  github.com/gorilla/websocket as gorilla's Autobahn example server (bench/gorillaautobahn)
#
# CASES (default "*": every case) and EXCLUDE (default none) go into the
# spec's "cases" and "exclude-cases", comma-separated. The reports stay in
# reports/peers (OUTDIR=; git-ignored): open reports/peers/index.html, and
# fuzzingclient.log there has every case's line. Everything
# runs on 127.0.0.1. No test depends on this.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
OUT=${OUTDIR:-reports/peers}
peers=("$@")
[[ ${#peers[@]} -eq 0 ]] && peers=(node python gorilla)

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
# The peers run until their standard input closes: a FIFO this script holds
# open, so that they end with it even if it is killed.
mkfifo "$work/stdin"
exec 3<>"$work/stdin"

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# start NAME AGENT COMMAND...: start a peer, wait for the URL it prints, and
# add it to the spec's servers.
servers=()
start() {
	local name=$1 agent=$2
	shift 2
	"$@" <"$work/stdin" >"$work/$name.url" 2>"$work/$name.err" &
	pids+=($!)
	for _ in $(seq 300); do
		[[ -s $work/$name.url ]] && break
		sleep 0.1
	done
	local url
	read -r url <"$work/$name.url" || { echo "check-peers: $name did not start:"; cat "$work/$name.err"; exit 2; }
	echo "$agent: $url"
	servers+=("{\"agent\": \"$agent\", \"url\": \"$url\"}")
}

$GO build -o "$work/wssample" .
for peer in "${peers[@]}"; do
	case $peer in
	node)
		if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
			echo "node or npm missing: installing nodejs and npm from apt"
			as_root apt-get update -qq
			as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
		fi
		(cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
		start node "ws $(node -p 'require("./bench/node/node_modules/ws/package.json").version') (Node $(node --version))" node bench/node/echo-server.js
		;;
	python)
		bash scripts/deps.sh python3-websockets
		# Debian's own Python, where python3-websockets is installed.
		start python "websockets $(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)') (Python)" /usr/bin/python3 scripts/pyecho.py
		;;
	gorilla)
		$GO build -o "$work/gorillaautobahn" ./bench/gorillaautobahn
		start gorilla "gorilla-websocket $($GO list -m -f '{{.Version}}' github.com/gorilla/websocket)" "$work/gorillaautobahn"
		;;
	*)
		echo "check-peers: no peer $peer: the peers are node, python and gorilla" >&2
		exit 2
		;;
	esac
done

# The spec, as a project would write it for Autobahn's Docker image.
list() {
	local IFS=, out=() p
	set -f # "*" is a case pattern, not a file name
	for p in $1; do out+=("\"$p\""); done
	set +f
	echo "${out[*]}"
}
joined=$(IFS=,; echo "${servers[*]}")
cat >"$work/fuzzingclient.json" <<SPEC
{
   "options": {"failByDrop": false},
   "outdir": "$([[ $OUT == /* ]] && echo "$OUT" || echo "./$OUT")",
   "servers": [$joined],
   "cases": [$(list "${CASES:-*}")],
   "exclude-cases": [$(list "${EXCLUDE:-}")],
   "exclude-agent-cases": {}
}
SPEC
rm -rf "$OUT"
start=$SECONDS
status=0
"$work/wssample" fuzzingclient -spec "$work/fuzzingclient.json" >"$work/run.log" 2>&1 || status=$?
grep -E '^(Checking |[^ ].*: [0-9]+ cases: |The server stopped|Wrote |fuzzingclient: )' "$work/run.log" || true
echo "check-peers: wssample fuzzingclient took $((SECONDS - start)) s and exited $status"
mkdir -p "$OUT" && cp "$work/run.log" "$OUT/fuzzingclient.log" # every case's line, kept beside the reports
echo
echo "index.json read back as a CI script reads Autobahn's (scripts/read-index.py):"
read_status=0
python3 scripts/read-index.py "$OUT/index.json" scripts/peers-explained.tsv || read_status=$?
if [[ $status -ne 0 || $read_status -ne 0 ]]; then
	echo "check-peers: FAILED (fuzzingclient exit $status, read-index exit $read_status); the reports: $OUT/index.html"
	exit 1
fi
echo "check-peers: every FAILED is explained; the reports: $OUT/index.html"
