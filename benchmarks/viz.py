"""Network view benchmark: time to write the HTML page and time until it is stable and interactive in headless
Chromium, for the bundled report's graph and for graphs scaled up to about 1k, 3k and 10k nodes.

Scaled graphs are copies of the report's graph (every resource but the agencies renamed per copy, so the copies
share their bodies, as several reports would). For each graph it prints: nodes, edges, the time to project,
lay out and render the page (and networkx's spring_layout on the same graph, the baseline, where it finishes
in reasonable time), the file size, and in the browser: time from navigation to the first drawn frame
(precomputed layout, physics off) or to the `stabilized` event (physics on, vis-network's default barnesHut),
and the time of one frame after a zoom. Medians of --runs page loads. The page opens with its default view
("who issued what"). Then the labels: pairs of drawn labels that overlap, plus labels that leave the network's
area, in every view of the report's page and of a composed 30-node report, at the initial fit and at 2x and 4x
zoom on the selected node, measured in the browser from the drawn label boxes. The last line reads
`label_collisions=<n> ready_ms=<n> ready_10k_ms=<n>` (ready: the report's page; 10k: the 10,000-node scale-up).
Run: .venv/bin/python -m benchmarks.viz [--sizes 1000,3000,10000] [--runs 3] [--physics-limit 0]
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
from rdflib import RDF, Graph, URIRef

from dckg import view
from dckg.graphfiles import read_graph
from dckg.layout import positions
from dckg.pipeline import build
from dckg.terms import DCKG, new_graph
from tests.support.browser import ARGS, CHROMIUM, THIRTY, VIEWPORT, label_collisions  # as the tests launch and measure

TIMEOUT_S = 90
SELECT = """id => new Promise((done) => {
    const t0 = performance.now();
    network.once("afterDrawing", () => done(performance.now() - t0));
    dckgView.select(id, false);
})"""
EVERYTHING = """() => new Promise((done) => {
    const t0 = performance.now();
    network.once("afterDrawing", () => done(performance.now() - t0));
    dckgView.view("everything");
})"""


def scaled(base: Graph, nodes: int) -> Graph:
    """Copies of ``base`` with every IRI but the agencies' renamed per copy, until the view has ``nodes`` nodes."""
    shared = set(base.subjects(RDF.type, DCKG.Agency))
    per_copy = view.project(base).number_of_nodes() - len(shared)
    copies = max(1, math.ceil((nodes - len(shared)) / per_copy))
    out = new_graph()

    def rename(term, k):
        if isinstance(term, URIRef) and term not in shared and str(term).startswith("https://w3id.org/dckg/id/"):
            return URIRef(f"{term}-c{k}")
        return term

    for k in range(copies):
        for s, p, o in base:
            out.add((rename(s, k), p, rename(o, k)))
    return out


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def write_page(graph: Graph, path: Path, physics: bool) -> dict:
    """Project, lay out and render ``graph`` into ``path``; the time of each step."""
    projected, t_project = timed(view.project, graph)
    nodes = sorted(projected)
    edges = list(projected.edges())
    radii = {n: view.node_size(projected.degree(n)) for n in nodes}
    t_layout = timed(positions, nodes, edges, radii)[1] if not physics else 0.0
    page, t_total = timed(view.render_html, graph, physics=physics)
    path.write_text(page, encoding="utf-8")
    return {
        "nodes": projected.number_of_nodes(),
        "edges": projected.number_of_edges(),
        "project": t_project,
        "layout": t_layout,
        "total": t_total,
        "bytes": len(page.encode("utf-8")),
        "graph": projected,
    }


def browser_times(context, path: Path, runs: int, hub: str) -> tuple[float | None, ...]:
    """Median ms from navigation to ready, of one frame after zooming, of selecting ``hub`` (panel, highlight) and
    of opening the "everything" view until drawn; None when the page is not ready in time."""
    ready, frames, picks, alls = [], [], [], []
    for _ in range(runs):
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        try:
            page.wait_for_selector("html[data-ready=true]", state="attached", timeout=TIMEOUT_S * 1000)
        except Exception:  # playwright's TimeoutError: the page did not settle within the limit
            page.close()
            return None, None, None, None
        ready.append(page.evaluate("window.dckgReady"))
        frames.append(
            page.evaluate(
                """() => new Promise((done) => {
                    const t0 = performance.now();
                    network.once("afterDrawing", () => done(performance.now() - t0));
                    network.moveTo({ scale: network.getScale() * 1.25 });
                })"""
            )
        )
        picks.append(page.evaluate(SELECT, hub))
        alls.append(page.evaluate(EVERYTHING))
        page.close()
    return tuple(statistics.median(x) for x in (ready, frames, picks, alls))


def spring_seconds(projected: nx.MultiDiGraph) -> float:
    simple = nx.Graph(projected.to_undirected())
    return timed(nx.spring_layout, simple, seed=7)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000", help="node counts of the scaled graphs")
    parser.add_argument("--runs", type=int, default=3, help="page loads per measurement")
    parser.add_argument(
        "--physics-limit", type=int, default=0, help="largest graph to try with physics on (3500: docs/view.md)"
    )
    parser.add_argument("--spring-limit", type=int, default=3500, help="largest graph to time spring_layout on")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base = build().graph
    graphs = [("report", base)] + [(f"{n:,}", scaled(base, n)) for n in map(int, args.sizes.split(","))]
    print(
        f"{'graph':>7} {'nodes':>6} {'edges':>6} | {'project':>8} {'layout':>7} {'page':>7} {'spring':>7} "
        f"{'size':>7} | {'ready':>8} {'frame':>7} {'select':>7} {'all':>8} | {'physics ready':>13} {'frame':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(Path(tmp, "profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport=VIEWPORT,
        )
        readiness = {}
        for name, graph in graphs:
            fixed = write_page(graph, Path(tmp, "fixed.html"), physics=False)
            projected = fixed["graph"]
            hub = max(sorted(projected), key=projected.degree)
            ready, frame, pick, everything = browser_times(context, Path(tmp, "fixed.html"), args.runs, hub)
            readiness[name] = ready
            n = fixed["nodes"]
            spring = f"{spring_seconds(projected):6.2f}s" if n <= args.spring_limit else "      -"
            line = (
                f"{name:>7} {n:>6,} {fixed['edges']:>6,} | {fixed['project']:7.2f}s {fixed['layout']:6.2f}s "
                f"{fixed['total']:6.2f}s {spring} {fixed['bytes'] / 1e6:5.2f}MB | {_ms(ready)} {_ms(frame, 5)} "
                f"{_ms(pick, 5)} {_ms(everything)} | "
            )
            if n <= args.physics_limit:
                write_page(graph, Path(tmp, "physics.html"), physics=True)
                ready_p, frame_p, *_ = browser_times(context, Path(tmp, "physics.html"), 1, hub)
                line += f"{_ms(ready_p, 11)} {_ms(frame_p, 5)}"
                if ready and ready_p:
                    line += f"  ({ready_p / ready:.0f}x the time)"
            else:
                line += f"{'not tried':>13}"
            print(line, flush=True)
        collisions = {name: labels(context, graph, Path(tmp, "labels.html")) for name, graph in label_graphs(base)}
        context.close()
    print("page: project + layout + render; spring: networkx spring_layout on the same graph (baseline)")
    print("ready: ms from navigation to the first frame (physics: to 'stabilized'), frame: one redraw after a zoom,")
    print("select: selecting the busiest node until drawn (panel, highlight); all: opening 'everything' until drawn")
    print(f"ready is for the default view ('who issued what'); >{TIMEOUT_S}s = not within the limit")
    for name, (overlaps, outside) in collisions.items():
        print(f"labels, {name}: {overlaps} overlapping pairs, {outside} outside the network's area (every view, 1-4x)")
    total = sum(a + b for a, b in collisions.values())
    ready, ready_10k = _int(readiness.get("report")), _int(readiness.get("10,000"))
    print(f"label_collisions={total} ready_ms={ready} ready_10k_ms={ready_10k}")


def label_graphs(base: Graph) -> list[tuple[str, Graph]]:
    return [("report", base), ("30-node report", read_graph(THIRTY))]


def labels(context, graph: Graph, path: Path) -> tuple[int, int]:
    """Overlapping label pairs and labels outside the network's area, over every view of ``graph``'s page."""
    path.write_text(view.render_html(graph), encoding="utf-8")
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("html[data-ready=true]", state="attached", timeout=TIMEOUT_S * 1000)
    found = label_collisions(page, page.evaluate("dckgView.data.views.map((v) => v.name)"))
    page.close()
    return found


def _int(value: float | None) -> str:
    return str(round(value)) if value is not None else "na"


def _ms(value: float | None, width: int = 6) -> str:
    return f"{value:>{width},.0f}ms" if value is not None else f"{'>' + str(TIMEOUT_S) + 's':>{width + 2}}"


if __name__ == "__main__":
    main()
