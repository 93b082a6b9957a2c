"""Render query answers for people and programs: an aligned table, CSV, JSON or a Markdown table.

Tables and Markdown show IRIs as dckg prefixed names (tables also cut long texts); CSV and JSON keep every
value whole, IRIs in full. JSON gives numbers as numbers and booleans as booleans; an xsd:decimal keeps its
exact digits (written as they are, not through a float); CSV stays text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Graph, Literal
from rdflib.term import Identifier

from .export import serialize
from .store.base import Answer, Rows
from .terms import compact, new_graph

FORMATS = ("table", "csv", "json", "md")
_CELL_WIDTH = 60


def render(answer: Answer, fmt: str = "table") -> str:
    """The text of an answer: rows in ``fmt``; a yes/no answer as true or false; a graph as Turtle (JSON-LD
    for ``json``)."""
    if isinstance(answer, bool):
        return json.dumps({"boolean": answer}) + "\n" if fmt == "json" else f"{str(answer).lower()}\n"
    if isinstance(answer, Graph):
        graph = new_graph()
        for triple in answer:
            graph.add(triple)
        return serialize(graph, "jsonld" if fmt == "json" else "ttl").decode("utf-8")
    return {"table": _table, "csv": _csv, "json": _json, "md": _markdown}[fmt](answer)


def _full(term: Identifier | None) -> str:
    return "" if term is None else str(term)


def _short(term: Identifier | None) -> str:
    if term is None:
        return ""
    text = str(term) if isinstance(term, Literal) else compact(str(term))
    return " ".join(text.split())


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two.

    >>> width("国家数据局 NDA")
    14
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, limit: int = _CELL_WIDTH) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _table(rows: Rows) -> str:
    cells = [[_cut(_short(v)) if isinstance(v, Literal) else _short(v) for v in row] for row in rows.rows]
    widths = [max([width(c), *(width(r[i]) for r in cells)]) for i, c in enumerate(rows.columns)]

    def line(values: list[str] | tuple[str, ...]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(rows.columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _csv(rows: Rows) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(rows.columns)
    writer.writerows([_full(v) for v in row] for row in rows.rows)
    return buf.getvalue()


_INTEGERS = {XSD[t] for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger")}
_INTEGERS |= {XSD[t] for t in ("nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt")}
_INTEGERS |= {XSD[t] for t in ("unsignedShort", "unsignedByte")}


class _Digits(str):
    """A decimal's exact digits, written into JSON as a number (json.dumps would go through a float)."""


def _typed(term: Identifier | None) -> object:
    """A value as JSON: an integer or a boolean as such, a double as a number, a decimal as its exact digits,
    anything else (and an ill-typed literal) as text."""
    if not isinstance(term, Literal) or term.datatype is None:
        return None if term is None else str(term)
    text = str(term).strip()
    try:
        if term.datatype in _INTEGERS:
            return int(text)
        if term.datatype == XSD.boolean and text in ("true", "false", "1", "0"):
            return text in ("true", "1")
        if term.datatype == XSD.decimal:
            return _Digits(format(Decimal(text), "f")) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text) else text
        if term.datatype in (XSD.double, XSD.float) and (number := float(text)) not in (float("inf"), float("-inf")):
            return number if number == number else text  # NaN is no JSON number
    except (ValueError, InvalidOperation):
        pass
    return str(term)


def _json(rows: Rows) -> str:
    """The rows as a JSON array of objects, laid out as ``json.dumps(..., indent=1)`` lays it out."""

    def value(v: object) -> str:
        return str(v) if isinstance(v, _Digits) else json.dumps(v, ensure_ascii=False)

    objects = [
        ",\n".join(
            f"  {json.dumps(c, ensure_ascii=False)}: {value(_typed(v))}" for c, v in zip(rows.columns, row, strict=True)
        )
        for row in rows.rows
    ]
    if not objects:
        return "[]\n"
    return "[\n" + ",\n".join(f" {{\n{o}\n }}" if o else " {}" for o in objects) + "\n]\n"


def _markdown(rows: Rows) -> str:
    def line(values) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    out = [line(rows.columns), line(["---"] * len(rows.columns))]
    out += [line([_short(v) for v in row]) for row in rows.rows]
    return "\n".join(out) + "\n"
