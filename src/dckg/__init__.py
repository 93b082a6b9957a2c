"""dckg: the Digital China Knowledge Graph.

The library API a notebook uses; the command line is a thin layer over it::

    import dckg
    result = dckg.build()                 # the bundled report, or dckg.build("other-report.txt")
    graph = result.graph                  # an rdflib Graph
    dckg.write(graph, "dckg.ttl")         # atomic, deterministic Turtle
    dckg.view.show(graph, focus="国家数据局")  # the network around one body, inline in a notebook
"""

from __future__ import annotations

import importlib
from pathlib import Path

from rdflib import Graph

from .errors import DckgError, GraphInputError, OutputError, ReportInputError, ShapeViolationError
from .export import FORMATS, read_graph, serialize, write_atomic
from .pipeline import Build, build
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


def __getattr__(name: str):
    """``dckg.view`` on first use, so that ``import dckg`` (and every CLI command) does not load numpy and scipy."""
    if name == "view":
        return importlib.import_module(".view", __name__)
    raise AttributeError(f"module 'dckg' has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "Build",
    "DckgError",
    "GraphInputError",
    "OutputError",
    "ReportInputError",
    "ShapeViolationError",
    "Violation",
    "build",
    "load_graph",
    "read_graph",
    "serialize",
    "validate",
    "write",
]
