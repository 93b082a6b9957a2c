"""Serialise a graph or a dataset deterministically: the same graph always gives the same bytes (reading graph files and
writing them atomically is graphfiles.py's job)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .bridge import to_ox
from .errors import OutputError
from .graphfiles import DATASET_FORMATS, FORMATS, iri_fault, not_an_iri
from .terms import DCKG, PREFIXES, ontology_dir


def serialize(graph: Graph, fmt: str = "ttl", expanded: bool = False) -> bytes:
    """Bytes of ``graph`` in ``fmt`` (ttl, nt, jsonld, xml); the same graph always gives the same bytes. JSON-LD is
    compact, with an inline ``@context`` (``jsonld_context``), unless ``expanded``."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "nt":
        return ntriples(graph)
    if bad := not_an_iri(graph):
        raise OutputError(f"{bad}; no format can write it")
    if fmt == "jsonld":
        context = None if expanded else jsonld_context(graph)
        return _canonical_jsonld(graph.serialize(format="json-ld", encoding="utf-8", context=context))
    if fmt == "xml":
        return _sorted_rdfxml(graph)
    return _turtle(graph) or graph.serialize(format=FORMATS[fmt], encoding="utf-8")


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """N-Triples of ``triples`` (a Graph or a set), one line each in sorted order, written directly: the lines
    rdflib's writer gives, with every control character escaped, several times faster. A term that passes for an
    IRI but is not one is refused (OutputError), as for every format."""
    names: dict[Node, str] = {}

    def name(term: Node) -> str:
        if (known := names.get(term)) is not None:
            return known
        if isinstance(term, URIRef):
            if fault := iri_fault(term):
                raise OutputError(f"{fault}; no format can write it")
            written = f"<{term}>"
        elif isinstance(term, Literal):
            text = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
            tag = f"@{term.language}" if term.language else (f"^^<{term.datatype}>" if term.datatype else "")
            written = f'"{text}"{tag}'
        else:
            written = term.n3()
        names[term] = written = written.translate(_CONTROLS) if _CONTROL.search(written) else written
        return written

    lines = sorted(f"{name(s)} {name(p)} {name(o)} ." for s, p, o in triples)
    return ("\n".join(lines) + "\n").encode("utf-8")


# RDF/XML writes a predicate as a qualified name, so its IRI must end with an XML name.
_XML_NAME_END = re.compile(r"(?:[^\W\d]|_)[\w.-]*$")
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
# Control characters, the Unicode line and paragraph separators and the non-characters U+FFFE/U+FFFF are written
# as \uXXXX escapes (valid in Turtle and N-Triples strings), so that no tool sees a line break or a raw control.
_CONTROLS = str.maketrans(
    {c: f"\\u{c:04X}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF] if c != 0x0A}
)
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_ESCAPES = str.maketrans({**_CONTROLS, ord("\\"): "\\\\", ord('"'): '\\"', 0x0A: "\\n", 0x0D: "\\r"})
# What XML 1.0 cannot hold at all, even escaped: C0 controls but tab and line breaks, surrogates, U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _turtle(graph: Graph) -> bytes | None:
    """Turtle written directly, subjects, predicates (rdf:type first) and objects in sorted order, with prefixed
    names where the local part is plain: several times faster than rdflib's writer, and as deterministic.
    None for a graph with blank nodes (their labels are not stable), which rdflib's writer then writes."""
    spaces = _spaces([graph])
    blocks = _turtle_blocks(graph, spaces)
    if blocks is None:
        return None
    return ("\n".join([*_prefix_lines(spaces), *blocks]) + "\n").encode("utf-8")


def _spaces(graphs: list[Graph]) -> list[tuple[str, str]]:
    """The namespaces bound in ``graphs``, longest first (the longest namespace of an IRI names it); a prefix bound
    to different namespaces in different graphs (a report's evidence) is left out."""
    bound = {(str(ns), prefix) for graph in graphs for prefix, ns in graph.namespaces()}
    prefixes = Counter(prefix for _, prefix in bound)
    return sorted(((ns, p) for ns, p in bound if prefixes[p] == 1), key=lambda x: (-len(x[0]), x[1]))


def _prefix_lines(spaces: list[tuple[str, str]]) -> list[str]:
    return [f"@prefix {prefix}: <{ns}> ." for ns, prefix in sorted(spaces, key=lambda x: x[1])]


def _turtle_blocks(graph: Graph, spaces: list[tuple[str, str]]) -> list[str] | None:
    """One Turtle block per subject of ``graph``, in sorted order; None when the graph has a blank node."""
    names: dict[Node, str] = {RDF.type: "a"}

    def name(term: Node) -> str:
        if (known := names.get(term)) is not None:
            return known
        if isinstance(term, URIRef):
            iri = str(term)
            short = (
                f"{p}:{iri[len(ns) :]}" for ns, p in spaces if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :])
            )
            written = next(short, f"<{iri}>")
        else:
            assert isinstance(term, Literal)
            tag = f"@{term.language}" if term.language else (f"^^{name(term.datatype)}" if term.datatype else "")
            written = f'"{str(term).translate(_ESCAPES)}"{tag}'
        names[term] = written
        return written

    subjects: dict[str, dict[str, list[str]]] = {}
    for s, p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode):
            return None
        subjects.setdefault(name(s), {}).setdefault(name(p), []).append(name(o))
    out = []
    for subject in sorted(subjects):
        predicates = subjects[subject]
        lines = (
            f"    {p} " + " ,\n        ".join(sorted(predicates[p]))
            for p in sorted(predicates, key=lambda p: (p != "a", p))
        )
        out.append(f"\n{subject}\n" + " ;\n".join(lines) + " .")
    return out


def serialize_dataset(graphs: Mapping[URIRef, Graph], fmt: str = "trig") -> bytes:
    """Bytes of named graphs (by IRI) as TriG or N-Quads; the same graphs always give the same bytes."""
    if fmt not in DATASET_FORMATS:
        raise OutputError(f"unknown dataset format {fmt!r}; choose one of {', '.join(DATASET_FORMATS)}")
    for graph in graphs.values():
        if bad := not_an_iri(graph):
            raise OutputError(f"{bad}; no format can write it")
    if fmt == "nq":
        lines = []
        for iri, graph in graphs.items():
            suffix = f" <{iri}> ."
            lines += [line[:-2] + suffix for line in serialize(graph, "nt").decode("utf-8").split("\n") if line]
        return ("\n".join(sorted(lines)) + "\n").encode("utf-8")
    spaces = _spaces(list(graphs.values()))
    out = _prefix_lines(spaces)
    for iri in sorted(graphs):
        blocks = _turtle_blocks(graphs[iri], spaces)
        if blocks is None:
            raise OutputError(f"the graph <{iri}> holds blank nodes, which dckg does not write in a dataset")
        out.append(f"\n<{iri}> {{" + "".join(blocks) + "\n}")
    return ("\n".join(out) + "\n").encode("utf-8")


def _sorted_rdfxml(graph: Graph) -> bytes:
    """RDF/XML written by Oxigraph from triples in sorted order (rdflib's XML writers order namespaces by hash).

    XML 1.0 cannot hold some characters at all, so a graph with one is refused rather than written broken.
    """
    triples = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    for triple in triples:
        if not _XML_NAME_END.search(triple[1]):
            raise OutputError(
                f"RDF/XML cannot write the predicate {triple[1].n3()}: its IRI does not end with an XML name; "
                "write Turtle, N-Triples or JSON-LD instead"
            )
        if bad := next((m for term in triple if (m := _NOT_XML.search(str(term)))), None):
            raise OutputError(
                f"RDF/XML cannot hold the character U+{ord(bad.group()):04X} found in a triple of "
                f"{triple[0].n3()}; write Turtle, N-Triples or JSON-LD instead"
            )
    quads = [ox.Triple(*(to_ox(x) for x in t)) for t in triples]
    prefixes = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())}
    # Oxigraph writes a carriage return raw, which XML parsers read as a line feed: write it as a reference
    return ox.serialize(quads, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).replace(b"\r", b"&#13;")


def jsonld_context(graph: Graph) -> dict[str, str]:
    """The JSON-LD context of dckg's output, written inline (never a remote one): dckg's prefixes and the graph's,
    and a short name for each term of dckg's ontology (``issuedBy`` for ``dckg:issuedBy``) that no prefix takes."""
    context = {prefix: str(ns) for prefix, ns in {**PREFIXES, **dict(graph.namespaces())}.items() if prefix}
    return context | {term: f"dckg:{term}" for term in ontology_terms() if term not in context}


@cache
def ontology_terms() -> tuple[str, ...]:
    """The local names of the classes, properties and individuals of dckg's ontology."""
    ontology = Graph().parse(ontology_dir() / "dckg.ttl")
    return tuple(sorted({str(s)[len(DCKG) :] for s in ontology.subjects() if str(s).startswith(str(DCKG))} - {""}))


def _canonical_jsonld(data: bytes) -> bytes:
    """JSON-LD with nodes, keys and values in a fixed order (rdflib follows the store's order)."""
    nodes = json.loads(data)

    def order(value: object) -> object:
        if isinstance(value, list):
            return sorted((order(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        if isinstance(value, dict):
            return {k: order(v) for k, v in value.items()}
        return value

    return (json.dumps(order(nodes), sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
