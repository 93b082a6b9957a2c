"""Score extracted programmes against a hand annotation (tests/data/programs-*.gold.tsv).

An annotation is a TSV file with a header ``status	names	lead``: ``status`` is ``core`` (a named
programme that must be found) or ``borderline`` (defensible either way: neither needed for recall nor
counted against precision); ``names`` the accepted names separated by ``|``; ``lead`` the canonical
Chinese names of the bodies the report says run it, separated by ``|``, if it says so. An extracted programme matches an
annotation when one of its names folds (``program_key``) to one of the annotated names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from dckg.errors import ReportInputError
from dckg.extract.programs import program_key
from dckg.records import Extraction, ProgramRecord


@dataclass(frozen=True)
class Annotation:
    """One annotated programme: accepted names, whether it is core, and the bodies stated to run it."""

    names: tuple[str, ...]
    core: bool
    leads: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """How an extraction compares with an annotation; the lists name what went wrong."""

    core: int
    found: int
    extracted: int
    neutral: int
    correct: int
    leads_stated: int
    leads_linked: int
    missed: tuple[str, ...]
    wrong: tuple[str, ...]
    wrong_leads: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.core if self.core else 1.0

    @property
    def precision(self) -> float:
        judged = self.extracted - self.neutral
        return self.correct / judged if judged else 1.0


def read_annotation(path: str | Path) -> tuple[Annotation, ...]:
    """The annotated programmes of a TSV file (see the module docstring)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for n, row in enumerate(rows, start=2):
        if row.get("status") not in ("core", "borderline") or not row.get("names"):
            raise ReportInputError(f"{path}:{n}: expected status core|borderline and names")
        names, leads = (tuple(x.strip() for x in (row.get(k) or "").split("|") if x.strip()) for k in ("names", "lead"))
        out.append(Annotation(names, row["status"] == "core", leads))
    return tuple(out)


def _matches(program: ProgramRecord, annotation: Annotation) -> bool:
    ours = {program_key(n) for n in (program.name, *program.variants)}
    return bool(ours & {program_key(n) for n in annotation.names})


def score_programs(extraction: Extraction, annotations: tuple[Annotation, ...]) -> Score:
    """Recall over the core annotations, precision over the programmes that match no borderline one only."""
    bodies = {a.key: a.zh for a in extraction.agencies}
    programs = extraction.programs
    matched = {a: [p for p in programs if _matches(p, a)] for a in annotations}
    core = [a for a in annotations if a.core]
    wrong = [p for p in programs if not any(_matches(p, a) for a in annotations)]
    neutral = [p for p in programs if p not in wrong and not any(_matches(p, a) for a in core)]
    stated = [(a, body) for a in core for body in a.leads]
    linked = [(a, body) for a, body in stated if any(body in {bodies[k] for k, _ in p.leads} for p in matched[a])]
    wrong_leads = [
        f"{p.name}: {bodies[k]}"
        for p in programs
        for k in dict.fromkeys(k for k, _ in p.leads)
        if not any(_matches(p, a) and bodies[k] in a.leads for a in annotations)
    ]
    return Score(
        core=len(core),
        found=sum(bool(matched[a]) for a in core),
        extracted=len(programs),
        neutral=len(neutral),
        correct=len(programs) - len(neutral) - len(wrong),
        leads_stated=len(stated),
        leads_linked=len(linked),
        missed=tuple(a.names[0] for a in core if not matched[a]),
        wrong=tuple(p.name for p in wrong),
        wrong_leads=tuple(wrong_leads),
    )
