"""Observation quality: extractions scored against hand annotations, the bundled report's five sections and the
composed texts of tests/data/figures/ (annotated before the extractor first ran on them).

Prints how many annotated figures were found with value and unit right (recall), how many extracted figures in
scope are annotated figures (precision), the share of right periods, data sources (where the text gives one),
kinds and statuses (measured, target, forecast), how many counts of a text's own items were read as figures, then
every disagreement. Run: .venv/bin/python -m benchmarks.observation_quality [--texts-only]
"""

from __future__ import annotations

import sys

from dckg.pipeline import build
from tests.support.quality import DATA, TEXTS, TEXTS_ANNOTATION, Scores, score, score_texts, total

SETS = {
    "composed texts": (TEXTS, TEXTS_ANNOTATION),
    "second composed texts": (DATA / "figures-second", DATA / "figures-second-annotation.tsv"),
}


def _print(title: str, s: Scores, misses: bool = True) -> None:
    print(f"== {title}")
    print(f"annotated figures: {s.figures}   extracted in scope: {s.extracted}   matched: {s.found}")
    print(f"value and unit right (recall): {s.unit_right}/{s.figures} = {s.recall:.1%}")
    print(f"precision:                     {s.found}/{s.extracted} = {s.precision:.1%}")
    print(f"period right:                  {s.period_right}/{s.figures} = {s.periods:.1%}")
    print(f"sources right (where given):   {s.source_right}/{s.with_source} = {s.sources:.1%}")
    print(f"kind right:                    {s.kind_right}/{s.figures} = {s.kind_right / s.figures:.1%}")
    print(f"status right:                  {s.status_right}/{s.figures} = {s.statuses:.1%}")
    print(f"counts read as figures:        {s.counts_taken}")
    if misses:
        for miss in s.misses:
            print(f"  {miss}")


def main() -> None:
    if "--texts-only" not in sys.argv:
        _print("bundled report, five annotated sections", score(build().extraction))
    for title, (directory, annotation) in SETS.items():
        texts = score_texts(directory, annotation)
        for name, s in texts.items():
            print(
                f"{name:28} recall {s.recall:5.1%}  precision {s.precision:5.1%}  period {s.periods:5.1%}  "
                f"sources {s.source_right}/{s.with_source}  status {s.statuses:5.1%}  counts taken {s.counts_taken}"
            )
        _print(f"{title} ({len(texts)} texts), all together", total(texts.values()))


if __name__ == "__main__":
    main()
