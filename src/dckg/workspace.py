"""A workspace: the dataset a user builds, kept in a folder (``.dckg/`` by default) as a persistent Oxigraph store
(a named graph per report, the shared graph, their union as the default graph, the name index) and the list of
its reports with their SHA-256 (a graph of the store itself, so that the list and the data change together).

Every change is one transaction of the store, or a new store renamed into place: a command that fails or is killed
leaves the workspace as it was. A lock file makes a second command wait for nothing: it says the workspace is busy.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .dataset import SHARED
from .errors import StoreError, WorkspaceBusyError
from .graphfiles import write_atomic
from .source import MAX_BYTES
from .store import OxigraphStore, select
from .store.embedded import INDEX_NAMES
from .store.persistent import file_digest
from .terms import ANY_NAME_LABEL, FOLD, NAME_KEY, NAME_PREFIXES, NAMES_GRAPH

if TYPE_CHECKING:  # the pipeline is loaded only by a command that reads reports: queries start fast
    from .pipeline import Refused, Serialized

ENV = "DCKG_WORKSPACE"
"""The environment variable naming the workspace folder."""
DEFAULT = ".dckg"
LIST_GRAPH, SOURCE = "urn:x-dckg:workspace", "urn:x-dckg:source"
"""The graph of the workspace's list of reports: each report's IRI and the file it was read from."""

_LIST = (
    NAME_PREFIXES
    + f"""SELECT ?report ?title ?year ?sha256 ?source WHERE {{
  GRAPH <{LIST_GRAPH}> {{ ?report <{SOURCE}> ?source }}
  GRAPH ?report {{ ?report dcterms:title ?title ; dckg:sha256 ?sha256 . OPTIONAL {{ ?report dckg:year ?year }} }}
}} ORDER BY ?year ?title"""
)


@dataclass(frozen=True)
class Entry:
    """A report of the workspace: its IRI, title, year (0 when none), the SHA-256 of its file and the file."""

    iri: str
    title: str
    year: int
    sha256: str
    source: str


@dataclass(frozen=True)
class Change:
    """What a build or an add did: reports added, replaced (a changed file), unchanged (read before), refused."""

    added: tuple[Serialized, ...]
    replaced: tuple[Entry, ...]
    unchanged: tuple[str, ...]
    refused: tuple[Refused, ...]


def locate(folder: str | Path | None = None) -> Path | None:
    """The workspace folder: ``folder``, else $DCKG_WORKSPACE, else ``.dckg`` here when it exists, else None."""
    if folder is not None:
        return Path(folder)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    here = Path(DEFAULT)
    return here if (here / "store").is_dir() else None


@contextmanager
def _locked(root: Path, exclusive: bool) -> Iterator[None]:
    """Hold the workspace's lock (shared for reading, exclusive for a change), or say it is busy."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "lock").open("a") as fh:
        try:
            fcntl.flock(fh, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WorkspaceBusyError(f"{root}: the workspace is busy (another dckg command is using it)") from exc
        yield


class Workspace:
    """A workspace folder: its store, its list of reports, and the changes that add, replace or remove them."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock = None

    @property
    def exists(self) -> bool:
        return (self.root / "store").is_dir()

    def open_store(self) -> OxigraphStore:
        """The workspace's store, read-only, held under a shared lock while the process runs."""
        if not self.exists:
            raise StoreError(f"{self.root}: no workspace here (dckg build REPORT... or dckg add REPORT... makes one)")
        if self._lock is None:
            self._lock = _locked(self.root, exclusive=False)
            self._lock.__enter__()
        try:
            store = ox.Store.read_only(str(self.root / "store"))
        except OSError as exc:
            raise StoreError(f"{self.root}: cannot open the workspace's store ({exc})") from exc
        return OxigraphStore(store, f"workspace {self.root}", index=False)

    def reports(self, store: OxigraphStore | None = None) -> list[Entry]:
        """The reports of the workspace, by year and title, read from ``store`` (the workspace's store, which the
        caller has open already) when given, else from the store opened for this."""
        if store is not None:
            return self._entries(store)
        if not self.exists:
            return []
        with _locked(self.root, exclusive=False):
            return self._entries(ox.Store.read_only(str(self.root / "store")))

    @staticmethod
    def _entries(store: ox.Store | OxigraphStore) -> list[Entry]:
        rows = select(store if isinstance(store, OxigraphStore) else OxigraphStore(store, index=False), _LIST).dicts()
        return [
            Entry(
                str(r["report"]),
                str(r["title"]),
                int(str(r["year"])) if r.get("year") else 0,
                str(r["sha256"]),
                str(r["source"]),
            )
            for r in rows
        ]

    def build(self, sources: list[str | Path], max_bytes: int = MAX_BYTES) -> Change:
        """Make the workspace hold exactly the reports of ``sources`` (a new store, renamed into place)."""
        from .pipeline import Refused, Serialized, build_many_serialized, report_files

        built = build_many_serialized([str(p) for p in report_files(sources)], max_bytes)
        added = _unique(b for b in built if isinstance(b, Serialized))
        with _locked(self.root, exclusive=True):  # the reports are read first: the lock is held for the change only
            if added:
                self._fresh_store(added)
        return Change(added, (), (), tuple(b for b in built if isinstance(b, Refused)))

    def add(self, sources: list[str | Path], max_bytes: int = MAX_BYTES) -> Change:
        """Add the reports of ``sources`` that are new or changed (a changed file replaces its report), in one
        transaction; a report read before, unchanged, is not read again."""
        from .pipeline import Refused, Serialized, build_many_serialized, report_files

        paths = [str(p) for p in report_files(sources)]
        known = {e.sha256 for e in self.reports()}
        unchanged: list[str] = []
        todo: list[str] = []
        for path in paths:  # a file that cannot be read is refused by the build, with its reason
            readable = Path(path).is_file() and os.access(path, os.R_OK)
            (unchanged if readable and file_digest(Path(path)) in known else todo).append(path)
        built = build_many_serialized(todo, max_bytes) if todo else []
        refused = tuple(b for b in built if isinstance(b, Refused))
        with _locked(self.root, exclusive=True):  # the reports are read first: the lock is held for the change only
            if not self.exists:
                added = _unique(b for b in built if isinstance(b, Serialized))
                if added:
                    self._fresh_store(added)
                return Change(added, (), tuple(unchanged), refused)
            store = self._writable()
            entries = self._entries(store)
            known = {e.sha256 for e in entries}
            added = tuple(b for b in _unique(b for b in built if isinstance(b, Serialized)) if b.sha256 not in known)
            sources_of = {str(Path(a.source).resolve()) for a in added}
            replaced = tuple(e for e in entries if str(Path(e.source).resolve()) in sources_of)
            if added:
                self._change(store, entries, added, replaced)
            return Change(added, replaced, tuple(unchanged), refused)

    def remove(self, name: str) -> Entry:
        """Remove one report (named by its title, year, IRI or file) in one transaction."""
        with _locked(self.root, exclusive=True):
            if not self.exists:
                raise StoreError(f"{self.root}: no workspace here")
            store = self._writable()
            entries = self._entries(store)
            entry = _one(entries, name)
            self._change(store, entries, (), (entry,))
            return entry

    def _writable(self) -> ox.Store:
        try:
            return ox.Store(str(self.root / "store"))
        except OSError as exc:
            raise StoreError(f"{self.root}: cannot open the workspace's store ({exc})") from exc

    def _part(self, sha256: str) -> Path:
        return self.root / "parts" / f"{sha256}.shared.nt"

    def _fresh_store(self, added: tuple[Serialized, ...]) -> None:
        """A new store of ``added`` built beside the old one and renamed into place."""
        for a in added:
            write_atomic(self._part(a.sha256), a.shared)
        fresh = self.root / f"store.new-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            store = ox.Store(str(fresh))
            shared = _lines(a.shared for a in added)
            store.bulk_load(shared, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(SHARED)))
            store.bulk_load(shared, ox.RdfFormat.N_TRIPLES)
            for a in added:
                store.bulk_load(a.own, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(a.iri))
                store.bulk_load(a.own, ox.RdfFormat.N_TRIPLES)
            store.update(_list_update((), added))
            store.update(INDEX_NAMES)
            store.flush()
            del store
            old = self.root / f"store.old-{os.getpid()}"
            if (self.root / "store").exists():
                (self.root / "store").rename(old)
            fresh.rename(self.root / "store")
            shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            raise StoreError(f"{self.root}: cannot build the workspace ({exc})") from exc
        finally:
            shutil.rmtree(fresh, ignore_errors=True)

    def _change(
        self, store: ox.Store, entries: list[Entry], added: tuple[Serialized, ...], removed: tuple[Entry, ...]
    ) -> None:
        """Remove the graphs of ``removed`` and add those of ``added``, the shared graph, the default graph, the
        name index and the list following, in one SPARQL update: one transaction."""
        for a in added:
            write_atomic(self._part(a.sha256), a.shared)
        gone = {e.iri for e in removed}
        kept = [e for e in entries if e.iri not in gone]
        parts = dict(zip((e.iri for e in entries), self._read_parts(entries), strict=True))
        old_shared = set(_split_lines(list(parts.values())))
        new_shared = set(_split_lines([parts[e.iri] for e in kept] + [a.shared for a in added]))
        drop_shared, add_shared = sorted(old_shared - new_shared), sorted(new_shared - old_shared)
        ops = []
        for iri in sorted(gone):
            others = " && ".join(f"?g != <{x}>" for x in (iri, NAMES_GRAPH, LIST_GRAPH))
            ops.append(
                f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({others}) }} }}"
            )
            ops.append(f"DROP SILENT GRAPH <{iri}>")
        if drop_shared:
            body = "\n".join(drop_shared)
            ops.append(f"DELETE DATA {{ GRAPH <{SHARED}> {{\n{body}\n}} }}")
            ops.append(f"DELETE DATA {{\n{body}\n}}")
        if add_shared:
            body = "\n".join(add_shared)
            ops.append(f"INSERT DATA {{ GRAPH <{SHARED}> {{\n{body}\n}} {body} }}")
        for a in added:
            body = a.own.decode("utf-8")
            ops.append(f"INSERT DATA {{ GRAPH <{a.iri}> {{\n{body}\n}}\n{body}\n}}")
        ops.append(_list_update(removed, added))
        touched = _subjects(store, gone) | {line.split(" ", 1)[0] for line in drop_shared + add_shared}
        touched |= {line.split(" ", 1)[0] for a in added for line in _split_lines([a.own])}
        ops.append(_reindex(touched))
        try:
            store.update(NAME_PREFIXES + " ;\n".join(ops))
            store.flush()
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.root}: cannot change the workspace ({exc}); it is as it was") from exc

    def _read_parts(self, entries: list[Entry]) -> list[bytes]:
        try:
            return [self._part(e.sha256).read_bytes() for e in entries]
        except OSError as exc:
            raise StoreError(f"{self.root}: a part of the workspace is missing ({exc}); build it again") from exc


def _unique(built) -> tuple[Serialized, ...]:
    """One build per report (the same file given twice is one report), in the order given."""
    seen: dict[str, Serialized] = {}
    for b in built:
        seen.setdefault(b.iri, b)
    return tuple(seen.values())


def _split_lines(chunks: list[bytes]) -> list[str]:
    return [line for chunk in chunks for line in chunk.decode("utf-8").split("\n") if line.strip()]


def _lines(chunks) -> bytes:
    return ("\n".join(sorted(set(_split_lines(list(chunks))))) + "\n").encode("utf-8")


def _list_update(removed: tuple[Entry, ...], added: tuple[Serialized, ...]) -> str:
    """The SPARQL Update that takes ``removed`` off the workspace's list and puts ``added`` on it."""
    ops = [f"DELETE WHERE {{ GRAPH <{LIST_GRAPH}> {{ <{e.iri}> ?p ?o }} }}" for e in removed]
    for a in added:
        source = str(Path(a.source).resolve()).replace("\\", "\\\\").replace('"', '\\"')
        ops.append(f'INSERT DATA {{ GRAPH <{LIST_GRAPH}> {{ <{a.iri}> <{SOURCE}> "{source}" }} }}')
    return " ;\n".join(ops) or f"CREATE SILENT GRAPH <{LIST_GRAPH}>"


def _reindex(subjects: set[str]) -> str:
    """The SPARQL Update that makes the name index of ``subjects`` (IRIs written ``<…>``: every entity whose labels
    a change may touch) again from the default graph: their keys dropped, those of their labels now put back, so
    that a name only a removed report gave is no longer a key."""
    values = " ".join(sorted(s for s in subjects if s.startswith("<")))
    if not values:
        return f"CREATE SILENT GRAPH <{NAMES_GRAPH}>"
    old = (
        f"DELETE {{ GRAPH <{NAMES_GRAPH}> {{ ?entity <{NAME_KEY}> ?key }} }} WHERE {{ VALUES ?entity {{ {values} }} "
        f"GRAPH <{NAMES_GRAPH}> {{ ?entity <{NAME_KEY}> ?key }} }}"
    )
    fresh = (
        f"INSERT {{ GRAPH <{NAMES_GRAPH}> {{ ?entity <{NAME_KEY}> ?key }} }} WHERE {{ VALUES ?entity {{ {values} }} "
        f"{ANY_NAME_LABEL} BIND ({FOLD} AS ?key) }}"
    )
    return old + " ;\n" + fresh


def _subjects(store: ox.Store, graphs: set[str]) -> set[str]:
    """The IRI subjects of ``graphs`` (the reports a change removes), written ``<…>`` as N-Triples writes them."""
    found: set[str] = set()
    for iri in sorted(graphs):
        rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} FILTER (isIRI(?s)) }}")
        found |= {str(row["s"]) for row in rows}
    return found


def _one(entries: list[Entry], name: str) -> Entry:
    """The one report of ``entries`` that ``name`` names: its IRI, file, year or title (or a part of the title)."""
    text = name.strip()
    resolved = str(Path(text).resolve()) if text else ""
    found = (
        [e for e in entries if text in (e.iri, e.sha256) or e.source == resolved]
        or [e for e in entries if text == str(e.year)]
        or [e for e in entries if text == e.title]
        or [e for e in entries if text and text in e.title]
    )
    if len(found) != 1:
        listing = "\n".join(f"  {e.iri}  {e.title}" for e in (found or entries))
        what = f"names {len(found)} reports" if found else "names no report of the workspace"
        raise StoreError(f"{name!r} {what}; give one's IRI, file or title:\n{listing}")
    return found[0]
