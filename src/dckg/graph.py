"""Records ▶ RDF: the only module that knows the ontology's terms and how entities become triples."""

from __future__ import annotations

from collections import defaultdict

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from . import ids
from .records import Extraction, Passage
from .vocab import doctypes

DCKG = Namespace("https://w3id.org/dckg/ontology#")
ID = Namespace(ids.BASE)
PREFIXES = {
    "dckg": DCKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "org": ORG,
    "prov": PROV,
    "agency": Namespace(ids.BASE + "agency/"),
    "doc": Namespace(ids.BASE + "document/"),
    "doctype": Namespace(ids.BASE + "doctype/"),
}


def new_graph() -> Graph:
    """An empty graph with dckg's prefixes bound (and no others), so that output is stable."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _nonneg(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def build_graph(extraction: Extraction) -> Graph:
    """The RDF graph of one report's extraction."""
    g = new_graph()
    report = extraction.report
    local = ids.report_local(report.title, report.sha256)
    report_node = URIRef(ids.report_iri(local))
    g.bind("ev", Namespace(ids.evidence_iri(local, 0, 0).rsplit("/", 1)[0] + "/"))
    g.bind("sec", Namespace(ids.section_iri(local, "")))
    g.bind("issuance", Namespace(ids.BASE + "issuance/"))
    g.add((report_node, RDF.type, DCKG.SourceReport))
    g.add((report_node, DCTERMS.title, _zh(report.title)))
    g.add((report_node, RDFS.label, _zh(report.title)))
    g.add((report_node, DCKG.sha256, Literal(report.sha256)))
    if report.year:
        g.add((report_node, DCKG.year, Literal(str(report.year), datatype=XSD.gYear)))

    scheme = URIRef(ids.section_scheme_iri(local))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, _zh(report.title)))
    section_node = {s.key: URIRef(ids.section_iri(local, s.key)) for s in report.sections}
    for s in report.sections:
        node = section_node[s.key]
        g.add((node, RDF.type, DCKG.Section))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, _zh(s.label)))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, DCKG.order, _nonneg(s.order)))
        g.add((node, DCKG.sourceReport, report_node))
        if s.notation:
            g.add((node, SKOS.notation, Literal(s.notation)))
        if s.parent:
            g.add((node, SKOS.broader, section_node[s.parent]))
        else:
            g.add((node, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, node))

    def evidence(idx: int) -> URIRef:
        passage: Passage = report.passages[idx]
        node = URIRef(ids.evidence_iri(local, passage.start, passage.end))
        if (node, RDF.type, DCKG.Evidence) not in g:
            g.add((node, RDF.type, DCKG.Evidence))
            g.add((node, DCKG.quote, _zh(passage.text)))
            g.add((node, DCKG.start, _nonneg(passage.start)))
            g.add((node, DCKG.end, _nonneg(passage.end)))
            g.add((node, DCKG.inSection, section_node[passage.section]))
            g.add((node, DCKG.sourceReport, report_node))
        return node

    def cite(subject: URIRef, passages: tuple[int, ...] | list[int]) -> None:
        for idx in passages:
            g.add((subject, DCKG.evidence, evidence(idx)))
            g.add((subject, DCKG.mentionedIn, section_node[report.passages[idx].section]))

    for t in doctypes():
        node = URIRef(ids.doctype_iri(t.id))
        g.add((node, RDF.type, DCKG.DocumentType))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, Literal(t.en, lang="en")))
        g.add((node, SKOS.prefLabel, _zh(t.zh)))
        g.add((node, SKOS.inScheme, DCKG.DocumentTypeScheme))

    doc_node = {d.key: URIRef(ids.document_iri(d.key)) for d in extraction.documents}
    for d in extraction.documents:
        node = doc_node[d.key]
        g.add((node, RDF.type, DCKG.Document))
        if d.policy:
            g.add((node, RDF.type, DCKG.PolicyDocument))
        g.add((node, DCTERMS.title, _zh(d.title)))
        g.add((node, RDFS.label, _zh(d.title)))
        for variant in d.variants:
            g.add((node, SKOS.altLabel, _zh(variant)))
        g.add((node, DCKG.documentType, URIRef(ids.doctype_iri(d.doctype))))
        if d.edition:
            g.add((node, DCKG.edition, _zh(d.edition)))
        cite(node, d.passages)

    agency_node = {a.key: URIRef(ids.agency_iri(a.key)) for a in extraction.agencies}
    for a in extraction.agencies:
        node = agency_node[a.key]
        g.add((node, RDF.type, DCKG.Agency))
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, RDFS.label, _zh(a.zh)))
        g.add((node, SKOS.prefLabel, _zh(a.zh)))
        if a.en:
            g.add((node, RDFS.label, Literal(a.en, lang="en")))
            g.add((node, SKOS.prefLabel, Literal(a.en, lang="en")))
        for alias in a.zh_aliases:
            g.add((node, SKOS.altLabel, _zh(alias)))
        for alias in a.en_aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        g.add((node, DCKG.inGazetteer, Literal(a.in_gazetteer)))
        if a.parent:
            g.add((node, ORG.subOrganizationOf, agency_node[a.parent]))
        cite(node, a.passages)

    grouped: dict[tuple[str, tuple[str, ...]], list] = defaultdict(list)
    for r in extraction.issuances:
        grouped[(r.document, tuple(sorted(r.issuers)))].append(r)
    for (doc_key, issuers), records in grouped.items():
        node = URIRef(ids.issuance_iri(doc_key, issuers))
        doc = doc_node[doc_key]
        g.add((node, RDF.type, DCKG.Issuance))
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, DCKG.issuedDocument, doc))
        for key in issuers:
            g.add((node, DCKG.issuer, agency_node[key]))
            g.add((doc, DCKG.issuedBy, agency_node[key]))
            g.add((agency_node[key], DCKG.issued, doc))
        for r in records:
            if r.verb:
                g.add((node, DCKG.verb, _zh(r.verb)))
            if r.lead:
                g.add((node, DCKG.leadIssuer, agency_node[r.lead]))
            if r.stated_count:
                g.add((node, DCKG.statedIssuerCount, Literal(r.stated_count, datatype=XSD.positiveInteger)))
            g.add((node, DCKG.evidence, evidence(r.passage)))
    return g
