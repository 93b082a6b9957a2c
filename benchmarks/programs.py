"""Programme extraction quality: recall, precision and stated runners against hand annotations.

Scores the bundled report against tests/data/programs-2023.gold.tsv and the composed provincial report
tests/data/programs-report.txt against its own annotation, and prints what was missed or wrongly typed
as a programme. Run: .venv/bin/python benchmarks/programs.py
"""

from __future__ import annotations

from pathlib import Path

from dckg.evaluate import read_annotation, score_programs
from dckg.pipeline import build

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CASES = [("bundled report", None, "programs-2023.gold.tsv"), ("composed report", "programs-report.txt", None)]


def main() -> None:
    for label, source, gold in CASES:
        path = DATA / source if source else None
        annotation = read_annotation(DATA / (gold or f"{Path(source).stem}.gold.tsv"))
        s = score_programs(build(path).extraction, annotation)
        print(
            f"{label}: recall {s.recall:.1%} ({s.found}/{s.core} core programmes)  "
            f"precision {s.precision:.1%} ({s.correct}/{s.extracted - s.neutral}; {s.neutral} borderline not judged)  "
            f"stated runners linked {s.leads_linked}/{s.leads_stated}"
        )
        print(f"  missed: {', '.join(s.missed) or '-'}")
        print(f"  not programmes: {', '.join(s.wrong) or '-'}")
        print(f"  runners not annotated: {', '.join(s.wrong_leads) or '-'}")


if __name__ == "__main__":
    main()
