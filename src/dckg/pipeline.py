"""The whole flow in one call: read the source, extract the facts, build the graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .extract import extract
from .graph import build_graph
from .reader import read_report
from .records import Extraction
from .source import MAX_BYTES, read_source


@dataclass(frozen=True)
class Build:
    """A built graph and the extraction it was built from."""

    graph: Graph
    extraction: Extraction


def build(source: str | Path | None = None, max_bytes: int = MAX_BYTES) -> Build:
    """Build the graph of a report file (the bundled report when ``source`` is None); a file over ``max_bytes``
    is refused (ReportInputError) before it is read."""
    extraction = extract(read_report(read_source(source, max_bytes)))
    return Build(build_graph(extraction), extraction)
