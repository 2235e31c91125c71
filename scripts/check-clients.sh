#!/usr/bin/env bash
# make check-clients: run independent WebSocket clients through the fuzzing
# server (wssample fuzzingserver), each driven by a client script of
# Autobahn's usual shape (scripts/fuzzclients/): npm's ws and Python's
# websockets (Debian's python3-websockets), one after the other, then read
# index.json back with scripts/read-index.py as a CI script reads
# Autobahn's. It fails on any FAILED not listed, with why, in
# scripts/peers-explained.tsv (the same list as make check-peers).
#
#   scripts/check-clients.sh [ws] [python] [-- fuzzingserver flags]   (both by default)
#
# CASES (default: every case, 524) goes to fuzzingserver's -case,
# comma-separated patterns: CASES='1.*,2.*,C.*' is a quick run. Everything
# runs on 127.0.0.1; the reports land in reports/clients (OUTDIR=),
# index.json and index.html. No test depends on this. docs/autobahn.md
# ("independent clients") explains every case that is not OK.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
PY=/usr/bin/python3 # Debian's, which python3-websockets installs into
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	scripts/deps.sh nodejs npm
fi
$PY -c 'import websockets' 2>/dev/null || scripts/deps.sh python3-websockets
(cd bench/node && npm ci --no-audit --no-fund --loglevel=error)

work=$(mktemp -d)
srv=
cleanup() {
	[[ -n $srv ]] && kill "$srv" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
clients=()
while [[ $# -gt 0 && $1 != -* ]]; do
	case $1 in
	ws | python) clients+=("$1") ;;
	*)
		echo "check-clients: no client $1: the clients are ws and python" >&2
		exit 2
		;;
	esac
	shift
done
[[ ${1:-} == -- ]] && shift
[[ ${#clients[@]} -eq 0 ]] && clients=(ws python)
flags=("$@")
[[ -n ${CASES:-} ]] && flags+=(-case "$CASES")

$GO build -o "$work/wssample" .
addr=127.0.0.1:${FUZZ_PORT:-9001}
outdir=${OUTDIR:-reports/clients}
rm -rf "$outdir"
"$work/wssample" fuzzingserver -addr "$addr" -outdir "$outdir" "${flags[@]}" >"$work/server.log" 2>&1 &
srv=$!
for _ in $(seq 50); do # until it listens
	grep -q "^Fuzzing server on" "$work/server.log" && break
	kill -0 "$srv" 2>/dev/null || { cat "$work/server.log"; exit 2; }
	sleep 0.1
done
start=$SECONDS
for client in "${clients[@]}"; do
	t=$SECONDS
	case $client in
	ws)
		echo "== npm ws $(node -p 'require("./bench/node/node_modules/ws/package.json").version')"
		NODE_PATH=bench/node/node_modules node scripts/fuzzclients/ws_client.js "ws://$addr" >"$work/ws.log" 2>&1 || true
		;;
	python)
		echo "== Python websockets $($PY -c 'import websockets; print(websockets.__version__)')"
		$PY scripts/fuzzclients/websockets_client.py "ws://$addr" >"$work/py.log" 2>&1 || true
		;;
	esac
	echo "$client: $((SECONDS - t)) s"
done
"$PY" - "ws://$addr/stopServer" <<'PY'
import asyncio, sys, websockets
async def stop():
    async with websockets.connect(sys.argv[1]) as ws:
        await ws.wait_closed()
asyncio.run(stop())
PY
wait "$srv" || true
srv=
# The logs stay beside the reports: the server's verdict lines, the clients' own words.
mkdir -p "$outdir"
cp "$work/server.log" "$outdir/fuzzingserver.log"
for f in ws py; do [[ -f $work/$f.log ]] && cp "$work/$f.log" "$outdir/client-$f.log"; done
# Every case that is not OK, as the server said it, then the totals.
grep -E " (FAILED|NON-STRICT|INFORMATIONAL|UNIMPLEMENTED|WRONG CODE|UNCLEAN) " "$work/server.log" || true
tail -n 2 "$work/server.log"
echo "make check-clients: $((SECONDS - start)) s; the reports are in $outdir/index.html"
echo
echo "index.json read back as a CI script reads Autobahn's (scripts/read-index.py):"
python3 scripts/read-index.py "$outdir/index.json" scripts/peers-explained.tsv
