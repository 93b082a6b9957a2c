"""The built graph of a report kept in the user's cache folder, so that a query on an unchanged report does not
rebuild it: N-Triples keyed by the report's SHA-256 and dckg's code digest (its version, code and reference data),
written atomically and checked before use; a missing, corrupt or stale entry is rebuilt, never trusted."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError
from .graphfiles import write_atomic
from .store import code_digest

CACHE_ENV = "DCKG_CACHE_DIR"
"""The environment variable that names the cache folder (an empty one: the platform's rule)."""
_HEADER = b"# dckg graph cache, sha256 of what follows: "


def cache_dir() -> Path:
    """The cache folder: ``$DCKG_CACHE_DIR``, else the platform's user cache folder (``$XDG_CACHE_HOME/dckg`` or
    ``~/.cache/dckg`` on Linux, ``~/Library/Caches/dckg`` on macOS, ``%LOCALAPPDATA%\\dckg\\Cache`` on Windows)."""
    if named := os.environ.get(CACHE_ENV):
        return Path(named)
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "dckg" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "dckg"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "dckg"


def entry_path(report: bytes, version: str) -> Path:
    """Where the graph of the report file ``report`` built by this dckg is cached."""
    key = hashlib.sha256(hashlib.sha256(report).digest() + code_digest(version).encode()).hexdigest()
    return cache_dir() / "graphs" / f"{key[:40]}.nt"


def cached_ntriples(report: bytes, version: str, build: Callable[[], bytes]) -> bytes:
    """The N-Triples of the graph of the report file ``report``: from the cache when an intact entry is there,
    else made by ``build`` and stored (when the folder cannot be written, the graph is still returned).

    Concurrent writers are safe: each writes a temporary file of its own and renames it into place, and the
    entries they write are the same bytes."""
    path = entry_path(report, version)
    try:
        stored = path.read_bytes()
    except OSError:
        stored = b""
    head, _, body = stored.partition(b"\n")
    if head == _HEADER + hashlib.sha256(body).hexdigest().encode():
        return body
    data = build()
    with contextlib.suppress(OutputError):  # a cache folder that cannot be written costs a rebuild, nothing else
        write_atomic(path, _HEADER + hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
    return data
