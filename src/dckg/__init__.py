"""dckg: the Digital China Knowledge Graph.

The library API a notebook uses; the command line is a thin layer over it::

    import dckg
    result = dckg.build()                 # the bundled report, or dckg.build("other-report.txt")
    graph = result.graph                  # an rdflib Graph
    dckg.write(graph, "dckg.ttl")         # atomic, deterministic Turtle
"""

from __future__ import annotations

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
