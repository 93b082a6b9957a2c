"""A remote SPARQL 1.1 endpoint reached through SPARQLWrapper (queries, updates, SPARQL JSON results as Rows), and
push: a graph replaced at an endpoint in one request, or the named graphs of a dataset each replaced (one SPARQL
Update for all, or one Graph Store Protocol PUT each, put back as they were when one fails)."""

from __future__ import annotations

import json
import urllib.error
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
    target = f"<{_checked(named_graph)}>" if named_graph else "the default graph"
    try:
        if store_endpoint:
            url = check_url(store_endpoint)
            _put(url, named_graph, _NTRIPLES, graph_data, timeout)
            return f"{target} at {url} (Graph Store Protocol PUT)"
        if not update_endpoint:
            raise EndpointConfigError("a push needs the endpoint's Graph Store URL or its update URL")
        EndpointStore(update_endpoint, update_endpoint, timeout).update(_replacing(named_graph, graph_data))
        return f"{target} at {update_endpoint} (SPARQL Update)"
    except EndpointTimeoutError as exc:
        raise EndpointTimeoutError(f"{exc}; the push is all or nothing, but whether it was applied is unknown") from exc


def push_graphs(
    graphs: Mapping[str, bytes],
    *,
    store_endpoint: str | None,
    update_endpoint: str | None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Replace each named graph of ``graphs`` (IRI: N-Triples) at the endpoint, and no other graph, all or nothing:
    by SPARQL Update in one request (one transaction); by the Graph Store Protocol one PUT per graph, after a GET of
    every target's content, which is put back (or the graph deleted, when it was absent) if any PUT fails."""
    for iri in graphs:
        _checked(iri)
    n = f"{len(graphs)} named graph{'s' * (len(graphs) != 1)}"
    if store_endpoint:
        url = check_url(store_endpoint)
        before = {iri: _get(url, iri, timeout) for iri in graphs}  # a failure here has changed nothing
        written: list[str] = []
        for iri, data in graphs.items():
            written.append(iri)  # the one whose PUT fails may be half applied: it is put back too
            try:
                _put(url, iri, _NTRIPLES, data, timeout)
            except EndpointError as exc:
                raise _rolled_back(exc, url, {g: before[g] for g in written}, timeout) from exc
        return f"{n} at {url} (Graph Store Protocol, a PUT each)"
    if not update_endpoint:
        raise EndpointConfigError("a push needs the endpoint's Graph Store URL or its update URL")
    text = " ;\n".join(_replacing(iri, data) for iri, data in graphs.items())
    try:
        EndpointStore(update_endpoint, update_endpoint, timeout).update(text)
    except EndpointTimeoutError as exc:
        raise EndpointTimeoutError(f"{exc}; the push is all or nothing, but whether it was applied is unknown") from exc
    return f"{n} at {update_endpoint} (SPARQL Update, one request)"


_NTRIPLES = "application/n-triples"


def _checked(iri: str) -> str:
    """``iri``, after refusing what is not an IRI (it would break the request it is written into)."""
    try:
        URIRef(iri).n3()
        ox.NamedNode(iri)
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
        raise QueryError(f"not an IRI: {iri!r}") from exc
    return iri


def _replacing(named_graph: str | None, graph_data: bytes) -> str:
    """The SPARQL Update that replaces a named graph (or the default graph) with ``graph_data`` (N-Triples)."""
    body = graph_data.decode("utf-8")
    if named_graph is None:
        return f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{body}}}"
    return f"DROP SILENT GRAPH <{named_graph}> ;\nINSERT DATA {{ GRAPH <{named_graph}> {{\n{body}}} }}"


def _graph_url(url: str, named_graph: str | None) -> str:
    """The Graph Store Protocol URL of a named graph (``?graph=IRI``) or of the default graph (``?default``)."""
    query = urllib.parse.urlencode({"graph": named_graph}) if named_graph else "default"
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"


def _put(url: str, named_graph: str | None, content_type: str, data: bytes, timeout: float) -> None:
    headers = {"Content-Type": content_type, **auth_headers()}
    request = urllib.request.Request(_graph_url(url, named_graph), data=data, method="PUT", headers=headers)
    call(url, timeout, lambda: open_url(request, timeout=timeout).read())


def _get(url: str, named_graph: str, timeout: float) -> tuple[str, bytes] | None:
    """A named graph's content type and content at the endpoint, or None when it is absent (404) or empty."""
    headers = {"Accept": _NTRIPLES, **auth_headers()}
    request = urllib.request.Request(_graph_url(url, named_graph), method="GET", headers=headers)

    def fetch() -> tuple[str, bytes] | None:
        try:
            with open_url(request, timeout=timeout) as response:
                return response.headers.get("Content-Type") or _NTRIPLES, response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise

    try:
        got = call(url, timeout, fetch)
    except EndpointError as exc:
        raise type(exc)(f"{exc}; reading <{named_graph}> before the push failed: nothing was changed") from exc
    return got if got is not None and got[1].strip() else None


def _rolled_back(
    exc: EndpointError, url: str, before: Mapping[str, tuple[str, bytes] | None], timeout: float
) -> EndpointError:
    """The error of a failed PUT, after putting every graph written so far back as it was (a PUT of its content,
    or a DELETE when it was absent); it says whether that worked, and if not which graphs may be changed."""
    failed: list[str] = []
    what = f"{exc}; the PUT of <{list(before)[-1]}> failed"
    for iri, content in before.items():
        try:
            if content is None:
                _delete(url, iri, timeout)
            else:
                _put(url, iri, content[0], content[1], timeout)
        except EndpointError:
            failed.append(iri)
    late = " (a request that timed out may still be applied later)" if isinstance(exc, EndpointTimeoutError) else ""
    if failed:
        graphs = ", ".join(f"<{g}>" for g in failed)
        return type(exc)(f"{what} and putting the graphs back failed too: {graphs} may be changed")
    return type(exc)(f"{what} and the push was rolled back: every target graph is as it was{late}")


def _delete(url: str, named_graph: str, timeout: float) -> None:
    """Delete a named graph; one that is already absent (404) is fine."""
    request = urllib.request.Request(_graph_url(url, named_graph), method="DELETE", headers=auth_headers())

    def send() -> None:
        try:
            open_url(request, timeout=timeout).read()
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                raise

    call(url, timeout, send)
