"""Write src/dckg/vocab/equivalent-ideographs.tsv from Unicode's EquivalentUnifiedIdeograph.txt.

The table maps CJK radicals and Kangxi radicals (which shared-glyph PDF fonts give back) to the unified
ideograph they look like. The source is the Unicode Character Database that Debian's unicode-data package
ships: ``python scripts/equivalent_ideographs.py [/usr/share/unicode/EquivalentUnifiedIdeograph.txt]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")
TARGET = Path(__file__).resolve().parent.parent / "src/dckg/vocab/equivalent-ideographs.tsv"


def main(source: Path = SOURCE) -> None:
    text = source.read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        codes, target = (part.strip() for part in data.split(";"))
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            rows.append(f"{code:04X}\t{target}")
    TARGET.write_text("code\tunified\n" + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
