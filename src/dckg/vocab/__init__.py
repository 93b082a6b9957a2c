"""Load the reference data files of ``dckg/vocab``: gazetteer, document types, cues, units, terms, view styles."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import TypeVar

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
class ViewQuestion:
    """One of the page's views, each drawn for a question: the classes and relations it shows (empty: all) and the
    classes whose unlinked nodes stay, laid out on one labelled shelf (documents whose issuer is not stated), and
    the relations whose ends the layout keeps close (a document by its issuer)."""

    name: str
    en: str
    zh: str
    classes: tuple[str, ...]
    relations: tuple[str, ...]
    shelf: tuple[str, ...]
    shelf_en: str
    shelf_zh: str
    pull: tuple[str, ...]


@dataclass(frozen=True)
class ViewProperty:
    """A property the view's detail panel lists, with its labels."""

    curie: str
    en: str
    zh: str


@cache
def equivalent_ideographs() -> dict[int, str]:
    """Unicode's EquivalentUnifiedIdeograph table: a radical code point → the unified ideograph it looks like."""
    return {int(r["code"], 16): chr(int(r["unified"], 16)) for r in _rows("equivalent-ideographs.tsv")}


@cache
def shared_glyphs() -> dict[int, str]:
    """Code points that Chinese fonts draw with one glyph, so that a PDF's character map may give either: the one
    read back → the one a simplified-Chinese report prints (U+2015 → U+2014 破折号, 戶 → 户)."""
    return {int(r["code"], 16): chr(int(r["meant"], 16)) for r in _rows("shared-glyphs.tsv")}


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
        if entry.kind not in agency_kinds():
            raise VocabularyError(f"vocab/agencies.tsv: {entry.id} has unknown kind {entry.kind}")
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
def agency_kinds() -> dict[str, tuple[str, str]]:
    """Kinds of bodies: id → (English label, Chinese label)."""
    return {r["id"]: (r["en"], r["zh"]) for r in _rows("agency-kinds.tsv")}


@cache
def _cue_groups() -> dict[str, list[str]]:
    """``cues.tsv`` read once, by group."""
    groups: dict[str, list[str]] = {}
    for r in _rows("cues.tsv"):
        groups.setdefault(r["group"], []).append(r["cue"])
    return groups


_T = TypeVar("_T")


def longest_first(items: Iterable[_T], word: Callable[[_T], str] = str) -> tuple[_T, ...]:
    """``items`` longest word first, then in code-point order, so that a regex or a scan prefers the longest match.

    >>> longest_first(["数据", "数据局", "局"])
    ('数据局', '数据', '局')
    """
    return tuple(sorted(items, key=lambda x: (-len(word(x)), word(x))))


@cache
def cues(group: str) -> tuple[str, ...]:
    """Cue words of one group of ``cues.tsv``, longest first so that a regex prefers the longest."""
    words = _cue_groups().get(group, [])
    if not words:
        raise VocabularyError(f"vocab/cues.tsv: no cues in group {group!r}")
    return longest_first(dict.fromkeys(words))


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in longest_first(words))


@dataclass(frozen=True)
class Unit:
    """A unit as reports write it: its kind, the unit IRI it normalises to (a CURIE) and the factor to that unit."""

    text: str
    kind: str
    normalized: str
    factor: Decimal
    en: str


@dataclass(frozen=True)
class Term:
    """A concept of a small fixed scheme (measure kinds, qualifiers): id and labels."""

    scheme: str
    id: str
    en: str
    zh: str
    comment: str


_CURIE = re.compile(r"^(?:unit|cur|dckg):[A-Za-z0-9-]+$")


def _decimal(value: str, where: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise VocabularyError(f"{where}: {value!r} is not a number") from None


@cache
def units() -> dict[str, Unit]:
    """Units by their written form, checked: known kind, a unit CURIE (unit:, cur: or dckg:) and a numeric factor."""
    kinds = {"percent", "point", "multiple", "currency", "data", "data-rate", "compute", "bandwidth", "length"}
    kinds |= {"area", "time", "mass", "energy", "power", "score", "count"}
    out: dict[str, Unit] = {}
    for n, row in enumerate(_rows("units.tsv"), start=2):
        where = f"vocab/units.tsv:{n}"
        if row["kind"] not in kinds or not _CURIE.match(row["normalized_unit"]) or row["unit"] in out:
            raise VocabularyError(f"{where}: bad kind, unit CURIE or repeated unit")
        out[row["unit"]] = Unit(
            row["unit"], row["kind"], row["normalized_unit"], _decimal(row["factor"], where), row["en"]
        )
    return out


@cache
def scales() -> dict[str, Decimal]:
    """Scale words (万, 亿, 万亿 …) and their factors."""
    return {r["scale"]: _decimal(r["factor"], "vocab/scales.tsv") for r in _rows("scales.tsv")}


@cache
def qualifier_cues(position: str) -> dict[str, str]:
    """Qualifier cue → qualifier id, for cues written ``before`` or ``after`` the number."""
    ids = {t.id for t in terms("qualifier")}
    out = {}
    for r in _rows("qualifiers.tsv"):
        if r["qualifier"] not in ids or r["position"] not in ("before", "after"):
            raise VocabularyError(f"vocab/qualifiers.tsv: bad qualifier or position in {r}")
        if r["position"] == position:
            out[r["cue"]] = r["qualifier"]
    return out


@cache
def terms(scheme: str) -> tuple[Term, ...]:
    """The concepts of one scheme of ``measure_terms.tsv`` (measure-kind, qualifier or status), in file order."""
    found = tuple(
        Term(r["scheme"], r["id"], r["en"], r["zh"], r["comment"])
        for r in _rows("measure_terms.tsv")
        if r["scheme"] == scheme
    )
    if not found or any(not _ID.match(t.id) for t in found):
        raise VocabularyError(f"vocab/measure_terms.tsv: no scheme {scheme!r} or a bad id in it")
    return found


@dataclass(frozen=True)
class ProgramKind:
    """A kind of programme (action plan, campaign, project, platform, pilot, event, other) and its labels."""

    id: str
    en: str
    zh: str


@dataclass(frozen=True)
class ProgramCue:
    """A word that ends a programme's name (工程, 平台, 试点 …): the kind it gives, whether it also ends a name
    written without quotation marks, and whether such a name needs a national scope (全国…平台)."""

    word: str
    kind: str
    unquoted: bool
    scoped: bool


@cache
def program_kinds() -> tuple[ProgramKind, ...]:
    """The programme kinds in file order; the last one is the fallback."""
    return tuple(ProgramKind(r["id"], r["en"], r["zh"]) for r in _rows("program-kinds.tsv"))


@cache
def program_cues() -> tuple[ProgramCue, ...]:
    """The programme cues, longest first, checked against the programme kinds."""
    kinds = {k.id for k in program_kinds()}
    out = []
    for n, r in enumerate(_rows("program-cues.tsv"), start=2):
        if r["kind"] not in kinds or r["unquoted"] not in ("yes", "no") or r["scoped"] not in ("yes", "no"):
            raise VocabularyError(f"vocab/program-cues.tsv:{n}: bad kind or flag")
        out.append(ProgramCue(r["cue"], r["kind"], r["unquoted"] == "yes", r["scoped"] == "yes"))
    return longest_first(out, lambda c: c.word)


@dataclass(frozen=True)
class LocalBody:
    """A name ending of local bodies in a national work system: the national body and how they relate.

    ``branch``: the local body is the national body's own (省通信管理局 of the ministry); ``guided``: it is
    part of its local government and guided by the national body (省数据局 by the National Data Administration).
    """

    suffix: str
    national: str
    relation: str


@cache
def local_bodies() -> tuple[LocalBody, ...]:
    """Name endings of local bodies, longest first, checked against the gazetteer."""
    out = []
    for n, r in enumerate(_rows("local-bodies.tsv"), start=2):
        if r["national"] not in gazetteer() or r["relation"] not in ("branch", "guided"):
            raise VocabularyError(f"vocab/local-bodies.tsv:{n}: unknown body or relation")
        out.append(LocalBody(r["suffix"], r["national"], r["relation"]))
    return longest_first(out, lambda b: b.suffix)


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
def view_questions() -> tuple[ViewQuestion, ...]:
    """The page's views, the first the default; ``*`` in the table stands for every class or relation."""
    classes, relations = {c.name for c in view_classes()}, {r.name for r in view_relations()}
    out = []
    for r in _rows("view-questions.tsv"):
        q = ViewQuestion(
            r["name"],
            r["en"],
            r["zh"],
            tuple(r["classes"].split()) if r["classes"] != "*" else (),
            tuple(r["relations"].split()) if r["relations"] != "*" else (),
            tuple(r["shelf"].split()),
            r["shelf_en"],
            r["shelf_zh"],
            tuple(r["pull"].split()),
        )
        unknown = (set(q.classes) | set(q.shelf)) - classes | (set(q.relations) | set(q.pull)) - relations
        if unknown or not set(q.shelf) <= set(q.classes or classes):
            raise VocabularyError(f"vocab/view-questions.tsv: {q.name}: unknown or undrawn {sorted(unknown)}")
        out.append(q)
    return tuple(out)


@cache
def view_values() -> dict[str, tuple[str, str]]:
    """Words the panel shows for bare values: a literal as written (``true``) or a CURIE (``unit:NUM``) → (en, zh)."""
    return {r["value"]: (r["en"], r["zh"]) for r in _rows("view-values.tsv")}


@cache
def view_properties() -> tuple[ViewProperty, ...]:
    """The properties the view's detail panel lists, in display order."""
    return tuple(ViewProperty(r["predicate"], r["en"], r["zh"]) for r in _rows("view-properties.tsv"))


@dataclass(frozen=True)
class PlaceKind:
    """A place-name ending (省, 市, 自治区) and its English noun and adjective (Province, Provincial)."""

    suffix: str
    noun: str
    adjective: str


@cache
def place_kinds() -> tuple[PlaceKind, ...]:
    """Place-name endings with their English forms, longest first."""
    out = [PlaceKind(r["suffix"], r["noun"], r["adjective"]) for r in _rows("place-kinds-en.tsv")]
    return longest_first(out, lambda p: p.suffix)


@cache
def english_heads() -> dict[str, str]:
    """Generic names of local bodies (统计局) → English template with {place} and/or {adjective}."""
    out = {}
    for n, r in enumerate(_rows("body-heads-en.tsv"), start=2):
        if "{place}" not in r["en"] and "{adjective}" not in r["en"]:
            raise VocabularyError(f"vocab/body-heads-en.tsv:{n}: the English form names no place")
        out[r["head"]] = r["en"]
    return out


@cache
def local_abbreviations() -> dict[str, str]:
    """Short forms of the rest of a local body's name after its place (经信厅 → 经济和信息化厅)."""
    return _mapping("local-abbreviations.tsv", "short", "full", "short form")


@cache
def gloss_terms() -> dict[str, str]:
    """Chinese words and their English for glosses, where CC-CEDICT lacks the word or its first sense misleads."""
    return _mapping("gloss-terms.tsv", "zh", "en", "term")


def _mapping(name: str, key: str, value: str, what: str) -> dict[str, str]:
    """A file's ``key`` → ``value`` columns, each key once and neither empty."""
    out: dict[str, str] = {}
    for n, r in enumerate(_rows(name), start=2):
        if not r[key] or not r[value] or r[key] in out:
            raise VocabularyError(f"vocab/{name}:{n}: empty or repeated {what}")
        out[r[key]] = r[value]
    return out


@cache
def gloss_heads() -> tuple[tuple[str, str], ...]:
    """Head words that set the English order of a gloss (数 → "number of {plural}"), longest first."""
    rows = [(r["zh"], r["template"]) for r in _rows("gloss-heads.tsv")]
    if any("{" not in t for _, t in rows):
        raise VocabularyError("vocab/gloss-heads.tsv: a template without {} or {plural}")
    return longest_first(rows, lambda h: h[0])


@dataclass(frozen=True)
class IndicatorForm:
    """A part of an indicator's name that does not change what it measures (``indicator-forms.tsv``): a scope
    prefix (全国) or a count suffix (数), not stripped after one of the ``after`` characters."""

    form: str
    text: str
    after: tuple[str, ...]


@cache
def indicator_forms() -> tuple[IndicatorForm, ...]:
    """The scope prefixes and count suffixes of ``indicator-forms.tsv``, longest first within each form."""
    forms = [IndicatorForm(r["form"], r["text"], _split(r["except"])) for r in _rows("indicator-forms.tsv")]
    if any(f.form not in ("scope-prefix", "count-suffix") or not f.text for f in forms):
        raise VocabularyError("vocab/indicator-forms.tsv: a form must be scope-prefix or count-suffix, with a text")
    return tuple(sorted(forms, key=lambda f: (f.form, -len(f.text), f.text)))
