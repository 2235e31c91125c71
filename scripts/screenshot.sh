#!/usr/bin/env bash
# screenshot.sh — picture of the real app for the README.
#
#   scripts/screenshot.sh            (make screenshots)
#
# Builds bin/wssample, starts it on a private Xvfb screen (1000x700), waits
# for the "WebSocket Sample" window, optionally drives it with xdotool, and
# saves the window as docs/screenshot.png.
#
# Environment:
#   SHOT_OUT      output file (default docs/screenshot.png)
#   SHOT_ARGS     arguments for the app, e.g. SHOT_ARGS="-uri ws://127.0.0.1:8080/ws"
#   SHOT_SIZE     resize the window first, e.g. 900x600 (default: the app's own size)
#   SHOT_ACTIONS  ';'-separated steps run before the picture, in window coordinates:
#                   click X Y | type TEXT | key KEY... | sleep SECONDS
#                 e.g. SHOT_ACTIONS='click 500 120; sleep 2'   (press Start, let it stream)
#   FYNE_THEME    light or dark (Fyne's own variable; under Xvfb the default is dark)
#
# Needs Xvfb, xdotool and ImageMagick (`make deps`).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=${SHOT_OUT:-docs/screenshot.png}
title="WebSocket Sample"
go=${GO:-go}

for tool in Xvfb xdotool import; do
	command -v "$tool" >/dev/null || { echo "screenshot: $tool not found: run make deps" >&2; exit 1; }
done

echo "screenshot: go build -o bin/wssample ."
"$go" build -o bin/wssample .

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wssample-shot.XXXXXX")
xvfb_pid= app_pid=
cleanup() {
	[[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
	[[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# Xvfb picks a free display itself and writes its number to fd 3.
Xvfb -displayfd 3 -screen 0 1000x700x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
	[[ -s $tmp/display ]] && break
	kill -0 "$xvfb_pid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; exit 1; }
	sleep 0.1
done
[[ -s $tmp/display ]] || { echo "screenshot: Xvfb reported no display" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$tmp/display")"

# A private config dir: the picture must not depend on this machine's preferences.
# shellcheck disable=SC2086 # SHOT_ARGS is split on purpose
XDG_CONFIG_HOME="$tmp/config" bin/wssample ${SHOT_ARGS:-} >"$tmp/app.log" 2>&1 &
app_pid=$!

win=$(timeout 30 xdotool search --sync --onlyvisible --name "^$title" | head -n1) || {
	echo "screenshot: no \"$title\" window within 30s; app output:" >&2
	cat "$tmp/app.log" >&2
	exit 1
}
if [[ -n ${SHOT_SIZE:-} ]]; then
	timeout 10 xdotool windowsize --sync "$win" "${SHOT_SIZE%x*}" "${SHOT_SIZE#*x}"
fi

# Wait until the window shows more than one colour: Fyne has drawn a frame.
for _ in $(seq 50); do
	n=$(import -window "$win" -format '%k' info: 2>/dev/null || echo 0)
	((n > 1)) && break
	sleep 0.2
done

if [[ -n ${SHOT_ACTIONS:-} ]]; then
	IFS=';' read -ra steps <<<"$SHOT_ACTIONS"
	for step in "${steps[@]}"; do
		step=${step#"${step%%[![:space:]]*}"} # trim leading blanks
		read -ra w <<<"$step"
		[[ ${#w[@]} -eq 0 ]] && continue
		echo "screenshot: $step"
		case ${w[0]} in
		click) timeout 10 xdotool mousemove --window "$win" --sync "${w[1]}" "${w[2]}" click 1 ;;
		type) timeout 30 xdotool type --window "$win" --delay 20 "${step#*type }" ;;
		key) timeout 10 xdotool key --window "$win" "${w[@]:1}" ;;
		sleep) sleep "${w[1]}" ;;
		*) echo "screenshot: unknown step '$step' (click X Y | type TEXT | key KEY... | sleep S)" >&2; exit 2 ;;
		esac
	done
	sleep 0.5 # let the last step's frame be drawn
fi

kill -0 "$app_pid" 2>/dev/null || { echo "screenshot: the app exited; output:" >&2; cat "$tmp/app.log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
timeout 20 import -window "$win" "$out"
echo "screenshot: $out ($(identify -format '%wx%h' "$out"))"
if grep -Eq 'Error in Fyne call thread|Fyne error|panic:' "$tmp/app.log"; then
	echo "screenshot: warning: the app's output has errors:" >&2
	cat "$tmp/app.log" >&2
fi
