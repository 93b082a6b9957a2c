"""Named queries and the user's own SPARQL: read the .rq headers, bind parameters safely, run on any store.

A named query is a ``queries/*.rq`` file whose first comment lines are its header::

    # name: policies-by-agency
    # description: one line (continued on comment lines indented by two or more spaces)
    # param: agency agency The issuing body          (var, kind, description; kind? = optional)
    # example: dckg query policies-by-agency --agency "national data bureau"

Parameters become SPARQL bindings of the variable of the same name (the store binds them: substitutions in
Oxigraph, initBindings in rdflib, a VALUES block written by rdflib for a remote endpoint); an entity kind
accepts a name, resolved by :mod:`dckg.lookup`, or an IRI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Literal
from rdflib.term import Identifier

from . import lookup
from .errors import QueryError, UpdateRefusedError
from .ids import shared_graph_iri
from .store import Answer, EndpointStore, Rows, Store, from_graphs, select
from .terms import KINDS, PREFIXES, as_iri

SHARED_GRAPH = shared_graph_iri()

_HEADER = re.compile(r"^#\s*(name|description|param|example):\s*(.*?)\s*$")
_CONTINUED = re.compile(r"^#\s{2,}(\S.*?)\s*$")
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: SPARQL variable, kind of value, description, whether it may be left out."""

    name: str
    kind: str
    description: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its header and its SPARQL text."""

    name: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]
    text: str


def parse_named(text: str, origin: str) -> NamedQuery:
    """Read the header of a named query; a header that is incomplete or names an unknown kind is an error."""
    fields: dict[str, list[str]] = {"name": [], "description": [], "param": [], "example": []}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _HEADER.match(line):
            last = m.group(1)
            fields[last].append(m.group(2))
        elif (m := _CONTINUED.match(line)) and last:
            fields[last][-1] += " " + m.group(1)
    if len(fields["name"]) != 1 or len(fields["description"]) != 1:
        raise QueryError(f"{origin}: the header needs one '# name:' and one '# description:' line")
    params = []
    for spec in fields["param"]:
        parts = spec.split(None, 2)
        kind = parts[1].rstrip("?") if len(parts) > 1 else ""
        if len(parts) < 3 or kind not in KINDS or not re.fullmatch(r"[A-Za-z_]\w*", parts[0]):
            raise QueryError(f"{origin}: bad '# param: {spec}' (expected: var kind description; kinds {KINDS})")
        params.append(Param(parts[0], kind, parts[2], parts[1].endswith("?")))
    if statement_kind(text) != "SELECT":
        raise QueryError(f"{origin}: a named query must be a SELECT query")
    return NamedQuery(fields["name"][0], fields["description"][0], tuple(params), tuple(fields["example"]), text)


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every named query of the package, by name."""
    found: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("dckg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            q = parse_named(entry.read_text(encoding="utf-8"), f"queries/{entry.name}")
            if q.name in found:
                raise QueryError(f"queries/{entry.name}: the name {q.name!r} is used twice")
            found[q.name] = q
    return found


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name suggests the nearest ones."""
    queries = named_queries()
    if name not in queries:
        near = sorted((d, q) for q in queries if (d := edit_distance(name, q)) <= max(2, len(q) // 4))
        hint = f"; did you mean {near[0][1]}?" if near else f"; the named queries are: {', '.join(sorted(queries))}"
        raise QueryError(f"no named query {name!r}{hint}")
    return queries[name]


def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance of two strings: insertions, deletions and substitutions of one character."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def bind(store: Store, query: NamedQuery, values: Mapping[str, str | None]) -> dict[str, Identifier]:
    """The bindings of a named query's parameters: names resolved to IRIs, text as plain literals."""
    unknown = set(values) - {p.name for p in query.params}
    if unknown:
        raise QueryError(f"{query.name} has no parameter {', '.join(sorted(unknown))}")
    bindings: dict[str, Identifier] = {}
    for p in query.params:
        value = values.get(p.name)
        if value is None or not str(value).strip():
            if not p.optional:
                raise QueryError(f"{query.name} needs --{p.name} ({p.description})")
            continue
        value = str(value).strip()
        if p.kind in ("text", "period"):
            bindings[p.name] = Literal(value)
        elif p.kind == "iri":
            iri = as_iri(value)
            if iri is None:
                raise QueryError(f"--{p.name}: not an IRI: {value!r}")
            bindings[p.name] = iri
        else:
            bindings[p.name] = lookup.resolve(store, value, p.kind).iri
    return bindings


def run_named(store: Store, name: str, report: str | None = None, **values: str | None) -> Rows:
    """Run the named query ``name`` with its parameters given by variable name; with ``report`` (a title, a year
    or an IRI) on that report's graph and the shared graph only."""
    query = get(name)
    bindings = bind(store, query, values)
    text = query.text if report is None else within_report(store, query.text, report)
    return select(store, text, bindings)


def within_report(store: Store, text: str, name: str) -> str:
    """``text`` made to read one report's named graph and the shared graph (FROM clauses before its WHERE). A graph
    without named graphs holds one report only: a query of it is then left as it is."""
    graph = report_graph(store, name)
    return text if graph is None else from_graphs(text, [graph, SHARED_GRAPH])


def report_graph(store: Store, name: str) -> str | None:
    """The named graph of the report ``name`` (a title, a year or an IRI) in ``store``; None when the store holds
    one report and no named graphs (its default graph is that report's)."""
    entry = lookup.resolve_report(store, name)
    if select(store, f"SELECT ?s WHERE {{ GRAPH <{entry.iri}> {{ ?s ?p ?o }} }} LIMIT 1").rows:
        return str(entry.iri)
    if len(lookup.reports(store)) == 1:
        return None
    raise QueryError(
        f"this graph has its reports in one graph: keeping to {entry.title} needs a dataset (.trig, .nq) or a workspace"
    )


def empty_answer_notes(store: Store, name: str, **values: str | None) -> list[str]:
    """Why an empty answer of the named query ``name`` may be empty: an English text was looked for in the names
    of a class whose names are Chinese only (--indicator "5G towers"); with the Chinese names it likely means."""
    notes = []
    for p in get(name).params:
        value = values.get(p.name)
        if p.kind != "text" or p.name not in lookup.CLASSES or not value:
            continue
        near = lookup.english_suggestions(store, value, p.name)
        if near is not None:
            hint = f"; perhaps: {lookup.with_glosses(near)}" if near else ""
            notes.append(
                f"note: no {p.name} has {value!r} in its name: {p.name} names are Chinese (some have a "
                f"machine-made English gloss){hint}"
            )
    return notes


def statement_kind(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK for a query, UPDATE for a SPARQL Update (from its first keyword).

    >>> statement_kind("PREFIX x: <http://x#> select * {}"), statement_kind("DROP ALL")
    ('SELECT', 'UPDATE')
    """
    rest = text[_PROLOGUE.match(text).end() :]
    word = (re.match(r"[A-Za-z]+", rest) or re.match(r"", rest)).group(0).upper()
    if word in _QUERY_FORMS:
        return word
    if word in _UPDATE_FORMS:
        return "UPDATE"
    line = text[: len(text) - len(rest)].count("\n") + 1
    col = len(text[: len(text) - len(rest)].rsplit("\n", 1)[-1]) + 1
    found = repr(rest.split(None, 1)[0][:30]) if rest.strip() else "the end of the text"
    expected = "SELECT, CONSTRUCT, DESCRIBE, ASK or an update"
    raise QueryError(f"malformed query: error at {line}:{col}: expected {expected}, found {found}")


# What SPARQL can say that a store would fetch from the network; strings, IRIs and comments are removed first.
_NOT_KEYWORDS = re.compile(
    "|".join(
        (
            r'"""[\s\S]*?"""',  # long strings
            r"'''[\s\S]*?'''",
            r'"(?:[^"\\\n]|\\.)*"',  # short strings
            r"'(?:[^'\\\n]|\\.)*'",
            r"<[^<>\s]*>",  # IRIs
            r"#[^\n]*",  # comments
        )
    )
)
_FETCHES = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:])", re.IGNORECASE)


def check_offline(text: str) -> None:
    """Refuse SERVICE and LOAD: the embedded store would fetch from the network, which dckg does only at an
    endpoint the user names."""
    if m := _FETCHES.search(_NOT_KEYWORDS.sub(" ", text)):
        raise QueryError(
            f"{m.group(1).upper()} would make the embedded store fetch from the network, which it does not do; "
            "run the query at an endpoint (--endpoint) instead"
        )


def run(store: Store | None, text: str, allow_update: bool = False) -> Answer | None:
    """Run the user's own SPARQL: a query gives its answer; an update runs only with ``allow_update``.
    dckg's prefixes need not be declared (``with_prefixes``). The embedded stores never fetch (no SERVICE, no LOAD).
    An update that is refused needs no store (None)."""
    if not isinstance(store, EndpointStore):
        check_offline(text)
    kind = statement_kind(text)
    if kind == "UPDATE" and not allow_update:
        raise UpdateRefusedError("this is a SPARQL Update and queries are read-only; add --allow-update to run it")
    full = with_prefixes(text)
    try:
        if kind != "UPDATE":
            return store.query(full)
        store.update(full)
    except QueryError as exc:
        raise QueryError(readable_syntax_error(str(exc), full, len(full) - len(text))) from exc
    return None


def with_prefixes(text: str) -> str:
    """``text`` with a PREFIX declaration, on its first line, for each of dckg's prefixes it uses but does not
    declare (declared ones win), so that line numbers stay those of ``text``; a prefix that is neither is an error.

    >>> with_prefixes("PREFIX rdfs: <urn:x#> SELECT * { ?s rdfs:label ?o ; skos:note ?n }")[:53]
    'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> P'
    >>> with_prefixes("SELECT * { ?s a foo:Bar }")
    Traceback (most recent call last):
    dckg.errors.QueryError: malformed query: unknown prefix foo: at line 1, column 17
    """
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([^\s:]*):", text, re.IGNORECASE)}
    plain = _NOT_KEYWORDS.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)  # same offsets, no strings or IRIs
    missing = []
    for m in re.finditer(r"(?<![\w:?$\\.-])([A-Za-z][\w.-]*)?:", plain):
        name = m.group(1) or ""
        if name.lower() in declared or name in missing:
            continue
        if name not in PREFIXES:
            line = plain.count("\n", 0, m.start()) + 1
            column = m.start() - (plain.rfind("\n", 0, m.start()) + 1) + 1
            raise QueryError(f"malformed query: unknown prefix {name}: at line {line}, column {column}")
        missing.append(name)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in missing) + text


_SYNTAX = re.compile(r"^(malformed (?:query|update)): error at (\d+):(\d+): (.*)", re.DOTALL)


def readable_syntax_error(message: str, text: str, shift: int) -> str:
    """Oxigraph's syntax error as one readable line, at the line and column of the user's ``text`` (``shift``
    characters were put before its first line), without the lists of Unicode ranges it may give.

    >>> readable_syntax_error("malformed query: error at 1:30: expected one of LATERAL, ['a' ..= 'z']", "", 10)
    'malformed query: at line 1, column 20: expected one of LATERAL'
    """
    m = _SYNTAX.match(message)
    if not m:
        return message
    what, line, column = m.group(1), int(m.group(2)), int(m.group(3)) - (shift if m.group(2) == "1" else 0)
    expected = re.sub(r",?\s*\[[^\]]*\.\.=[^\]]*\]", "", " ".join(m.group(4).split()))
    return f"{what}: at line {line}, column {column}: {expected.strip(' ,')}"
