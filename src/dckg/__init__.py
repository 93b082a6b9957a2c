"""dckg: the Digital China Knowledge Graph.

The library API a notebook uses; the command line is a thin layer over it::

    import dckg
    result = dckg.build()                 # the bundled report, or dckg.build("other-report.txt")
    graph = result.graph                  # an rdflib Graph
    dckg.write(graph, "dckg.ttl")         # atomic, deterministic Turtle

    store = dckg.open_store()             # embedded Oxigraph store (or a graph file, --store, an endpoint)
    rows = dckg.run_query("policies-by-agency", store, agency="national data bureau")
    rows.dicts()                          # [{"title": Literal(...), ...}], rdflib terms
    dckg.sparql("SELECT ...", store)      # your own SPARQL; store.graph is an rdflib Graph over the same data
    dckg.view.show(graph, focus="国家数据局")  # the network around one body, inline in a notebook
"""

from __future__ import annotations

import importlib
from pathlib import Path

from rdflib import Graph

from .errors import (
    AmbiguousNameError,
    DckgError,
    EndpointAuthError,
    EndpointError,
    EndpointTimeoutError,
    GraphInputError,
    OutputError,
    QueryError,
    ReportInputError,
    ShapeViolationError,
    UnknownNameError,
)
from .export import FORMATS, read_graph, serialize, write_atomic
from .lookup import Candidate
from .pipeline import Build, build
from .store import Answer, Rows, Store, open_store
from .validate import Violation, validate

__version__ = "0.1.0"


def write(graph: Graph, path: str | Path, fmt: str | None = None) -> None:
    """Write ``graph`` to ``path`` atomically; the format defaults to the file's extension."""
    suffix = Path(path).suffix.lower().lstrip(".")
    chosen = fmt or {"rdf": "xml", "json": "jsonld"}.get(suffix, suffix)
    write_atomic(path, serialize(graph, chosen))


def load_graph(path: str | Path | None = None) -> Graph:
    """A graph file produced by dckg, or the graph of the bundled report when ``path`` is None."""
    return build().graph if path is None else read_graph(path)


def run_query(name: str, store: Store | None = None, **params: str) -> Rows:
    """Run a named query (see ``dckg query --list``) on ``store`` (default: the bundled report's graph)."""
    from .query import run_named

    return run_named(store or open_store(), name, **params)


def sparql(text: str, store: Store | None = None, allow_update: bool = False) -> Answer | None:
    """Run your own SPARQL on ``store`` (default: the bundled report's graph); updates need ``allow_update``."""
    from .query import run

    return run(store or open_store(), text, allow_update)


def resolve_name(name: str, kind: str | None = None, store: Store | None = None) -> Candidate:
    """The one entity a name stands for, in Chinese or English (raises AmbiguousNameError or UnknownNameError)."""
    from .lookup import resolve

    return resolve(store or open_store(), name, kind)


def __getattr__(name: str):
    """``dckg.view`` on first use, so that ``import dckg`` (and every CLI command) does not load numpy and scipy."""
    if name == "view":
        return importlib.import_module(".view", __name__)
    raise AttributeError(f"module 'dckg' has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "AmbiguousNameError",
    "Answer",
    "Build",
    "Candidate",
    "DckgError",
    "EndpointAuthError",
    "EndpointError",
    "EndpointTimeoutError",
    "GraphInputError",
    "OutputError",
    "QueryError",
    "ReportInputError",
    "Rows",
    "ShapeViolationError",
    "Store",
    "UnknownNameError",
    "Violation",
    "build",
    "load_graph",
    "open_store",
    "read_graph",
    "resolve_name",
    "run_query",
    "serialize",
    "sparql",
    "validate",
    "write",
]
