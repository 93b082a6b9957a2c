"""The examples of README.md and docs/*.md, run as pasted: every ```console block (each ``$ command`` and the output
under it) and every ```sparql block (run with ``dckg sparql``, which must answer with rows).

A block's commands run one after the other in one scratch folder (``examples_folder``: links to the repository's
``src``, ``tests``, ``benchmarks`` and ``ontology``, a copy of ``graph/``, and the few input files the examples
name), with the virtual environment first on ``PATH`` and a cache folder of their own. What a command prints
(standard output and standard error, in order) is compared line by line with the block, exactly, except:

- a time, ``in 0.61 s``, compares as ``in <t> s``, and the scratch folder's path as ``<tmp>``;
- a last line ``…`` means the output goes on: only the lines above it are compared;
- a line ``(exit N)`` after an output is the command's exit status (without one the status is not compared).

Refresh the outputs in place (times and all) with ``python -m tests.support.readme --write [FILE …]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT
from tests.support.pdf_bytes import pdf_bytes

FILES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
_FENCE = re.compile(r"^```(\w*)\s*$")
_EXIT = re.compile(r"^\(exit (\d+)\)$")
_TIME = re.compile(r"\bin \d+(?:\.\d+)? s\b")
MORE = "…"


@dataclass(frozen=True)
class Command:
    """One ``$ command`` of a console block: its text (continuation lines included), the output the block shows
    under it, and the file's line numbers of both (1-based)."""

    text: str
    line: int
    output: tuple[str, ...]
    output_line: int


@dataclass(frozen=True)
class Block:
    """A fenced block to run: its file, the line of its opening fence, its language, and its lines."""

    path: Path
    line: int
    kind: str
    lines: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def commands(self) -> list[Command]:
        """The commands of a console block, each with the output shown under it."""
        found: list[Command] = []
        i = 0
        while i < len(self.lines):
            if not self.lines[i].startswith("$ "):
                i += 1
                continue
            start, text = i, [self.lines[i][2:]]
            heredoc = re.search(r"<<\s*'?(\w+)'?", text[0])
            while text[-1].endswith("\\") or (heredoc and text[-1] != heredoc.group(1) and i + 1 < len(self.lines)):
                i += 1
                text.append(self.lines[i])
                if heredoc and len(text) > 1 and text[-1] == heredoc.group(1):
                    break
            i += 1
            first_output = i
            while i < len(self.lines) and not self.lines[i].startswith("$ "):
                i += 1
            line = self.line + 1 + start
            found.append(Command("\n".join(text), line, self.lines[first_output:i], self.line + 1 + first_output))
        return found


def blocks(paths: tuple[Path, ...] = FILES) -> list[Block]:
    """Every console and sparql block of the given files."""
    found = []
    for path in paths:
        lines = path.read_text(encoding="utf-8").split("\n")
        opened: tuple[int, str] | None = None
        for n, line in enumerate(lines):
            if (m := _FENCE.match(line)) is None:
                continue
            if opened is None:
                opened = (n, m.group(1))
                continue
            if opened[1] in ("console", "sparql"):
                found.append(Block(path, opened[0] + 1, opened[1], tuple(lines[opened[0] + 1 : n])))
            opened = None
    return found


def examples_folder(folder: Path) -> Path:
    """The scratch folder the examples run in: the repository's code and data by link, ``graph/`` copied (the
    examples write there), and the inputs the examples name (a binary file, Big5 text, a 52 MB file, a graph
    with violations, a city report's graph)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests", "benchmarks", "ontology", "notebooks", "scripts"):
        link = folder / name
        if link.is_symlink() and link.resolve() != (ROOT / name).resolve():
            link.unlink()  # a folder kept from another checkout
        if not link.exists():
            link.symlink_to(ROOT / name)
    shutil.copytree(ROOT / "graph", folder / "graph", dirs_exist_ok=True)
    (folder / "scan.pdf").write_bytes(pdf_bytes(b"0 0 1 rg 50 50 400 600 re f"))  # a scan: drawing, no text
    (folder / "big5.txt").write_bytes(b"\xa4\xa4\xb0\xea" + "数字中国".encode("big5", "replace") + b"\xff\xfe\xfd" * 9)
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(52_428_800)
    _broken_graph(folder / "graph" / "dckg.ttl", folder / "broken.ttl")
    # built each time: a city.ttl kept from an earlier run in a reused folder would be the old extractor's graph
    run_shell(f"dckg build --source {ROOT}/tests/data/corpus/city-report.txt --out city.ttl", folder)
    return folder


def _broken_graph(source: Path, out: Path) -> None:
    """The bundled graph with three violations: the national data bureau without its English label, and one
    evidence that ends beyond the report."""
    from rdflib import RDFS, XSD, Literal, URIRef

    from dckg import read_graph, write
    from dckg.terms import DCKG, PREFIXES

    graph = read_graph(source)
    nda = URIRef(f"{PREFIXES['agency']}national-data-administration")
    graph.remove((nda, RDFS.label, Literal("National Data Administration", lang="en")))
    graph.remove((nda, RDFS.label, Literal("National Data Bureau", lang="en")))
    evidence = next(e for e in graph.subjects(DCKG.start, None) if str(e).endswith("/15375-15424"))
    graph.set((evidence, DCKG.end, Literal(90000, datatype=XSD.integer)))
    write(graph, out)


def run_shell(command: str, folder: Path) -> tuple[str, int]:
    """A command as a user types it (bash, the virtual environment first on PATH): its output, in order, and its
    exit status."""
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(folder),
        "DCKG_CACHE_DIR": str(folder / ".cache"),
        "COLUMNS": "100",
    }
    done = subprocess.run(
        ["bash", "-c", command], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return done.stdout, done.returncode


def masked(line: str, folder: Path) -> str:
    """A line with what may vary from run to run masked: times and the scratch folder's path."""
    return _TIME.sub("in <t> s", line.replace(str(folder), "<tmp>")).rstrip()


def transcript(command: Command, folder: Path) -> list[str]:
    """What the command prints now, in the block's form: cut where the block shows ``…``, with ``(exit N)`` where
    the block shows one."""
    out, status = run_shell(command.text, folder)
    lines = out.rstrip("\n").split("\n") if out.strip() else []
    shown = list(command.output)
    while shown and shown[-1] == "":
        shown.pop()
    if shown and shown[-1] == MORE:
        lines = [*lines[: len(shown) - 1], MORE]
    elif shown and _EXIT.match(shown[-1]):
        lines.append(f"(exit {status})")
    return lines


def difference(command: Command, got: list[str], folder: Path, path: Path) -> str | None:
    """None when the block shows what the command printed (masks applied), else where they first differ."""
    shown = [masked(x, folder) for x in command.output]
    while shown and shown[-1] == "":
        shown.pop()
    now = [masked(x, folder) for x in got]
    if shown == now:
        return None
    n = next((i for i, (a, b) in enumerate(zip(shown, now, strict=False)) if a != b), min(len(shown), len(now)))
    where = f"{path.relative_to(ROOT)}:{command.output_line + n}"
    return (
        f"{where}: the output of `{command.text.splitlines()[0]}` (line {command.line}) differs at its line {n + 1}\n"
        f"  the file shows: {shown[n] if n < len(shown) else '(nothing more)'}\n"
        f"  the command now prints: {now[n] if n < len(now) else '(nothing more)'}\n"
        f"  refresh it: .venv/bin/python -m tests.support.readme --write {path.relative_to(ROOT)}"
    )


def sparql_answer(block: Block, folder: Path) -> tuple[str, int]:
    """A sparql block run with ``dckg sparql -f`` (as a file, so the text needs no quoting)."""
    query = folder / "block.rq"
    query.write_text("\n".join(block.lines) + "\n", encoding="utf-8")
    return run_shell(f"dckg sparql -f {query} --format csv", folder)


def fresh_block(folder: Path) -> None:
    """Start a console block as a reader would: with no workspace left by an earlier block."""
    shutil.rmtree(folder / ".dckg", ignore_errors=True)


def rewrite(path: Path, folder: Path) -> int:
    """Put what every console command of ``path`` prints now under it; returns how many outputs changed. The
    commands run in the order of the file (a block's state carries from one command to the next)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = 0
    runs = []
    for block in (b for b in blocks((path,)) if b.kind == "console"):
        fresh_block(folder)
        runs.extend((command, transcript(command, folder)) for command in block.commands())
    for command, got in reversed(runs):
        if difference(command, got, folder, path) is None:
            continue
        kept = list(command.output)
        trailing = []
        while kept and kept[-1] == "":
            trailing.append(kept.pop())
        start = command.output_line - 1
        lines[start : start + len(command.output)] = [*got, *trailing]
        changed += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description="Check (or, with --write, refresh) the examples of the docs.")
    parser.add_argument("files", nargs="*", type=Path, help="Markdown files (default: README.md and docs/*.md)")
    parser.add_argument("--write", action="store_true", help="rewrite the outputs in place")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/dckg-examples"), help="the scratch folder")
    args = parser.parse_args()
    paths = tuple(p.resolve() for p in args.files) or FILES
    folder = examples_folder(args.folder.resolve())
    for path in paths:
        if args.write:
            print(f"{path.relative_to(ROOT)}: {rewrite(path, folder)} outputs refreshed")
            continue
        for block in blocks((path,)):
            for command in block.commands() if block.kind == "console" else ():
                if (why := difference(command, transcript(command, folder), folder, path)) is not None:
                    print(why)


if __name__ == "__main__":
    main()
