"""Serialise a graph deterministically and write files atomically (temporary file, then rename)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import GraphInputError, OutputError

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def serialize(graph: Graph, fmt: str = "ttl") -> bytes:
    """Bytes of ``graph`` in ``fmt`` (ttl, nt, jsonld, xml); the same graph always gives the same bytes."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if bad := not_an_iri(graph):
        raise OutputError(f"{bad}; no format can write it")
    if fmt == "nt":
        # rdflib escapes line breaks in literals but writes other control characters raw: escape them, and split
        # lines at "\n" only (str.splitlines also splits at U+2028, U+0085, form feed … inside literals)
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").translate(_CONTROLS)
        return ("\n".join(sorted(line for line in text.split("\n") if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        return _canonical_jsonld(graph.serialize(format="json-ld", encoding="utf-8"))
    if fmt == "xml":
        return _sorted_rdfxml(graph)
    return _turtle(graph) or graph.serialize(format=FORMATS[fmt], encoding="utf-8")


# Characters an IRI cannot hold (RFC 3987): writers would either fail or write a broken file.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
# RDF/XML writes a predicate as a qualified name, so its IRI must end with an XML name.
_XML_NAME_END = re.compile(r"(?:[^\W\d]|_)[\w.-]*$")
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
# Control characters, the Unicode line and paragraph separators and the non-characters U+FFFE/U+FFFF are written
# as \uXXXX escapes (valid in Turtle and N-Triples strings), so that no tool sees a line break or a raw control.
_CONTROLS = str.maketrans(
    {c: f"\\u{c:04X}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF] if c != 0x0A}
)
_ESCAPES = str.maketrans({**_CONTROLS, ord("\\"): "\\\\", ord('"'): '\\"', 0x0A: "\\n", 0x0D: "\\r"})
# What XML 1.0 cannot hold at all, even escaped: C0 controls but tab and line breaks, surrogates, U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def not_an_iri(graph: Graph) -> str | None:
    """What is wrong with the first term of ``graph`` that passes for an IRI but is not one, or None."""
    for term in graph.all_nodes():
        if isinstance(term, URIRef) and (bad := _NOT_IRI.search(term)):
            return f"{term[:80]!r} is not an IRI (it holds {bad.group()!r})"
    return None


def _turtle(graph: Graph) -> bytes | None:
    """Turtle written directly, subjects, predicates (rdf:type first) and objects in sorted order, with prefixed
    names where the local part is plain: several times faster than rdflib's writer, and as deterministic.
    None for a graph with blank nodes (their labels are not stable), which rdflib's writer then writes."""
    spaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces()), key=lambda x: (-len(x[0]), x[1]))
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
    out = [f"@prefix {prefix}: <{ns}> ." for ns, prefix in sorted(spaces, key=lambda x: x[1])]
    for subject in sorted(subjects):
        predicates = subjects[subject]
        lines = (
            f"    {p} " + " ,\n        ".join(sorted(predicates[p]))
            for p in sorted(predicates, key=lambda p: (p != "a", p))
        )
        out.append(f"\n{subject}\n" + " ;\n".join(lines) + " .")
    return ("\n".join(out) + "\n").encode("utf-8")


def _oxigraph_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return ox.BlankNode(str(term))


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
    quads = [ox.Triple(*(_oxigraph_term(x) for x in t)) for t in triples]
    prefixes = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())}
    # Oxigraph writes a carriage return raw, which XML parsers read as a line feed: write it as a reference
    return ox.serialize(quads, format=ox.RdfFormat.RDF_XML, prefixes=prefixes).replace(b"\r", b"&#13;")


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


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it into place."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc


def read_graph(path: str | Path) -> Graph:
    """Parse a graph file written by dckg (format from the extension: .ttl, .nt, .jsonld, .rdf/.xml)."""
    from .graph import new_graph

    p = Path(path)
    fmt = check_graph_file(p)
    graph = new_graph()
    try:
        graph.parse(p, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for malformed input
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphInputError(f"{p}: not a readable {fmt} graph: {first}") from exc
    if len(graph) == 0:
        raise GraphInputError(f"{p}: the graph is empty")
    if bad := not_an_iri(graph):
        raise GraphInputError(f"{p}: {bad}")
    return graph


GRAPH_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}


def check_out_file(path: Path, fmt: str) -> None:
    """Refuse, before any work, an output path whose suffix is not one dckg reads back as ``fmt`` (a file
    written there could not be given to --graph); standard output (``-``) is always fine."""
    if str(path) == "-" or GRAPH_SUFFIXES.get(path.suffix.lower()) == FORMATS[fmt]:
        return
    suffixes = ", ".join(s for s, f in GRAPH_SUFFIXES.items() if f == FORMATS[fmt])
    raise OutputError(f"{path}: unknown output suffix for {fmt}; use {suffixes} (dckg reads graphs by their suffix)")


def check_graph_file(path: Path) -> str:
    """The format of a graph file (from its extension), after refusing what would make a parser go on the network
    or expand without bound: remote JSON-LD contexts and XML entity declarations (a few of them nested expand a
    1 kB file to gigabytes)."""
    if not path.is_file():
        raise GraphInputError(f"{path}: no such file")
    fmt = GRAPH_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise GraphInputError(f"{path}: unknown graph format; use .ttl, .nt, .jsonld or .rdf")
    if fmt == "json-ld":
        _refuse_remote_contexts(path)
    elif fmt == "xml":
        data = path.read_bytes()
        first_element = re.search(rb"<[A-Za-z_]", data)
        if b"<!ENTITY" in data[: first_element.start() if first_element else len(data)]:
            raise GraphInputError(f"{path}: declares XML entities, which dckg does not read; expand them first")
    return fmt


def _refuse_remote_contexts(path: Path) -> None:
    """Refuse a JSON-LD file whose @context names a URL: rdflib would fetch it, and reading a file must not
    make the tool go on the network."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as exc:
        raise GraphInputError(f"{path}: not a readable json-ld graph: {type(exc).__name__}") from exc
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    for ref in value if isinstance(value, list) else [value]:
                        if isinstance(ref, str):
                            raise GraphInputError(
                                f"{path}: its JSON-LD context {ref!r} would be fetched from the network; "
                                "dckg reads only local data: put the context in the file"
                            )
                pending.append(value)
