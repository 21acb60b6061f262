"""Make resources/fonts/UMingCN-GB2312.ttf, the bundled Song/Ming-style font, from Debian's uming.ttc.

The program prints its documents in 仿宋/宋体/小标宋 when the office has them; a workstation without
them would otherwise print every title and body in a sans-serif fallback. AR PL UMing (Arphic Public
License, which allows modified copies) is the Ming face that free systems ship. The collection holds
four faces of 21 MB; one face cut to the GB 2312 repertoire (every character of everyday Simplified
Chinese, the Roman numerals Ⅰ–Ⅻ, the CJK punctuation) keeps the wheel and installer about 4.8 MB
larger. Rarer characters (a person's name) are drawn from the bundled Droid Sans Fallback per glyph.

ARPL §2a asks every modified file to say how and when it was changed: the notice goes into the font's
name table (copyright and description) and into resources/fonts/README.md.

    apt-get download fonts-arphic-uming && dpkg-deb -x fonts-arphic-uming_*.deb /tmp/uming
    python tools/bundle_uming.py /tmp/uming/usr/share/fonts/truetype/arphic/uming.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "UMingCN-GB2312.ttf"
NOTICE = ("Modified by the DutyRoom project on 2026-12-02: the face AR PL UMing CN taken out of uming.ttc "
          "(Debian fonts-arphic-uming 0.2.20080216.2-11) and cut to the GB 2312 character set, hinting and "
          "embedded bitmaps removed, by tools/bundle_uming.py. Distributed under the Arphic Public License "
          "(ARPHICPL.TXT beside this file).")


def gb2312(cmap: dict[int, str]) -> list[int]:
    keep = []
    for code in cmap:
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        keep.append(code)
    return keep


def main(source: str) -> None:
    face = TTCollection(source).fonts[0]  # AR PL UMing CN
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=gb2312(face.getBestCmap()))
    subsetter.subset(face)
    names = face["name"]
    old = names.getDebugName(0) or ""
    names.setName(f"{old} {NOTICE}".strip(), 0, 3, 1, 0x409)
    names.setName(NOTICE, 10, 3, 1, 0x409)
    face.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
