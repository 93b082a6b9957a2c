"""Extraction quality on the development corpus: precision, recall and F1 per kind of fact, per text and overall.

Each text of tests/data/corpus/ is extracted and scored against its hand annotation (tests/support/corpus_quality.py);
``--detail`` lists every wrong and missed fact. Run: .venv/bin/python -m benchmarks.quality [--detail] [FILE ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.support.corpus_quality import KINDS, corpus_texts, score_file, total


def main(argv: list[str]) -> None:
    detail = "--detail" in argv
    paths = [Path(a) for a in argv if a != "--detail"] or corpus_texts()
    print(f"{'text':<22}" + "".join(f"{k:>20}" for k in KINDS))
    print(f"{'':<22}" + "".join(f"{'P    R    F1':>20}" for _ in KINDS))
    scores = []
    for path in paths:
        s = score_file(path)
        scores.append(s)
        print(f"{path.stem:<22}" + "".join(f"{_cell(s[k]):>20}" for k in KINDS))
        if detail:
            for k in KINDS:
                for w in s[k].wrong:
                    print(f"    wrong  {k}: {w}")
                for m in s[k].missed:
                    print(f"    missed {k}: {m}")
    t = total(scores)
    print(f"{'ALL (micro)':<22}" + "".join(f"{_cell(t[k]):>20}" for k in KINDS))
    print("summary: " + "  ".join(f"{k} F1 {t[k].f1:.2f} (P {t[k].precision:.2f} R {t[k].recall:.2f})" for k in KINDS))


def _cell(c) -> str:
    return f"{c.precision:.2f} {c.recall:.2f} {c.f1:.2f}"


if __name__ == "__main__":
    main(sys.argv[1:])
