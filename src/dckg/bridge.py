"""Terms between Oxigraph and rdflib, both ways, and the rule every store follows: a literal typed xsd:string is
written as a plain literal, so that the same answer compares equal wherever it comes from."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def literal(lexical: str, lang: str | None = None, datatype: str | None = None) -> Literal:
    """An rdflib literal, plain when its datatype is xsd:string.

    >>> literal("x", datatype=XSD_STRING) == Literal("x")
    True
    """
    if lang:
        return Literal(lexical, lang=lang)
    return Literal(lexical, datatype=URIRef(datatype) if datatype and datatype != XSD_STRING else None)


def plain(term: Identifier | None) -> Identifier | None:
    """The same term, a literal without an explicit xsd:string datatype."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Identifier | None:
    """The rdflib term of an Oxigraph term (None stays None: an unbound column)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return literal(term.value, term.language, term.datatype.value)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return ox.BlankNode(str(term))
