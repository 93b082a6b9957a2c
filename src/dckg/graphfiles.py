"""Graph files: the formats dckg reads and writes (one table), reading a graph file safely (nothing fetched, nothing
expanded without bound, no term that is not an IRI), and writing any file atomically (temporary file, then rename).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .bridge import from_ox
from .errors import GraphInputError, OutputError
from .terms import new_graph


@dataclass(frozen=True)
class GraphFormat:
    """A graph format: dckg's name for it (``--format``), rdflib's and Oxigraph's, and the file suffixes it is
    read from (the first is the one it is written to)."""

    name: str
    rdflib: str
    oxigraph: ox.RdfFormat
    suffixes: tuple[str, ...]


GRAPH_FORMATS = (
    GraphFormat("ttl", "turtle", ox.RdfFormat.TURTLE, (".ttl",)),
    GraphFormat("nt", "nt", ox.RdfFormat.N_TRIPLES, (".nt",)),
    GraphFormat("jsonld", "json-ld", ox.RdfFormat.JSON_LD, (".jsonld", ".json")),
    GraphFormat("xml", "xml", ox.RdfFormat.RDF_XML, (".rdf", ".xml")),
)
FORMATS = {f.name: f.rdflib for f in GRAPH_FORMATS}
"""dckg's format names, with rdflib's name for each."""
GRAPH_SUFFIXES = {suffix: f.rdflib for f in GRAPH_FORMATS for suffix in f.suffixes}
"""The format (rdflib's name) of a graph file, by suffix."""
QUAD_FORMATS = (
    GraphFormat("trig", "trig", ox.RdfFormat.TRIG, (".trig",)),
    GraphFormat("nq", "nquads", ox.RdfFormat.N_QUADS, (".nq",)),
)
DATASET_FORMATS = {f.name: f.rdflib for f in QUAD_FORMATS}
"""The formats of a dataset (named graphs), TriG and N-Quads, with rdflib's name for each."""
DATASET_SUFFIXES = {suffix: f.rdflib for f in QUAD_FORMATS for suffix in f.suffixes}
OXIGRAPH_FORMATS = {f.rdflib: f.oxigraph for f in (*GRAPH_FORMATS, *QUAD_FORMATS)}
"""Oxigraph's format for each of rdflib's names."""


def format_of(path: str | Path) -> str:
    """dckg's format name for a file to write, from its suffix (the suffix itself when it names no format).

    >>> format_of("out/dckg.rdf"), format_of("x.json"), format_of("x.ttl")
    ('xml', 'jsonld', 'ttl')
    """
    suffix = Path(path).suffix.lower()
    return next((f.name for f in (*GRAPH_FORMATS, *QUAD_FORMATS) if suffix in f.suffixes), suffix.lstrip("."))


# Characters an IRI cannot hold (RFC 3987): writers would either fail or write a broken file.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def not_an_iri(graph: Graph) -> str | None:
    """What is wrong with the first term of ``graph`` that passes for an IRI but is not one, or None."""
    for term in graph.all_nodes():
        if isinstance(term, URIRef) and (fault := iri_fault(term)):
            return fault
    return None


def iri_fault(iri: str) -> str | None:
    """What makes ``iri`` not an IRI (a character it cannot hold), or None."""
    if bad := _NOT_IRI.search(iri):
        return f"{iri[:80]!r} is not an IRI (it holds {bad.group()!r})"
    return None


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


def check_out_file(path: Path, fmt: str | None = None) -> None:
    """Refuse, before any work, an output path whose suffix is not one dckg reads back as ``fmt`` (any graph or
    dataset format when None): a file written there could not be given to --graph. Standard output (``-``) is
    always fine."""
    formats = {f.name: f for f in (*GRAPH_FORMATS, *QUAD_FORMATS)}
    wanted = [formats[fmt]] if fmt in formats else list(formats.values())
    if str(path) == "-" or any(path.suffix.lower() in f.suffixes for f in wanted):
        return
    suffixes = ", ".join(s for f in wanted for s in f.suffixes)
    what = f"for {fmt}" if fmt else ""
    raise OutputError(
        f"{path}: unknown output suffix{' ' + what if what else ''}; use {suffixes} (dckg reads graphs by their suffix)"
    )


def read_graph(path: str | Path) -> Graph:
    """Parse a graph file written by dckg (format from the extension: .ttl, .nt, .jsonld, .rdf/.xml); of a dataset
    (.trig, .nq), the union of its graphs."""
    p = Path(path)
    fmt = check_graph_file(p)
    if fmt in DATASET_SUFFIXES.values():
        graph = new_graph()
        for s, pr, o, _ in read_quads(p):
            graph.add((s, pr, o))
    else:
        graph = new_graph()
        _parse(graph, p, fmt)
    if len(graph) == 0:
        raise GraphInputError(f"{p}: the graph is empty")
    if bad := not_an_iri(graph):
        raise GraphInputError(f"{p}: {bad}")
    return graph


def read_quads(path: str | Path) -> list[tuple]:
    """The (subject, predicate, object, graph) quads of a dataset file (.trig, .nq), parsed by Oxigraph, or of a
    graph file (whose triples are in the default graph, ``None``)."""
    p = Path(path)
    fmt = check_graph_file(p)
    if fmt not in DATASET_SUFFIXES.values():
        graph = new_graph()
        _parse(graph, p, fmt)
        return [(s, pr, o, None) for s, pr, o in graph]
    try:
        parsed = list(ox.parse(path=str(p), format=OXIGRAPH_FORMATS[fmt]))
    except (SyntaxError, OSError) as exc:
        raise GraphInputError(f"{p}: not a readable {fmt} graph: {exc}") from exc
    quads = [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), _graph_name(q.graph_name)) for q in parsed]
    union = Graph()
    for s, pr, o, _ in quads:
        union.add((s, pr, o))
    if bad := not_an_iri(union):
        raise GraphInputError(f"{p}: {bad}")
    return quads


def _graph_name(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> URIRef | None:
    return URIRef(name.value) if isinstance(name, ox.NamedNode) else None


def _parse(graph: Graph, path: Path, fmt: str) -> None:
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for malformed input
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphInputError(f"{path}: not a readable {fmt} graph: {first}") from exc


def check_graph_file(path: Path) -> str:
    """The format of a graph file (from its extension), after refusing what would make a parser go on the network
    or expand without bound: remote JSON-LD contexts and XML entity declarations (a few of them nested expand a
    1 kB file to gigabytes)."""
    if not path.is_file():
        raise GraphInputError(f"{path}: no such file")
    fmt = GRAPH_SUFFIXES.get(path.suffix.lower()) or DATASET_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise GraphInputError(f"{path}: unknown graph format; use .ttl, .nt, .jsonld, .rdf, .trig or .nq")
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
