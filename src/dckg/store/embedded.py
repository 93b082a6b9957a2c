"""The embedded store: Oxigraph in memory (a copy of a graph, or a graph file parsed by Oxigraph) or on disk
(persistent.py), queried natively, with a name index beside the graph."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier

from ..bridge import from_ox
from ..errors import GraphInputError, QueryError, StoreError
from ..graphfiles import OXIGRAPH_FORMATS, check_graph_file
from ..terms import ANY_NAME_LABEL, FOLD, NAME_KEY, NAME_PREFIXES, NAMES_GRAPH
from .base import Answer, Rows, bind_values

INDEX_NAMES = (
    NAME_PREFIXES
    + f"""DROP SILENT GRAPH <{NAMES_GRAPH}> ;
INSERT {{ GRAPH <{NAMES_GRAPH}> {{ ?entity <{NAME_KEY}> ?key }} }}
WHERE {{ {ANY_NAME_LABEL} BIND ({FOLD} AS ?key) }}"""
)
"""The SPARQL Update that (re)builds the name index: one folded key per label."""


class OxigraphStore:
    """The embedded default: a pyoxigraph store, queried natively. Parameters go in as a VALUES block written
    by rdflib, as for a remote endpoint (Oxigraph's substitutions only reach projected variables).

    Beside the graph (the default graph) it keeps a name index in the named graph ``urn:x-dckg:names``: one
    folded key per label, so that resolving a name is an index look-up instead of a scan of every label.
    """

    name_index = True

    def __init__(self, store: ox.Store, label: str = "embedded Oxigraph store", index: bool = True) -> None:
        self._store = store
        self.label = label
        if index:
            self._store.update(INDEX_NAMES)

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory store holding a copy of an rdflib graph."""
        return cls.from_ntriples(graph.serialize(format="nt", encoding="utf-8"))

    @classmethod
    def from_ntriples(cls, data: bytes, label: str = "embedded Oxigraph store") -> OxigraphStore:
        """An in-memory store holding a graph given as N-Triples."""
        store = ox.Store()
        store.load(data, ox.RdfFormat.N_TRIPLES)
        return cls(store, label)

    @classmethod
    def from_file(cls, path: str | Path) -> OxigraphStore:
        """An in-memory store holding a graph file, parsed by Oxigraph (much faster than rdflib on big files)."""
        store = ox.Store()
        load_file(store, Path(path), bulk=False)
        return cls(store, f"embedded Oxigraph store of {path}")

    @property
    def graph(self) -> Graph:
        """The same data as an rdflib Graph (through oxrdflib, no copy): the API notebooks use."""
        from oxrdflib import OxigraphStore as RdflibBridge

        return Graph(store=RdflibBridge(store=self._store), identifier=DATASET_DEFAULT_GRAPH_ID)

    def __len__(self) -> int:
        """Triples in the graph (the name index not counted)."""
        return int(next(iter(self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)

    def ntriples(self, named_graph: str | None = None) -> bytes:
        """The default graph (or the named graph ``named_graph``) as N-Triples."""
        graph = ox.NamedNode(named_graph) if named_graph else ox.DefaultGraph()
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer:
        try:
            result = self._store.query(bind_values(text, bindings or {}))
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                columns = tuple(v.value for v in result.variables)
                return Rows(columns, tuple(tuple(from_ox(s[i]) for i in range(len(columns))) for s in result))
            graph = Graph(bind_namespaces="none")
            for t in result:
                graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            return graph
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.label}: {exc}") from exc
        except (RuntimeError, ValueError) as exc:  # evaluation errors, e.g. a SERVICE that cannot be reached
            raise QueryError(f"the query failed: {exc}") from exc

    def update(self, text: str) -> None:
        try:
            self._store.update(text)
            self._store.update(INDEX_NAMES)
            self._store.flush()
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.label}: {exc}") from exc


UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""The SPARQL Update that copies every named graph into the default graph, which the queries read."""


def load_file(store: ox.Store, path: Path, bulk: bool) -> None:
    """Load a graph file into ``store`` (checked first, like every graph file dckg reads); a dataset's named graphs
    are kept, and their union is the default graph."""
    fmt = OXIGRAPH_FORMATS[check_graph_file(path)]
    try:
        (store.bulk_load if bulk else store.load)(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise GraphInputError(f"{path}: not a readable {fmt.name} graph: {exc}") from exc
    if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        store.update(UNION)
    if len(store) == 0:
        raise GraphInputError(f"{path}: the graph is empty")
