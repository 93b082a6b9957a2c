"""The ontology's names in Python, in one place: its namespace and prefixes, the labels entities are shown and
found by, CURIEs both ways, the kinds of entity a name may stand for, and the ontology files shipped with dckg.

The graph builder, the view, lookup, validation and the stores all read these; none of them defines its own.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, SKOS
from rdflib.term import Node

from . import ids
from .errors import VocabularyError


class TermNamespace(Namespace):
    """A Namespace that makes each of its terms once: rdflib's makes and checks a new URIRef at every use, and the
    build uses dckg: terms some 12 000 times a report."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


DCKG = TermNamespace("https://w3id.org/dckg/ontology#")
PREFIXES = {
    "dckg": DCKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "org": ORG,
    "prov": PROV,
    "dcat": DCAT,
    "datasource": TermNamespace(ids.BASE + "datasource/"),
    "agency": TermNamespace(ids.BASE + "agency/"),
    "doc": TermNamespace(ids.BASE + "document/"),
    "doctype": TermNamespace(ids.BASE + "doctype/"),
    "agencykind": TermNamespace(ids.BASE + "agencykind/"),
    "issuance": TermNamespace(ids.BASE + "issuance/"),
    "indicator": TermNamespace(ids.BASE + "indicator/"),
    "obs": TermNamespace(ids.BASE + "observation/"),
    "period": TermNamespace(ids.BASE + "period/"),
    "qb": TermNamespace("http://purl.org/linked-data/cube#"),
    "time": TermNamespace("http://www.w3.org/2006/time#"),
    "unit": TermNamespace(ids.UNIT_NAMESPACES["unit"]),
    "cur": TermNamespace(ids.UNIT_NAMESPACES["cur"]),
    "dunit": TermNamespace(ids.UNIT_NAMESPACES["dckg"]),
    "program": TermNamespace(ids.BASE + "program/"),
    "programkind": TermNamespace(ids.BASE + "programkind/"),
    "report": TermNamespace(ids.BASE + "report/"),
    "section": TermNamespace(ids.BASE + "section/"),
    "evidence": TermNamespace(ids.BASE + "evidence/"),
    "figure": TermNamespace(ids.BASE + "figure/"),
    "measurekind": TermNamespace(ids.BASE + "measure-kind/"),
    "qualifier": TermNamespace(ids.BASE + "qualifier/"),
    "status": TermNamespace(ids.BASE + "status/"),
    "qudt": TermNamespace("http://qudt.org/schema/qudt/"),
    "foaf": TermNamespace("http://xmlns.com/foaf/0.1/"),
}
"""Every prefix dckg writes and reads: its output's (Turtle, JSON-LD, tables) and the ones ``dckg sparql`` knows."""

CLASSES = {
    "agency": DCKG.Agency,
    "document": DCKG.Document,
    "program": DCKG.Program,
    "indicator": DCKG.Indicator,
    "section": DCKG.Section,
}
"""The kinds of entity a name may stand for (``dckg lookup --kind``), with their classes."""
KINDS = (*CLASSES, "text", "period", "iri")
"""The kinds of value a named query's parameter takes: an entity of one of CLASSES (given by name or IRI), or a
plain value."""

LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
"""The predicates an entity is shown by, in order of preference."""
NAME_LABELS = ("rdfs:label", "skos:prefLabel", "skos:altLabel", "dcterms:title", "skos:notation", "dckg:gloss")
"""The predicates an entity is found by: a name matches one of these labels, folded."""
ANY_NAME_LABEL = " UNION ".join(f"{{ ?entity {p} ?label }}" for p in NAME_LABELS)
"""A SPARQL pattern binding ``?label`` to each label of ``?entity`` that it is found by."""
NAMES_GRAPH, NAME_KEY = "urn:x-dckg:names", "urn:x-dckg:name-key"
"""The embedded stores' name index: one folded key (``FOLD``) per label, in a named graph of its own."""
FOLD = 'LCASE(REPLACE(STR(?label), "[\\\\s\u3000]+", ""))'
"""A label folded for name matching in SPARQL, as ``fold`` does in Python."""


def new_graph() -> Graph:
    """An empty graph with dckg's prefixes bound (and no others), so that output is stable."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def sparql_prefixes(*names: str) -> str:
    """The PREFIX lines of a SPARQL text for some of dckg's prefixes.

    >>> print(sparql_prefixes("dckg", "rdfs"), end="")
    PREFIX dckg: <https://w3id.org/dckg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


NAME_PREFIXES = sparql_prefixes("dckg", "rdfs", "skos", "dcterms")
"""The PREFIX lines of the name queries (the labels of ``NAME_LABELS`` and the classes of ``CLASSES``)."""


def label_in(graph: Graph, node: Node, lang: str) -> str:
    """The first (in sorted order) label of ``node`` in ``lang``: rdfs:label, else skos:prefLabel, else title."""
    for predicate in LABELS:
        values = sorted(str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language == lang)
        if values:
            return values[0]
    return ""


def fold(name: str) -> str:
    """A name folded for matching: white space (also the ideographic space) removed, lower case.

    >>> fold("National  Data\u3000Bureau")
    'nationaldatabureau'
    """
    return re.sub(r"[\s\u3000]+", "", name).lower()


def expand(curie: str) -> URIRef:
    """The IRI of a CURIE written with one of dckg's prefixes.

    >>> expand("skos:broader")
    rdflib.term.URIRef('http://www.w3.org/2004/02/skos/core#broader')
    """
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise VocabularyError(f"vocab/view-*.tsv: unknown prefix in {curie!r}; known: {', '.join(PREFIXES)}")
    return URIRef(str(PREFIXES[prefix]) + local)


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI under one of dckg's prefixes (the longest namespace wins), else the IRI. The
    local part may hold a slash (a report's sections and evidence: ``section:<report>/ch1-1``), as ``as_iri`` reads.

    >>> compact("https://w3id.org/dckg/id/agency/national-data-administration")
    'agency:national-data-administration'
    >>> compact("https://w3id.org/dckg/id/section/r-1/ch1-1")
    'section:r-1/ch1-1'
    >>> compact("https://example.org/x")
    'https://example.org/x'
    """
    namespaces = {str(ns): prefix for prefix, ns in PREFIXES.items()}
    best = max((ns for ns in namespaces if iri.startswith(ns)), key=len, default=None)
    if best is None or not re.fullmatch(r"[\w.-]+(?:/[\w.-]+)*", iri[len(best) :]):
        return iri
    return f"{namespaces[best]}:{iri[len(best) :]}"


_IRI = re.compile(r'^<?((?:https?|urn):[^\s<>"{}|^`\\]+)>?$')


def as_iri(value: str) -> URIRef | None:
    """The IRI written in ``value`` (``<…>``, ``http…``, ``urn:…`` or a dckg prefixed name), or None.

    >>> as_iri("agency:national-data-administration")
    rdflib.term.URIRef('https://w3id.org/dckg/id/agency/national-data-administration')
    >>> as_iri("国家数据局") is None
    True
    """
    value = value.strip()
    if m := re.fullmatch(r"([a-z][\w-]*):([\w.~-][\w.~/-]*)", value):
        ns = PREFIXES.get(m.group(1))
        if ns is not None:
            return URIRef(f"{ns}{m.group(2)}")
    if m := _IRI.match(value):
        return URIRef(m.group(1))
    return None


def ontology_dir() -> Path:
    """The folder of the ontology and shapes files shipped with the package."""
    return Path(__file__).resolve().parent / "ontology"
