#!/usr/bin/env bash
# package.sh [linux|windows] — build the app's package and check what is inside:
#   linux (default): "dist/<Name>.tar.xz" with `go tool fyne package -os linux`;
#   windows:         "dist/<Name>.exe", cross-built from Linux with mingw-w64.
#
# `fyne package` builds into the source directory (the binary and a temporary
# fyne_metadata_init.go), bumps Details.Build and rewrites FyneApp.toml. So it
# runs on a copy of the tree in a temporary directory: the work tree (and
# `git status`) stays exactly as it was, even if packaging fails half way.
#
# The tarball is then unpacked into dist/pkgcheck/ and must hold the binary,
# the .desktop file and the icon; the binary must not carry the
# migrated_fynedo tag (see FyneApp.toml). `make smoke-package` runs the
# real-window smoke test on dist/pkgcheck's binary.
#
# Windows: `CC=x86_64-w64-mingw32-gcc go tool fyne …` does not work, because
# `go tool` rebuilds the fyne CLI itself with that compiler. So the CLI is
# built for this machine first, then run with CC pointing at mingw.
#
# Env: DIST (default dist), GO (default go).
set -euo pipefail
target=${1:-linux}
case $target in
linux | windows) ;;
*) echo "usage: package.sh [linux|windows]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
dist=${DIST:-dist}
go=${GO:-go}
exe=wssample # fyne names the binary after the last element of the module path

toml_value() { # toml_value KEY: a string value from FyneApp.toml's [Details]
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\(.*\)\"[[:space:]]*$/\1/p" FyneApp.toml | head -n1
}
name=$(toml_value Name)
id=$(toml_value ID)
[[ -n $name && -n $id ]] || { echo "package: Name or ID missing from FyneApp.toml" >&2; exit 1; }
tarball="$dist/$name.tar.xz"

work=$(mktemp -d "${TMPDIR:-/tmp}/wssample-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
# The tree minus VCS data and build output.
tar -C "$root" \
	--exclude=./.git --exclude=./bin --exclude="./$dist" --exclude=node_modules \
	--exclude='*.tar.xz' --exclude=./fyne_metadata_init.go --exclude="./$exe" \
	-cf - . | tar -C "$work/src" -xf -

start=$SECONDS
if [[ $target == windows ]]; then
	echo "package: fyne package -os windows with CC=x86_64-w64-mingw32-gcc (in a copy of the tree)"
	"$go" build -o "$work/fyne" fyne.io/tools/cmd/fyne
	(cd "$work/src" && CC=x86_64-w64-mingw32-gcc "$work/fyne" package -os windows)
	echo "package: built in $((SECONDS - start))s"
	mkdir -p "$dist"
	out="$dist/$name.exe"
	mv -f "$work/src/$name.exe" "$out"
	# A Windows GUI executable: "MZ", then the PE signature where the
	# header says, and the Go build info naming GOOS=windows.
	[[ $(head -c 2 "$out") == MZ ]] || { echo "package: $out is not a Windows executable" >&2; exit 1; }
	"$go" version -m "$out" | grep -q 'GOOS=windows' || { echo "package: $out was not built for Windows" >&2; exit 1; }
	echo "package: $out ($(du -h "$out" | cut -f1))"
	exit 0
fi
echo "package: go tool fyne package -os linux (in a copy of the tree)"
(cd "$work/src" && "$go" tool fyne package -os linux)
echo "package: built in $((SECONDS - start))s"

mkdir -p "$dist"
mv -f "$work/src/$name.tar.xz" "$tarball"

# What must be inside: usr/local/... when the packaging machine has /usr/local, else usr/...;
# the fyne CLI from v1.7.2 puts it all under a folder named after the binary
# (wssample/usr/..., the install Makefile beside usr/), v1.7.0 does not: accept both.
listing=$(tar -tJf "$tarball")
check=$dist/pkgcheck
rm -rf "$check" && mkdir -p "$check"
tar -xJf "$tarball" -C "$check"
fail=0
for want in "bin/$exe" "share/applications/$id.desktop" "share/pixmaps/$id.png"; do
	if ! grep -Eq "^($exe/)?usr/(local/)?$want\$" <<<"$listing"; then
		echo "package: $tarball lacks [$exe/]usr/[local/]$want" >&2
		fail=1
	fi
done
if ((fail)); then
	echo "package: tarball contents:" >&2
	echo "$listing" >&2
	exit 1
fi

desktop=$(find "$check" -name "$id.desktop" | head -n1)
bin=$(find "$check" -path "*/bin/$exe" -type f | head -n1)
grep -qx "Name=$name" "$desktop" || { echo "package: $desktop has no Name=$name" >&2; cat "$desktop" >&2; exit 1; }
grep -qx "Exec=$exe" "$desktop" || { echo "package: $desktop has no Exec=$exe" >&2; cat "$desktop" >&2; exit 1; }
[[ -x $bin ]] || { echo "package: $bin is not executable" >&2; exit 1; }
if "$go" version -m "$bin" | grep -q 'migrated_fynedo'; then
	echo "package: $bin was built with -tags migrated_fynedo; Fyne's thread checks would be off" >&2
	exit 1
fi

echo "package: $tarball ($(du -h "$tarball" | cut -f1)):"
sed 's/^/  /' <<<"$listing"
echo "package: unpacked for checking in $check/"
