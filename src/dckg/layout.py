"""Deterministic node positions computed at build time, so the page can draw at once with physics off.

A Fruchterman–Reingold force layout in numpy, one connected component at a time, then the components packed
in rows. Repulsion is exact for small components; above ``EXACT_PAIRS`` node pairs it acts only within
``CUTOFF`` ideal edge lengths (found with a k-d tree), the grid variant of the algorithm, which keeps a
10,000-node graph to a few seconds. A fixed seed makes the result the same on every run.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

EDGE = 160.0  # ideal edge length in page pixels
EXACT_PAIRS = 300_000
CUTOFF = 2.0
ITERATIONS = 120
GAP = 2.0  # space between packed components, in ideal edge lengths


def positions(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], seed: int = 7) -> dict:
    """Integer page coordinates ``{node: (x, y)}`` for an undirected reading of ``nodes`` and ``edges``."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u, v in edges if u != v)
    order = {n: i for i, n in enumerate(nodes)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(g)), key=lambda c: (-len(c), order[c[0]])
    )
    rng = np.random.default_rng(seed)
    placed = []
    for members in components:
        index = {n: i for i, n in enumerate(members)}
        pairs = np.array([(index[u], index[v]) for u, v in g.subgraph(members).edges()], dtype=np.int64).reshape(-1, 2)
        placed.append((members, _force_layout(len(members), pairs, rng)))
    return _pack(placed)


def _force_layout(n: int, edges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component in units of the ideal edge length, centred on 0."""
    if n == 1:
        return np.zeros((1, 2))
    side = np.sqrt(n)
    pos = rng.uniform(-side, side, size=(n, 2))
    exact = n * (n - 1) // 2 <= EXACT_PAIRS
    if exact:
        pi, pj = np.triu_indices(n, k=1)
    start = max(side / 5.0, 1.0)
    for step in range(ITERATIONS):
        if not exact:
            pi, pj = cKDTree(pos).query_pairs(CUTOFF, output_type="ndarray").T
        delta = pos[pi] - pos[pj]
        dist2 = np.maximum((delta**2).sum(axis=1), 1e-4)
        push = delta / dist2[:, None]  # repulsion k²/d along the unit vector, k = 1
        disp = _scatter(n, pi, push) - _scatter(n, pj, push)
        if len(edges):
            eu, ev = edges[:, 0], edges[:, 1]
            delta = pos[eu] - pos[ev]
            pull = delta * np.sqrt((delta**2).sum(axis=1))[:, None]  # attraction d²/k
            disp += _scatter(n, ev, pull) - _scatter(n, eu, pull)
        temp = start * (1.0 - step / ITERATIONS)
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
    if len(edges):  # unit = the median edge length, whatever the component's size and density
        pos /= np.median(np.sqrt(((pos[edges[:, 0]] - pos[edges[:, 1]]) ** 2).sum(axis=1)))
    return pos - pos.mean(axis=0)


def _scatter(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Row sums of ``values`` grouped by ``index`` into an (n, 2) array."""
    return np.stack([np.bincount(index, values[:, 0], n), np.bincount(index, values[:, 1], n)], axis=1)


def _pack(placed: list[tuple[list, np.ndarray]]) -> dict:
    """Place component layouts left to right in rows of about the width that makes the whole roughly 16:10."""
    boxes = [(members, pos - pos.min(axis=0), np.ptp(pos, axis=0) + GAP) for members, pos in placed]
    area = sum(float(w * h) for _, _, (w, h) in boxes)
    row_width = max(max(float(size[0]) for _, _, size in boxes), np.sqrt(area * 1.6))
    out: dict = {}
    x = y = row_height = 0.0
    for members, pos, (w, h) in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in zip(members, pos, strict=True):
            out[node] = (round((x + px) * EDGE), round((y + py) * EDGE))
        x += w
        row_height = max(row_height, h)
    return out
