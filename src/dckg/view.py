"""Graph ▶ networkx projection ▶ one self-contained HTML page: an offline, interactive network of the graph.

Which classes become nodes and which predicates become edges is data (``vocab/view-*.tsv``), so new kinds of
entity appear once the graph has them. The page inlines vis-network (from the copy pyvis ships) and its own
small script; node positions are computed here, so the browser draws at once with physics off. Every text from
the data reaches the page as escaped JSON and is shown with ``textContent``: labels cannot inject markup.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from . import layout
from .dataset import Dataset
from .errors import ViewInputError
from .graphfiles import write_atomic
from .templates import asset
from .terms import DCKG, expand, label_in
from .vocab import (
    ViewClass,
    ViewQuestion,
    ViewRelation,
    name_key,
    view_classes,
    view_properties,
    view_questions,
    view_relations,
    view_values,
)

# Colours of reports when the page colours nodes by report (repeated beyond eight), and of a node that several
# reports name; chosen apart from each other for a legend to tell them.
REPORT_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4")
SEVERAL_COLOR = "#3a3a3a"
PULL = 12.0  # how much harder than the others a view's close relations pull (vocab/view-questions.tsv, pull)
# In a <script> element, "</script>" would end it early: JSON strings may write these characters as escapes.
_JSON_ESCAPES = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})


@dataclass(frozen=True)
class Evidence:
    """A quoted sentence shown for a node: the text, its section's heading, its character offsets and, read from
    a PDF, its page (``p. 16 (— 12 —)``: physical page and printed label).

    In a graph of several reports ``report`` is the IRI of the report that states it (else ""): the page names
    that report (title and year) as one more part of where the quote is."""

    quote: str
    section: str
    start: int
    end: int
    page: str = ""
    report: str = ""


def project(source: Graph | Dataset, fold: bool = True) -> nx.MultiDiGraph:
    """The networkx view of ``source``: one node per typed entity, one edge (keyed by relation) per drawn triple.

    With ``fold``, nodes of a class with a ``fold_via`` property (observations) are not drawn; each becomes an
    entry in the ``folded`` list of the node it points to (its indicator), and its edges move to that node.

    Of several reports, each node (and folded entry) lists in ``reports`` the reports that name it; of a dataset
    exactly the reports whose named graph states it, and each edge too, in its ``reports`` attribute, with
    ``reference`` true when the shared graph states it (reference data, a body's place among bodies, that no report
    owns). Of a graph (a union of reports), a node's reports are read from its evidence and its edges have none.
    """
    graph, stated = _union(source)
    return _project(graph, fold, stated)


def _union(source: Graph | Dataset) -> tuple[Graph, tuple | None]:
    """The graph to draw (of a dataset, the union of its graphs) and, of a dataset of several reports, which
    reports state each subject and each drawn triple (``_stated``)."""
    if not isinstance(source, Dataset):
        return source, None
    return source.union(), _stated(source) if len(source.reports) > 1 else None


def _project(graph: Graph, fold: bool, stated: tuple | None) -> nx.MultiDiGraph:
    kinds = _kinds(graph)
    several = len(set(graph.subjects(RDF.type, DCKG.SourceReport))) > 1
    subjects, triples = stated or (None, None)
    host: dict[URIRef, URIRef] = {}
    if fold:
        for node, cls in kinds.items():
            target = graph.value(node, expand(cls.fold_via)) if cls.fold_via else None
            if target in kinds and not kinds[target].fold_via:
                host[node] = target
    view = nx.MultiDiGraph()

    def describe(node: URIRef) -> dict:
        found = _describe(graph, node, kinds[node], several)
        return found if subjects is None else found | {"reports": sorted(subjects[node])}

    for node in sorted(n for n in kinds if n not in host):
        view.add_node(str(node), **describe(node), folded=[])
    for node in sorted(host):
        entry = describe(node)
        links = _relations_of(graph, node, kinds)
        entry["props"] += [(r.en, r.zh, *_words(graph, [o])) for r, o in links if o != host[node]]
        view.nodes[str(host[node])]["folded"].append(entry)
    for relation in view_relations():
        predicate = expand(relation.curie)
        for s, o in graph.subject_objects(predicate):
            u, v = host.get(s, s), host.get(o, o)
            if u != v and u in kinds and v in kinds:
                view.add_edge(str(u), str(v), key=relation.name)
                if triples is not None:
                    edge = view.edges[str(u), str(v), relation.name]
                    edge["reference"] = edge.get("reference", False) or not triples[(s, predicate, o)]
                    edge.setdefault("reports", set()).update(triples[(s, predicate, o)])
    return view


def _stated(dataset: Dataset) -> tuple[defaultdict[Node, set[str]], defaultdict[tuple, set[str]]]:
    """Which reports of ``dataset`` state each subject and each drawn triple: the reports whose named graph holds
    a triple of that subject, or that triple."""
    drawn = {expand(r.curie) for r in view_relations()}
    subjects: defaultdict[Node, set[str]] = defaultdict(set)
    triples: defaultdict[tuple, set[str]] = defaultdict(set)
    for iri in dataset.reports:
        for s, p, o in dataset.graphs[iri]:
            subjects[s].add(str(iri))
            if p in drawn:
                triples[(s, p, o)].add(str(iri))
    return subjects, triples


def _kinds(graph: Graph) -> dict[URIRef, ViewClass]:
    """Each drawable subject and its class: the first class of the table that it has."""
    kinds: dict[URIRef, ViewClass] = {}
    for cls in view_classes():
        for node in graph.subjects(RDF.type, expand(cls.curie)):
            if isinstance(node, URIRef):
                kinds.setdefault(node, cls)
    return kinds


def _relations_of(graph: Graph, node: URIRef, kinds: dict[URIRef, ViewClass]) -> list[tuple[ViewRelation, URIRef]]:
    return sorted(
        ((r, o) for r in view_relations() for o in graph.objects(node, expand(r.curie)) if o in kinds),
        key=lambda ro: (ro[0].name, str(ro[1])),
    )


def _describe(graph: Graph, node: URIRef, cls: ViewClass, several: bool) -> dict:
    """Names, key properties, evidence and (in a graph of ``several`` reports) the reports that name it (by its
    evidence, or as the report a section belongs to), as plain data."""
    zh, en = label_in(graph, node, "zh"), label_in(graph, node, "en")
    if not zh and not en:
        zh = "".join(str(graph.value(node, expand(p)) or "") for p in cls.label_from) or _local(node)
    names = sorted({str(o) for o in graph.objects(node, SKOS.altLabel)} - {zh, en})
    props = [
        (p.en, p.zh, *_words(graph, list(graph.objects(node, expand(p.curie)))))
        for p in view_properties()
        if (node, expand(p.curie), None) in graph
    ]
    gloss = str(graph.value(node, DCKG.gloss) or "")  # machine-made English, searchable and shown as such
    evidence = _evidence(graph, node, several)
    reports = {e.report for e in evidence} | {str(r) for r in graph.objects(node, DCKG.sourceReport)}
    return {
        "cls": cls.name,
        "zh": zh,
        "en": en,
        "names": names,
        "gloss": gloss,
        "props": props,
        "evidence": evidence,
        "reports": sorted(reports - {""}) if several else [],
    }


def _words(graph: Graph, values: list[Node]) -> tuple[str, str]:
    """Property values as a person reads them, in English and in Chinese: words for bare values (true → yes/是,
    unit:NUM → count/个数), numbers with thousands separators, anything else by ``_name``."""
    words = _value_words()
    en, zh = [], []
    for value in values:
        e, z = words.get(str(value)) or (_number(value),) * 2
        en.append(e or _name(graph, value))
        zh.append(z or _name(graph, value))
    return "; ".join(sorted(en)), "; ".join(sorted(zh))


@cache
def _value_words() -> dict[str, tuple[str, str]]:
    return {(str(expand(k)) if ":" in k else k): v for k, v in view_values().items()}


def _number(value: Node) -> str:
    """A numeric literal written for reading (1,200,000,000,000; 0.085), else ""."""
    if (
        not isinstance(value, Literal)
        or isinstance(value.value, bool)
        or not isinstance(value.value, int | float | Decimal)
    ):
        return ""
    text = f"{value.value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _name(graph: Graph, value: Node) -> str:
    """How a property value is shown: a literal as written; a resource by its labels, else by its literal parts."""
    if isinstance(value, Literal):
        return str(value)
    labels = [x for x in (label_in(graph, value, "zh"), label_in(graph, value, "en")) if x]
    if labels:
        return " · ".join(dict.fromkeys(labels))
    parts = sorted(str(o) for p, o in graph.predicate_objects(value) if isinstance(o, Literal))
    if parts:
        return " – ".join(parts)
    return _local(value) if isinstance(value, URIRef) else ""


def _local(node: URIRef | BNode) -> str:
    return str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _page(graph: Graph, ev: URIRef) -> str:
    if (number := graph.value(ev, DCKG.page)) is None:
        return ""
    label = graph.value(ev, DCKG.pageLabel)
    return f"p. {number}" + (f" ({label})" if label else "")


def _evidence(graph: Graph, node: URIRef, several: bool) -> list[Evidence]:
    """The evidence of ``node``; in a graph of ``several`` reports each names the report that states it."""
    found = []
    for ev in graph.objects(node, DCKG.evidence):
        section = graph.value(ev, DCKG.inSection)
        heading = label_in(graph, section, "zh") or label_in(graph, section, "en") if section else ""
        report = graph.value(ev, DCKG.sourceReport) if several else None
        found.append(
            Evidence(
                str(graph.value(ev, DCKG.quote) or ""),
                heading,
                int(graph.value(ev, DCKG.start) or 0),
                int(graph.value(ev, DCKG.end) or 0),
                _page(graph, ev),
                str(report or ""),
            )
        )
    return sorted(found, key=lambda e: (e.report, e.start, e.end, e.quote))


def reports_of(graph: Graph) -> list[dict]:
    """The reports of ``graph`` (IRI, Chinese and English title, year), by year, title and IRI."""
    found = [
        {
            "iri": str(r),
            "zh": label_in(graph, r, "zh"),
            "en": label_in(graph, r, "en"),
            "year": str(graph.value(r, DCKG.year) or ""),
        }
        for r in set(graph.subjects(RDF.type, DCKG.SourceReport))
        if isinstance(r, URIRef)
    ]
    return sorted(found, key=lambda r: (r["year"], r["zh"] or r["en"], r["iri"]))


def select(
    view: nx.MultiDiGraph, focus: str | None = None, depth: int = 1, types: Sequence[str] | None = None
) -> nx.MultiDiGraph:
    """The part of ``view`` to draw: only nodes of ``types`` (class names), then the ``depth``-neighbourhood of
    ``focus`` (a name in either language, or an IRI), edges read in both directions."""
    if types:
        wanted = {_class_name(t) for t in types}
        view = view.subgraph(n for n, c in view.nodes(data="cls") if c in wanted)
    if focus is not None:
        if depth < 0:
            raise ViewInputError(f"depth must be 0 or more, not {depth}")
        view = nx.ego_graph(view, find(view, focus), radius=depth, undirected=True)
    return view.copy()


def _class_name(text: str) -> str:
    names = {name_key(c.name): c.name for c in view_classes()}
    key = name_key(text)
    if key not in names:
        raise ViewInputError(f"unknown type {text!r}; choose from {', '.join(c.name for c in view_classes())}")
    return names[key]


def find(view: nx.MultiDiGraph, name: str) -> str:
    """The node an IRI or a name (Chinese or English, canonical or alternative; case and spacing ignored) denotes."""
    if name in view:
        return name
    key = name_key(name)
    hits = sorted(n for n, d in view.nodes(data=True) if key in {name_key(x) for x in (d["zh"], d["en"], *d["names"])})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ViewInputError(f"{name!r} names {len(hits)} entities: {', '.join(hits[:5])}; give an IRI")
    near = sorted(d["zh"] or d["en"] for _, d in view.nodes(data=True) if key and key in name_key(d["zh"] + d["en"]))
    hint = f"; did you mean {', '.join(near[:5])}?" if near else ""
    raise ViewInputError(f"no entity named {name!r} in the view{hint}")


def page_data(view: nx.MultiDiGraph, physics: bool = False, reports: Sequence[dict] = ()) -> dict:
    """The JSON the page script reads: legend tables, nodes, edges, a shared evidence table and, for each of the
    page's views (``vocab/view-questions.tsv``) that has something to draw, its nodes, edges and positions.

    Given the ``reports`` of a graph of several (``reports_of``), the data also lists them; each evidence row
    ends with the index of its report, each node has ``r``, the reports that name it or a figure folded in, and
    each edge of a dataset's view ends with the reports that state it (but a link of the reference data, drawn
    whenever both its ends are)."""
    # Hubs first: vis-network draws later nodes on top and gives a click to the topmost, so a small node
    # next to a large hub (a section mentioned by everything) stays visible and clickable.
    nodes = sorted(view.nodes, key=lambda n: (-view.degree(n), n))
    index = {n: i for i, n in enumerate(nodes)}
    classes = [c for c in view_classes() if any(view.nodes[n]["cls"] == c.name for n in nodes)]
    relations = [r for r in view_relations() if any(k == r.name for _, _, k in view.edges(keys=True))]
    cls_index = {c.name: i for i, c in enumerate(classes)}
    rel_index = {r.name: i for i, r in enumerate(relations)}
    labels: _Table = _Table()
    evidence: _Table = _Table()
    edges = sorted({(index[u], index[v], rel_index[k]) for u, v, k in view.edges(keys=True)})

    report_index = {r["iri"]: i for i, r in enumerate(reports)}

    def row(e: Evidence) -> tuple:
        where = (e.quote, e.section, e.start, e.end, e.page)
        return (*where, report_index[e.report]) if reports else where

    def facts(d: dict) -> dict:
        return {
            "p": [[labels.add((en, zh)), labels.add((ven, vzh))] for en, zh, ven, vzh in d["props"]],
            "ev": [evidence.add(row(e)) for e in d["evidence"]],
        }

    def stated(edge: tuple[int, int, int]) -> list:
        data = view.edges[nodes[edge[0]], nodes[edge[1]], relations[edge[2]].name]
        if not reports or "reports" not in data or data["reference"]:
            return []
        return [sorted(report_index[r] for r in data["reports"])]

    out_nodes = []
    for n in nodes:
        d = view.nodes[n]
        item = {"id": n, "c": cls_index[d["cls"]], "zh": d["zh"], "en": d["en"], "alt": d["names"]}
        if d["gloss"]:
            item["gl"] = d["gloss"]
        item.update(facts(d))
        if d["folded"]:
            item["f"] = [{"zh": f["zh"], "en": f["en"], **facts(f)} for f in sorted(d["folded"], key=_folded_order)]
        if reports:
            named = {r for x in (d, *d["folded"]) for r in x["reports"]}
            item["r"] = sorted(report_index[r] for r in named)
        out_nodes.append(item)
    cls_of = [view.nodes[n]["cls"] for n in nodes]
    rel_of = [r.name for r in relations]
    questions = [_question(q, nodes, cls_of, edges, rel_of, physics) for q in view_questions()]
    listed = {"reports": [dict(r, color=REPORT_COLORS[i % len(REPORT_COLORS)]) for i, r in enumerate(reports)]}
    return {
        "classes": [{"name": c.name, "en": c.en, "zh": c.zh, "color": c.color, "shape": c.shape} for c in classes],
        "relations": [
            {"en": r.en, "zh": r.zh, "ien": r.inverse_en, "izh": r.inverse_zh, "color": r.color, "dashes": r.dashes}
            for r in relations
        ],
        "labels": [list(x) for x in labels.items],
        "evidence": [list(x) for x in evidence.items],
        "nodes": out_nodes,
        "edges": [[*e, *stated(e)] for e in edges],
        "views": [q for q in questions if q["n"]],
        "physics": physics,
    } | (listed if reports else {})


def _question(
    q: ViewQuestion, nodes: list[str], cls_of: list[str], edges: list[tuple], rel_of: list[str], physics: bool
) -> dict:
    """One view of the page: the nodes of its classes that one of its relations links (and, on its shelf, the
    unlinked ones of its shelf classes; all of them in a view of every class), its edges, sizes and positions."""
    members = {i for i, c in enumerate(cls_of) if not q.classes or c in q.classes}
    kept = [
        e
        for e, (u, v, r) in enumerate(edges)
        if u in members and v in members and (not q.relations or rel_of[r] in q.relations)
    ]
    degree = dict.fromkeys(members, 0)
    for e in kept:
        degree[edges[e][0]] += 1
        degree[edges[e][1]] += 1
    shelf = [i for i in sorted(members) if not degree[i] and cls_of[i] in q.shelf]
    shelf.sort(key=lambda i: (q.shelf.index(cls_of[i]), nodes[i]))
    drawn = sorted(i for i in members if degree[i] or i in shelf or not q.classes)
    sizes = {i: node_size(degree[i]) for i in drawn}
    out = {"name": q.name, "en": q.en, "zh": q.zh, "n": drawn, "e": kept, "s": [sizes[i] for i in drawn]}
    if drawn and not physics:
        pull = {edges[e][:2]: PULL for e in kept if rel_of[edges[e][2]] in q.pull}
        where = layout.positions(drawn, (edges[e][:2] for e in kept), sizes, shelf=shelf, pull=pull)
        out["xy"] = [list(where[i]) for i in drawn]
    if shelf:
        out["shelf"] = {"en": q.shelf_en, "zh": q.shelf_zh, "n": shelf}
    return out


def node_size(degree: int) -> int:
    """A node's radius on the page: it grows with the number of links, the same way in every view."""
    return min(8 + round(3 * degree**0.5), 40)


def _folded_order(entry: dict) -> tuple:
    first = entry["evidence"][0] if entry["evidence"] else Evidence("", "", 0, 0)
    return (first.start, entry["zh"], entry["en"], entry["props"])


class _Table:
    """Distinct values in first-seen order, each referred to by its index (shared evidence and label rows)."""

    def __init__(self) -> None:
        self.items: list[tuple] = []
        self._index: dict[tuple, int] = {}

    def add(self, item: tuple) -> int:
        if item not in self._index:
            self._index[item] = len(self.items)
            self.items.append(item)
        return self._index[item]


def render(
    source: Graph | Dataset,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: Sequence[str] | None = None,
    fold: bool = True,
    physics: bool = False,
    start: str | None = None,
) -> tuple[nx.MultiDiGraph, str]:
    """The drawn view of ``source``, a graph or a dataset (or of the part ``focus``/``depth``/``types`` select), and
    its HTML page.

    ``fold`` shows observations inside their indicator; ``physics`` leaves the layout to the browser's live
    simulation instead of the positions computed here (slow beyond a few hundred nodes; for comparison);
    ``start`` names the view the page opens with (``vocab/view-questions.tsv``; by default the first that draws
    the focus).
    """
    graph, stated = _union(source)
    view = select(_project(graph, fold, stated), focus, depth, types)
    if view.number_of_nodes() == 0:
        raise ViewInputError("nothing to draw: the graph (or the part selected) holds no entity of dckg's classes")
    target = find(view, focus) if focus else None
    reports = reports_of(graph)
    title = _report_titles(graph)
    page = page_html(view, title, target, physics, start, reports if len(reports) > 1 else ())
    return view, page


def render_html(source: Graph | Dataset, **options) -> str:
    """The page of ``source`` (a graph or a dataset) as one HTML string (options as for ``render``)."""
    return render(source, **options)[1]


def page_html(
    view: nx.MultiDiGraph,
    title: str = "",
    focus: str | None = None,
    physics: bool = False,
    start: str | None = None,
    reports: Sequence[dict] = (),
) -> str:
    """The page of an already selected view (with the report control when given several ``reports``); the same
    view always gives the same bytes."""
    data = page_data(view, physics, reports)
    if reports:
        data["several"] = SEVERAL_COLOR
    data["focus"] = focus
    data["start"] = _start(data, focus, start)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return _template().render(
        title=title,
        reports=bool(reports),
        counts=f"{view.number_of_nodes():,} entities · {view.number_of_edges():,} links",
        data=Markup(payload),
        vis=Markup(_vis_js()),
        script=Markup(asset("view.js")),
        style=Markup(asset("view.css")),
    )


def _start(data: dict, focus: str | None, start: str | None) -> int:
    """The index of the view the page opens with: the one named, else the first that draws the focus."""
    names = [v["name"] for v in data["views"]]
    if start is not None:
        if start not in names:
            known = ", ".join(q.name for q in view_questions())
            raise ViewInputError(f"no view {start!r} with anything to draw here; the views: {known}")
        return names.index(start)
    where = next(i for i, n in enumerate(data["nodes"]) if n["id"] == focus) if focus else None
    return next((k for k, v in enumerate(data["views"]) if where is None or where in v["n"]), 0)


def _report_titles(graph: Graph) -> str:
    reports = sorted(graph.subjects(RDF.type, DCKG.SourceReport))
    return " / ".join(label_in(graph, r, "zh") or label_in(graph, r, "en") for r in reports)


def write_html(source: Graph | Dataset, path: str | Path, **options) -> nx.MultiDiGraph:
    """Write the page of ``source`` (a graph or a dataset) to ``path`` atomically and return the view it draws
    (options as for ``render``)."""
    view, page = render(source, **options)
    write_atomic(path, page.encode("utf-8"))
    return view


@dataclass(frozen=True)
class Inline:
    """A page that Jupyter shows inline (in an iframe, so that its script runs and its styles stay inside)."""

    page: str
    height: int = 640

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" loading="eager"></iframe>'
        )


def show(source: Graph | Dataset, height: int = 640, **options) -> Inline:
    """The network of ``source`` (a graph or a dataset) for a notebook cell:
    ``dckg.view.show(g, focus="国家数据局", depth=1)``."""
    return Inline(render_html(source, **options), height)


@cache
def _template():
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(asset("view.html"))


@cache
def _vis_js() -> str:
    """vis-network's standalone build as pyvis ships it (dual Apache-2.0/MIT; its licence header is kept)."""
    return resources.files("pyvis").joinpath("lib/vis-9.1.2/vis-network.min.js").read_text(encoding="utf-8")
