"""What every store shares: the answers (Rows, a bool, a Graph), the Store protocol, and parameters bound as a
VALUES block written by rdflib, so that a value stays a value in any store."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from rdflib import Graph
from rdflib.term import Identifier

from ..errors import QueryError

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a remote endpoint."""


@dataclass(frozen=True)
class Rows:
    """The answer to a SELECT query: column names and rows of rdflib terms (None where a column is unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Identifier | None, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Identifier]]:
        """The rows as dictionaries of the bound columns."""
        return [{c: v for c, v in zip(self.columns, row, strict=True) if v is not None} for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame of Python values (numbers, dates, strings; None where unbound)."""
        import pandas as pd

        values = [[None if v is None else v.toPython() for v in row] for row in self.rows]
        return pd.DataFrame(values, columns=list(self.columns))


Answer = Rows | bool | Graph
"""SELECT gives Rows, ASK a bool, CONSTRUCT and DESCRIBE a Graph."""


class Store(Protocol):
    """A place that answers SPARQL: ``bindings`` give values to variables without touching the query text.
    ``name_index`` says whether it keeps the name index (``terms.NAMES_GRAPH``) that lookup can use."""

    label: str
    name_index: bool

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer: ...

    def update(self, text: str) -> None: ...


def bind_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with a VALUES block for ``bindings`` opening its WHERE clause; the terms are written by rdflib
    (which escapes quotes, backslashes and newlines and refuses malformed IRIs), so a value stays a value.

    A sub-SELECT that projects some of the bound variables as plain variables gets a VALUES block of those too: the
    same rows (the outer block joins its answer anyway), but an engine evaluates a sub-SELECT on its own, so without
    it the sub-SELECT is computed for every value (indicator-series counted the values of every indicator)."""
    if not bindings:
        return text
    try:
        terms = {name: term.n3() for name, term in bindings.items()}
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
        raise QueryError(f"cannot bind parameter: {exc}") from exc
    for at, names in reversed(_where_braces(text, list(terms))):
        block = f" VALUES ({' '.join(f'?{n}' for n in names)}) {{ ({' '.join(terms[n] for n in names)}) }}"
        text = text[: at + 1] + block + text[at + 1 :]
    return text


_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)
_STRUCTURE = re.compile(
    rf"(?P<skip>{_SKIP.pattern})|(?P<brace>[{{}}])|(?P<select>(?<![\w?$:])SELECT(?!\w))", re.DOTALL | re.IGNORECASE
)
_PROJECTION = re.compile(
    rf"(?P<skip>{_SKIP.pattern})|(?P<paren>[()])|(?P<end>\{{|(?<![\w?$:])(?:WHERE|FROM)(?!\w))|[?$](?P<var>\w+)",
    re.DOTALL | re.IGNORECASE,
)


def _where_braces(text: str, names: list[str]) -> list[tuple[int, list[str]]]:
    """The ``{`` opening each WHERE clause that gets a VALUES block, in order, with the bound variables it gets:
    the query's own gets all; a sub-SELECT's those it names in its projection as plain variables and that the group
    around it sees (comments, strings and IRIs skipped)."""
    found: list[tuple[int, list[str]]] = []
    scopes: list[tuple[int, list[str]]] = []  # the WHERE groups open: brace depth outside, variables seen
    depth, pending, i = 0, names, 0  # before any SELECT: the first group (of an ASK, say) gets them all
    while m := _STRUCTURE.search(text, i):
        i = m.end()
        if m.group("select"):
            projected, i = _projection(text, i)
            seen = scopes[-1][1] if scopes else names
            pending = seen if not found else [n for n in seen if n in projected]
        elif m.group("brace") == "{":
            if pending is not None:
                found.append((m.start(), pending))
                scopes.append((depth, pending))
                pending = None
            depth += 1
        elif m.group("brace") == "}":
            depth -= 1
            while scopes and scopes[-1][0] >= depth:
                scopes.pop()
    if not found:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    return [(at, vars_) for at, vars_ in found if vars_]


def _projection(text: str, i: int) -> tuple[set[str], int]:
    """The plain variables a SELECT clause starting at ``i`` projects, and where the clause ends (at WHERE, FROM or
    ``{``); variables inside ``( … AS ?v)`` are not plain, and ``*`` names none."""
    projected: set[str] = set()
    parens = 0
    while m := _PROJECTION.search(text, i):
        if m.group("end") and parens == 0:
            return projected, m.start()
        i = m.end()
        if m.group("paren"):
            parens += 1 if m.group("paren") == "(" else -1
        elif m.group("var") and parens == 0:
            projected.add(m.group("var"))
    return projected, len(text)


def select(store: Store, text: str, bindings: Mapping[str, Identifier] | None = None) -> Rows:
    """The rows of a SELECT query on ``store`` (an answer of another form is a QueryError, not a wrong type)."""
    answer = store.query(text, bindings)
    if not isinstance(answer, Rows):
        raise QueryError(f"{store.label}: expected rows from a SELECT query, got {type(answer).__name__}")
    return answer


_WHERE = re.compile(r"^(?!#)[^\n]*?\b(WHERE\s*\{)", re.MULTILINE)


def from_graphs(text: str, graphs: list[str]) -> str:
    """``text`` with FROM clauses for ``graphs`` before its WHERE: the query reads their union only."""
    m = _WHERE.search(text)
    if m is None:
        raise QueryError("the query has no WHERE clause to read named graphs from")
    clauses = "".join(f"FROM <{g}>\n" for g in graphs)
    return text[: m.start(1)] + clauses + text[m.start(1) :]
