"""rdflib's in-memory store behind dckg's Store protocol: the baseline of benchmarks/query.py and a cross-check in
the tests (the same rows as the embedded store). Not part of dckg: nothing in the package uses it."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier

from dckg.bridge import plain
from dckg.errors import QueryError
from dckg.store import Answer, Rows
from dckg.store.embedded import INDEX_NAMES


class RdflibStore:
    """rdflib's in-memory store: the baseline of the benchmark and a cross-check in the tests. As a careful
    rdflib user would, it parses each query once and, unless ``index`` is False, keeps the same name index as
    the embedded store (so that the comparison is of the engines, not of a scan against an index)."""

    def __init__(self, graph: Graph, index: bool = True) -> None:
        self.dataset = Dataset()
        self.graph = self.dataset.graph(DATASET_DEFAULT_GRAPH_ID)
        self.graph += graph
        self.label = "rdflib in-memory graph"
        self.name_index = index
        if index:
            self.dataset.update(INDEX_NAMES)

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer:
        try:
            result = self.dataset.query(_prepared(text), initBindings=dict(bindings or {}))
        except Exception as exc:  # pyparsing and rdflib raise many types for a bad query
            raise QueryError(f"malformed query: {str(exc).splitlines()[0]}") from exc
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            columns = tuple(str(v) for v in result.vars)
            return Rows(columns, tuple(tuple(plain(row[i]) for i in range(len(columns))) for row in result))
        return result.graph

    def update(self, text: str) -> None:
        self.dataset.update(text)
        if self.name_index:
            self.dataset.update(INDEX_NAMES)


@lru_cache(maxsize=64)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)
