"""The command line as users feel it: whole processes, the median of ``--runs`` (default 10) each.

- warm: ``dckg query policies-by-agency --agency "national data bureau"`` with the bundled graph in the cache;
- cold: the same query with an empty cache folder (the first query after install: the graph is built and stored);
- help: ``dckg --help``.

Prints ``cli_query_warm_ms=<n> cli_query_cold_ms=<n> cli_help_ms=<n>`` last (targets 300, 2000, 200).
Run: .venv/bin/python -m benchmarks.cli [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dckg.cache import CACHE_ENV

QUERY = ["query", "policies-by-agency", "--agency", "national data bureau"]


def command() -> list[str]:
    """The dckg command as installed beside this interpreter (the console script), else ``python -m dckg``."""
    script = Path(sys.executable).with_name("dckg")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "dckg"]


def timed(args: list[str], cache: Path, empty_first: bool) -> float:
    if empty_first:
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, CACHE_ENV: str(cache)}
    started = time.perf_counter()
    subprocess.run([*command(), *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        cold = statistics.median(timed(QUERY, cache, True) for _ in range(runs))
        warm = statistics.median(timed(QUERY, cache, False) for _ in range(runs))
        help_ = statistics.median(timed(["--help"], cache, False) for _ in range(runs))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"cli_query_warm_ms={warm * 1000:.0f} cli_query_cold_ms={cold * 1000:.0f} cli_help_ms={help_ * 1000:.0f}")


if __name__ == "__main__":
    main()
