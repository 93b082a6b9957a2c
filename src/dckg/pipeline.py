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

    def counts(self) -> dict[str, int]:
        """What the build found, by kind (issuances: one per document and set of issuers, as the graph holds them)."""
        x = self.extraction
        return {
            "documents": len(x.documents),
            "policy documents": sum(d.policy for d in x.documents),
            "bodies": len(x.agencies),
            "issuances": x.issuance_count,
            "programmes": len(x.programs),
            "sections": len(x.report.sections),
            "observations": len(x.observations),
            "indicators": len(x.indicators),
            "observations with a data source": sum(bool(o.sources) for o in x.observations),
            "charts": len(x.figures),
            "triples": len(self.graph),
        }


def build(source: str | Path | None = None, max_bytes: int = MAX_BYTES) -> Build:
    """Build the graph of a report file (the bundled report when ``source`` is None); a file over ``max_bytes``
    is refused (ReportInputError) before it is read."""
    extraction = extract(read_report(read_source(source, max_bytes)))
    return Build(build_graph(extraction), extraction)
