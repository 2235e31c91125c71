#!/usr/bin/env bash
# screenshot.sh — README's pictures of the real app (make screenshots).
#
#   scripts/screenshot.sh
#
# Runs TestReadmeScreenshots (readme_screenshots_test.go): it builds the app, starts it on
# a private Xvfb screen with a fresh config, drives each scenario page
# against the built-in server and saves the window into docs/:
#
#   docs/screenshot-stream.png      scenario 2 streaming to the echo endpoint
#   docs/screenshot-utf8.png        scenario 1 connected, "Hello World" sent and answered
#   docs/screenshot-clientauth.png  scenario 3 connected with the built-in client certificate
#   docs/screenshot-partial.png     scenario 4 connected, a message sent in two parts
#   docs/screenshot-advanced.png    scenario 2 stopped, its Advanced settings open
#
# and TestSmokeProtocol (smoke_protocol_test.go) adds, while scenario 2 streams:
#
#   docs/screenshot-wire.png        the Frames tab, Show frames ticked
#   docs/screenshot-timeline.png    the Connection section's timeline
#
# and TestSmokeDiagram (smoke_diagram_test.go), the Diagram tab:
#
#   docs/screenshot-diagram-echo.png  an echo stopped: the connect, folded frames, the close
#   docs/screenshot-diagram-drop.png  "Connection drops": the server's line cut, 1006
#
# The pictures of the composer (a saved hex message, its line's detail), the
# hex dump and the check page's results are taken by hand (light theme:
# FYNE_THEME=light); retake them when those pages change.
#
# Every step waits for its effect on the screen, and the app's output must be
# free of the errors the smoke test forbids, so a broken app fails here
# instead of leaving an old or wrong picture for the README.
#
# Environment:
#   SHOT_DIR         where to write the pictures (default docs)
#   FYNE_THEME       light or dark (Fyne's own variable; the default under Xvfb is dark)
#   WSSAMPLE_BINARY  picture this binary instead of building one
#
# Needs Xvfb, xdotool and ImageMagick (`make deps`).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
dir=${SHOT_DIR:-docs}
go=${GO:-go}

for tool in Xvfb xdotool import; do
	command -v "$tool" >/dev/null || { echo "screenshot: $tool not found: run make deps" >&2; exit 1; }
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

log=$(mktemp "${TMPDIR:-/tmp}/wssample-shot.XXXXXX")
trap 'rm -f "$log"' EXIT
tests='^(TestReadmeScreenshots|TestSmokeProtocol|TestSmokeDiagram)$'
echo "screenshot: go test -run '$tests' . → $dir/screenshot-*.png"
if ! WSSAMPLE_README_SHOTS=$dir "$go" test -count=1 -timeout 15m -run "$tests" -v . >"$log" 2>&1; then
	cat "$log" >&2
	echo "screenshot: failed; see above" >&2
	exit 1
fi
for t in TestReadmeScreenshots TestSmokeProtocol TestSmokeDiagram; do
	if ! grep -q -- "--- PASS: $t" "$log"; then
		cat "$log" >&2
		echo "screenshot: $t did not run" >&2
		exit 1
	fi
done
grep -E 'scenario list:|wrote ' "$log" | sed -E 's/^ +[a-z_]+_test\.go:[0-9]+: /screenshot: /'
