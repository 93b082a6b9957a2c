"""The package's imports as data: every module of ``src/dckg`` and the modules of dckg it imports (read from the
syntax tree, function-level imports included), its import levels, and cycles.

Run ``python -m tests.support.imports [--rooms] [SRC]`` for the map: modules (or rooms: extract/ and store/ as
one each) by level, arrows, cycles.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

from tests.support import ROOT

SRC = ROOT / "src"


def modules(src: Path = SRC) -> dict[str, Path]:
    """Every module of the dckg package by dotted name (a package by its name: ``dckg.store``)."""
    found = {}
    for path in sorted((src / "dckg").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(src: Path = SRC) -> dict[str, set[str]]:
    """For each module, the modules of dckg it imports. ``from .pkg import name`` imports ``pkg.name`` when that
    is a module, else ``pkg`` itself; ``import dckg`` and ``from dckg import error_class`` import the face."""
    known = modules(src)
    arrows: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.split(".")[0] == "dckg"}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    origin = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    origin = node.module or ""
                if origin.split(".")[0] != "dckg":
                    continue
                subs = {f"{origin}.{a.name}" for a in node.names} & known.keys()
                targets |= subs or {origin}
                if len(subs) < len(node.names):
                    targets.add(origin)
        arrows[name] = {t for t in targets if t in known and t != name}
    return arrows


def cycles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, each as the modules along it (a depth-first search from every module)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(arrows.get(module, ())):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(arrows):
        if module not in state:
            visit(module, [module])
    return found


def levels(arrows: dict[str, set[str]]) -> dict[str, int]:
    """Each module's level: 1 for a module that imports nothing of dckg, else one more than its highest import."""

    @cache
    def level(module: str) -> int:
        return 1 + max((level(t) for t in arrows[module]), default=0)

    return {m: level(m) for m in arrows}


def rooms(arrows: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same map with every subpackage (extract/, store/) as one room, as the architecture review draws it."""

    def room(module: str) -> str:
        return ".".join(module.split(".")[:2])

    out: dict[str, set[str]] = {}
    for module, targets in arrows.items():
        out.setdefault(room(module), set()).update(room(t) for t in targets)
    return {m: t - {m} for m, t in out.items()}


def main(src: Path = SRC, by_room: bool = False) -> None:
    arrows = rooms(imports(src)) if by_room else imports(src)
    found = cycles(arrows)
    by_level = levels(arrows) if not found else {}
    print(f"{len(arrows)} modules, {sum(map(len, arrows.values()))} import arrows, {len(found)} cycles")
    for cycle in found:
        print("cycle: " + " -> ".join(cycle))
    for n in sorted(set(by_level.values())):
        print(f"level {n}: " + ", ".join(m for m, lv in sorted(by_level.items()) if lv == n))
    if by_level:
        print(f"{max(by_level.values())} levels")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--rooms"]
    main(Path(args[0]) if args else SRC, by_room="--rooms" in sys.argv)
