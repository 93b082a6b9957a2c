"""Chromium as the browser tests (and benchmarks/viz.py) launch it: Debian's headless build, no network; and the
measure of the page's drawn labels that both use."""

from __future__ import annotations

from pathlib import Path

from tests.support import DATA

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

THIRTY = DATA / "view-thirty.ttl"  # a composed 30-node report (invented facts)
VIEWPORT = {"width": 1600, "height": 1000}
# The labels the page draws in one view: at the initial fit, then at 2x and 4x that scale on the busiest node,
# which is selected (its label and its neighbours' come first). Boxes in screen pixels, from canvas text metrics.
LABELS_AT_ZOOMS = """async (name) => {
    const frame = () => new Promise((done) => { network.once("afterDrawing", () => done()); network.redraw(); });
    dckgView.view(name);
    await frame();
    const out = [dckgView.labels()];
    const top = dckgView.busiest(), fit = network.getScale();
    dckgView.select(top, false);
    for (const k of [2, 4]) {
        network.moveTo({position: network.getPosition(top), scale: fit * k, animation: false});
        await frame();
        out.push(dckgView.labels());
    }
    const area = document.getElementById("network");
    return {boxes: out, width: area.clientWidth, height: area.clientHeight};
}"""


FRESH_LABELS = """() => new Promise((done) => {
    network.once("afterDrawing", () => done(dckgView.labels()));
    network.redraw();
})"""


def label_collisions(page, names: list[str]) -> tuple[int, int]:
    """Pairs of drawn labels that overlap, and labels that leave the network's area (run under the panel), summed
    over the views ``names`` at the initial fit and at 2x and 4x zoom on the selected node."""
    overlaps = outside = 0
    for name in names:
        seen = page.evaluate(LABELS_AT_ZOOMS, name)
        for boxes in seen["boxes"]:
            overlaps += sum(
                a["x"] < b["x"] + b["w"] - 0.5
                and b["x"] < a["x"] + a["w"] - 0.5
                and a["y"] < b["y"] + b["h"] - 0.5
                and b["y"] < a["y"] + a["h"] - 0.5
                for k, a in enumerate(boxes)
                for b in boxes[k + 1 :]
            )
            outside += sum(
                b["x"] < 0 or b["y"] < 0 or b["x"] + b["w"] > seen["width"] or b["y"] + b["h"] > seen["height"]
                for b in boxes
            )
    return overlaps, outside
