#!/usr/bin/env bash
# make check-node: run the conformance checker (wssample check) against an
# independent implementation, npm's "ws" echo server (bench/node/echo-server.js),
# and print its report and how long it took. Everything runs on 127.0.0.1.
# Node and npm come from apt when missing; ws is installed into
# bench/node/node_modules (git-ignored). No test depends on this.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "node or npm missing: installing nodejs and npm from apt"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
(cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
echo "node $(node --version), ws $(node -p 'require("./bench/node/node_modules/ws/package.json").version')"

work=$(mktemp -d)
srv=
cleanup() {
	[[ -n $srv ]] && kill "$srv" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
$GO build -o "$work/wssample" .
coproc NODESRV { exec node bench/node/echo-server.js; }
srv=$NODESRV_PID
read -r -t 30 url <&"${NODESRV[0]}"
echo "checking $url"
start=$SECONDS
status=0
"$work/wssample" check "$@" "$url" || status=$?
echo "make check-node: the check took $((SECONDS - start)) s and exited $status (0: no case failed, 1: a case failed)"
