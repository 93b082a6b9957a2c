"""Resolve a name typed by a user to the entities it names, in Chinese or English, in any case and spacing.

A name matches an entity when it equals, ignoring case and white space, one of the entity's rdfs:label,
skos:prefLabel, skos:altLabel, dcterms:title or skos:notation; the graph carries full names, abbreviations
and English forms as such labels. A section or a document may also be named by a part of its heading or title
(several such are ambiguous). The match runs as
SPARQL on the store at hand, so it works embedded and remote alike.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from .errors import AmbiguousNameError, QueryError, UnknownNameError
from .store.base import Store, select
from .terms import (
    ANY_NAME_LABEL,
    CLASSES,
    FOLD,
    NAME_KEY,
    NAME_LABELS,
    NAME_PREFIXES,
    NAMES_GRAPH,
    as_iri,
    compact,
    fold,
)

_LABELS = "|".join(NAME_LABELS)
# Oxigraph scans a UNION faster than a path
# ?key is the folded name; ?class the wanted class (left unbound for any).
_MATCH = (
    NAME_PREFIXES
    + f"""SELECT DISTINCT ?entity ?label WHERE {{
  {ANY_NAME_LABEL}
  FILTER ({FOLD} = ?key)
  FILTER EXISTS {{ ?entity a ?class }}
}}"""
)
# The same match through the embedded store's name index: the same rows, without a scan of every label.
_MATCH_INDEXED = _MATCH.replace(
    ANY_NAME_LABEL, f"GRAPH <{NAMES_GRAPH}> {{ ?entity <{NAME_KEY}> ?key }}\n  ?entity {_LABELS} ?label ."
)
# Section headings and document titles are long: a section or a document is also found by a part of its name.
_WITHIN_KINDS = ("section", "document")
_WITHIN = (
    NAME_PREFIXES
    + f"""SELECT DISTINCT ?entity ?label WHERE {{
  ?entity a ?class ;
          {_LABELS} ?label .
  FILTER (CONTAINS({FOLD}, ?key))
}}"""
)
_DESCRIBE = (
    NAME_PREFIXES
    + """SELECT ?class ?name WHERE {
  ?entity a ?class .
  OPTIONAL { ?entity rdfs:label|skos:prefLabel ?name }
}"""
)
_ALL_LABELS = (
    NAME_PREFIXES
    + f"""SELECT DISTINCT ?label WHERE {{
  ?entity a ?class ; {_LABELS} ?label .
}}"""
)
# The Chinese names and glosses of a class, and whether any of its entities has an English label.
_GLOSSES = (
    NAME_PREFIXES
    + """SELECT ?label ?gloss ?en WHERE {
  ?entity a ?class ; rdfs:label ?label .
  FILTER (LANG(?label) = "zh")
  OPTIONAL { ?entity dckg:gloss ?gloss }
  OPTIONAL { ?entity rdfs:label ?en FILTER (LANG(?en) = "en") }
}"""
)


@dataclass(frozen=True)
class Candidate:
    """An entity a name resolves to: IRI, classes, Chinese and English names, and the label that matched."""

    iri: URIRef
    classes: tuple[str, ...]
    zh: str
    en: str
    matched: str

    @property
    def is_agency(self) -> bool:
        return "dckg:Agency" in self.classes

    def describe(self) -> str:
        names = " / ".join(n for n in (self.zh, self.en) if n)
        return f"{compact(self.iri)}  {names}  [{', '.join(self.classes)}]"


def candidates(store: Store, name: str, kind: str | None = None) -> list[Candidate]:
    """Every entity ``name`` names (of ``kind`` when given), bodies (dckg:Agency) first, then by IRI."""
    cls = _class(kind)
    iri = as_iri(name)
    if iri is not None:
        info = _describe(store, iri)
        if not info[0] or (cls is not None and compact(str(cls)) not in info[0]):
            return []
        return [Candidate(iri, *info, matched=str(iri))]
    bindings = {"key": Literal(fold(name))} | ({"class": cls} if cls is not None else {})
    answer = select(store, _MATCH_INDEXED if store.name_index else _MATCH, bindings)
    if not answer.rows and kind in _WITHIN_KINDS:
        answer = select(store, _WITHIN, bindings)
    matched: dict[URIRef, str] = {}
    for row in answer.dicts():
        matched.setdefault(row["entity"], str(row["label"]))
    found = [Candidate(e, *_describe(store, e), matched=label) for e, label in matched.items()]
    return sorted(found, key=lambda c: (not c.is_agency, str(c.iri)))


def _class(kind: str | None) -> URIRef | None:
    if kind is None:
        return None
    if kind not in CLASSES:
        raise QueryError(f"unknown kind of entity {kind!r}; choose one of {', '.join(CLASSES)}")
    return CLASSES[kind]


def _describe(store: Store, iri: URIRef) -> tuple[tuple[str, ...], str, str]:
    answer = select(store, _DESCRIBE, {"entity": iri})
    classes = sorted({compact(str(r["class"])) for r in answer.dicts()})
    names = [r["name"] for r in answer.dicts() if "name" in r]
    zh = min((str(n) for n in names if getattr(n, "language", None) == "zh"), default="")
    en = min((str(n) for n in names if getattr(n, "language", None) == "en"), default="")
    return tuple(sorted(classes, key=lambda c: (not c.startswith("dckg:"), c))), zh, en


def resolve(store: Store, name: str, kind: str | None = None) -> Candidate:
    """The one entity ``name`` names; several raise AmbiguousNameError, none UnknownNameError with suggestions."""
    found = candidates(store, name, kind)
    what = kind or "entity"
    if len(found) == 1:
        return found[0]
    if found:
        listing = "\n".join(f"  {c.describe()}" for c in found)
        raise AmbiguousNameError(
            f"{name!r} names {len(found)} entities; choose one and give its IRI:\n{listing}", found
        )
    english = english_suggestions(store, name, kind) if kind in CLASSES else None
    if english:
        near = [label for label, _ in english]
        hint = f"; {kind} names are Chinese, perhaps: {with_glosses(english)}"
    else:
        near = suggestions(store, name, kind)
        hint = f"; nearest names: {', '.join(near)}" if near else ""
    raise UnknownNameError(f"no {what} named {name!r} in the graph{hint}", near)


def _stems(text: str) -> set[str]:
    return {re.sub(r"(?<=[a-z]{3})(?:es|s)$", "", w) for w in re.findall(r"[a-z0-9]+", text.lower())}


def english_suggestions(store: Store, text: str, kind: str, n: int = 5) -> list[tuple[str, str]] | None:
    """For an English ``text`` and a class none of whose entities has an English label: its Chinese names whose
    glosses share the most words with the text, with the glosses; None when the text is not English or the
    class has English names."""
    if re.search(r"[\u3400-\u9fff]", text) or not re.search(r"[A-Za-z]", text):
        return None
    answer = select(store, _GLOSSES, {"class": CLASSES[kind]})
    rows = answer.dicts()
    if any("en" in r for r in rows):
        return None
    words = _stems(text)
    scored = {
        (-len(words & _stems(str(r["gloss"]))), len(str(r["gloss"])), str(r["label"]), str(r["gloss"]))
        for r in rows
        if "gloss" in r and words & _stems(str(r["gloss"]))
    }
    return [(label, gloss) for *_, label, gloss in sorted(scored)[:n]]


def with_glosses(names: list[tuple[str, str]]) -> str:
    """Chinese names with their machine-made glosses: ``5G基站数 (number of 5G base stations), …``."""
    return ", ".join(f"{label} ({gloss})" for label, gloss in names)


def suggestions(store: Store, name: str, kind: str | None = None, n: int = 5) -> list[str]:
    """The labels nearest to ``name``: labels containing it (or contained in it) first, then similar ones."""
    cls = _class(kind)
    answer = select(store, _ALL_LABELS, {"class": cls} if cls is not None else {})
    labels = sorted({str(r[0]) for r in answer.rows})
    by_key: dict[str, str] = {}
    for label in labels:
        by_key.setdefault(fold(label), label)
    key = fold(name)
    if not key:
        return []
    within = sorted((k for k in by_key if key in k or (len(k) > 1 and k in key)), key=lambda k: (len(k), k))
    similar = difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.5)
    chosen = list(dict.fromkeys([*within, *similar]))[:n]
    return [by_key[k] for k in chosen]


_REPORTS = (
    NAME_PREFIXES
    + """SELECT ?report ?title ?year WHERE {
  ?report a dckg:SourceReport ; dcterms:title ?title .
  OPTIONAL { ?report dckg:year ?year }
} ORDER BY ?report"""
)


@dataclass(frozen=True)
class ReportEntry:
    """A source report of the graph: its IRI, title and year (0 when it states none)."""

    iri: URIRef
    title: str
    year: int


def reports(store: Store) -> list[ReportEntry]:
    """The source reports in the graph, by IRI."""
    rows = select(store, _REPORTS).dicts()
    return [ReportEntry(r["report"], str(r["title"]), int(str(r["year"])) if r.get("year") else 0) for r in rows]


def resolve_report(store: Store, name: str) -> ReportEntry:
    """The one report ``name`` names: its IRI, its year (2023), or its title or a part of it, in any spacing."""
    known = reports(store)
    iri, key = as_iri(name), fold(name)
    found = (
        [r for r in known if r.iri == iri]
        if iri is not None
        else [r for r in known if str(r.year) == name.strip()]
        or [r for r in known if fold(r.title) == key]
        or [r for r in known if key and key in fold(r.title)]
    )
    if len(found) == 1:
        return found[0]
    listing = "\n".join(f"  {r.iri}  {r.title}" for r in (found or known))
    if found:
        raise AmbiguousNameError(f"{name!r} names {len(found)} reports; give one's IRI or title:\n{listing}", found)
    raise UnknownNameError(f"no report named {name!r} in the graph; its reports:\n{listing}", [r.title for r in known])
