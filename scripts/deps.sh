#!/usr/bin/env bash
# deps.sh — install the system packages this project needs, only the missing ones.
#
#   scripts/deps.sh [-n] PACKAGE...
#
# PACKAGE names are Debian/Ubuntu package names (the Makefile passes its
# DEPS_BUILD or DEPS_TEST list). On a machine with dpkg and apt-get, each one
# that `dpkg -s` does not report as installed is installed with apt-get
# (after one `apt-get update`, since a fresh machine has no package lists),
# through sudo when not root. When everything is present it prints nothing.
#
# -n (or DEPS_DRY_RUN=1): dry run — say what would be installed, change nothing.
#
# Elsewhere (no dpkg/apt-get) it prints what to install and exits 0, so
# `make run`/`make test` go on and fail later only if something really is
# missing; docs/development.md ("Other systems") has the lists for other systems.
set -euo pipefail

dry_run=${DEPS_DRY_RUN:-0}
if [[ ${1:-} == -n ]]; then
	dry_run=1
	shift
fi
if [[ $# -eq 0 ]]; then
	echo "usage: $0 [-n] PACKAGE..." >&2
	exit 2
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	cat >&2 <<MSG
deps: no dpkg/apt-get here, so not installing anything. This project needs:
  - a C compiler (gcc or clang) for cgo, and OpenGL + X11 development headers
    (Debian/Ubuntu names: $*)
  Fedora:  sudo dnf install gcc pkgconf-pkg-config libXcursor-devel libXrandr-devel mesa-libGL-devel libXi-devel libXinerama-devel libXxf86vm-devel
           (tests also: xorg-x11-server-Xvfb mesa-dri-drivers xdotool ImageMagick xz;
            the Windows .exe under Wine: mingw64-gcc wine xclip)
  Arch:    sudo pacman -S --needed gcc pkgconf xorg-server-devel libxcursor libxrandr libxinerama libxi
           (tests also: xorg-server-xvfb mesa xdotool imagemagick xz;
            the Windows .exe under Wine: mingw-w64-gcc wine xclip)
  macOS:   xcode-select --install
  Windows: a mingw-w64 gcc (MSYS2 or TDM-GCC) on PATH
See docs/development.md ("Other systems"). Continuing.
MSG
	exit 0
fi

missing=()
for pkg in "$@"; do
	# "install ok installed" is the only state in which the files are there.
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	if [[ $status != "install ok installed" ]]; then
		missing+=("$pkg")
	fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "deps: missing packages: ${missing[*]}" >&2
		echo "deps: not root and no sudo: install them as root with: apt-get install ${missing[*]}" >&2
		exit 1
	fi
	sudo=(sudo)
fi

if [[ $dry_run == 1 ]]; then
	echo "deps: (dry run) missing: ${missing[*]}; would run: ${sudo[*]:+${sudo[*]} }apt-get update; ${sudo[*]:+${sudo[*]} }apt-get install -y --no-install-recommends ${missing[*]}"
	exit 0
fi
echo "deps: installing missing packages: ${missing[*]}"

# Quiet but not silent: apt's errors still reach stderr.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed ${missing[*]}"
