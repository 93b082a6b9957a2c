"""PDF input benchmark: the bundled report laid out as an A4 PDF (tests/pdf_layout.py, Chromium), read back.

Measures the body text's character error against the text it was laid out from (whitespace, footnote markers
and a table of contents ignored), footnotes read back, running headers and page numbers removed, the agreement
of the facts built from the PDF with those built from the text (documents and issuance pairs must be equal;
the figure is the share of the same observations: indicator, value, unit, period, sources), the CPU time to
read the PDF (median of 3, the parsing child included) and the peak memory of the read. Paths of other PDFs of
the bundled report can be given instead. Targets: error ≤ 0.001, footnotes and headers 100%, agreement ≥ 0.99,
≤ 3 s, ≤ 500 MB.
Run: .venv/bin/python -m benchmarks.pdf [PDF ...]; the last line is
``pdf_char_error=<n> facts_agreement=<n> read_s=<n> peak_mb=<n>``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from dckg.extract import extract
from dckg.reader import read_report
from dckg.records import Extraction
from dckg.source import read_source
from tests.support import ROOT
from tests.support.pdf_layout import Layout, layout, print_pdf

COVER = ("数字中国发展报告", "(2023年)", "2024年6月")
_NOTE = re.compile(r"^\[(\d{1,3})\] (.*)$")
_MARKER = re.compile(r"\^?\[\d{1,3}\]")
_TOC = re.compile(r"^目\s*录$|(?:\.{3}|…{2}|·{3})\s*\d+\s*$")  # a table of contents, which the reader drops too
_PAGE_LABEL = re.compile(r"^[-—–\s]*(?:\d{1,4}|[IVXLC]{1,6})[-—–\s]*$")


def measure(path: Path) -> None:
    """In a fresh process: read the PDF three times; print the median CPU time (this process and the parsing
    child: one core's time, whatever else the machine runs), the wall time and the peak memory as JSON."""
    cpu, wall = [], []
    for _ in range(3):
        before, started = _cpu(), time.perf_counter()
        read_source(path)
        cpu.append(_cpu() - before)
        wall.append(time.perf_counter() - started)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"read_s": statistics.median(cpu), "wall_s": statistics.median(wall), "peak_mb": peak / 1024}))


def _cpu() -> float:
    return sum(
        u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def facts(e: Extraction) -> tuple[set, set, Counter]:
    docs = {d.key for d in e.documents}
    pairs = {(i.document, tuple(sorted(i.issuers))) for i in e.issuances}
    obs = Counter(
        (o.indicator, o.value, o.unit, o.period and o.period.key, tuple(sorted((s.kind, s.key) for s in o.sources)))
        for o in e.observations
    )
    return docs, pairs, obs


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def evaluate(path: Path, truth: Layout, text_facts: tuple[set, set, Counter]) -> str:
    source = read_source(path)
    lines = [line for line in source.text.split("\n") if line.strip() and not _TOC.search(line.strip())]
    notes = {int(m.group(1)): m.group(2) for line in lines if (m := _NOTE.match(line))}
    body = compact(_MARKER.sub("", "".join(line for line in lines if not _NOTE.match(line))))
    expected = compact("".join(truth.body))
    matched = sum(b.size for b in difflib.SequenceMatcher(None, expected, body, autojunk=False).get_matching_blocks())
    char_error = (max(len(expected), len(body)) - matched) / len(expected)
    found = sum(compact(notes.get(n, "")) == compact(t) for n, t in truth.footnotes.items())
    pages = len({run.number for run in source.pages})
    left = sum(1 for line in lines if line.strip() == truth.header or _PAGE_LABEL.match(line))
    docs, pairs, obs = facts(extract(read_report(source)))
    same = sum((obs & text_facts[2]).values()) / max(sum(obs.values()), sum(text_facts[2].values()))
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.pdf", "--measure", str(path.resolve())],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    timing = json.loads(run)
    print(
        f"{path.name}: {pages} pages, footnotes {found}/{len(truth.footnotes)}, running headers and page numbers "
        f"left {left}, documents {'equal' if docs == text_facts[0] else 'DIFFER'}, issuance pairs "
        f"{'equal' if pairs == text_facts[1] else 'DIFFER'}, observations {sum(obs.values())}, "
        f"read {timing['wall_s']:.2f} s wall"
    )
    return (
        f"pdf_char_error={char_error:.5f} facts_agreement={same:.4f} "
        f"read_s={timing['read_s']:.2f} peak_mb={timing['peak_mb']:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs of the bundled report (default: one made here)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    report = read_report(read_source(None))
    truth = layout(report, cover=COVER)
    text_facts = facts(extract(report))
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = args.pdfs or [print_pdf(truth.html, Path(tmp) / "digital-china-report-2023.pdf")]
        lines = [evaluate(p, truth, text_facts) for p in pdfs]
    for p, line in zip(pdfs, lines, strict=True):
        print(f"{p.name}: {line}")
    print(lines[-1])


if __name__ == "__main__":
    main()
