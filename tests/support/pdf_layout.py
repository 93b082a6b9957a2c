"""Lay a read report out again as an A4 PDF, the way such reports are printed, in Debian's headless Chromium.

Running header and ``— N —`` page numbers, footnotes at the foot of the page of their marker (under a short
rule, markers as superscripts ``N`` or ``[N]`` as in the text), charts as bars with text labels above their 图N
caption and 数据来源 line, paragraphs split across pages. A script in the page paginates by measuring. Used by
the tests (small reports) and benchmarks/pdf.py (the bundled report); ``Layout`` keeps what was laid out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dckg.records import Report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
HEADER = "数字中国发展报告（2023年）"


@dataclass(frozen=True)
class Layout:
    """What a PDF was laid out from: body blocks (headings, paragraphs, captions, source lines) without markers,
    footnote bodies by number, and the running header."""

    body: tuple[str, ...]
    footnotes: dict[int, str]
    header: str
    html: str


def layout(report: Report, header: str = HEADER, cover: tuple[str, ...] = (), size: str = "210mm 297mm") -> Layout:
    """The HTML page of ``report``'s passages (in order) on pages of ``size`` (A4; tests use A5), and what it holds."""
    notes = {report.passages[f.passage].footnote: report.passages[f.passage].text for f in report.footnotes}
    style = {n: "^" if f"^[{n}]" in report.text else "" for n in notes}
    levels = {s.key: (s.level, s.label) for s in report.sections}
    blocks: list[dict] = [{"k": "cover", "t": t} for t in cover]
    section, paragraph = "report", None
    for p in report.passages:
        if p.kind == "footnote":
            continue
        if p.section != section:
            section, paragraph = p.section, None
            level, label = levels[section]
            if level:  # the report itself has no heading
                blocks.append({"k": f"h{level}", "u": list(label)})
        units: list = []
        for i, ch in enumerate(p.text):
            units += [{"n": m.number, "s": style.get(m.number, "")} for m in p.markers if m.pos == i] + [ch]
        units += [{"n": m.number, "s": style.get(m.number, "")} for m in p.markers if m.pos == len(p.text)]
        if p.kind == "sentence" and paragraph == p.paragraph:
            blocks[-1]["u"] += units
        elif p.kind == "source-line" and blocks and blocks[-1]["k"] == "fig":
            blocks[-1]["src"] = units
        elif p.kind == "caption":
            blocks.append({"k": "fig", "cap": p.text, "src": []})
        else:
            blocks.append({"k": "p", "u": units})
        paragraph = p.paragraph if p.kind == "sentence" else None
    body = list(cover)
    for b in blocks:
        if b["k"] == "fig":
            body += [b["cap"]] + ["".join(u for u in b["src"] if isinstance(u, str))] * bool(b["src"])
        elif b["k"] != "cover":
            body.append("".join(u for u in b["u"] if isinstance(u, str)))
    data = json.dumps({"blocks": blocks, "notes": notes, "header": header}).replace("<", "\\u003c")
    width, height = size.split()
    page = _PAGE.replace("%DATA%", data).replace("%SIZE%", size).replace("%W%", width).replace("%H%", height)
    return Layout(tuple(body), notes, header, page)


def print_pdf(html: str, out: Path, context=None) -> Path:  # type: ignore[no-untyped-def]
    """Print ``html`` to ``out`` with Chromium (a Playwright browser context, or one started here)."""
    if context is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            try:
                return print_pdf(html, out, browser.new_context())
            finally:
                browser.close()
    page = context.new_page()
    try:
        page.set_content(html)
        page.wait_for_function("window.laidOut === true")
        page.pdf(path=str(out), print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    return out


_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><style>
@page { size: %SIZE%; margin: 0 }
html, body { margin: 0; font-family: "AR PL UMing CN", serif; }
h1, h2, .cap, .hd, .chart { font-family: "WenQuanYi Zen Hei", sans-serif; }
.page { width: %W%; height: %H%; position: relative; overflow: hidden; break-after: page; }
.hd { position: absolute; top: 12mm; left: 25mm; width: calc(%W% - 50mm); text-align: center; font-size: 9pt;
      padding-bottom: 2mm; border-bottom: 0.6pt solid #000; }
.body { position: absolute; top: 27mm; left: 25mm; width: calc(%W% - 50mm); }
.fn { position: absolute; left: 25mm; width: calc(%W% - 50mm); bottom: 22mm; font-size: 9pt; line-height: 12pt; }
.rule { width: 55mm; height: 0.6pt; background: #000; margin-bottom: 1.5mm; }
.num { position: absolute; bottom: 12mm; width: 100%; text-align: center; font-size: 10.5pt; }
.cover { text-align: center; font-size: 22pt; margin-top: 30mm; }
p { font-size: 12pt; line-height: 20pt; text-indent: 2em; text-align: justify; margin: 0; }
p.cont { text-align-last: justify; } p.rest { text-indent: 0; }
h1 { font-size: 16pt; text-align: center; margin: 10pt 0; font-weight: bold; }
h2 { font-size: 13.5pt; margin: 6pt 0; font-weight: bold; }
.fig { margin: 8pt 0; text-align: center; }
.chart { position: relative; height: 46mm; width: 90%; margin: 0 auto 3pt; background: #f3f3f3; }
.bar { position: absolute; bottom: 6mm; width: 9%; background: #4a7f9a; }
.lbl { position: absolute; font-size: 8pt; }
.cap { font-size: 10.5pt; font-weight: bold; } .src { font-size: 9pt; }
sup { font-size: 7pt; line-height: 0; }
</style></head><body><script id="data" type="application/json">%DATA%</script><script>
const data = JSON.parse(document.getElementById("data").textContent);
let page, body, fn, number = 0, pages = 0;
const mm = 96 / 25.4;
function div(cls, parent, text) {
  const d = document.createElement("div"); d.className = cls;
  if (text !== undefined) d.textContent = text;
  parent.appendChild(d); return d;
}
function newPage(cover) {
  page = div("page", document.body); pages += 1;
  if (!cover) { div("hd", page, data.header); number += 1; div("num", page, "— " + number + " —"); }
  body = div("body", page); fn = div("fn", page); fn.hidden = true; div("rule", fn);
}
function markerText(u) { return u.s === "^" ? String(u.n) : "[" + u.n + "]"; }
function render(b, units, cls) {
  const el = document.createElement(b.k === "p" ? "p" : b.k);
  if (cls) el.className = cls;
  units.forEach((u) => {
    if (typeof u === "string") el.append(u);
    else { const s = document.createElement("sup"); s.textContent = markerText(u); s.dataset.n = u.n; el.append(s); }
  });
  return el;
}
function figure(b, k) {
  const f = document.createElement("div"); f.className = "fig";
  const chart = div("chart", f);
  for (let i = 0; i < 5; i++) {
    const h = 8 + ((k * 7 + i * 13) % 24), x = 6 + i * 19;
    const bar = div("bar", chart); bar.style.left = x + "%"; bar.style.height = h + "mm";
    const v = div("lbl", chart, (h * 1.7).toFixed(1)); v.style.left = x + 1 + "%"; v.style.bottom = 7 + h + "mm";
    const l = div("lbl", chart, "类别" + (i + 1)); l.style.left = x + "%"; l.style.bottom = "1mm";
  }
  div("cap", f, b.cap);
  if (b.src.length) f.appendChild(render({ k: "div" }, b.src, "src"));
  return f;
}
function note(n) {
  const d = div("note", fn); const m = document.createElement("sup");
  m.textContent = "[" + n + "]"; d.append(m, " " + data.notes[n]);
  return d;
}
function addNotes(el) {
  const added = [];
  el.querySelectorAll("sup").forEach((s) => {
    const n = Number(s.dataset.n);
    if (n in data.notes) added.push(note(n));
  });
  fn.hidden = fn.children.length < 2;
  return added;
}
function fits() {
  const limit = fn.hidden ? page.getBoundingClientRect().bottom - 30 * mm : fn.getBoundingClientRect().top - 4 * mm;
  return body.getBoundingClientRect().bottom <= limit;
}
function tryPlace(el) {
  body.appendChild(el); const notes = addNotes(el);
  if (fits()) return true;
  el.remove(); notes.forEach((n) => n.remove()); fn.hidden = fn.children.length < 2;
  return false;
}
function place(b, k, units, cls) {
  if (b.k === "fig") { if (!tryPlace(figure(b, k))) { newPage(); tryPlace(figure(b, k)); } return; }
  units = units || b.u;
  if (tryPlace(render(b, units, cls))) return;
  if (b.k === "p" && body.children.length) {
    let lo = 0, hi = units.length;
    while (lo < hi) {  // the longest head of the paragraph that fits, its last line set full width
      const mid = Math.ceil((lo + hi) / 2); const el = render(b, units.slice(0, mid), "cont");
      if (tryPlace(el)) { el.remove(); lo = mid; } else hi = mid - 1;
      fn.querySelectorAll(".note").forEach((n) => { if (n.dataset.keep !== "1") n.remove(); });
      fn.hidden = fn.children.length < 2;
    }
    while (lo > 0 && typeof units[lo] !== "string") lo -= 1;  // a marker stays with the character before it
    if (lo > 1) {
      const head = render(b, units.slice(0, lo), "cont"); tryPlace(head); keep();
      newPage(); place(b, k, units.slice(lo), "rest"); return;
    }
  }
  newPage(); tryPlace(render(b, units, cls)); keep();
}
function keep() { fn.querySelectorAll(".note").forEach((n) => { n.dataset.keep = "1"; }); }
newPage(data.blocks.length > 0 && data.blocks[0].k === "cover");
data.blocks.forEach((b, k) => {
  if (b.k === "cover") { div("cover", body, b.t); return; }
  if (k && data.blocks[k - 1].k === "cover") newPage();
  place(b, k); keep();
});
const placed = new Set([...document.querySelectorAll(".note sup")].map((m) => m.textContent));
Object.keys(data.notes).forEach((n) => {  // a footnote no marker cites stands at the foot of the last page
  if (!placed.has("[" + n + "]")) { note(n); fn.hidden = false; }
});
window.laidOut = true;
</script></body></html>
"""
