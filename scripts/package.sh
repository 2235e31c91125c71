#!/usr/bin/env bash
# package.sh — build "dist/<Name>.tar.xz" with `go tool fyne package -os linux`
# and check what is inside.
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
# Env: DIST (default dist), GO (default go).
set -euo pipefail

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
	--exclude=./.git --exclude=./bin --exclude="./$dist" --exclude=./node_modules \
	--exclude='*.tar.xz' --exclude=./fyne_metadata_init.go --exclude="./$exe" \
	-cf - . | tar -C "$work/src" -xf -

echo "package: go tool fyne package -os linux (in a copy of the tree)"
start=$SECONDS
(cd "$work/src" && "$go" tool fyne package -os linux)
echo "package: built in $((SECONDS - start))s"

mkdir -p "$dist"
mv -f "$work/src/$name.tar.xz" "$tarball"

# What must be inside: usr/local/... when the packaging machine has /usr/local, else usr/...
listing=$(tar -tJf "$tarball")
check=$dist/pkgcheck
rm -rf "$check" && mkdir -p "$check"
tar -xJf "$tarball" -C "$check"
fail=0
for want in "bin/$exe" "share/applications/$id.desktop" "share/pixmaps/$id.png"; do
	if ! grep -Eq "^usr/(local/)?$want\$" <<<"$listing"; then
		echo "package: $tarball lacks usr/[local/]$want" >&2
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
