"""Records ▶ RDF: the only module that knows the ontology's terms and how entities become triples, and which of
them are the report's own and which are reference data shared by every report (``build_parts``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, SKOS

from . import ids
from .gloss import gloss
from .records import DataSourceRecord, Extraction, IssuanceRecord, Period, ProgramRecord, Report, SourceRef
from .terms import DCKG, PREFIXES, new_graph
from .vocab import agency_kinds, doctypes, program_kinds, terms, units

QB = PREFIXES["qb"]
TIME = PREFIXES["time"]
QUDT = PREFIXES["qudt"]
_PERIOD_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
# dckg's own units (those QUDT lacks), with their labels
_OWN_UNITS = {"rank": ("rank (position in a ranking)", "名次")}


def zh(text: str) -> Literal:
    """A Chinese language-tagged literal."""
    return Literal(text, lang="zh")


def add_gloss(g: Sink, node: URIRef, name: str) -> None:
    """dckg:gloss: the machine-made English gloss of a Chinese name, when every part of the name is known."""
    if (en := gloss(name)) is not None:
        g.add((node, DCKG.gloss, Literal(en, lang="en")))


def integer(n: int) -> Literal:
    """An xsd:integer literal for a count, an offset or a number (the shapes bound it with sh:minInclusive):
    Oxigraph reads the derived types (xsd:nonNegativeInteger, xsd:positiveInteger) back as xsd:integer, and SHACL
    compares datatypes exactly, so a graph of derived types no longer conformed once it had been in a store."""
    return Literal(n, datatype=XSD.integer)


class Triples(set):
    """A set of triples with what the build uses of a Graph (``add``, ``in``, ``len``, ``bind``): a worker that only
    writes N-Triples fills one instead of an rdflib Graph, about ten times faster."""

    def bind(self, prefix: str, namespace: Namespace) -> None:
        """Prefixes matter to Turtle only: nothing to keep."""


Sink = Graph | Triples
S = TypeVar("S", Graph, Triples)


@dataclass
class Context:
    """What every part of the build shares: the report's graph, the shared graph (reference data: the gazetteer's
    bodies and names, concept schemes, units), the report, its node and its section nodes."""

    g: Sink
    shared: Sink
    report: Report
    local: str
    report_node: URIRef
    sections: dict[str, URIRef] = field(default_factory=dict)
    evidences: dict[int, URIRef] = field(default_factory=dict)  # passage index → its evidence node
    periods: dict[Period, Literal | URIRef] = field(default_factory=dict)  # period → its literal or interval node

    def evidence(self, idx: int) -> URIRef:
        """The evidence node of passage ``idx`` (made once): quote, offsets, section, report, and page of a PDF."""
        if (known := self.evidences.get(idx)) is not None:
            return known
        passage = self.report.passages[idx]
        node = self.evidences[idx] = URIRef(ids.evidence_iri(self.local, passage.start, passage.end))
        g = self.g
        if (node, RDF.type, DCKG.Evidence) not in g:
            g.add((node, RDF.type, DCKG.Evidence))
            g.add((node, DCKG.quote, zh(passage.text)))
            g.add((node, DCKG.start, integer(passage.start)))
            g.add((node, DCKG.end, integer(passage.end)))
            g.add((node, DCKG.inSection, self.sections[passage.section]))
            g.add((node, DCKG.sourceReport, self.report_node))
            if (page := self.report.page(passage.start)) is not None:
                g.add((node, DCKG.page, integer(page.number)))
                if page.label:
                    g.add((node, DCKG.pageLabel, Literal(page.label)))
        return node

    def cite(self, subject: URIRef, passages: tuple[int, ...] | list[int]) -> None:
        """Link ``subject`` to the evidence of each passage and to the sections that mention it."""
        for idx in passages:
            self.g.add((subject, DCKG.evidence, self.evidence(idx)))
            self.g.add((subject, DCKG.mentionedIn, self.sections[self.report.passages[idx].section]))


@dataclass(frozen=True)
class Parts:
    """One report's triples in two graphs: its own (named by its IRI in a dataset) and the reference data it uses,
    which belongs to no single report."""

    iri: URIRef
    own: Graph
    shared: Graph


def build_graph(extraction: Extraction) -> Graph:
    """The RDF graph of one report's extraction: its own triples and the reference data they use."""
    parts = build_parts(extraction)
    graph = parts.own
    graph += parts.shared
    return graph


def build_parts(extraction: Extraction) -> Parts:
    """One report's extraction as its own graph and the shared graph of reference data."""
    iri, own, shared = _fill(extraction, new_graph)
    return Parts(iri, own, shared)


def build_triples(extraction: Extraction) -> tuple[URIRef, Triples, Triples]:
    """``build_parts`` as two sets of triples (no rdflib Graph): what a worker writes as N-Triples."""
    return _fill(extraction, Triples)


def _fill(extraction: Extraction, new: Callable[[], S]) -> tuple[URIRef, S, S]:
    """The report's IRI, its own triples and the shared triples, in two sinks made by ``new``."""
    report = extraction.report
    local = ids.report_local(report.title, report.sha256)
    g = new()
    g.bind("ev", Namespace(ids.BASE + f"evidence/{local}/"))
    g.bind("sec", Namespace(ids.section_iri(local, "")))
    ctx = Context(g, new(), report, local, URIRef(ids.report_iri(local)))
    _add_report(ctx)
    _add_schemes(ctx)
    documents = _add_documents(ctx, extraction)
    agencies = _add_agencies(ctx, extraction)
    _add_issuances(ctx, extraction.issuances, documents, agencies)
    sources = {("agency", k): v for k, v in agencies.items()} | {("document", k): v for k, v in documents.items()}
    sources |= {("dataset", s.key): _add_data_source(ctx, s, agencies) for s in extraction.data_sources}
    _add_measure_terms(ctx)
    indicators = _add_indicators(ctx, extraction)
    observations = _add_observations(ctx, extraction, indicators, sources)
    _add_figures(ctx, extraction, sources)
    _add_programs(ctx, extraction.programs, documents, agencies, observations)
    return ctx.report_node, g, ctx.shared  # type: ignore[return-value]  (ctx holds them as Sink)


def _add_data_source(ctx: Context, s: DataSourceRecord, agencies: dict[str, URIRef]) -> URIRef:
    """A website or database named as a source: a dcat:Dataset, published by the body its name opens with."""
    g = ctx.g
    node = URIRef(ids.data_source_iri(s.key))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, RDFS.label, zh(s.name)))
    g.add((node, DCTERMS.title, zh(s.name)))
    if s.publisher:
        g.add((node, DCTERMS.publisher, agencies[s.publisher]))
    ctx.cite(node, s.passages)
    return node


def _add_report(ctx: Context) -> None:
    g, report, node = ctx.g, ctx.report, ctx.report_node
    g.add((node, RDF.type, DCKG.SourceReport))
    g.add((node, DCTERMS.title, zh(report.title)))
    g.add((node, RDFS.label, zh(report.title)))
    g.add((node, DCKG.sha256, Literal(report.sha256)))
    g.add((node, DCKG.characterCount, integer(len(report.text))))
    if report.year:
        g.add((node, DCKG.year, Literal(str(report.year), datatype=XSD.gYear)))
    scheme = URIRef(ids.section_scheme_iri(ctx.local))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, zh(report.title)))
    ctx.sections = {s.key: URIRef(ids.section_iri(ctx.local, s.key)) for s in report.sections}
    for s in report.sections:
        section = ctx.sections[s.key]
        g.add((section, RDF.type, DCKG.Section))
        g.add((section, RDF.type, SKOS.Concept))
        g.add((section, SKOS.prefLabel, zh(s.label)))
        g.add((section, SKOS.inScheme, scheme))
        g.add((section, DCKG.order, integer(s.order)))
        g.add((section, DCKG.sourceReport, node))
        if s.notation:
            g.add((section, SKOS.notation, Literal(s.notation)))
        if s.parent:
            g.add((section, SKOS.broader, ctx.sections[s.parent]))
        else:
            g.add((section, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, section))


def _add_concept(ctx: Context, node: URIRef, en: str, zh_label: str, scheme: URIRef) -> None:
    """A concept of a reference scheme (shared graph)."""
    ctx.shared.add((node, RDF.type, SKOS.Concept))
    ctx.shared.add((node, SKOS.prefLabel, Literal(en, lang="en")))
    ctx.shared.add((node, SKOS.prefLabel, zh(zh_label)))
    ctx.shared.add((node, SKOS.inScheme, scheme))


def _add_schemes(ctx: Context) -> None:
    """The concept schemes whose concepts are reference data: document types, kinds of bodies and programmes."""
    for t in doctypes():
        node = URIRef(ids.doctype_iri(t.id))
        ctx.shared.add((node, RDF.type, DCKG.DocumentType))
        _add_concept(ctx, node, t.en, t.zh, DCKG.DocumentTypeScheme)
    for kind, (en, zh_label) in agency_kinds().items():
        _add_concept(ctx, URIRef(ids.agency_kind_iri(kind)), en, zh_label, DCKG.AgencyKindScheme)
    for p in program_kinds():
        node = URIRef(ids.program_kind_iri(p.id))
        ctx.shared.add((node, RDF.type, DCKG.ProgramKind))
        _add_concept(ctx, node, p.en, p.zh, DCKG.ProgramKindScheme)


def _add_documents(ctx: Context, extraction: Extraction) -> dict[str, URIRef]:
    g = ctx.g
    nodes = {d.key: URIRef(ids.document_iri(d.key)) for d in extraction.documents}
    for d in extraction.documents:
        node = nodes[d.key]
        g.add((node, RDF.type, DCKG.Document))
        if d.policy:
            g.add((node, RDF.type, DCKG.PolicyDocument))
        g.add((node, DCTERMS.title, zh(d.title)))
        g.add((node, RDFS.label, zh(d.title)))
        add_gloss(g, node, d.title)
        for variant in d.variants:
            g.add((node, SKOS.altLabel, zh(variant)))
        g.add((node, DCKG.documentType, URIRef(ids.doctype_iri(d.doctype))))
        if d.edition:
            g.add((node, DCKG.edition, zh(d.edition)))
        ctx.cite(node, d.passages)
    return nodes


def _add_agencies(ctx: Context, extraction: Extraction) -> dict[str, URIRef]:
    """Bodies: a gazetteer body's names, kind and place among bodies are shared, its evidence is the report's."""
    nodes = {a.key: URIRef(ids.agency_iri(a.key)) for a in extraction.agencies}
    for a in extraction.agencies:
        node = nodes[a.key]
        g = ctx.shared if a.in_gazetteer else ctx.g
        g.add((node, RDF.type, DCKG.Agency))
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, RDFS.label, zh(a.zh)))
        g.add((node, SKOS.prefLabel, zh(a.zh)))
        g.add((node, RDFS.label, Literal(a.en, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(a.en, lang="en")))
        for alias in a.zh_aliases:
            g.add((node, SKOS.altLabel, zh(alias)))
        for alias in a.en_aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        g.add((node, DCKG.inGazetteer, Literal(a.in_gazetteer)))
        g.add((node, ORG.classification, URIRef(ids.agency_kind_iri(a.kind))))
        if a.parent:
            g.add((node, ORG.subOrganizationOf, nodes[a.parent]))
        for ancestor in a.ancestors:
            g.add((node, ORG.transitiveSubOrganizationOf, nodes[ancestor]))
        if a.guided_by:
            g.add((node, DCKG.guidedBy, nodes[a.guided_by]))
        ctx.cite(node, a.passages)
    return nodes


def _add_issuances(
    ctx: Context,
    issuances: tuple[IssuanceRecord, ...],
    documents: dict[str, URIRef],
    agencies: dict[str, URIRef],
) -> None:
    """One Issuance node per document and set of issuers, with every statement's evidence and verb."""
    g = ctx.g
    grouped: dict[tuple[str, tuple[str, ...]], list[IssuanceRecord]] = defaultdict(list)
    for r in issuances:
        grouped[r.key].append(r)
    for (doc_key, issuers), records in grouped.items():
        node = URIRef(ids.issuance_iri(doc_key, issuers))
        doc = documents[doc_key]
        g.add((node, RDF.type, DCKG.Issuance))
        g.add((node, RDF.type, PROV.Activity))
        g.add((node, DCKG.issuedDocument, doc))
        for key in issuers:
            g.add((node, DCKG.issuer, agencies[key]))
            g.add((doc, DCKG.issuedBy, agencies[key]))
            g.add((agencies[key], DCKG.issued, doc))
        for r in records:
            if r.verb:
                g.add((node, DCKG.verb, zh(r.verb)))
            if r.lead:
                g.add((node, DCKG.leadIssuer, agencies[r.lead]))
            if r.stated_count:
                g.add((node, DCKG.statedIssuerCount, integer(r.stated_count)))
            g.add((node, DCKG.evidence, ctx.evidence(r.passage)))


def _add_measure_terms(ctx: Context) -> None:
    """The measure-kind, qualifier and status concepts, and labels for dckg's own units."""
    g = ctx.shared
    for scheme, cls, in_scheme in (
        ("measure-kind", DCKG.MeasureKind, DCKG.MeasureKindScheme),
        ("qualifier", DCKG.Qualifier, DCKG.QualifierScheme),
        ("status", DCKG.ObservationStatus, DCKG.ObservationStatusScheme),
    ):
        for t in terms(scheme):
            node = URIRef(ids.term_iri(scheme, t.id))
            g.add((node, RDF.type, cls))
            _add_concept(ctx, node, t.en, t.zh, in_scheme)
            g.add((node, SKOS.definition, Literal(t.comment, lang="en")))
    own = {u.normalized.split(":", 1)[1]: (u.en, u.text) for u in units().values() if u.normalized.startswith("dckg:")}
    for name, (en, written) in sorted((own | _OWN_UNITS).items()):
        node = URIRef(ids.unit_iri(f"dckg:{name}"))
        g.add((node, RDF.type, QUDT.Unit))
        g.add((node, RDFS.label, Literal(en, lang="en")))
        g.add((node, RDFS.label, zh(written)))


def _add_indicators(ctx: Context, extraction: Extraction) -> dict[str, URIRef]:
    """Indicators with their name (the same in every report), the forms this report writes it in (skos:altLabel)
    and the sections that mention them; their evidence is their observations'."""
    g = ctx.g
    nodes = {i.key: URIRef(ids.indicator_iri(i.key)) for i in extraction.indicators}
    for i in extraction.indicators:
        node = nodes[i.key]
        label = zh(i.name)
        g.add((node, RDF.type, DCKG.Indicator))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, label))
        g.add((node, RDFS.label, label))
        add_gloss(g, node, i.name)
        for form in i.forms:
            if form != i.name:
                g.add((node, SKOS.altLabel, zh(form)))
        g.add((node, SKOS.inScheme, DCKG.IndicatorScheme))
        for section in {ctx.report.passages[p].section for p in i.passages}:
            g.add((node, DCKG.mentionedIn, ctx.sections[section]))
    return nodes


def _period(ctx: Context, period: Period) -> Literal | URIRef:
    """A point as an xsd:gYear / gYearMonth / date literal; a span as a dckg:Interval node (made once)."""
    if (known := ctx.periods.get(period)) is not None:
        return known
    if period.end is None:
        node = ctx.periods[period] = Literal(period.start, datatype=_PERIOD_TYPES[len(period.start)])
        return node
    node = ctx.periods[period] = URIRef(ids.interval_iri(period.start, period.end))
    g = ctx.g
    g.add((node, RDF.type, DCKG.Interval))
    g.add((node, RDF.type, TIME.ProperInterval))
    g.add((node, RDFS.label, Literal(f"{period.start}/{period.end}")))
    g.add((node, DCKG.periodStart, Literal(period.start, datatype=_PERIOD_TYPES[len(period.start)])))
    g.add((node, DCKG.periodEnd, Literal(period.end, datatype=_PERIOD_TYPES[len(period.end)])))
    return node


def _add_sources(ctx: Context, node: URIRef, refs: tuple[SourceRef, ...], sources: dict) -> None:
    for ref in refs:
        ctx.g.add((node, DCKG.dataSource, sources[(ref.kind, ref.key)]))


def _add_observations(
    ctx: Context, extraction: Extraction, indicators: dict[str, URIRef], sources: dict
) -> dict[str, URIRef]:
    """One node per distinct statement of the report (indicator, period, value, unit, kind, qualifier, base), all
    its evidence.

    Returns the node of each figure by its key (``ObservationRecord.key``)."""
    g = ctx.g
    terms: dict[tuple[str, str], URIRef | Literal] = {}  # the few values many observations share

    def term(kind: str, value: str) -> URIRef | Literal:
        if (known := terms.get((kind, value))) is None:
            known = terms[(kind, value)] = (
                Literal(value)
                if kind == "unit"
                else URIRef(ids.unit_iri(value) if kind == "normalized-unit" else ids.term_iri(kind, value))
            )
        return known

    nodes: dict[str, URIRef] = {}
    for o in extraction.observations:
        period_key = o.period.key if o.period else ""
        what = (o.indicator, period_key, o.value, o.unit or "", o.kind, o.qualifier, o.compared_to or "", o.status)
        node = nodes[o.key] = URIRef(ids.observation_iri(ctx.local, *what))
        g.add((node, RDF.type, DCKG.Observation))
        g.add((node, RDF.type, QB.Observation))
        g.add((node, DCKG.indicator, indicators[o.indicator]))
        g.add((node, DCKG.value, Literal(o.value, datatype=XSD.decimal)))
        if o.unit:
            g.add((node, DCKG.unit, term("unit", o.unit)))
        g.add((node, DCKG.asWritten, zh(o.written)))
        g.add((node, DCKG.normalizedValue, Literal(o.normalized, datatype=XSD.decimal)))
        g.add((node, DCKG.normalizedUnit, term("normalized-unit", o.normalized_unit)))
        g.add((node, DCKG.qualifier, term("qualifier", o.qualifier)))
        g.add((node, DCKG.measureKind, term("measure-kind", o.kind)))
        g.add((node, DCKG.status, term("status", o.status)))
        if o.upper is not None and o.normalized_upper is not None:
            g.add((node, DCKG.upperValue, Literal(o.upper, datatype=XSD.decimal)))
            g.add((node, DCKG.normalizedUpperValue, Literal(o.normalized_upper, datatype=XSD.decimal)))
        if o.period:
            g.add((node, DCKG.period, _period(ctx, o.period)))
        if o.compared_to:
            g.add((node, DCKG.comparedTo, zh(o.compared_to)))
        if o.base_period:
            g.add((node, DCKG.basePeriod, _period(ctx, o.base_period)))
        _add_sources(ctx, node, o.sources, sources)
        g.add((node, DCKG.evidence, ctx.evidence(o.passage)))
    return nodes


def _add_figures(ctx: Context, extraction: Extraction, sources: dict) -> None:
    g = ctx.g
    numbers = Counter(f.number for f in extraction.figures)
    for f in extraction.figures:
        node = URIRef(ids.figure_iri(ctx.local, f.number, f.title if numbers[f.number] > 1 else None))
        g.add((node, RDF.type, DCKG.Figure))
        g.add((node, RDF.type, QB.DataSet))
        g.add((node, DCKG.figureNumber, integer(f.number)))
        g.add((node, DCTERMS.title, zh(f.title)))
        g.add((node, RDFS.label, zh(f"图{f.number} {f.title}")))
        if f.period:
            g.add((node, DCKG.period, _period(ctx, f.period)))
        if f.unit:
            g.add((node, DCKG.unit, Literal(f.unit)))
        _add_sources(ctx, node, f.sources, sources)
        ctx.cite(node, [f.caption] + ([f.source_line] if f.source_line is not None else []))


def _add_programs(
    ctx: Context,
    programs: tuple[ProgramRecord, ...],
    documents: dict[str, URIRef],
    agencies: dict[str, URIRef],
    figures: dict[str, URIRef],
) -> None:
    """Programmes with their kind, runners, governing policies, measures and evidence.

    ``figures`` maps the keys in ``ProgramRecord.measured_by`` (``ObservationRecord.key``) to the nodes of the
    observations measuring a programme.
    """
    g = ctx.g
    for p in programs:
        node = URIRef(ids.program_iri(p.key))
        g.add((node, RDF.type, DCKG.Program))
        g.add((node, RDFS.label, zh(p.name)))
        g.add((node, SKOS.prefLabel, zh(p.name)))
        add_gloss(g, node, p.name)
        for variant in p.variants:
            g.add((node, SKOS.altLabel, zh(variant)))
        g.add((node, DCKG.programKind, URIRef(ids.program_kind_iri(p.kind))))
        for agency, _ in p.leads:
            g.add((node, DCKG.leadAgency, agencies[agency]))
        for doc in p.documents:
            g.add((node, DCKG.governedBy, documents[doc]))
        for figure in p.measured_by:
            g.add((node, DCKG.measuredBy, figures[figure]))
        ctx.cite(node, p.passages)
