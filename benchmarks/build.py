"""Build-time benchmark: the bundled report once and repeated 100 times (about 8 MB), and their ratio.

Prints medians of repeated in-process builds (read, extract, graph, Turtle) and of the `dckg build`
command as a user runs it (interpreter start-up and imports included). The build must grow linearly:
the per-megabyte time of the 100x input over that of the 1x input should stay near 1.
Run: .venv/bin/python benchmarks/build.py [--repeat 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dckg.export import serialize
from dckg.pipeline import build
from dckg.source import bundled_report_bytes


def timed_build(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    data = serialize(build(path).graph, "ttl")
    return time.perf_counter() - started, len(data)


def cli_build(path: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dckg", "build", "--source", str(path), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="copies of the report in the large input")
    parser.add_argument("--runs", type=int, default=5, help="runs of the small input (the large one runs 3 times)")
    args = parser.parse_args()
    report = bundled_report_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp, "report.txt"), Path(tmp, "report-x.txt")
        small.write_bytes(report)
        large.write_bytes(b"\n\n".join([report] * args.repeat))
        timed_build(small)  # warm caches (gazetteer regex, pinyin tables)
        one = [timed_build(small) for _ in range(args.runs)]
        many = [timed_build(large) for _ in range(3)]
        command = [cli_build(small, Path(tmp, "out.ttl")) for _ in range(args.runs)]
    t1 = statistics.median(t for t, _ in one)
    tn = statistics.median(t for t, _ in many)
    mb1, mbn = len(report) / 1e6, len(report) * args.repeat / 1e6
    print(f"input 1x:   {mb1:.3f} MB  build median {t1 * 1000:.0f} ms  ({t1 / mb1:.2f} s/MB)  ttl {one[0][1]:,} bytes")
    print(
        f"input {args.repeat}x: {mbn:.3f} MB  build median {tn:.2f} s  ({tn / mbn:.2f} s/MB)  ttl {many[0][1]:,} bytes"
    )
    print(f"command `dckg build` on the bundled report (start-up included): median {statistics.median(command):.2f} s")
    print(f"linearity (per-MB time {args.repeat}x / 1x): {(tn / mbn) / (t1 / mb1):.2f}")


if __name__ == "__main__":
    main()
