"""Hostile-input benchmark: is the build linear in the size of hostile text, and what do large inputs cost?

1. Linearity: report sentences mixed with hostile fragments (unbalanced and nested brackets, 400-digit numbers,
   runs of leader dots, control characters, full-width digits, stray footnote markers, captions and headings,
   lines of 100 KB), 1 MB and 4 MB of it built in process (read, extract, graph, Turtle); the ratio of their
   per-megabyte times should stay near 1 (a quadratic step would make it about 4).
2. Large inputs: the bundled report repeated to 5, 20 and 50 MB, built by `dckg build --max-size` in a child
   process: wall time and peak resident memory; and the time `dckg build` takes to refuse 50 MB at the default
   limit (from the file's size, without reading it).

Run: .venv/bin/python benchmarks/hostile.py [--small 1] [--large 4] [--runs 3] [--sizes 5,20,50]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dckg.export import serialize
from dckg.extract import extract
from dckg.graph import build_graph
from dckg.reader import read_report
from dckg.source import MAX_BYTES, SourceText, bundled_report_bytes

REPORT = bundled_report_bytes().decode("utf-8")
SENTENCES = [s + "。" for s in REPORT.replace("\n", "").split("。") if s.strip()]
FRAGMENTS = [
    "印发《关于",
    "》",
    "《关于贯彻《数据安全法》的〈实施〉意见》",
    "《甲《乙《丙》》》",
    "“",
    "（",
    "〈",
    "9" * 400 + "亿元",
    "0." + "1" * 400 + "%",
    "7" * 400 + "万个",
    "２０２３年，增长１２.５％，建成3１个",
    "\x01",
    "\x07\x1b",
    "\x0c",
    "\x85",
    "\u2028",
    "\r",
    "^[1]",
    "[2]",
    "\n[1] 数据来源：国家统计局\n",
    "\n图1 标题\n",
    "\n一、标题\n",
    "\n（一）小节\n",
    "国家数据局等十七个部门联合印发",
    "同比增长46.1%",
    "居全球第二位",
    "，",
    "、",
    "**",
    "1,234",
    "3~5",
    "三分之二",
    "近十年",
    "2019—2023年",
    "." * 1000,
    "…" * 500,
]


def hostile_text(size: int, seed: int = 0, line: int = 100_000) -> str:
    """About ``size`` UTF-8 bytes of hostile text after the report's first lines; a line break every ``line``."""
    rng = random.Random(seed)
    out, n, since_break = [REPORT[:2000]], 0, 0
    while n < size:
        piece = rng.choice(SENTENCES) if rng.random() < 0.5 else rng.choice(FRAGMENTS)
        out.append(piece)
        n += len(piece.encode("utf-8"))
        since_break += len(piece)
        if since_break > line:
            out.append("\n")
            since_break = 0
    return "".join(out)


def timed_build(text: str) -> float:
    started = time.perf_counter()
    source = SourceText("hostile.txt", text, "utf-8", hashlib.sha256(text.encode("utf-8")).hexdigest())
    serialize(build_graph(extract(read_report(source))), "ttl")
    return time.perf_counter() - started


# The child reports its own peak RSS (VmHWM of its memory after exec): a child's ru_maxrss would count the
# pages of this process, resident when it forked.
_CHILD = """
import atexit, sys
def peak():
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print("peak-rss-kb", hwm.split()[1], file=sys.stderr)
atexit.register(peak)
from dckg.cli import main
main(sys.argv[1:])
"""


def child_build(path: Path, max_mb: float | None) -> tuple[float, float, int, str]:
    """`dckg build` on ``path`` in a child process: (seconds, peak RSS in MB, exit code, its last message)."""
    args = [sys.executable, "-c", _CHILD, "build", "--source", str(path), "--out", str(path.with_suffix(".ttl"))]
    if max_mb is not None:
        args += ["--max-size", str(max_mb)]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    lines = (done.stdout + done.stderr).strip().splitlines()
    rss = next(int(line.split()[1]) for line in lines if line.startswith("peak-rss-kb")) / 1024
    last = next((line for line in reversed(lines) if not line.startswith("peak-rss-kb")), "")
    return seconds, rss, done.returncode, last


def repeated_report(path: Path, size: int) -> None:
    data = bundled_report_bytes()
    with path.open("wb") as fh:
        written = 0
        while written < size:
            chunk = data[: size - written]
            fh.write(chunk + b"\n\n")
            written += len(chunk) + 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=float, default=1, help="MB of hostile text for the baseline")
    parser.add_argument("--large", type=float, default=4, help="MB of hostile text to compare with it")
    parser.add_argument("--runs", type=int, default=3, help="runs of each hostile size (median)")
    parser.add_argument("--sizes", default="5,20,50", help="MB of report-like text built in a child ('' for none)")
    args = parser.parse_args()

    timed_build(hostile_text(100_000))  # warm caches (gazetteer regex, pinyin tables)
    medians = {}
    for mb in (args.small, args.large):
        text = hostile_text(int(mb * 1e6))
        medians[mb] = statistics.median(timed_build(text) for _ in range(args.runs))
        print(f"hostile {mb:g} MB ({len(text):,} characters): build median {medians[mb]:.2f} s", flush=True)
    ratio = (medians[args.large] / args.large) / (medians[args.small] / args.small)
    print(f"linearity (per-MB time {args.large:g} MB / {args.small:g} MB): {ratio:.2f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        for mb in [float(s) for s in args.sizes.split(",") if s.strip()]:
            path = Path(tmp, f"report-{mb:g}mb.txt")
            repeated_report(path, int(mb * 1e6))
            seconds, rss, code, last = child_build(path, max_mb=mb + 1)
            print(f"report-like {mb:g} MB: exit {code}, {seconds:.1f} s, peak RSS {rss:,.0f} MB  ({last})", flush=True)
            path.with_suffix(".ttl").unlink(missing_ok=True)
        path = Path(tmp, "huge.txt")
        with path.open("wb") as fh:
            fh.truncate(50_000_000)
        seconds, rss, code, last = child_build(path, max_mb=None)
        print(f"50 MB at the default limit of {MAX_BYTES:,} bytes: exit {code}, {seconds:.2f} s, peak RSS {rss:.0f} MB")
        print(f"  {last}")


if __name__ == "__main__":
    main()
