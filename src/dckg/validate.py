"""Check a graph against the SHACL shapes of the ontology and report violations readably."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


def ontology_dir() -> Path:
    """The folder of the ontology and shapes files shipped with the package."""
    return Path(__file__).resolve().parent / "ontology"


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


def validate(graph: Graph) -> list[Violation]:
    """SHACL violations of ``graph`` (no inference: every type must be explicit); empty when it conforms."""
    from pyshacl import validate as shacl

    _, report, _ = shacl(graph, shacl_graph=shapes_graph(), inference="none", advanced=True)
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        out.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=str(report.value(result, SH.resultPath) or ""),
                message=str(report.value(result, SH.resultMessage) or ""),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
