"""A dataset of many reports: one named graph per report (named by the report's IRI) and one shared graph of the
reference data they use (gazetteer bodies and names, concept schemes, units, the ontology link)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from . import ids
from .terms import new_graph

if TYPE_CHECKING:  # the graph builder is loaded by a build only: queries start fast
    from .graph import Parts

SHARED = URIRef(ids.shared_graph_iri())
ONTOLOGY = URIRef("https://w3id.org/dckg/ontology")


@dataclass(frozen=True)
class Dataset:
    """Named graphs by IRI: the shared graph and one graph per report."""

    graphs: Mapping[URIRef, Graph]

    @property
    def reports(self) -> tuple[URIRef, ...]:
        """The IRIs of the reports' graphs, in sorted order."""
        return tuple(sorted(iri for iri in self.graphs if iri != SHARED))

    def union(self) -> Graph:
        """Every triple of every graph in one graph (for tools without datasets); a report's own prefixes (its
        evidence, its sections) are kept when it is the only report."""
        graph = new_graph()
        for part in self.graphs.values():
            if len(self.graphs) <= 2:
                for prefix, ns in part.namespaces():
                    graph.bind(prefix, ns)
            graph += part
        return graph

    def __len__(self) -> int:
        """Quads in the dataset (a triple in two graphs counts twice)."""
        return sum(len(g) for g in self.graphs.values())


def assemble(parts: Iterable[Parts]) -> Dataset:
    """The dataset of some reports' parts: each report's own graph, and the union of their shared parts with the
    link to the ontology."""
    shared = new_graph()
    shared.add((SHARED, DCTERMS.conformsTo, ONTOLOGY))
    graphs: dict[URIRef, Graph] = {}
    for p in parts:
        shared += p.shared
        graphs[p.iri] = p.own
    return Dataset({SHARED: shared} | dict(sorted(graphs.items())))
