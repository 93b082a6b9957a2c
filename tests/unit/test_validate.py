"""Validation: the shapes cover the whole ontology, and each kind of broken fact is reported on its own line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from dckg.graph import integer
from dckg.terms import DCKG, ontology_dir
from dckg.validate import shapes_graph, unchecked_reports, validate
from tests.support import MINI, dckg


def _own(graph: Graph, *kinds: URIRef) -> set[URIRef]:
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(str(DCKG))}


def test_the_shapes_cover_every_class_and_property_of_the_ontology():
    ontology = Graph().parse(ontology_dir() / "dckg.ttl")
    shapes = shapes_graph()
    classes = _own(ontology, OWL.Class)
    properties = _own(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert len(classes) >= 15 and len(properties) >= 40
    assert classes - set(shapes.objects(None, SH.targetClass)) == set()
    paths = set(shapes.objects(None, SH.path))
    paths |= {step for p in list(paths) if not isinstance(p, URIRef) for step in shapes.items(p)}
    assert properties - paths == set()


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    for triple in graph:
        out.add(triple)
    return out


def _first(g: Graph, kind: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, kind))[0]


def _replace(g: Graph, node: URIRef, prop: URIRef, value: Literal | URIRef) -> None:
    g.remove((node, prop, None))
    g.add((node, prop, value))


def drop_english_label(g: Graph) -> URIRef:
    agency = _first(g, DCKG.Agency)
    g.remove((agency, RDFS.label, next(o for o in g.objects(agency, RDFS.label) if o.language == "en")))
    return agency


def second_chinese_label(g: Graph) -> URIRef:
    agency = _first(g, DCKG.Agency)
    g.add((agency, RDFS.label, Literal("另一个名称", lang="zh")))
    return agency


def value_of_wrong_datatype(g: Graph) -> URIRef:
    observation = _first(g, DCKG.Observation)
    _replace(g, observation, DCKG.value, Literal("twelve"))
    return observation


def second_indicator(g: Graph) -> URIRef:
    observation = _first(g, DCKG.Observation)
    g.add((observation, DCKG.indicator, sorted(g.subjects(RDF.type, DCKG.Indicator))[-1]))
    return observation


def offset_beyond_the_file(g: Graph) -> URIRef:
    evidence = _first(g, DCKG.Evidence)
    _replace(g, evidence, DCKG.end, integer(10**7))
    return evidence


def quote_not_the_source_text(g: Graph) -> URIRef:
    evidence = _first(g, DCKG.Evidence)
    quote = str(g.value(evidence, DCKG.quote))
    _replace(g, evidence, DCKG.quote, Literal(quote[:-3] + "。", lang="zh"))
    return evidence


def issued_by_a_document(g: Graph) -> URIRef:
    documents = sorted(g.subjects(RDF.type, DCKG.Document))
    g.add((documents[0], DCKG.issuedBy, documents[1]))
    return documents[0]


def untyped_evidence(g: Graph) -> URIRef:
    evidence = _first(g, DCKG.Evidence)
    g.remove((evidence, RDF.type, DCKG.Evidence))
    return next(g.subjects(DCKG.evidence, evidence))


MUTATIONS: list[Callable[[Graph], URIRef]] = [
    drop_english_label,
    second_chinese_label,
    value_of_wrong_datatype,
    second_indicator,
    offset_beyond_the_file,
    quote_not_the_source_text,
    issued_by_a_document,
    untyped_evidence,
]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__)
def test_each_broken_fact_is_reported_at_its_node(mini_build, mutate):
    broken = _copy(mini_build.graph)
    focus = mutate(broken)
    violations = validate(broken, [mini_build.extraction.report])
    assert violations, mutate.__name__
    assert str(focus) in {v.focus for v in violations}
    for v in violations:
        assert "\n" not in v.line() and v.rule in v.line() and v.message in v.line()


def test_quotes_are_checked_only_against_a_text_at_hand(mini_build):
    broken = _copy(mini_build.graph)
    quote_not_the_source_text(broken)
    assert validate(broken) == []  # the mini report's text was not given: SHACL alone cannot see the change
    assert len(unchecked_reports(broken)) == 1
    assert unchecked_reports(broken, [mini_build.extraction.report]) == []


@pytest.mark.slow
def test_validate_command_prints_one_line_per_violation(tmp_path):
    good = tmp_path / "good.ttl"
    assert dckg("build", "--source", str(MINI), "--out", str(good)).returncode == 0
    ok = dckg("validate", str(good), "--source", str(MINI))
    assert ok.returncode == 0 and "conforms" in ok.stdout and "note:" not in ok.stdout
    unchecked = dckg("validate", str(good))
    assert unchecked.returncode == 0 and "not checked against its text" in unchecked.stdout

    g = Graph().parse(good)
    agency = drop_english_label(g)
    offset_beyond_the_file(g)
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    result = dckg("validate", str(bad), "--source", str(MINI))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    label = str(g.value(agency, RDFS.label))
    assert any(label in line and "rdfs:label" in line and "AgencyShape" in line for line in lines)
    assert any("EvidenceInsideSourceShape" in line for line in lines)
    assert any("source text check" in line for line in lines)
    assert result.stderr.strip() == f"dckg: error: the graph does not conform: {len(lines)} violations"


def test_an_offset_that_is_not_a_number_is_a_violation_not_a_crash(mini_build):
    broken = _copy(mini_build.graph)
    evidence = _first(broken, DCKG.Evidence)
    _replace(broken, evidence, DCKG.start, Literal("²", datatype=integer(0).datatype))
    violations = validate(broken, [mini_build.extraction.report])
    assert str(evidence) in {v.focus for v in violations}


@pytest.mark.slow
def test_a_graph_with_nothing_of_dckg_is_said_so(tmp_path):
    other = tmp_path / "other.nt"
    other.write_text('<http://example.org/a> <http://example.org/p> "v" .\n', encoding="utf-8")
    result = dckg("validate", str(other))
    assert result.returncode == 0 and "no dckg source report" in result.stdout


def test_a_graph_read_back_from_oxigraph_still_conforms(mini_build):
    """Regression: Oxigraph reads xsd:nonNegativeInteger and xsd:positiveInteger back as xsd:integer, so the graph
    of a workspace (an Oxigraph store) failed the shapes that asked for the derived types."""
    from dckg.store import OxigraphStore
    from dckg.terms import new_graph

    graph = new_graph()
    graph.parse(data=OxigraphStore.from_graph(mini_build.graph).ntriples(), format="nt")
    assert len(graph) == len(mini_build.graph)
    assert validate(graph, [mini_build.extraction.report]) == []
