"""Score extracted observations against a hand annotation of some sections (tests/data/observations-annotation.tsv).

A figure of the annotation is found when its sentence (located by an anchor inside it) has an extracted
observation with the same value; it is then checked for unit, period, sources and kind. Precision counts the
extracted observations of the annotated sections that match a figure of the annotation.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dckg.records import Extraction
from tests.support import DATA

ANNOTATION = DATA / "observations-annotation.tsv"


@dataclass(frozen=True)
class Scores:
    figures: int
    extracted: int
    found: int
    unit_right: int
    period_right: int
    with_source: int
    source_right: int
    kind_right: int
    misses: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.unit_right / self.figures

    @property
    def precision(self) -> float:
        return self.found / self.extracted

    @property
    def periods(self) -> float:
        return self.period_right / self.figures

    @property
    def sources(self) -> float:
        return self.source_right / self.with_source


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def score(extraction: Extraction, path: Path = ANNOTATION) -> Scores:
    """Compare ``extraction`` (of the bundled report) with the annotation at ``path``."""
    rows = _rows(path)
    passages = extraction.report.passages
    sections = {r["section"] for r in rows}
    in_scope = [i for i, o in enumerate(extraction.observations) if passages[o.passage].section in sections]
    used: set[int] = set()
    found = unit = period = with_source = source = kind = 0
    misses = []
    for r in rows:
        where = [
            p
            for p, passage in enumerate(passages)
            if passage.section == r["section"] and r["anchor"] in passage.text and passage.kind != "caption"
        ]
        match = next(
            (
                i
                for i in in_scope
                if i not in used
                and extraction.observations[i].passage in where[:1]
                and Decimal(extraction.observations[i].value) == Decimal(r["value"])
            ),
            None,
        )
        with_source += bool(r["sources"])
        if match is None:
            misses.append(f"missing {r['section']} {r['anchor']} {r['value']}{r['unit']}")
            continue
        used.add(match)
        o = extraction.observations[match]
        found += 1
        got_sources = {f"{s.kind}:{s.key}" for s in o.sources}
        checks = {
            "unit": (o.unit or "") == r["unit"],
            "period": (o.period.key if o.period else "") == r["period"],
            "source": got_sources == set(filter(None, r["sources"].split(","))),
            "kind": o.kind == r["kind"],
        }
        unit += checks["unit"]
        period += checks["period"]
        source += checks["source"] and bool(r["sources"])
        kind += checks["kind"]
        wrong = [k for k, ok in checks.items() if not ok]
        if wrong:
            got = f"{o.unit} {o.period.key if o.period else '-'} {sorted(got_sources)} {o.kind}"
            misses.append(f"{'/'.join(wrong)} {r['section']} {r['anchor']} {r['value']}: got {got}")
    extra = [i for i in in_scope if i not in used]
    for i in extra:
        o = extraction.observations[i]
        misses.append(f"extra {passages[o.passage].section} {o.written} in {passages[o.passage].text[:20]}")
    return Scores(len(rows), len(in_scope), found, unit, period, with_source, source, kind, tuple(misses))
