"""A remote SPARQL 1.1 endpoint reached through SPARQLWrapper (queries, updates, SPARQL JSON results as Rows), and
push: a graph replaced at an endpoint in one request, by the Graph Store Protocol or by SPARQL Update."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE

from ..bridge import literal
from ..errors import EndpointConfigError, EndpointError, EndpointTimeoutError, QueryError
from .base import DEFAULT_TIMEOUT, Answer, Rows, bind_values
from .http import Wrapper, auth_headers, call, check_url, excerpt, open_url


class EndpointStore:
    """A remote SPARQL 1.1 endpoint (query URL, optional update URL), with a timeout and credentials taken
    from the environment (DCKG_ENDPOINT_USER and DCKG_ENDPOINT_PASSWORD, or DCKG_ENDPOINT_TOKEN)."""

    name_index = False

    def __init__(self, url: str, update_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = check_url(url)
        self.update_url = check_url(update_url) if update_url else None
        self.timeout = timeout
        self.label = f"endpoint {self.url}"

    def _wrapper(self, url: str) -> Wrapper:
        sparql = Wrapper(url)
        sparql.timeout = self.timeout  # not setTimeout, which truncates to whole seconds
        for name, value in auth_headers().items():
            sparql.addCustomHttpHeader(name, value)
        return sparql

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer:
        sparql = self._wrapper(self.url)
        sparql.setQuery(bind_values(text, bindings or {}))
        sparql.setMethod(POST)
        graph_answer = sparql.queryType in ("CONSTRUCT", "DESCRIBE")
        sparql.setReturnFormat(TURTLE if graph_answer else JSON)
        content_type, body = call(self.url, self.timeout, lambda: _read(sparql.query().response))
        try:
            if graph_answer:
                return Graph(bind_namespaces="none").parse(data=body.decode("utf-8"), format="turtle")
            return _from_results(json.loads(body))
        except Exception as exc:  # rdflib, json and a malformed result structure raise many types
            kind = "Turtle" if graph_answer else "SPARQL JSON results"
            raise EndpointError(
                f"{self.url} did not answer with {kind} ({content_type or 'no content type'}): {excerpt(body)}"
            ) from exc

    def update(self, text: str) -> None:
        if not self.update_url:
            raise QueryError("an update needs the endpoint's update URL (--update-endpoint)")
        sparql = self._wrapper(self.update_url)
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
        sparql.setQuery(text)
        call(self.update_url, self.timeout, lambda: _read(sparql.query().response))


def _read(response) -> tuple[str, bytes]:
    """The content type and the whole body of an HTTP response."""
    return response.headers.get("Content-Type", ""), response.read()


def _from_results(results: dict) -> Rows | bool:
    """SPARQL JSON results as Rows, or a bool for an ASK query."""
    if "boolean" in results:
        return bool(results["boolean"])
    columns = tuple(results["head"]["vars"])
    bindings = results.get("results", {}).get("bindings", [])
    return Rows(columns, tuple(tuple(_from_json(b.get(c)) for c in columns) for b in bindings))


def _from_json(value: dict | None) -> Identifier | None:
    if value is None:
        return None
    kind, lexical = value["type"], value["value"]
    if kind == "uri":
        return URIRef(lexical)
    if kind == "bnode":
        return BNode(lexical)
    return literal(lexical, value.get("xml:lang"), value.get("datatype"))


def push(
    graph_data: bytes,
    *,
    store_endpoint: str | None,
    update_endpoint: str | None,
    named_graph: str | None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Replace the endpoint's target graph with ``graph_data`` (N-Triples) in one request, so that a failed
    push leaves the target as it was. Returns a description of where the graph went."""
    target = f"<{named_graph}>" if named_graph else "the default graph"
    if named_graph:
        try:
            URIRef(named_graph).n3()
            ox.NamedNode(named_graph)
        except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
            raise QueryError(f"not an IRI: {named_graph!r}") from exc
    try:
        if store_endpoint:
            url = check_url(store_endpoint)
            query = urllib.parse.urlencode({"graph": named_graph}) if named_graph else "default"
            sep = "&" if urllib.parse.urlsplit(url).query else "?"
            request = urllib.request.Request(
                f"{url}{sep}{query}",
                data=graph_data,
                method="PUT",
                headers={"Content-Type": "application/n-triples", **auth_headers()},
            )
            call(url, timeout, lambda: open_url(request, timeout=timeout).read())
            return f"{target} at {url} (Graph Store Protocol PUT)"
        if not update_endpoint:
            raise EndpointConfigError("a push needs the endpoint's Graph Store URL or its update URL")
        clear = f"DROP SILENT GRAPH {target}" if named_graph else "DROP SILENT DEFAULT"
        body = graph_data.decode("utf-8")
        insert = f"INSERT DATA {{ GRAPH {target} {{\n{body}}} }}" if named_graph else f"INSERT DATA {{\n{body}}}"
        EndpointStore(update_endpoint, update_endpoint, timeout).update(f"{clear} ;\n{insert}")
        return f"{target} at {update_endpoint} (SPARQL Update)"
    except EndpointTimeoutError as exc:
        raise EndpointTimeoutError(f"{exc}; the push is all or nothing, but whether it was applied is unknown") from exc
