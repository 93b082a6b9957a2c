"""What changed from one report to another (two reports of a dataset or workspace, or two graph files): documents,
bodies, programmes and indicators new and gone, figures restated, issuers changed, as rows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Literal

from .ids import shared_graph_iri
from .store import Rows, Store, from_graphs, select

SHARED_GRAPH = shared_graph_iri()

COLUMNS = ("change", "kind", "item", "old", "new", "entity")


@dataclass(frozen=True)
class Side:
    """One side of a diff: a store and the report's named graph in it (None: the store's whole graph)."""

    store: Store
    graph: str | None


@cache
def _text(name: str) -> str:
    return (resources.files("dckg.queries") / "diff" / f"{name}.rq").read_text(encoding="utf-8")


def _rows(side: Side, name: str) -> list[dict]:
    text = _text(name) if side.graph is None else from_graphs(_text(name), [side.graph, SHARED_GRAPH])
    return select(side.store, text).dicts()


def _sorted_values(value) -> str:
    return " | ".join(sorted(str(value).split(" | ")))


def diff(old: Side, new: Side) -> Rows:
    """The changes from ``old`` to ``new``, sorted by change, kind and item."""
    out: list[tuple[str, str, str, str, str, str]] = []
    entities = [{(str(r["kind"]), r["entity"]): str(r["label"]) for r in _rows(s, "entities")} for s in (old, new)]
    for key in entities[1].keys() - entities[0].keys():
        out.append(("new", key[0], entities[1][key], "", entities[1][key], str(key[1])))
    for key in entities[0].keys() - entities[1].keys():
        out.append(("gone", key[0], entities[0][key], entities[0][key], "", str(key[1])))
    figures = [
        {
            (r["indicator"], str(r["when"]), r["kind"], r["unit"]): (str(r["label"]), _sorted_values(r["values"]))
            for r in _rows(s, "figures")
        }
        for s in (old, new)
    ]
    for key in figures[0].keys() & figures[1].keys():
        (label, before), (_, after) = figures[0][key], figures[1][key]
        if before != after:
            what = f"{label} ({key[1]}, {str(key[2]).rsplit('/', 1)[-1]})"
            out.append(("restated", "figure", what, before, after, str(key[0])))
    issuers = [{r["document"]: (str(r["title"]), str(r["issuers"])) for r in _rows(s, "issuers")} for s in (old, new)]
    for doc in issuers[0].keys() & issuers[1].keys():
        (title, before), (_, after) = issuers[0][doc], issuers[1][doc]
        before, after = "、".join(sorted(before.split("、"))), "、".join(sorted(after.split("、")))
        if before != after:
            out.append(("issuers changed", "document", title, before, after, str(doc)))
    order = {"new": 0, "gone": 1, "restated": 2, "issuers changed": 3}
    rows = sorted(out, key=lambda r: (order[r[0]], r[1], r[2], r[5]))
    return Rows(COLUMNS, tuple(tuple(Literal(v) for v in r) for r in rows))
