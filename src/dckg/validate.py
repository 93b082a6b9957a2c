"""Check a graph against the SHACL shapes of the ontology and its evidence against the source texts.

SHACL cannot read the report, so the last rule of the shapes (a quote equals the cleaned source text at its
offsets) is checked here, for every source report whose text is at hand: the bundled one, or one given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .reader import read_report
from .records import Report
from .source import bundled_report_bytes, read_source
from .terms import DCKG, label_in, ontology_dir

SH = Namespace("http://www.w3.org/ns/shacl#")
_SHORT = 40


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@cache
def bundled_report() -> Report:
    return read_report(read_source(None))


@cache
def _bundled_digest() -> str:
    return hashlib.sha256(bundled_report_bytes()).hexdigest()


@dataclass(frozen=True)
class Violation:
    """One broken rule: the focus node (IRI, short name, label), the rule (shape and constraint), path and value."""

    focus: str
    focus_name: str
    label: str
    rule: str
    path: str
    value: str
    message: str

    def line(self) -> str:
        """The violation as one readable line."""
        who = f"{self.focus_name} ({self.label})" if self.label else self.focus_name
        where = f" on {self.path}" if self.path else ""
        value = f"; value {self.value}" if self.value else ""
        return f"{who}: {self.message} [{self.rule}{where}{value}]"


def validate(graph: Graph, reports: Iterable[Report] = ()) -> list[Violation]:
    """Violations of ``graph``: SHACL (no inference: every type must be explicit) and evidence quotes that differ
    from their source text, for the bundled report and ``reports``; empty when it conforms."""
    from pyshacl import validate as shacl

    _, result, _ = shacl(graph, shacl_graph=shapes_graph(), inference="none", advanced=True)
    out = [_shacl_violation(graph, result, r) for r in result.subjects(SH.resultSeverity, SH.Violation)]
    reports = list(reports)
    for node in graph.subjects(RDF.type, DCKG.SourceReport):
        if (report := _text_of(str(graph.value(node, DCKG.sha256)), reports)) is not None:
            out.extend(_quote_violations(graph, node, report))
    return sorted(set(out), key=lambda v: (v.focus, v.rule, v.path, v.value, v.message))


def unchecked_reports(graph: Graph, reports: Iterable[Report] = ()) -> list[str]:
    """Source reports of ``graph`` whose text is not at hand, so that their quotes could not be checked."""
    reports = list(reports)
    return sorted(
        f"{graph.value(node, DCTERMS.title) or 'an untitled report'} (sha256 {graph.value(node, DCKG.sha256)!s:.12}…)"
        for node in graph.subjects(RDF.type, DCKG.SourceReport)
        if str(graph.value(node, DCKG.sha256)) not in {r.sha256 for r in reports} | {_bundled_digest()}
    )


def notes(graph: Graph, reports: Iterable[Report] = ()) -> list[str]:
    """What a validation of ``graph`` could not check, one line each: nothing of dckg's in it, a given report that
    is not one the graph was built from, or quotes of source reports whose text is not at hand."""
    reports = list(reports)
    none = not any(graph.triples((None, None, DCKG.SourceReport)))
    foreign = foreign_reports(graph, reports)
    hint = "" if foreign else ": give the file with --source"
    return (
        ["the graph holds no dckg source report: the shapes found nothing of dckg's to check"] * none
        + [
            f"{r.name} is not the report the graph was built from (its sha256 {r.sha256[:12]}… differs)"
            for r in foreign
        ]
        + [f"quotes of {title} not checked against its text{hint}" for title in unchecked_reports(graph, reports)]
    )


def foreign_reports(graph: Graph, reports: Iterable[Report]) -> list[Report]:
    """The given reports that are none of ``graph``'s source reports (their SHA-256 is none of theirs)."""
    digests = {str(d) for d in graph.objects(None, DCKG.sha256)}
    return [r for r in reports if r.sha256 not in digests]


def _text_of(digest: str, reports: Iterable[Report]) -> Report | None:
    """The given report with this digest, else the bundled one if it is that, else None (its text is not at hand).
    The bundled report is read only when a graph cites it and it was not given."""
    given = next((r for r in reports if r.sha256 == digest), None)
    return given or (bundled_report() if digest == _bundled_digest() else None)


def _quote_violations(graph: Graph, report_node: Node, report: Report) -> Iterable[Violation]:
    """Evidence of ``report_node`` whose span is not a passage of the report or whose quote is not its text."""
    passages = {(p.start, p.end): p.text for p in report.passages}
    rule = "source text check"
    for ev in graph.subjects(DCKG.sourceReport, report_node):
        if (ev, RDF.type, DCKG.Evidence) not in graph:
            continue
        quote = graph.value(ev, DCKG.quote)
        start, end = (graph.value(ev, p) for p in (DCKG.start, DCKG.end))
        if not all(isinstance(x, Literal) for x in (quote, start, end)):
            continue  # SHACL reports missing or malformed parts
        span = (int(start), int(end)) if _ascii_digits(start) and _ascii_digits(end) else None
        label = _label(graph, ev)
        if span not in passages:
            message = f"no sentence of {report.name} spans the characters [{start}, {end})"
            yield Violation(str(ev), _name(graph, ev), label, rule, "dckg:start", f"{start}–{end}", message)
        elif passages[span] != str(quote):
            message = f"the quote differs from the text of {report.name} at [{start}, {end})"
            yield Violation(str(ev), _name(graph, ev), label, rule, "dckg:quote", _short(str(quote)), message)


def _ascii_digits(value: Literal) -> bool:
    return str(value).isascii() and str(value).isdigit()


def _shacl_violation(graph: Graph, result: Graph, node: Node) -> Violation:
    focus = result.value(node, SH.focusNode)
    path = result.value(node, SH.resultPath)
    value = result.value(node, SH.value)
    component = str(result.value(node, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
    rule = f"{_shape_name(result.value(node, SH.sourceShape))}/{component.removesuffix('ConstraintComponent')}"
    return Violation(
        focus=str(focus),
        focus_name=_name(graph, focus),
        label=_label(graph, focus),
        rule=rule,
        path=_name(graph, path) if isinstance(path, URIRef) else _path(graph, result, path) if path is not None else "",
        value="" if value is None or value == focus else _show(graph, value),
        message=str(result.value(node, SH.resultMessage) or ""),
    )


def _shape_name(shape: Node | None) -> str:
    """The node shape a result comes from (a property shape is named by the node shape that holds it)."""
    shapes = shapes_graph()
    owner = shapes.value(None, SH.property, shape) if shape is not None else None
    named = owner if owner is not None else shape
    return str(named).rsplit("#", 1)[-1] if isinstance(named, URIRef) else "shape"


def _path(graph: Graph, result: Graph, path: Node) -> str:
    """A SHACL sequence path as ``a/b`` (other complex paths by their first step)."""
    steps = [_name(graph, step) for step in result.items(path)]
    return "/".join(steps) or "a complex path"


def _name(graph: Graph, node: Node | None) -> str:
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node) if node is not None else ""


def _label(graph: Graph, node: Node | None) -> str:
    """A short label to recognise ``node`` by: its Chinese label, else its English one, else its quote."""
    if node is None:
        return ""
    quote = graph.value(node, DCKG.quote)
    return _short(label_in(graph, node, "zh") or label_in(graph, node, "en") or str(quote or ""))


def _show(graph: Graph, value: Node) -> str:
    if isinstance(value, Literal):
        typed = f"^^{_name(graph, value.datatype)}" if value.datatype else ""
        suffix = f"@{value.language}" if value.language else typed
        return f'"{_short(str(value))}"{suffix}'
    return _name(graph, value)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHORT else flat[: _SHORT - 1] + "…"
