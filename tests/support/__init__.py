"""What the tests (and the benchmarks, run as ``python -m benchmarks.NAME``) share: the paths of the test data, and
the command line run as a user runs it, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
MINI = DATA / "mini-report.txt"


def dckg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``dckg ARGS`` in a fresh interpreter: its exit code, standard output and standard error."""
    return subprocess.run(
        [sys.executable, "-c", "from dckg.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


EDITION = DATA / "edition-2022.txt"
"""A composed earlier edition of the bundled report (数字中国发展报告（2022年）), for tests across editions."""
CITY = DATA / "observations-city.txt"
