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
    (which escapes quotes, backslashes and newlines and refuses malformed IRIs), so a value stays a value."""
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    try:
        terms = " ".join(term.n3() for term in bindings.values())
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
        raise QueryError(f"cannot bind parameter: {exc}") from exc
    at = _where_brace(text)
    return f"{text[: at + 1]} VALUES ({names}) {{ ({terms}) }}{text[at + 1 :]}"


_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>',
    re.DOTALL,
)


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens a SELECT query's WHERE clause (comments, strings and IRIs skipped)."""
    i = 0
    while i < len(text):
        m = _SKIP.match(text, i)
        if m:
            i = m.end()
            continue
        if text[i] == "{":
            return i
        i += 1
    raise QueryError("the query has no WHERE clause to bind parameters in")


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
