"""Deterministic node positions computed at build time, so the page can draw at once with physics off.

A Fruchterman–Reingold force layout in numpy (attraction d² along edges, repulsion 1/d between all nodes), one
connected component at a time, each turned so that its longest extent is horizontal, then the components packed
in rows. Repulsion is exact for small components; for large ones it is computed on a grid by FFT convolution
(particle-mesh) plus exact repulsion between very close pairs, so that a step costs little more at 10,000 nodes
than at 1,000. A fixed seed makes the result the same on every run.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from functools import cache

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

EDGE = 130.0  # median edge length in page pixels
EXACT_UP_TO = 100  # nodes of a component up to which repulsion is summed over all pairs
ITERATIONS = 150
GAP = 1.5  # space between packed components, in median edge lengths
MARGIN = 6.0  # least space between two nodes' discs, in page pixels
SKIN = 10.0  # extra reach when looking for nodes that may come to overlap, in page pixels
SHELF_STEP = (230.0, 70.0)  # room for one node and its label on the shelf, in page pixels


def positions(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    radii: Mapping[Hashable, float] | None = None,
    seed: int = 7,
    shelf: Sequence[Hashable] = (),
    pull: Mapping[tuple[Hashable, Hashable], float] | None = None,
) -> dict:
    """Integer page coordinates ``{node: (x, y)}`` for an undirected reading of ``nodes`` and ``edges``; nodes
    drawn with the given ``radii`` (page pixels) do not overlap. The ``shelf`` nodes (unlinked) are set apart in
    rows below the rest, in the given order, with room for their labels. ``pull`` makes some edges (either
    direction) pull harder than the others' 1, so that their ends sit closer (a document by its issuer)."""
    g = nx.Graph()
    on_shelf = set(shelf)
    g.add_nodes_from(n for n in nodes if n not in on_shelf)
    g.add_edges_from((u, v) for u, v in edges if u != v)
    order = {n: i for i, n in enumerate(nodes)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(g)), key=lambda c: (-len(c), order[c[0]])
    )
    rng = np.random.default_rng(seed)
    placed = []
    for members in components:
        index = {n: i for i, n in enumerate(members)}
        links = list(g.subgraph(members).edges())
        pairs = np.array([(index[u], index[v]) for u, v in links], dtype=np.int64).reshape(-1, 2)
        weight = np.array([pull.get((u, v), pull.get((v, u), 1.0)) if pull else 1.0 for u, v in links])
        placed.append((members, _force_layout(len(members), pairs, weight, rng)))
    where = _pack(placed)
    where.update(_shelve(list(shelf), where))
    xy = _separate(np.array([where[n] for n in nodes]), np.array([float(radii[n]) if radii else 0.0 for n in nodes]))
    return {n: (round(x), round(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def _force_layout(n: int, edges: np.ndarray, weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component, in median edge lengths, centred on 0."""
    if n == 1:
        return np.zeros((1, 2))
    pos = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    repel = _exact_repulsion if n <= EXACT_UP_TO else _mesh_repulsion
    eu, ev = edges[:, 0], edges[:, 1]
    start = max(np.sqrt(n) / 5.0, 1.0)
    for step in range(ITERATIONS):
        delta = pos[eu] - pos[ev]
        delta *= (np.linalg.norm(delta, axis=1) * weight)[:, None]
        disp = repel(pos) + _scatter(n, ev, delta) - _scatter(n, eu, delta)
        temp = start * (1.0 - step / ITERATIONS) + 0.01
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
    pos /= np.median(np.linalg.norm(pos[eu] - pos[ev], axis=1) * np.cbrt(weight))  # a pull of w: w^(-1/3) long
    pos -= pos.mean(axis=0)
    _, axes = np.linalg.eigh(pos.T @ pos)  # turn the longest extent horizontal: pages and screens are wide
    return pos @ axes[:, ::-1]


def _exact_repulsion(pos: np.ndarray) -> np.ndarray:
    """For each node i, the sum over every other node j of (p_i - p_j) / |p_i - p_j|²."""
    delta = pos[:, None, :] - pos[None, :, :]
    dist2 = np.maximum((delta**2).sum(axis=2), 1e-4)
    return (delta / dist2[:, :, None]).sum(axis=1)


def _mesh_repulsion(pos: np.ndarray) -> np.ndarray:
    """The same field, approximated: nodes spread on a grid, convolved with the 1/r kernel by FFT, read back;
    pairs closer than one cell, which the grid cannot tell apart, are added exactly."""
    n = len(pos)
    size = int(min(max(2 * np.sqrt(n), 32), 256))
    lo = pos.min(axis=0)
    cell = max(float((pos.max(axis=0) - lo).max()) / (size - 3), 1e-6)
    cells, weights = _cloud_in_cell((pos - lo) / cell + 1.0, size)
    rho = np.zeros((2 * size, 2 * size))
    counts = sum(np.bincount(c, w, size * size) for c, w in zip(cells, weights, strict=True))
    rho[:size, :size] = counts.reshape(size, size)
    field = np.fft.ifft2(np.fft.fft2(rho) * _kernel(size))[:size, :size].ravel() / cell  # x + iy
    at = sum(w * field[c] for c, w in zip(cells, weights, strict=True))
    pi, pj = cKDTree(pos).query_pairs(cell, output_type="ndarray").T
    delta = pos[pi] - pos[pj]
    push = delta / np.maximum((delta**2).sum(axis=1), 1e-4)[:, None]
    near = _scatter(n, pi, push) - _scatter(n, pj, push)
    return np.stack([at.real, at.imag], axis=1) + near


def _cloud_in_cell(t: np.ndarray, size: int) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """The four grid cells around each point (flat indices) and the point's share of each (bilinear weights)."""
    i = np.floor(t).astype(np.int64)
    f = t - i
    x, y = i[:, 0], i[:, 1]
    cells = (x * size + y, (x + 1) * size + y, x * size + y + 1, (x + 1) * size + y + 1)
    weights = ((1 - f[:, 0]) * (1 - f[:, 1]), f[:, 0] * (1 - f[:, 1]), (1 - f[:, 0]) * f[:, 1], f[:, 0] * f[:, 1])
    return cells, weights


@cache
def _kernel(size: int) -> np.ndarray:
    """Spectrum of d / |d|² (x as the real part, y as the imaginary part) on a (2 size)² grid in wrap-around
    order, zero at d = 0."""
    d = np.fft.fftfreq(2 * size, 1.0 / (2 * size))
    dx, dy = np.meshgrid(d, d, indexing="ij")
    r2 = dx**2 + dy**2
    r2[0, 0] = np.inf
    return np.fft.fft2((dx + 1j * dy) / r2)


def _scatter(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Row sums of ``values`` grouped by ``index`` into an (n, 2) array."""
    return np.stack([np.bincount(index, values[:, 0], n), np.bincount(index, values[:, 1], n)], axis=1)


def _separate(xy: np.ndarray, radii: np.ndarray, rounds: int = 50) -> np.ndarray:
    """Push apart, a little at a time, the pairs of nodes whose discs (plus a margin) overlap."""
    need = radii + MARGIN / 2
    n = len(xy)
    for step in range(rounds):
        if step % 5 == 0:  # candidates within reach, with room to move, found again every few rounds
            pi, pj = _near_pairs(xy, need + SKIN)
        delta = xy[pi] - xy[pj]
        dist = np.linalg.norm(delta, axis=1)
        short = need[pi] + need[pj] - dist
        hit = short > 0.5
        if not hit.any():
            if step % 5 == 0:
                break
            continue
        a, b, delta, dist, short = pi[hit], pj[hit], delta[hit], dist[hit], short[hit]
        same = dist < 1e-6  # coincident nodes: part them along x, the lower index to the left
        delta[same] = (1.0, 0.0)
        dist[same] = 1.0
        push = delta / dist[:, None] * (short / 2)[:, None]
        xy = xy + _scatter(n, a, push) - _scatter(n, b, push)
    return xy


def _near_pairs(xy: np.ndarray, reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs closer than reach[i] + reach[j], each once: most by one pair query within twice the usual
    reach, the rest by a ball query around each of the few nodes with a longer reach."""
    tree = cKDTree(xy)
    usual = float(np.quantile(reach, 0.9))
    found = [tree.query_pairs(2 * usual, output_type="ndarray").reshape(-1, 2)]
    longer = reach > usual
    for i in np.flatnonzero(longer):
        near = np.array(tree.query_ball_point(xy[i], reach[i] + reach.max()), dtype=np.int64)
        far = np.linalg.norm(xy[near] - xy[i], axis=1) >= 2 * usual  # nearer ones the pair query found
        near = near[far & (near != i) & ~(longer[near] & (near < i))]  # two long-reach nodes: once
        found.append(np.stack([np.full_like(near, i), near], axis=1))
    pairs = np.concatenate(found)
    pi, pj = pairs[:, 0], pairs[:, 1]
    keep = np.linalg.norm(xy[pi] - xy[pj], axis=1) < reach[pi] + reach[pj]
    return pi[keep], pj[keep]


def _shelve(shelf: list, where: dict) -> dict:
    """Rows of shelf nodes under the laid-out ones, left-aligned: as wide as they are, or wider for a long shelf
    (about 16:10 by itself), at least five a row."""
    if not shelf:
        return {}
    xy = np.array(list(where.values())) if where else np.zeros((1, 2))
    (left, _), (right, bottom) = xy.min(axis=0), xy.max(axis=0)
    step_x, step_y = SHELF_STEP
    per_row = max(int((right - left) // step_x) + 1, round(np.sqrt(1.6 * len(shelf) * step_y / step_x)), 5)
    top = bottom + 2 * EDGE if where else 0.0
    return {n: (left + (k % per_row) * step_x, top + (k // per_row) * step_y) for k, n in enumerate(shelf)}


def _pack(placed: list[tuple[list, np.ndarray]]) -> dict:
    """Page coordinates of component layouts placed left to right, in rows that make the whole about 16:10."""
    boxes = [(members, pos - pos.min(axis=0), np.ptp(pos, axis=0) + GAP) for members, pos in placed]
    if not boxes:
        return {}
    area = sum(float(w * h) for _, _, (w, h) in boxes)
    row_width = max(max(float(size[0]) for _, _, size in boxes), np.sqrt(area * 1.6))
    out: dict = {}
    x = y = row_height = 0.0
    for members, pos, (w, h) in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in zip(members, pos, strict=True):
            out[node] = ((x + px) * EDGE, (y + py) * EDGE)
        x += w
        row_height = max(row_height, h)
    return out
