"""Score extracted observations against a hand annotation: of sections of the bundled report
(tests/data/observations-annotation.tsv), or of the composed texts of tests/data/figures/ (figures-annotation.tsv).

A figure of the annotation is found when its sentence (located by an anchor inside it) has an extracted
observation with the same value; it is then checked for unit, period, sources, kind and status (measured, target,
forecast). Precision counts the extracted observations in scope (those marked not-statistic are not) that match a
figure of the annotation; a row of status ``count`` (N个方面, 三部大法: a count of the text's own items, not an
indicator) must match no observation that is not marked not-statistic.
A source is written ``kind:key`` or ``kind:name`` (the body's name, the document's title, the data source's name).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dckg.extract.documents import title_key
from dckg.records import Extraction
from tests.support import DATA

ANNOTATION = DATA / "observations-annotation.tsv"
TEXTS = DATA / "figures"
TEXTS_ANNOTATION = DATA / "figures-annotation.tsv"


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
    status_right: int = 0
    counts_taken: int = 0  # counts of the text's own items read as figures

    @property
    def recall(self) -> float:
        return self.unit_right / self.figures

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 1.0

    @property
    def periods(self) -> float:
        return self.period_right / self.figures

    @property
    def sources(self) -> float:
        return self.source_right / self.with_source if self.with_source else 1.0

    @property
    def statuses(self) -> float:
        return self.status_right / self.figures

    def __add__(self, other: Scores) -> Scores:
        fields = [a + b for a, b in zip(_counts(self), _counts(other), strict=True)]
        return Scores(*fields[:8], self.misses + other.misses, *fields[8:])


def _counts(s: Scores) -> list[int]:
    return [
        s.figures,
        s.extracted,
        s.found,
        s.unit_right,
        s.period_right,
        s.with_source,
        s.source_right,
        s.kind_right,
        s.status_right,
        s.counts_taken,
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _source_names(extraction: Extraction) -> dict[tuple[str, str], set[str]]:
    """Every way an annotation may write a source: its key, and the names or title of its record."""
    names: dict[tuple[str, str], set[str]] = {}
    for a in extraction.agencies:
        names[("agency", a.key)] = {a.key, a.zh, *a.zh_aliases}
    for d in extraction.documents:
        names[("document", d.key)] = {d.key, d.title, *d.variants}
    for s in extraction.data_sources:
        names[("dataset", s.key)] = {s.key, s.name}
    return names


def _sources_match(got: set[tuple[str, str]], want: str, names: dict[tuple[str, str], set[str]]) -> bool:
    wanted = [w.split(":", 1) for w in filter(None, want.split(","))]
    if len(wanted) != len(got):
        return False
    left = set(got)
    for kind, name in wanted:
        hit = next((g for g in left if g[0] == kind and ({name, title_key(name)} & names.get(g, {g[1]}))), None)
        if hit is None:
            return False
        left.discard(hit)
    return True


def score(extraction: Extraction, path: Path = ANNOTATION, rows: list[dict[str, str]] | None = None) -> Scores:
    """Compare ``extraction`` with the annotation at ``path`` (or ``rows``); a row's section, when the annotation
    has that column, limits where its anchor is looked for and which extracted figures are in scope."""
    rows = read_rows(path) if rows is None else rows
    passages = extraction.report.passages
    sections = {r["section"] for r in rows} if rows and "section" in rows[0] else None
    names = _source_names(extraction)
    in_scope = [
        i
        for i, o in enumerate(extraction.observations)
        if (sections is None or passages[o.passage].section in sections) and o.status != "not-statistic"
    ]
    used: set[int] = set()
    found = unit = period = with_source = source = kind = status = taken = figures = 0
    misses = []
    for r in rows:
        where = [
            p
            for p, passage in enumerate(passages)
            if (sections is None or passage.section == r["section"])
            and r["anchor"] in passage.text
            and passage.kind != "caption"
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
        if r.get("status") == "count":
            if match is not None and extraction.observations[match].status != "not-statistic":
                used.add(match)
                taken += 1
                misses.append(f"count read as a figure: {r['anchor']} {r['value']}{r['unit']}")
            continue
        figures += 1
        with_source += bool(r["sources"])
        if match is None:
            misses.append(f"missing {r.get('section') or r.get('text')} {r['anchor']} {r['value']}{r['unit']}")
            continue
        used.add(match)
        o = extraction.observations[match]
        found += 1
        got_sources = {(s.kind, s.key) for s in o.sources}
        checks = {
            "unit": (o.unit or "") == r["unit"],
            "period": (o.period.key if o.period else "") == r["period"],
            "source": _sources_match(got_sources, r["sources"], names),
            "kind": o.kind == r["kind"],
            "status": o.status == (r.get("status") or "measured"),
        }
        unit += checks["unit"]
        period += checks["period"]
        source += checks["source"] and bool(r["sources"])
        kind += checks["kind"]
        status += checks["status"]
        wrong = [k for k, ok in checks.items() if not ok]
        if wrong:
            got = f"{o.unit} {o.period.key if o.period else '-'} {sorted(got_sources)} {o.kind} {o.status}"
            where_name = r.get("section") or r.get("text")
            misses.append(f"{'/'.join(wrong)} {where_name} {r['anchor']} {r['value']}: got {got}")
    extra = [i for i in in_scope if i not in used]
    for i in extra:
        o = extraction.observations[i]
        misses.append(f"extra {passages[o.passage].section} {o.written} in {passages[o.passage].text[:20]}")
    return Scores(figures, len(in_scope), found, unit, period, with_source, source, kind, tuple(misses), status, taken)


def score_texts(
    directory: Path = TEXTS, path: Path = TEXTS_ANNOTATION, names: set[str] | None = None
) -> dict[str, Scores]:
    """Each composed text of ``directory`` (``names`` of them, or all) extracted and scored against ``path``."""
    from dckg.extract import extract
    from dckg.reader import read_report
    from dckg.source import read_source

    rows = read_rows(path)
    texts = sorted({r["text"] for r in rows} if names is None else names)
    out = {}
    for name in texts:
        x = extract(read_report(read_source(directory / f"{name}.txt")))
        out[name] = score(x, rows=[r for r in rows if r["text"] == name])
    return out


def total(scores) -> Scores:
    """The scores of several texts added up."""
    return sum(scores, start=Scores(0, 0, 0, 0, 0, 0, 0, 0, ()))
