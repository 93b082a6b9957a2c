"""Programme extraction quality: recall, precision and stated runners against hand annotations.

Every ``tests/data/programs-*.gold.tsv`` is scored: ``programs-2023.gold.tsv`` against the bundled report,
the others against the composed report-like text of the same name (``programs-heldout*.txt`` were written
and annotated before the extractor first ran on them; their first-run figures are in docs/programs.md).
Prints the figures and what was missed or wrongly typed as a programme.
Run: .venv/bin/python -m benchmarks.programs
"""

from __future__ import annotations

from pathlib import Path

from dckg.pipeline import build
from tests.support.program_quality import read_annotation, score_programs

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    for gold in sorted(DATA.glob("programs-*.gold.tsv")):
        source = DATA / gold.name.replace(".gold.tsv", ".txt")
        s = score_programs(build(source if source.exists() else None).extraction, read_annotation(gold))
        print(
            f"{source.name if source.exists() else 'bundled report'}: "
            f"recall {s.recall:.1%} ({s.found}/{s.core})  "
            f"precision {s.precision:.1%} ({s.correct}/{s.extracted - s.neutral}, {s.neutral} borderline not judged)  "
            f"stated runners linked {s.leads_linked}/{s.leads_stated}"
        )
        problems = {"missed": s.missed, "not programmes": s.wrong, "runners not annotated": s.wrong_leads}
        for label, items in problems.items():
            if items:
                print(f"  {label}: {', '.join(items)}")


if __name__ == "__main__":
    main()
