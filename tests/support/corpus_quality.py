"""Score an extraction against a hand annotation of the development corpus (tests/data/corpus/*.gold.json).

Precision, recall and F1 per kind of fact: documents (title keys), issuance (title, body) pairs, bodies,
observations (value and unit in the annotated sentence), their periods and sources, and programme runners.
Accepted names of a body are separated by ``|`` (see tests/data/corpus/README.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from dckg.extract import extract
from dckg.extract.documents import title_key
from dckg.extract.programs import program_key
from dckg.reader import read_report
from dckg.records import Extraction
from dckg.source import read_source
from tests.support import DATA

CORPUS = DATA / "corpus"
KINDS = ("documents", "issuance", "bodies", "observations", "periods", "sources", "runners")


@dataclass(frozen=True)
class Count:
    """Facts extracted, facts annotated and facts both: precision, recall and F1 follow."""

    tp: int
    predicted: int
    gold: int
    wrong: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Count) -> Count:
        return Count(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)


def _match(predicted: list, gold: list, same) -> Count:
    """One-to-one matching of predicted with gold items under ``same``."""
    left = list(gold)
    tp, wrong = 0, []
    for p in predicted:
        hit = next((g for g in left if same(p, g)), None)
        if hit is None:
            wrong.append(str(p))
        else:
            left.remove(hit)
            tp += 1
    return Count(tp, len(predicted), len(gold), tuple(wrong), tuple(str(g) for g in left))


def _names(alternatives: str) -> set[str]:
    return set(alternatives.split("|"))


def score_text(extraction: Extraction, gold: dict) -> dict[str, Count]:
    """Counts per kind of fact for one annotated text."""
    bodies = {a.key: a.zh for a in extraction.agencies}
    titles = {d.key: d.title for d in extraction.documents}
    passages = extraction.report.passages
    out = {
        "documents": _match(sorted(titles), [title_key(t) for t in gold["documents"]], lambda p, g: p == g),
        "issuance": _match(
            sorted({(i.document, bodies[k]) for i in extraction.issuances for k in i.issuers}),
            [(title_key(t), b) for t, b in gold["issuance"]],
            lambda p, g: p[0] == g[0] and p[1] in _names(g[1]),
        ),
        "bodies": _match(sorted(bodies.values()), gold["bodies"], lambda p, g: p in _names(g)),
        "runners": _match(
            sorted({(program_key(n), bodies[k]) for p in extraction.programs for k, _ in p.leads for n in [p.name]}),
            [(program_key(n), b) for n, b in gold["runners"]],
            lambda p, g: p[0] == g[0] and p[1] in _names(g[1]),
        ),
    }
    observations = list(extraction.observations)
    matched: list[tuple[dict, object]] = []
    for g in gold["observations"]:
        where = {i for i, p in enumerate(passages) if g["anchor"] in p.text and p.kind != "caption"}
        o = next(
            (
                o
                for o in observations
                if o.passage in where and Decimal(o.value) == Decimal(g["value"]) and (o.unit or "") == g["unit"]
            ),
            None,
        )
        if o is not None:
            observations.remove(o)
            matched.append((g, o))
    found = {id(g) for g, _ in matched}
    out["observations"] = Count(
        len(matched),
        len(extraction.observations),
        len(gold["observations"]),
        tuple(f"{o.written} in {passages[o.passage].text[:24]}" for o in observations),
        tuple(f"{g['anchor']} {g['value']}{g['unit']}" for g in gold["observations"] if id(g) not in found),
    )
    tp = predicted = 0
    wrong = []
    for g, o in matched:
        got = o.period.key if o.period else ""
        predicted += bool(got)
        tp += bool(got) and got == g["period"]
        if got != g["period"]:
            wrong.append(f"{g['anchor']} {g['value']}: {got or '-'} for {g['period'] or '-'}")
    out["periods"] = Count(tp, predicted, sum(bool(g["period"]) for g in gold["observations"]), tuple(wrong))
    source_counts = [
        _match(
            sorted(bodies[s.key] if s.kind == "agency" else titles.get(s.key, s.key) for s in o.sources),
            [g for g in gold_figure["sources"]],
            lambda p, g: p in _names(g) or title_key(p) in {title_key(n) for n in _names(g)},
        )
        for gold_figure, o in matched
    ]
    unmatched = sum(len(g["sources"]) for g in gold["observations"] if id(g) not in found)
    out["sources"] = Count(
        sum(c.tp for c in source_counts),
        sum(c.predicted for c in source_counts),
        sum(c.gold for c in source_counts) + unmatched,
        tuple(w for c in source_counts for w in c.wrong),
        tuple(m for c in source_counts for m in c.missed),
    )
    return out


def corpus_texts(directory: Path = CORPUS) -> list[Path]:
    """The annotated texts of the corpus, in name order."""
    return sorted(p for p in directory.glob("*.txt") if p.with_suffix(".gold.json").exists())


def score_file(path: Path) -> dict[str, Count]:
    """Extract ``path`` and score it against its ``.gold.json``."""
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return score_text(extract(read_report(read_source(path))), gold)


def total(scores: list[dict[str, Count]]) -> dict[str, Count]:
    """The counts of several texts summed per kind (micro-average)."""
    out = {}
    for kind in KINDS:
        c = Count(0, 0, 0)
        for s in scores:
            c = c + s[kind]
        out[kind] = c
    return out
