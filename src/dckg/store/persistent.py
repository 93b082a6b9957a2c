"""The persistent store: an Oxigraph store on disk, built once from a graph file (or a report) and reopened at
once while the source and dckg's code are unchanged (a stamp file records both)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import GraphInputError, StoreError
from ..graphfiles import write_atomic
from .embedded import INDEX_NAMES, OxigraphStore, load_file

_STAMP = "dckg-store.json"


@cache
def code_digest(version: str) -> str:
    """A digest of dckg's ``version``, code and reference data: a change rebuilds every persistent store."""
    h = hashlib.sha256(version.encode())
    root = resources.files("dckg")
    for path in sorted(Path(str(root)).rglob("*")):
        rel = path.relative_to(Path(str(root))).as_posix()
        if path.is_file() and path.suffix in {".py", ".tsv", ".ttl"} and "__pycache__" not in rel:
            h.update(rel.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def open_persistent(
    path: str | Path,
    source: str | Path,
    *,
    version: str,
    writable: bool = False,
    build: Callable[[], Graph] | None = None,
) -> OxigraphStore:
    """A store on disk at ``path`` holding the graph of ``source``: the graph file itself, or, given ``build``, the
    graph it makes from ``source`` (a report; the face passes the bundled one and the pipeline).

    It is rebuilt whenever ``source`` or dckg's code (of ``version``) has changed since it was built; otherwise it
    opens at once, without calling ``build``. The stamp file is written last, so an interrupted rebuild is redone
    next time.
    """
    root = Path(path)
    source = Path(source)
    if not source.is_file():
        raise GraphInputError(f"{source}: no such file")
    stamp = {"source": str(source.resolve()), "sha256": file_digest(source), "code": code_digest(version)}
    db = root / "oxigraph"
    try:
        current = json.loads((root / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = None
    if current != stamp or not db.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        fresh = root / f"oxigraph.new-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            store = ox.Store(str(fresh))
            if build is None:
                load_file(store, source, bulk=True)
            else:
                store.bulk_load(build().serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
            store.update(INDEX_NAMES)
            store.flush()
            del store
            old = root / f"oxigraph.old-{os.getpid()}"
            if db.exists():
                db.rename(old)
            fresh.rename(db)
            shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            raise StoreError(f"{root}: cannot build the store ({exc})") from exc
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        write_atomic(root / _STAMP, json.dumps(stamp, indent=1, sort_keys=True).encode())
    try:
        store = ox.Store(str(db)) if writable else ox.Store.read_only(str(db))
    except OSError as exc:
        raise StoreError(f"{root}: cannot open the store ({exc})") from exc
    return OxigraphStore(store, f"store {root}", index=False)
