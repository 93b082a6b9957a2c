"""Observation quality: the extraction of the bundled report scored against the hand annotation of five sections.

Prints how many annotated figures were found with value and unit right (recall), how many extracted figures of
those sections are annotated figures (precision), and the share of right periods and data sources, then every
disagreement. The annotation (tests/data/observations-annotation.tsv) was written from the report's text.
Run: .venv/bin/python -m benchmarks.observation_quality
"""

from __future__ import annotations

from dckg.pipeline import build
from tests.support.quality import score


def main() -> None:
    s = score(build().extraction)
    print(f"annotated figures: {s.figures}   extracted in those sections: {s.extracted}   matched: {s.found}")
    print(f"value and unit right (recall): {s.unit_right}/{s.figures} = {s.recall:.1%}")
    print(f"precision:                     {s.found}/{s.extracted} = {s.precision:.1%}")
    print(f"period right:                  {s.period_right}/{s.figures} = {s.periods:.1%}")
    print(f"sources right (where given):   {s.source_right}/{s.with_source} = {s.sources:.1%}")
    print(f"kind right:                    {s.kind_right}/{s.figures} = {s.kind_right / s.figures:.1%}")
    for miss in s.misses:
        print(f"  {miss}")


if __name__ == "__main__":
    main()
