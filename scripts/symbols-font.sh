#!/usr/bin/env bash
# symbols-font.sh — make assets/symbols.ttf: the symbols the app's words use
# that Fyne's bundled Noto Sans lacks ("←", "→", "≤"), cut from Debian's
# DejaVu Sans (fonts-dejavu-core; Bitstream Vera licence, DejaVu changes in
# the public domain, glyphs from Arev under Vera-like terms), with its
# licence beside it in assets/LICENSE-DejaVu.txt (the font's own record).
#
# What it holds, and why (ui/kit's WithSymbols puts it in front of Noto Sans):
#   - two whole Unicode blocks, Arrows (U+2190–21FF) and Mathematical
#     Operators (U+2200–22FF), and no letters, so every other character is
#     still drawn with Noto Sans;
#   - the spaces Noto Sans has, with Noto Sans's widths: the text shaper
#     keeps a space in the run of the character before it, so "≤ 125"
#     draws its space with this font (without one, Fyne drew "≤�125");
#   - Noto Sans's units per em and line metrics (ascent, descent, gap):
#     Fyne measures a line's height on a space, which now comes from this
#     font, so every line keeps exactly the height and baseline it had.
# Hinting is dropped: Fyne's renderer does not use it. The result is
# committed (about 50 KB), like assets/icon.png; run this again only to
# change what it holds. Needs fontTools (python3-fonttools, installed here
# when missing) and Go (to read Fyne's Noto Sans from the module cache).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/deps.sh fonts-dejavu-core python3-fonttools
src=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
noto="$(go list -m -f '{{.Dir}}' fyne.io/fyne/v2)/theme/font/NotoSans-Regular.ttf"
out=assets/symbols.ttf
# Debian's python3, which has the fontTools module (a pyenv or venv python may not).
/usr/bin/python3 - "$src" "$noto" "$out" assets/LICENSE-DejaVu.txt <<'PY'
import sys, unicodedata
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools import subset

src, noto_path, out, licence = sys.argv[1:]
noto = TTFont(noto_path)
noto_cmap = noto.getBestCmap()
spaces = [c for c in noto_cmap if unicodedata.category(chr(c)) == "Zs"]

opts = subset.Options()
opts.layout_features = ["*"]
opts.hinting = False
opts.name_IDs = ["*"]
opts.notdef_outline = True
font = TTFont(src, recalcTimestamp=False)  # the same bytes on every run
sub = subset.Subsetter(opts)
sub.populate(unicodes=list(range(0x2190, 0x2300)) + spaces)
sub.subset(font)

scale_upem(font, noto["head"].unitsPerEm)
# The spaces as wide as Noto Sans's.
cmap = font.getBestCmap()
for c in spaces:
    if c in cmap:
        adv = noto["hmtx"][noto_cmap[c]][0]
        font["hmtx"][cmap[c]] = (adv, 0)
# Noto Sans's line metrics, in every table a renderer may read them from.
for table, fields in {
    "hhea": ["ascent", "descent", "lineGap"],
    "OS/2": ["sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent"],
}.items():
    for f in fields:
        setattr(font[table], f, getattr(noto[table], f))
USE_TYPO_METRICS = 1 << 7
font["OS/2"].fsSelection = (font["OS/2"].fsSelection & ~USE_TYPO_METRICS) | (noto["OS/2"].fsSelection & USE_TYPO_METRICS)
font.save(out)

with open(licence, "w") as f:
    f.write("assets/symbols.ttf is cut from DejaVu Sans 2.37 (Debian's fonts-dejavu-core) by\n")
    f.write("scripts/symbols-font.sh. Its licence, as the font states it (name ID 13):\n\n")
    f.write(font["name"].getDebugName(13).rstrip() + "\n")
print(f"{len(font.getBestCmap())} characters ({len(spaces)} of them spaces)")
PY
echo "symbols-font: $out ($(du -h "$out" | cut -f1)) from $src ($(dpkg-query -W -f='${Package} ${Version}' fonts-dejavu-core))"
