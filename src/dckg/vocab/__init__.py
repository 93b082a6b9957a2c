"""Load the reference data files of ``dckg/vocab``: gazetteer, document types, cue words and the view's styles."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import VocabularyError

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class GazetteerEntry:
    """A body of the gazetteer: id, canonical Chinese and official English name, kind, parent, aliases."""

    id: str
    zh: str
    en: str
    kind: str
    parent: str | None
    zh_aliases: tuple[str, ...]
    en_aliases: tuple[str, ...]

    @property
    def local(self) -> bool:
        return self.kind == "local-government"


@dataclass(frozen=True)
class DocType:
    """A document type: id, labels, whether it is a policy type, the title endings and after-title cues."""

    id: str
    en: str
    zh: str
    policy: bool
    endings: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class ViewClass:
    """How the network view draws one class: its name, CURIE, legend labels, colour and vis-network shape.

    ``label_from`` lists properties whose values make a label for nodes that have none (an observation's value
    and unit); ``fold_via`` names the property through which a node of this class can be folded into another.
    """

    name: str
    curie: str
    en: str
    zh: str
    color: str
    shape: str
    label_from: tuple[str, ...]
    fold_via: str | None


@dataclass(frozen=True)
class ViewRelation:
    """A predicate the network view draws as an edge, with its labels both ways, colour and dash style."""

    name: str
    curie: str
    en: str
    zh: str
    inverse_en: str
    inverse_zh: str
    color: str
    dashes: bool


@dataclass(frozen=True)
class ViewProperty:
    """A property the view's detail panel lists, with its labels."""

    curie: str
    en: str
    zh: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dckg.vocab").joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    for n, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise VocabularyError(f"vocab/{name}:{n}: wrong number of fields")
    return rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def gazetteer() -> dict[str, GazetteerEntry]:
    """The gazetteer by id, checked: ids are slugs, parents exist, no name is given to two bodies."""
    entries: dict[str, GazetteerEntry] = {}
    for row in _rows("agencies.tsv"):
        entry = GazetteerEntry(
            id=row["id"],
            zh=row["zh"],
            en=row["en"],
            kind=row["kind"],
            parent=row["parent"] or None,
            zh_aliases=_split(row["zh_aliases"]),
            en_aliases=_split(row["en_aliases"]),
        )
        if not _ID.match(entry.id) or entry.id in entries:
            raise VocabularyError(f"vocab/agencies.tsv: bad or repeated id {entry.id!r}")
        entries[entry.id] = entry
    seen: dict[str, str] = {}
    for entry in entries.values():
        if entry.parent and entry.parent not in entries:
            raise VocabularyError(f"vocab/agencies.tsv: {entry.id} has unknown parent {entry.parent}")
        for name in (entry.zh, *entry.zh_aliases, entry.en, *entry.en_aliases):
            key = name_key(name)
            if seen.setdefault(key, entry.id) != entry.id:
                raise VocabularyError(f"vocab/agencies.tsv: name {name!r} given to {seen[key]} and {entry.id}")
    return entries


def name_key(name: str) -> str:
    """A name folded for lookup: case and spacing ignored."""
    return re.sub(r"[\s\u3000]+", "", name).casefold()


@cache
def doctypes() -> tuple[DocType, ...]:
    """The document types in file order; the last one is the fallback."""
    return tuple(
        DocType(r["id"], r["en"], r["zh"], r["policy"] == "true", _split(r["title_endings"]), _split(r["after_title"]))
        for r in _rows("doctypes.tsv")
    )


@cache
def cues(group: str) -> tuple[str, ...]:
    """Cue words of one group of ``cues.tsv``, longest first so that a regex prefers the longest."""
    words = [r["cue"] for r in _rows("cues.tsv") if r["group"] == group]
    if not words:
        raise VocabularyError(f"vocab/cues.tsv: no cues in group {group!r}")
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_COLOR = re.compile(r"^#[0-9a-f]{6}$")
_SHAPES = frozenset({"dot", "square", "diamond", "triangle", "triangleDown", "hexagon", "star"})


@cache
def view_classes() -> tuple[ViewClass, ...]:
    """The classes the view draws, in priority order: a node takes the first class it has."""
    classes = tuple(
        ViewClass(
            r["name"],
            r["class"],
            r["en"],
            r["zh"],
            r["color"],
            r["shape"],
            tuple(r["label_from"].split()),
            r["fold_via"] or None,
        )
        for r in _rows("view-classes.tsv")
    )
    for c in classes:
        if not _COLOR.match(c.color) or c.shape not in _SHAPES:
            raise VocabularyError(f"vocab/view-classes.tsv: {c.name}: bad colour {c.color!r} or shape {c.shape!r}")
    return classes


@cache
def view_relations() -> tuple[ViewRelation, ...]:
    """The predicates the view draws as edges, in legend order."""
    relations = tuple(
        ViewRelation(
            r["name"],
            r["predicate"],
            r["en"],
            r["zh"],
            r["inverse_en"],
            r["inverse_zh"],
            r["color"],
            r["dashes"] == "true",
        )
        for r in _rows("view-relations.tsv")
    )
    for r in relations:
        if not _COLOR.match(r.color):
            raise VocabularyError(f"vocab/view-relations.tsv: {r.name}: bad colour {r.color!r}")
    return relations


@cache
def view_properties() -> tuple[ViewProperty, ...]:
    """The properties the view's detail panel lists, in display order."""
    return tuple(ViewProperty(r["predicate"], r["en"], r["zh"]) for r in _rows("view-properties.tsv"))
