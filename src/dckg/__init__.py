"""dckg: the Digital China Knowledge Graph.

The library API a notebook uses; the command line is a thin layer over it::

    import dckg
    result = dckg.build()                 # the bundled report, or dckg.build("other-report.txt")
    graph = result.graph                  # an rdflib Graph
    dckg.write(graph, "dckg.ttl")         # atomic, deterministic Turtle
    many = dckg.build_dataset(["2022.txt", "2023.txt", "provinces/"])  # a named graph per report
    dckg.write(many.dataset, "reports.trig")  # TriG or N-Quads (.nq); .ttl writes the union

    store = dckg.open_store()             # embedded Oxigraph store (or a graph file, --store, an endpoint)
    rows = dckg.run_query("policies-by-agency", store, agency="national data bureau")
    rows.dicts()                          # [{"title": Literal(...), ...}], rdflib terms
    dckg.sparql("SELECT ...", store)      # your own SPARQL; store.graph is an rdflib Graph over the same data
    dckg.view.show(graph, focus="国家数据局")  # the network around one body, inline in a notebook

    store = dckg.open_store(store_path="kg-store", writable=True)   # a persistent store an update lasts in
    dckg.sparql("INSERT DATA { ... }", store, allow_update=True)
    dckg.push(graph, store_endpoint="https://example.org/store")  # replace a remote graph, all or nothing
    dckg.push("reports.trig", store_endpoint="https://example.org/store")  # a named graph per report, a PUT each

No module of the package imports this one: it is the top of the house, and the command line is built on it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from .dataset import Dataset
from .errors import (
    AmbiguousNameError,
    DckgError,
    EndpointAuthError,
    EndpointConfigError,
    EndpointError,
    EndpointTimeoutError,
    GraphInputError,
    OutputError,
    QueryError,
    ReportInputError,
    ShapeViolationError,
    StoreError,
    UnknownNameError,
    UpdateRefusedError,
    ViewInputError,
    VocabularyError,
    WorkspaceBusyError,
)
from .export import serialize, serialize_dataset
from .graphfiles import (
    DATASET_FORMATS,
    DATASET_SUFFIXES,
    FORMATS,
    check_out_file,
    format_of,
    read_graph,
    read_quads,
    write_atomic,
)
from .lookup import Candidate
from .records import Report
from .source import BUNDLED_REPORT, MAX_BYTES
from .store import DEFAULT_TIMEOUT, Answer, Rows, Store
from .terms import CLASSES, new_graph
from .validate import Violation, validate
from .workspace import Change, Entry, Workspace, locate

if TYPE_CHECKING:
    from .pipeline import Build, DatasetBuild

__version__ = "0.1.0"

ENTITY_KINDS = tuple(CLASSES)
"""The kinds of entity a name may be resolved to (``resolve_name(name, kind)``)."""


def build(source: str | Path | None = None, max_bytes: int = MAX_BYTES) -> Build:
    """Build the graph of a report file (the bundled report when ``source`` is None); a file over ``max_bytes``
    is refused (ReportInputError) before it is read."""
    from .pipeline import build as run_pipeline

    return run_pipeline(source, max_bytes)


def build_dataset(sources: list[str | Path], max_bytes: int = MAX_BYTES) -> DatasetBuild:
    """Build the dataset of every report in ``sources`` (files or folders): a named graph per report and the shared
    graph; a refused report stops nothing (it is listed in ``refused``)."""
    from .pipeline import build_dataset as run_pipeline

    return run_pipeline(sources, max_bytes)


def write(graph: Graph | Dataset, path: str | Path, fmt: str | None = None, expanded: bool = False) -> int:
    """Write ``graph`` (or a dataset: as TriG or N-Quads, or the union of its graphs in a graph format) to ``path``
    atomically; the format defaults to the file's extension (JSON-LD is compact unless ``expanded``). Returns the
    bytes written.

    :raises OutputError: an unknown format, a graph no format can write, or a file that cannot be written.
    """
    try:
        data = serialized(graph, fmt or format_of(path), expanded)
    except OutputError as exc:
        raise OutputError(f"{path}: {exc}") from exc
    write_atomic(path, data)
    return len(data)


def serialized(graph: Graph | Dataset, fmt: str, expanded: bool = False) -> bytes:
    """Bytes of ``graph`` in ``fmt``, or of a dataset as TriG or N-Quads (or the union of its graphs in a graph
    format); the same input always gives the same bytes.

    :raises OutputError: an unknown format, a graph no format can write, or a single graph asked for as a dataset.
    """
    if isinstance(graph, Dataset):
        if fmt in DATASET_FORMATS:
            return serialize_dataset(graph.graphs, fmt)
        return serialize(graph.union(), fmt, expanded)
    if fmt in DATASET_FORMATS:
        raise OutputError(f"a single graph is written as Turtle, N-Triples, JSON-LD or RDF/XML, not {fmt}")
    return serialize(graph, fmt, expanded)


def load_graph(
    path: str | Path | None = None, workspace: str | Path | None = None, store: Store | None = None
) -> Graph:
    """A graph file produced by dckg; when ``path`` is None, the union of the workspace's graphs when there is a
    workspace (``workspace``, $DCKG_WORKSPACE, or .dckg here; ``store``: its store, when the caller has it open),
    else the graph of the bundled report.

    :raises GraphInputError: a missing, unreadable, empty or unsafe graph file.
    """
    if path is not None:
        return read_graph(path)
    if (ws := open_workspace(workspace)) is not None:
        graph = new_graph()
        graph.parse(data=(store or ws.open_store()).ntriples(), format="nt")
        return graph
    return build().graph


def load_dataset(
    path: str | Path | None = None, workspace: str | Path | None = None, store: Store | None = None
) -> Dataset:
    """The named graphs of a dataset file (.trig, .nq) or, when ``path`` is None, of the workspace (``workspace``,
    $DCKG_WORKSPACE, or .dckg here; ``store``: its store, when the caller has it open): each report's graph and the
    shared graph.

    :raises GraphInputError: a missing, unreadable or unsafe dataset file, a graph file (one graph, no reports), or
        no workspace.
    """
    if path is not None:
        if Path(path).suffix.lower() not in DATASET_SUFFIXES:
            raise GraphInputError(f"{path}: a graph file holds one graph, not a dataset of reports (.trig or .nq)")
        graphs: dict = {}
        for s, p, o, name in read_quads(path):
            if name is not None:
                graphs.setdefault(name, new_graph()).add((s, p, o))
        if not graphs:
            raise GraphInputError(f"{path}: the dataset has no named graph")
        return Dataset(graphs)
    if (ws := open_workspace(workspace)) is None:
        raise GraphInputError("no workspace here: build one (dckg build REPORT...) or give a .trig or .nq file")
    store = store or ws.open_store()
    graphs = {}
    for iri in _report_graphs(store, None):
        graphs[URIRef(iri)] = graph = new_graph()
        graph.parse(data=store.ntriples(iri), format="nt")
    return Dataset(graphs)


def open_workspace(folder: str | Path | None = None) -> Workspace | None:
    """The workspace of ``folder``, $DCKG_WORKSPACE or .dckg here (the first given), or None when there is none."""
    root = locate(folder)
    return Workspace(root) if root is not None and (folder is not None or Workspace(root).exists) else None


def answering_from(
    graph_file: str | Path | None = None, workspace: str | Path | None = None, store: Store | None = None
) -> str:
    """Where a command without an endpoint or a store answers from, in a few words (the CLI's first line); the
    workspace's list of reports is read from ``store``, the store the command opened, when given."""
    if graph_file is not None:
        return f"the graph file {graph_file}"
    ws = open_workspace(workspace)
    if ws is not None and ws.exists:
        from .store import OxigraphStore

        n = len(ws.reports(store if isinstance(store, OxigraphStore) else None))
        return f"the workspace {ws.root} ({n} report{'s' * (n != 1)})"
    return "the bundled report (no workspace here: dckg add REPORT... makes one)"


def read_report(path: str | Path | None = None, max_bytes: int = MAX_BYTES) -> Report:
    """A report file read and cleaned (the bundled report when ``path`` is None), e.g. to check quotes against.

    :raises ReportInputError: a file that is missing, too large, not text or not a Chinese report.
    """
    from .reader import read_report as read
    from .source import read_source

    return read(read_source(path, max_bytes))


def open_store(
    source: Graph | str | Path | None = None,
    *,
    store_path: str | Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    writable: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    workspace: str | Path | None = None,
) -> Store:
    """The store to query: a remote ``endpoint`` (with its ``update_endpoint`` for updates); a persistent store at
    ``store_path`` of a graph file (or of the bundled report), rebuilt when the file or dckg changes; or an
    in-memory Oxigraph store of ``source`` (an rdflib Graph, a graph file, or None for the bundled report's graph).

    ``writable`` asks for a store whose updates last: an update endpoint, or a persistent store opened for writing
    (the in-memory store of a Graph takes updates too, but they last only as long as the object).

    :raises EndpointConfigError: an endpoint given with a graph or a store, or a bad endpoint URL.
    :raises GraphInputError: a missing or unreadable graph file, or a Graph given for a persistent store.
    :raises QueryError: ``writable`` without an update endpoint or a persistent store.
    :raises StoreError: a persistent store that cannot be built or opened.
    """
    from .store import EndpointStore, OxigraphStore, open_persistent

    if endpoint or update_endpoint:
        if source is not None or store_path is not None:
            raise EndpointConfigError("an endpoint is queried on its own data: give no graph or store with it")
        if writable and not update_endpoint:
            raise QueryError(_NOWHERE_TO_WRITE)
        return EndpointStore(endpoint or update_endpoint, update_endpoint, timeout)
    if store_path is not None:
        if isinstance(source, Graph):
            raise GraphInputError("a persistent store is built from a graph file, not from a Graph in memory")
        if source is None:
            bundled = Path(str(resources.files("dckg.data") / BUNDLED_REPORT))
            return open_persistent(store_path, bundled, version=__version__, writable=writable, build=_bundled_graph)
        return open_persistent(store_path, source, version=__version__, writable=writable)
    if writable:
        raise QueryError(_NOWHERE_TO_WRITE)
    if source is None and (ws := open_workspace(workspace)) is not None:
        return ws.open_store()
    if isinstance(source, Graph):
        return OxigraphStore.from_graph(source)
    return OxigraphStore.from_file(source) if source is not None else OxigraphStore.from_ntriples(*_default_graph())


def _default_graph() -> tuple[bytes, str]:
    """The N-Triples of the graph queried when neither a graph nor a workspace is given, and what it is: the bundled
    report's, from the user's cache folder when that holds it. The lines are sorted, so that answers that list
    values in store order (GROUP_CONCAT) are the same from run to run."""
    from .cache import cached_ntriples
    from .source import bundled_report_bytes

    data = cached_ntriples(bundled_report_bytes(), __version__, lambda: serialize(_bundled_graph(), "nt"))
    return data, f"embedded Oxigraph store of {BUNDLED_REPORT}"


_NOWHERE_TO_WRITE = "an update needs --update-endpoint URL, or --store PATH (the graph is rebuilt every run)"


def _bundled_graph() -> Graph:
    return build().graph


def diff(old: str | Path, new: str | Path, store: Store | None = None) -> Rows:
    """What changed from report ``old`` to report ``new``: two graph files, or two reports (title, year or IRI) of
    ``store`` (default: the workspace, else the bundled report's graph); documents, bodies, programmes and
    indicators new and gone, figures restated, issuers changed.

    :raises GraphInputError: a graph file that cannot be read.
    :raises AmbiguousNameError, UnknownNameError, QueryError: a report name that names several, or none.
    """
    from .changes import Side
    from .changes import diff as compare
    from .query import report_graph
    from .store import OxigraphStore

    if all(Path(x).suffix and Path(x).is_file() for x in (old, new)):
        return compare(Side(OxigraphStore.from_file(old), None), Side(OxigraphStore.from_file(new), None))
    store = store if store is not None else open_store()
    return compare(Side(store, report_graph(store, str(old))), Side(store, report_graph(store, str(new))))


def run_query(name: str, store: Store | None = None, report: str | None = None, **params: str) -> Rows:
    """Run a named query (see ``dckg query --list``) on ``store`` (default: the bundled report's graph); with
    ``report`` (a title, a year or an IRI) on that report's graph (and the shared graph) only.

    :raises QueryError: an unknown query or parameter, or a failed query.
    :raises AmbiguousNameError, UnknownNameError: a name given for an entity or a report that names several, or none.
    """
    from .query import run_named

    return run_named(store if store is not None else open_store(), name, report, **params)


def sparql(text: str, store: Store | None = None, allow_update: bool = False) -> Answer | None:
    """Run your own SPARQL on ``store`` (default: the bundled report's graph); updates need ``allow_update`` (and,
    to last, a store opened with ``writable=True``).

    :raises QueryError: a malformed or failed query, or SERVICE/LOAD on an embedded store.
    :raises UpdateRefusedError: an update without ``allow_update``.
    """
    from .query import run, statement_kind

    if store is None and (allow_update or statement_kind(text) != "UPDATE"):
        store = open_store()  # an update that is refused opens no store
    return run(store, text, allow_update)


def resolve_name(name: str, kind: str | None = None, store: Store | None = None) -> Candidate:
    """The one entity a name stands for, in Chinese or English, of one of ``ENTITY_KINDS`` when ``kind`` is given.

    :raises AmbiguousNameError, UnknownNameError: the name names several entities, or none.
    """
    from .lookup import resolve

    return resolve(store if store is not None else open_store(), name, kind)


@dataclass(frozen=True)
class Pushed:
    """A graph (or the named graphs of a dataset) pushed to a remote store: how many triples, and where they went."""

    triples: int
    target: str
    graphs: tuple[str, ...] = ()


def push(
    source: Graph | str | Path | None = None,
    *,
    store_endpoint: str | None = None,
    update_endpoint: str | None = None,
    named_graph: str | None = None,
    report: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    workspace: str | Path | None = None,
) -> Pushed:
    """Push to a remote store by the Graph Store Protocol (``store_endpoint``) or SPARQL Update
    (``update_endpoint``), all or nothing. A dataset (a .trig or .nq file, or the workspace when ``source`` is None
    and there is one) is pushed graph by graph: each report's named graph and the shared graph replace those graphs
    only (with ``report``, a title, year or IRI: that report's graph and the shared graph). A graph (a Graph, a
    graph file, or the bundled report's graph when there is no workspace) replaces the default graph or
    ``named_graph``.

    :raises EndpointConfigError: neither or both endpoints, a bad endpoint URL, or a named graph for a dataset.
    :raises EndpointError: the endpoint failed or refused (EndpointAuthError, EndpointTimeoutError); a Graph Store
        push of a dataset put every graph it had written back first, and the message says whether that worked.
    :raises QueryError, AmbiguousNameError, UnknownNameError: ``report`` for a single graph, or naming no report.
    """
    from .store import OxigraphStore, push_graphs
    from .store import push as push_data

    if (store_endpoint is None) == (update_endpoint is None):
        raise EndpointConfigError("give one of a Graph Store Protocol URL or a SPARQL Update URL")
    ws = open_workspace(workspace) if source is None else None
    if ws is not None or (isinstance(source, str | Path) and Path(source).suffix.lower() in DATASET_SUFFIXES):
        if named_graph is not None:
            raise EndpointConfigError("a dataset goes to the named graphs of its reports: give no named graph with it")
        local = ws.open_store() if ws is not None else OxigraphStore.from_file(source)
        graphs = {iri: local.ntriples(iri) for iri in _report_graphs(local, report)}
        where = push_graphs(graphs, store_endpoint=store_endpoint, update_endpoint=update_endpoint, timeout=timeout)
        return Pushed(sum(data.count(b"\n") for data in graphs.values()), where, tuple(graphs))
    if report is not None:
        raise QueryError("--report picks one report of a dataset (a .trig or .nq file, or the workspace)")
    if source is None or isinstance(source, Graph):
        local = OxigraphStore.from_graph(build().graph if source is None else source)
    else:
        local = OxigraphStore.from_file(source)
    where = push_data(
        local.ntriples(),
        store_endpoint=store_endpoint,
        update_endpoint=update_endpoint,
        named_graph=named_graph,
        timeout=timeout,
    )
    return Pushed(len(local), where)


def _report_graphs(store: Store, report: str | None) -> list[str]:
    """The named graphs to push of a dataset: the graph of ``report`` (or of every report) and the shared graph."""
    from .dataset import SHARED
    from .lookup import reports
    from .query import report_graph

    names = [report] if report is not None else [str(r.iri) for r in reports(store)]
    graphs = [g for g in (report_graph(store, name) for name in names) if g is not None]
    if not graphs:
        raise QueryError("the dataset holds no report in a named graph of its own")
    return [*sorted(graphs), str(SHARED)]


def validation_notes(graph: Graph, reports: Iterable[Report] = ()) -> list[str]:
    """What ``validate(graph, reports)`` could not check, one line each (nothing of dckg's in the graph, or quotes
    of source reports whose text is not at hand)."""
    from .validate import notes

    return notes(graph, reports)


def write_docs(out: str | Path, ontology: str | Path | None = None) -> int:
    """Write the ontology's documentation page (of ``ontology``, default the one shipped with dckg) to ``out``
    atomically; returns how many terms it documents."""
    from .ontodoc import write_docs as write

    return write(out, ontology)


def __getattr__(name: str):
    """``dckg.view`` and ``Build`` on first use, so that ``import dckg`` (and every CLI command) loads neither numpy
    and scipy nor the pipeline (pypinyin alone takes 0.36 s to import)."""
    if name == "view":
        return importlib.import_module(".view", __name__)
    if name in ("Build", "DatasetBuild", "Refused"):
        return getattr(importlib.import_module(".pipeline", __name__), name)
    raise AttributeError(f"module 'dckg' has no attribute {name!r}")


__all__ = [
    "DATASET_FORMATS",
    "DEFAULT_TIMEOUT",
    "ENTITY_KINDS",
    "FORMATS",
    "MAX_BYTES",
    "AmbiguousNameError",
    "Answer",
    "Build",
    "Candidate",
    "Change",
    "Dataset",
    "DatasetBuild",
    "DckgError",
    "EndpointAuthError",
    "EndpointConfigError",
    "EndpointError",
    "EndpointTimeoutError",
    "Entry",
    "GraphInputError",
    "OutputError",
    "Pushed",
    "QueryError",
    "Refused",
    "Report",
    "ReportInputError",
    "Rows",
    "ShapeViolationError",
    "Store",
    "StoreError",
    "UnknownNameError",
    "UpdateRefusedError",
    "ViewInputError",
    "Violation",
    "VocabularyError",
    "Workspace",
    "WorkspaceBusyError",
    "answering_from",
    "build",
    "build_dataset",
    "check_out_file",
    "diff",
    "load_dataset",
    "load_graph",
    "open_store",
    "open_workspace",
    "push",
    "read_graph",
    "read_report",
    "resolve_name",
    "run_query",
    "serialize",
    "serialize_dataset",
    "serialized",
    "sparql",
    "validate",
    "validation_notes",
    "write",
    "write_docs",
]
