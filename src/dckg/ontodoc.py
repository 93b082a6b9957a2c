"""The ontology's own page: every class, property and named individual of ``ontology/dckg.ttl`` with its labels
and definitions in English and Chinese, its place in the hierarchy and its alignment to standard vocabularies.

pyLODE does this job in general, but its releases for Python 3.11 are broken or mistake the SKOS concept scheme
for the ontology's title; this small generator is deterministic and shows both languages side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from .errors import GraphInputError
from .graphfiles import write_atomic
from .templates import asset
from .terms import ontology_dir

KINDS = (
    ("classes", "Classes", "类", OWL.Class),
    ("object-properties", "Object properties", "对象属性", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", "数据属性", OWL.DatatypeProperty),
    ("other-properties", "Other properties", "其他属性", RDF.Property),  # neither object nor datatype property
)


@dataclass(frozen=True)
class Ref:
    """A link to a term: its short name and where it points (an anchor on the page, or the term's IRI)."""

    text: str
    href: str


@dataclass(frozen=True)
class Term:
    """One documented term: names, definitions and the relations shown under it."""

    anchor: str
    curie: str
    iri: str
    en: str
    zh: str
    comment_en: str
    comment_zh: str
    facts: tuple[tuple[str, str, tuple[tuple[Ref, ...], ...]], ...]


def render_docs(onto: Graph) -> str:
    """The HTML page documenting ``onto``; the same ontology always gives the same bytes."""
    head = next(iter(sorted(onto.subjects(RDF.type, OWL.Ontology))), None)
    if head is None:
        raise GraphInputError("the file declares no owl:Ontology")
    own = str(head).rstrip("#/") + "#"
    sections = []
    documented: set[Node] = set()
    for key, en, zh, kind in KINDS:
        terms = sorted((t for t in set(onto.subjects(RDF.type, kind)) - documented if str(t).startswith(own)), key=str)
        documented.update(terms)
        sections.append((key, en, zh, [_term(onto, t, own) for t in terms]))
    individuals = sorted(
        (t for t in onto.subjects(RDFS.isDefinedBy, head) if t not in documented and isinstance(t, URIRef)), key=str
    )
    sections.append(("individuals", "Named individuals", "命名个体", [_term(onto, t, own) for t in individuals]))
    prefixes = sorted((p, str(ns)) for p, ns in onto.namespace_manager.namespaces() if p)
    return _template().render(
        iri=str(head),
        title_en=_text(onto, head, DCTERMS.title, "en"),
        title_zh=_text(onto, head, DCTERMS.title, "zh"),
        description_en=_text(onto, head, DCTERMS.description, "en"),
        description_zh=_text(onto, head, DCTERMS.description, "zh"),
        version=str(onto.value(head, OWL.versionInfo) or ""),
        license=str(onto.value(head, DCTERMS.license) or ""),
        sections=sections,
        prefixes=prefixes,
    )


def _term(onto: Graph, term: URIRef, own: str) -> Term:
    def refs(nodes) -> tuple[Ref, ...]:
        return tuple(sorted((_ref(onto, n, own) for n in nodes), key=lambda r: r.text))

    def about(predicate: URIRef) -> tuple[tuple[Ref, ...], ...]:
        return tuple(_expression(onto, v, own) for v in sorted(onto.objects(term, predicate), key=str))

    facts = [
        ("Type", "类型", tuple((r,) for r in refs(onto.objects(term, RDF.type)))),
        ("Subclass of", "上位类", about(RDFS.subClassOf)),
        ("Superclass of", "下位类", tuple((r,) for r in refs(onto.subjects(RDFS.subClassOf, term)))),
        ("Subproperty of", "上位属性", about(RDFS.subPropertyOf)),
        ("Superproperty of", "下位属性", tuple((r,) for r in refs(onto.subjects(RDFS.subPropertyOf, term)))),
        ("Inverse of", "逆属性", about(OWL.inverseOf)),
        ("Domain", "定义域", about(RDFS.domain)),
        ("Range", "值域", about(RDFS.range)),
        ("In domain of", "作为定义域", tuple((r,) for r in refs(_uses(onto, RDFS.domain, term)))),
        ("In range of", "作为值域", tuple((r,) for r in refs(_uses(onto, RDFS.range, term)))),
    ]
    return Term(
        anchor=_local(term),
        curie=_curie(onto, term),
        iri=str(term),
        en=_text(onto, term, RDFS.label, "en") or _text(onto, term, SKOS.prefLabel, "en"),
        zh=_text(onto, term, RDFS.label, "zh") or _text(onto, term, SKOS.prefLabel, "zh"),
        comment_en=_text(onto, term, RDFS.comment, "en"),
        comment_zh=_text(onto, term, RDFS.comment, "zh"),
        facts=tuple(f for f in facts if f[2]),
    )


def _uses(onto: Graph, predicate: URIRef, cls: URIRef) -> list[Node]:
    """Properties whose domain (or range) is ``cls``, directly or as a member of an owl:unionOf."""
    found = set(onto.subjects(predicate, cls))
    for prop, value in onto.subject_objects(predicate):
        union = onto.value(value, OWL.unionOf) if isinstance(value, BNode) else None
        if union is not None and cls in Collection(onto, union):
            found.add(prop)
    return sorted(found, key=str)


def _expression(onto: Graph, value: Node, own: str) -> tuple[Ref, ...]:
    """A class expression as links: a named term, or the members of an owl:unionOf (shown joined by 'or')."""
    union = onto.value(value, OWL.unionOf) if isinstance(value, BNode) else None
    if union is not None:
        return tuple(_ref(onto, m, own) for m in Collection(onto, union))
    return (_ref(onto, value, own),)


def _ref(onto: Graph, node: Node, own: str) -> Ref:
    text = _curie(onto, node)
    return Ref(text, f"#{_local(node)}" if str(node).startswith(own) else str(node))


def _curie(onto: Graph, node: Node) -> str:
    try:
        return onto.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)
    except Exception:  # rdflib cannot shorten some IRIs; the full IRI is a fine name then
        return str(node)


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _text(onto: Graph, node: Node, predicate: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in onto.objects(node, predicate) if isinstance(o, Literal) and o.language == lang)
    return values[0] if values else ""


def read_ontology(source: str | Path | None = None) -> Graph:
    """The ontology file ``source`` (Turtle), or the one shipped with dckg."""
    path = Path(source) if source else ontology_dir() / "dckg.ttl"
    if not path.is_file():
        raise GraphInputError(f"{path}: no such file")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many unrelated types for malformed input
        raise GraphInputError(f"{path}: not a readable Turtle file: {str(exc).strip().splitlines()[0]}") from exc


def write_docs(out: str | Path, source: str | Path | None = None) -> int:
    """Write the ontology's page to ``out`` atomically; returns how many terms it documents."""
    onto = read_ontology(source)
    page = render_docs(onto)
    write_atomic(out, page.encode("utf-8"))
    return page.count('<article class="term"')


@cache
def _template():
    return Environment(autoescape=True, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True).from_string(
        asset("ontology.html")
    )
