"""A small synthetic graph in the ontology's shape (observations and programmes included), with names chosen to
test resolution and every named query, and the named-query cases every store must answer alike."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from dckg.terms import DCKG, new_graph
from tests.support import DATA

ID = "https://w3id.org/dckg/id/"
EVIL = 'Evil "} ; DROP ALL ; {" \\ Bureau >'


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def add_observation(
    g: Graph,
    obs: URIRef,
    indicator: URIRef,
    value: str,
    unit: str,
    normalized_unit: str,
    year: str,
    source: URIRef,
    evidence: URIRef,
) -> None:
    """An exact level observation of ``indicator`` in ``year``, in the ontology's shape (``normalized_unit`` is a
    QUDT vocabulary path such as ``unit/BYTE``), the one place the tests and benchmarks write it by hand."""
    g.add((obs, RDF.type, DCKG.Observation))
    g.add((obs, DCKG.indicator, indicator))
    g.add((obs, DCKG.value, Literal(value, datatype=XSD.decimal)))
    g.add((obs, DCKG.unit, Literal(unit)))
    g.add((obs, DCKG.normalizedValue, Literal(value, datatype=XSD.decimal)))
    g.add((obs, DCKG.normalizedUnit, URIRef(f"http://qudt.org/vocab/{normalized_unit}")))
    g.add((obs, DCKG.period, Literal(year, datatype=XSD.gYear)))
    g.add((obs, DCKG.measureKind, URIRef(f"{ID}measure-kind/level")))
    g.add((obs, DCKG.qualifier, URIRef(f"{ID}qualifier/exact")))
    g.add((obs, DCKG.dataSource, source))
    g.add((obs, DCKG.evidence, evidence))


def synthetic_graph() -> Graph:
    """A small graph in the ontology's shape, with names chosen to test resolution and every named query.

    Two bodies share the abbreviation 数据局 (ambiguous); one body's English name is full of SPARQL syntax.
    """
    g = new_graph()
    report = URIRef(f"{ID}report/test")
    g.add((report, RDF.type, DCKG.SourceReport))

    def node(path: str) -> URIRef:
        return URIRef(f"{ID}{path}")

    def section(key: str, label: str, notation: str, parent: str | None = None) -> URIRef:
        s = node(f"section/test/{key}")
        g.add((s, RDF.type, DCKG.Section))
        g.add((s, RDF.type, SKOS.Concept))
        g.add((s, SKOS.prefLabel, _zh(label)))
        g.add((s, SKOS.notation, Literal(notation)))
        if parent:
            g.add((s, SKOS.broader, node(f"section/test/{parent}")))
        return s

    ch1 = section("ch1", "一、测试基础", "1")
    ch1_1 = section("ch1-1", "（一）测试数据要素", "1.1", "ch1")
    ch2 = section("ch2", "二、测试展望", "2")

    def evidence(n: int, quote: str, sec: URIRef) -> URIRef:
        e = node(f"evidence/test/{n}-{n + 10}")
        g.add((e, RDF.type, DCKG.Evidence))
        g.add((e, DCKG.quote, _zh(quote)))
        g.add((e, DCKG.inSection, sec))
        return e

    def agency(key: str, zh: str, en: str, alt: tuple[Literal, ...] = ()) -> URIRef:
        a = node(f"agency/{key}")
        g.add((a, RDF.type, DCKG.Agency))
        g.add((a, RDF.type, ORG.Organization))
        for label in (_zh(zh), _en(en)):
            g.add((a, RDFS.label, label))
            g.add((a, SKOS.prefLabel, label))
        for label in alt:
            g.add((a, SKOS.altLabel, label))
        return a

    bureau = agency("test-data-bureau", "测试省数据局", "Test Provincial Data Bureau", (_zh("数据局"), _en("TPDB")))
    agency("other-data-bureau", "另一市数据局", "Other City Data Bureau", (_zh("数据局"),))
    ministry = agency("test-ministry", "测试部", "Ministry of Testing", (_zh("测试部门"), _en("MOT")))
    evil = agency("evil-bureau", "奇怪局", EVIL)
    g.add((bureau, ORG.subOrganizationOf, ministry))

    plan_type = node("doctype/plan")
    g.add((plan_type, RDF.type, DCKG.DocumentType))
    g.add((plan_type, SKOS.prefLabel, _en("plan, programme or action plan")))
    g.add((plan_type, SKOS.prefLabel, _zh("规划和方案")))
    report_type = node("doctype/report")
    g.add((report_type, RDF.type, DCKG.DocumentType))
    g.add((report_type, SKOS.prefLabel, _en("report")))
    g.add((report_type, SKOS.prefLabel, _zh("报告")))

    def document(key: str, title: str, doctype: URIRef, policy: bool) -> URIRef:
        d = node(f"document/{key}")
        g.add((d, RDF.type, DCKG.Document))
        if policy:
            g.add((d, RDF.type, DCKG.PolicyDocument))
        g.add((d, DCTERMS.title, _zh(title)))
        g.add((d, RDFS.label, _zh(title)))
        g.add((d, DCKG.documentType, doctype))
        return d

    plan = document("plan", "测试数据行动方案", plan_type, True)
    yearbook = document("yearbook", "测试统计年鉴", report_type, False)

    def issuance(key: str, doc: URIRef, issuers: list[URIRef], verb: str, ev: URIRef, lead=None) -> None:
        i = node(f"issuance/{key}")
        g.add((i, RDF.type, DCKG.Issuance))
        g.add((i, DCKG.issuedDocument, doc))
        g.add((i, DCKG.verb, _zh(verb)))
        g.add((i, DCKG.evidence, ev))
        for a in issuers:
            g.add((i, DCKG.issuer, a))
            g.add((doc, DCKG.issuedBy, a))
            g.add((a, DCKG.issued, doc))
        if lead is not None:
            g.add((i, DCKG.leadIssuer, lead))

    e1 = evidence(100, "测试省数据局会同测试部联合印发《测试数据行动方案》。", ch1_1)
    e2 = evidence(200, "测试部发布《测试统计年鉴》。", ch2)
    issuance("plan", plan, [bureau, ministry], "联合印发", e1, lead=bureau)
    issuance("yearbook", yearbook, [ministry], "发布", e2)
    for a, e in ((bureau, e1), (ministry, e1), (ministry, e2), (evil, e2)):
        g.add((a, DCKG.evidence, e))
        g.add((a, DCKG.mentionedIn, g.value(e, DCKG.inSection)))
    g.add((plan, DCKG.mentionedIn, ch1_1))

    output = node("indicator/test-output")
    g.add((output, RDF.type, DCKG.Indicator))
    g.add((output, RDFS.label, _zh("测试数据产量")))
    g.add((output, RDFS.label, _en("test data output")))
    g.add((output, SKOS.prefLabel, _zh("测试数据产量")))
    level, exact = node("measure-kind/level"), node("qualifier/exact")
    for concept, en, zh in ((level, "level", "水平值"), (exact, "exact", "确数")):
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, _en(en)))
        g.add((concept, SKOS.prefLabel, _zh(zh)))
    for year, value, src in (("2022", "8.1", bureau), ("2023", "9.5", yearbook)):
        add_observation(g, node(f"observation/test-output-{year}"), output, value, "泽字节", "unit/BYTE", year, src, e2)

    program = node("program/test-pilot")
    g.add((program, RDF.type, DCKG.Program))
    g.add((program, RDFS.label, _zh("测试试点工程")))
    g.add((program, DCKG.programKind, Literal("pilot")))
    g.add((program, DCKG.leadAgency, ministry))
    g.add((program, DCKG.governedBy, plan))
    g.add((program, DCKG.evidence, e1))
    g.add((program, DCKG.mentionedIn, ch1))
    del ch2
    return g


CASES = [  # (named query, parameters): every store gives the same rows
    ("policies-by-agency", {"agency": "TPDB"}),
    ("issuers-of", {"document": "测试数据行动方案"}),
    ("documents-by-type", {}),
    ("documents-by-type", {"type": "plan"}),
    ("agency-profile", {"agency": "测试部"}),
    ("observations", {"indicator": "数据", "period": "2022"}),
    ("indicator-series", {"indicator": "测试数据产量"}),
    ("sources-of-indicators", {"agency": "测试部"}),
    ("programs-of-agency", {"agency": "测试部"}),
    ("section-contents", {"section": "1"}),
    ("search", {"text": "测试"}),
    ("search", {"text": EVIL}),
]


SYNTHETIC = DATA / "view-synthetic.ttl"
"""The view's synthetic graph (every class and relation of the network page, labels that look like markup)."""
T = "https://w3id.org/dckg/id/test/"
XSS_ZH, XSS_EN = "<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"
