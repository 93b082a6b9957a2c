"""Scale benchmark of many reports in one workspace (a generator for scale only: each text is the bundled report
with one of the composed test reports appended, as 100 "reports" with distinct titles, years and perturbed figures;
never facts).

Measures, as a user runs the commands: the whole corpus built into a workspace (`dckg build DIR`, wall time and
the peak memory of the process and its workers together), `dckg add` of one more report, the selective and
aggregate named queries on the 100-report workspace (in process, median of 5 runs), and `dckg diff` of two reports.
The last line is exactly:
corpus_build_s=<n> peak_mb=<n> add_one_s=<n> worst_selective_ms=<n> worst_aggregate_ms=<n> diff_s=<n>
Run: .venv/bin/python -m benchmarks.corpus [--reports 100]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

import dckg
from dckg.source import bundled_report_bytes
from tests.support import CITY, DATA, EDITION, MINI

SELECTIVE = [
    ("policies-by-agency", {"agency": "国家数据局"}),
    ("issuers-of", {"document": "经营者集中审查规定"}),
    ("agency-profile", {"agency": "工业和信息化部"}),
    ("programs-of-agency", {"agency": "工业和信息化部"}),
    ("indicator-series", {"indicator": "5G基站"}),
    ("sources-of-indicators", {"agency": "国家统计局"}),
]
AGGREGATE = [
    ("national-data-bureau-policies", {}),
    ("documents-by-type", {"type": "white paper"}),
    ("observations", {"indicator": "5G基站", "period": "2023"}),
    ("search", {"text": "数据局"}),
]
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")


def report_text(i: int) -> str:
    """Report ``i`` of the corpus: the bundled report followed by one of the composed reports (so 100 of them are
    about 8 MB), with its own title and year and its decimal figures moved by i/1000."""
    composed = [p.read_text(encoding="utf-8") for p in (MINI, EDITION, CITY, DATA / "observations-report.txt")]
    text = bundled_report_bytes().decode("utf-8").rstrip("\n") + "\n\n" + composed[i % len(composed)]
    year = 1925 + i
    text = re.sub(r"[（(]\s*(?:19|20)\d{2}\s*年\s*[)）]", f"（{year}年）", text, count=1)
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines) if line.strip())
    lines[first] = f"{lines[first].strip()}（样本{i:03d}）"
    text = "\n".join(lines)

    def move(m: re.Match[str]) -> str:
        digits = len(m.group(2))
        return f"{float(m.group(0)) * (1 + i / 1000):.{digits}f}"

    return _DECIMAL.sub(move, text)


def run_measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes (the process and its children summed, sampled) of a command."""
    started = time.perf_counter()
    process = psutil.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()[-500:]}")
    return seconds, peak / 1e6


def median_ms(store: dckg.Store, name: str, params: dict[str, str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        dckg.run_query(name, store, **params)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    args = parser.parse_args()
    command = [sys.executable, "-c", "from dckg.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, workspace = Path(tmp) / "corpus", Path(tmp) / "ws"
        corpus.mkdir()
        for i in range(args.reports):
            (corpus / f"report-{i:03d}.txt").write_text(report_text(i), encoding="utf-8")
        size = sum(p.stat().st_size for p in corpus.iterdir())
        build_s, peak_mb = run_measured([*command, "--workspace", str(workspace), "build", str(corpus)])
        extra = Path(tmp) / "extra.txt"
        extra.write_text(report_text(args.reports), encoding="utf-8")
        add_s, _ = run_measured([*command, "--workspace", str(workspace), "add", str(extra)])
        store = dckg.open_store(workspace=workspace)
        print(f"corpus: {args.reports} reports, {size / 1e6:.1f} MB, {len(store):,} triples in the union")
        selective = {f"{n} {p}": median_ms(store, n, p) for n, p in SELECTIVE}
        aggregate = {f"{n} {p}": median_ms(store, n, p) for n, p in AGGREGATE}
        for label, ms in [*selective.items(), *aggregate.items()]:
            print(f"  {ms:8.1f} ms  {label}")
        del store
        diff_s, _ = run_measured([*command, "--workspace", str(workspace), "diff", "1925", "1926"])
        print(
            f"corpus_build_s={build_s:.1f} peak_mb={peak_mb:.0f} add_one_s={add_s:.2f} "
            f"worst_selective_ms={max(selective.values()):.1f} worst_aggregate_ms={max(aggregate.values()):.1f} "
            f"diff_s={diff_s:.2f}"
        )


if __name__ == "__main__":
    main()
