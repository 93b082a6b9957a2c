"""Where queries run, behind one small interface: the embedded Oxigraph store (in memory or persistent on
disk), rdflib's in-memory graph (the baseline the embedded store was measured against), or a remote SPARQL 1.1
endpoint reached through SPARQLWrapper. Every store answers with rdflib terms, so results compare equal."""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import http.client
import ipaddress
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper
from SPARQLWrapper import Wrapper as SPARQLWrapper_module
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from .errors import (
    EndpointAuthError,
    EndpointConfigError,
    EndpointError,
    EndpointTimeoutError,
    GraphInputError,
    QueryError,
    StoreError,
)
from .export import check_graph_file, write_atomic

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
USER_ENV, PASSWORD_ENV, TOKEN_ENV = "DCKG_ENDPOINT_USER", "DCKG_ENDPOINT_PASSWORD", "DCKG_ENDPOINT_TOKEN"
DEFAULT_TIMEOUT = 30.0
LABELS = ("rdfs:label", "skos:prefLabel", "skos:altLabel", "dcterms:title", "skos:notation", "dckg:gloss")
NAME_PREFIXES = """PREFIX dckg: <https://w3id.org/dckg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
FOLD = 'LCASE(REPLACE(STR(?label), "[\\\\s\u3000]+", ""))'
"""A label folded for name matching in SPARQL: white space (also the ideographic space) removed, lower case."""
NAMES_GRAPH, NAME_KEY = "urn:x-dckg:names", "urn:x-dckg:name-key"
_INDEX_NAMES = (
    NAME_PREFIXES
    + f"""DROP SILENT GRAPH <{NAMES_GRAPH}> ;
INSERT {{ GRAPH <{NAMES_GRAPH}> {{ ?entity <{NAME_KEY}> ?key }} }}
WHERE {{ {{ {" } UNION { ".join(f"?entity {p} ?label" for p in LABELS)} }} BIND ({FOLD} AS ?key) }}"""
)
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
"""Oxigraph's format for each graph format of ``export.GRAPH_SUFFIXES``."""


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
    """A place that answers SPARQL: ``bindings`` give values to variables without touching the query text."""

    label: str

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer: ...

    def update(self, text: str) -> None: ...


# ---------------------------------------------------------------------------------------------------- embedded


def _from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Identifier | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


class OxigraphStore:
    """The embedded default: a pyoxigraph store, queried natively. Parameters go in as a VALUES block written
    by rdflib, as for a remote endpoint (Oxigraph's substitutions only reach projected variables).

    Beside the graph (the default graph) it keeps a name index in the named graph ``urn:x-dckg:names``: one
    folded key per label, so that resolving a name is an index look-up instead of a scan of every label.
    """

    name_index = True

    def __init__(self, store: ox.Store, label: str = "embedded Oxigraph store", index: bool = True) -> None:
        self._store = store
        self.label = label
        if index:
            self._store.update(_INDEX_NAMES)

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """An in-memory store holding a copy of an rdflib graph."""
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        return cls(store)

    @classmethod
    def from_file(cls, path: str | Path) -> OxigraphStore:
        """An in-memory store holding a graph file, parsed by Oxigraph (much faster than rdflib on big files)."""
        store = ox.Store()
        _load_file(store, Path(path), bulk=False)
        return cls(store, f"embedded Oxigraph store of {path}")

    @property
    def graph(self) -> Graph:
        """The same data as an rdflib Graph (through oxrdflib, no copy): the API notebooks use."""
        from oxrdflib import OxigraphStore as RdflibBridge

        return Graph(store=RdflibBridge(store=self._store), identifier=DATASET_DEFAULT_GRAPH_ID)

    def __len__(self) -> int:
        """Triples in the graph (the name index not counted)."""
        return int(next(iter(self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)

    def ntriples(self) -> bytes:
        """The default graph as N-Triples."""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer:
        try:
            result = self._store.query(bind_values(text, bindings or {}))
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                columns = tuple(v.value for v in result.variables)
                return Rows(columns, tuple(tuple(_from_ox(s[i]) for i in range(len(columns))) for s in result))
            graph = Graph(bind_namespaces="none")
            for t in result:
                graph.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
            return graph
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.label}: {exc}") from exc
        except (RuntimeError, ValueError) as exc:  # evaluation errors, e.g. a SERVICE that cannot be reached
            raise QueryError(f"the query failed: {exc}") from exc

    def update(self, text: str) -> None:
        try:
            self._store.update(text)
            self._store.update(_INDEX_NAMES)
            self._store.flush()
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.label}: {exc}") from exc


def _load_file(store: ox.Store, path: Path, bulk: bool) -> None:
    fmt = _OX_FORMATS[check_graph_file(path)]
    try:
        (store.bulk_load if bulk else store.load)(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise GraphInputError(f"{path}: not a readable {fmt.name} graph: {exc}") from exc
    if len(store) == 0:
        raise GraphInputError(f"{path}: the graph is empty")


class RdflibStore:
    """rdflib's in-memory store: the baseline of the benchmark and a cross-check in the tests. As a careful
    rdflib user would, it parses each query once and, unless ``index`` is False, keeps the same name index as
    the embedded store (so that the comparison is of the engines, not of a scan against an index)."""

    def __init__(self, graph: Graph, index: bool = True) -> None:
        self.dataset = Dataset()
        self.graph = self.dataset.graph(DATASET_DEFAULT_GRAPH_ID)
        self.graph += graph
        self.label = "rdflib in-memory graph"
        self.name_index = index
        if index:
            self.dataset.update(_INDEX_NAMES)

    def query(self, text: str, bindings: Mapping[str, Identifier] | None = None) -> Answer:
        try:
            result = self.dataset.query(_prepared(text), initBindings=dict(bindings or {}))
        except Exception as exc:  # pyparsing and rdflib raise many types for a bad query
            raise QueryError(f"malformed query: {str(exc).splitlines()[0]}") from exc
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            columns = tuple(str(v) for v in result.vars)
            return Rows(columns, tuple(tuple(_plain(row[i]) for i in range(len(columns))) for row in result))
        return result.graph

    def update(self, text: str) -> None:
        self.dataset.update(text)
        if self.name_index:
            self.dataset.update(_INDEX_NAMES)


@lru_cache(maxsize=64)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _plain(term: Identifier | None) -> Identifier | None:
    """The same literal without an explicit xsd:string datatype, as every store here reports it."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def open_store(
    source: Graph | str | Path | None = None,
    *,
    store_path: str | Path | None = None,
    endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Store:
    """The store to query: a remote ``endpoint``; a persistent store at ``store_path`` of a graph file (or of
    the bundled report); or an in-memory Oxigraph store of ``source`` (an rdflib Graph, a graph file, or None
    for the bundled report's graph)."""
    from .pipeline import build

    if endpoint:
        if source is not None or store_path is not None:
            raise EndpointConfigError("an endpoint is queried on its own data: give no graph or store with it")
        return EndpointStore(endpoint, timeout=timeout)
    if store_path is not None:
        if isinstance(source, Graph):
            raise GraphInputError("a persistent store is built from a graph file, not from a Graph in memory")
        return open_persistent(store_path, Path(source) if source is not None else None)
    if isinstance(source, Graph):
        return OxigraphStore.from_graph(source)
    return OxigraphStore.from_file(source) if source is not None else OxigraphStore.from_graph(build().graph)


# -------------------------------------------------------------------------------------------- persistent store

_STAMP = "dckg-store.json"


@cache
def code_digest() -> str:
    """A digest of the package's code and reference data: a change rebuilds every persistent store."""
    from . import __version__

    h = hashlib.sha256(__version__.encode())
    root = resources.files("dckg")
    for path in sorted(Path(str(root)).rglob("*")):
        rel = path.relative_to(Path(str(root))).as_posix()
        if path.is_file() and path.suffix in {".py", ".tsv", ".ttl"} and "__pycache__" not in rel:
            h.update(rel.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def open_persistent(path: str | Path, graph_file: str | Path | None, writable: bool = False) -> OxigraphStore:
    """A store on disk at ``path`` holding ``graph_file`` (or the bundled report's graph when None).

    It is rebuilt whenever the source file or dckg's code has changed since it was built; otherwise it
    opens at once. The stamp file is written last, so an interrupted rebuild is redone next time.
    """
    from .pipeline import build
    from .source import BUNDLED_REPORT

    root = Path(path)
    graph_file = Path(graph_file) if graph_file is not None else None
    source = graph_file if graph_file is not None else Path(str(resources.files("dckg.data") / BUNDLED_REPORT))
    if not source.is_file():
        raise GraphInputError(f"{source}: no such file")
    stamp = {"source": str(source.resolve()), "sha256": file_digest(source), "code": code_digest()}
    db = root / "oxigraph"
    try:
        current = json.loads((root / _STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = None
    if current != stamp or not db.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        fresh = root / f"oxigraph.new-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            store = ox.Store(str(fresh))
            if graph_file is not None:
                _load_file(store, graph_file, bulk=True)
            else:
                store.bulk_load(build().graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
            store.update(_INDEX_NAMES)
            store.flush()
            del store
            old = root / f"oxigraph.old-{os.getpid()}"
            if db.exists():
                db.rename(old)
            fresh.rename(db)
            shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            raise StoreError(f"{root}: cannot build the store ({exc})") from exc
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        write_atomic(root / _STAMP, json.dumps(stamp, indent=1, sort_keys=True).encode())
    try:
        store = ox.Store(str(db)) if writable else ox.Store.read_only(str(db))
    except OSError as exc:
        raise StoreError(f"{root}: cannot open the store ({exc})") from exc
    return OxigraphStore(store, f"store {root}", index=False)


# ------------------------------------------------------------------------------------------------------ remote


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


class EndpointStore:
    """A remote SPARQL 1.1 endpoint (query URL, optional update URL), with a timeout and credentials taken
    from the environment (DCKG_ENDPOINT_USER and DCKG_ENDPOINT_PASSWORD, or DCKG_ENDPOINT_TOKEN)."""

    def __init__(self, url: str, update_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = check_url(url)
        self.update_url = check_url(update_url) if update_url else None
        self.timeout = timeout
        self.label = f"endpoint {self.url}"

    def _wrapper(self, url: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(url)
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
        content_type, body = _call(self.url, self.timeout, lambda: _read(sparql.query().response))
        try:
            if graph_answer:
                return Graph(bind_namespaces="none").parse(data=body.decode("utf-8"), format="turtle")
            return _from_results(json.loads(body))
        except Exception as exc:  # rdflib, json and a malformed result structure raise many types
            kind = "Turtle" if graph_answer else "SPARQL JSON results"
            raise EndpointError(
                f"{self.url} did not answer with {kind} ({content_type or 'no content type'}): {_excerpt(body)}"
            ) from exc

    def update(self, text: str) -> None:
        if not self.update_url:
            raise QueryError("an update needs the endpoint's update URL (--update-endpoint)")
        sparql = self._wrapper(self.update_url)
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
        sparql.setQuery(text)
        _call(self.update_url, self.timeout, lambda: _read(sparql.query().response))


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
    if "xml:lang" in value:
        return Literal(lexical, lang=value["xml:lang"])
    datatype = value.get("datatype")
    return Literal(lexical, datatype=URIRef(datatype) if datatype and datatype != XSD_STRING else None)


def check_url(url: str) -> str:
    """An http(s) URL without credentials in it (they belong in environment variables, never in arguments), and
    https whenever credentials are set, unless the endpoint is on this machine: they must not cross a network
    in clear text."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number in range)
    except ValueError as exc:
        raise EndpointConfigError(f"not a valid endpoint URL ({exc})") from exc
    if parts.username or parts.password:
        raise EndpointConfigError(
            f"credentials do not belong in the URL; set {USER_ENV} and {PASSWORD_ENV} (or {TOKEN_ENV})"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointConfigError(f"not an http(s) endpoint URL: {url!r}")
    if parts.scheme == "http" and auth_headers() and not _loopback(parts.hostname):
        raise EndpointConfigError(
            f"credentials would travel unencrypted to {parts.hostname}: use an https:// URL "
            "(plain http is accepted with credentials only for an endpoint on this machine)"
        )
    return url


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_headers() -> dict[str, str]:
    """The Authorization header built from the environment, if credentials are set there."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get(USER_ENV)
    if user:
        secret = f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: urllib would send the credentials wherever they point, to another host or
    over plain http, and would turn the POST of a query into a GET without it (a wrong, empty answer)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPEN = urllib.request.build_opener(_NoRedirects).open
SPARQLWrapper_module.urlopener = _OPEN  # SPARQLWrapper opens its requests with this module-level function


def _call(url: str, timeout: float, request):
    """Run one HTTP exchange; turn every way it can fail into a one-line error of its kind."""
    try:
        return request()
    except QueryBadFormed as exc:
        raise QueryError(f"{url} rejected the query: {_excerpt(_body(exc))}") from exc
    except SPARQLWrapperException as exc:
        raise _http_error(url, _STATUS.get(type(exc).__name__), _body(exc)) from exc
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location", "elsewhere") if exc.headers else "elsewhere"
            raise EndpointError(
                f"{url} answered HTTP {exc.code} and redirects to {_excerpt(where)}: dckg does not follow "
                "redirects (credentials would follow them); give the URL it redirects to"
            ) from exc
        raise _http_error(url, exc.code, _safe_read(exc)) from exc
    except (OSError, http.client.HTTPException) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            raise EndpointTimeoutError(f"{url}: timed out after {timeout:g} s without an answer") from exc
        if isinstance(reason, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
            raise EndpointError(f"{url} closed the connection without an answer") from exc
        if isinstance(reason, http.client.HTTPException):
            raise EndpointError(f"{url} sent a broken HTTP answer ({type(reason).__name__})") from exc
        raise EndpointError(f"cannot reach {url}: {getattr(reason, 'strerror', None) or reason}") from exc


_STATUS = {"Unauthorized": 401, "EndPointNotFound": 404, "URITooLong": 414, "EndPointInternalError": 500}
"""The HTTP status behind each of SPARQLWrapper's exceptions, which do not keep it."""


def _http_error(url: str, code: int | None, body: bytes | str) -> EndpointError:
    """The error for an HTTP error status: a failed authentication says which credentials were refused."""
    status = f"HTTP {code} {http.client.responses.get(code, '')}".strip() if code else "an HTTP error"
    if code == 401:
        if os.environ.get(TOKEN_ENV):
            sent = f"the endpoint refused the token in {TOKEN_ENV}"
        elif os.environ.get(USER_ENV):
            sent = f"the endpoint refused the user and password in {USER_ENV} and {PASSWORD_ENV}"
        else:
            sent = f"no credentials were sent; set {USER_ENV} and {PASSWORD_ENV}, or {TOKEN_ENV}"
        return EndpointAuthError(f"authentication failed at {url} ({status}): {sent}")
    excerpt = _excerpt(body)
    return EndpointError(f"{url} answered {status}" + (f": {excerpt}" if excerpt else ""))


def _safe_read(response) -> bytes:
    try:
        return response.read()
    except (OSError, http.client.HTTPException):
        return b""


def _body(exc: SPARQLWrapperException) -> bytes | str:
    """The response body SPARQLWrapper keeps only inside its message (as the repr of the bytes)."""
    text = str(exc)
    if "Response:\n" not in text:
        return ""
    try:
        return ast.literal_eval(text.split("Response:\n", 1)[1])
    except (ValueError, SyntaxError):
        return text.split("Response:\n", 1)[1]


EXCERPT = 160
"""At most this many characters of an endpoint's error answer go into a message."""
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)
_HTML = re.compile(r"\s*<(!doctype|html|head|body)\b", re.IGNORECASE)


def _excerpt(body: bytes | str | None) -> str:
    """A short, safe excerpt of an endpoint's answer: HTML markup, terminal escapes and control characters
    removed, white space folded, and the credentials of the environment masked (some error pages echo the
    request's headers)."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    if _HTML.match(text):
        text = html.unescape(_MARKUP.sub(" ", text))
    text = "".join(c if c.isprintable() else " " for c in _ANSI.sub("", text))
    text = " ".join(text.split())
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _secrets() -> list[str]:
    """The credentials of the environment in every form they could be echoed in, longest first."""
    password, token = os.environ.get(PASSWORD_ENV, ""), os.environ.get(TOKEN_ENV, "")
    forms = [token, password, *(v.split(" ", 1)[1] for v in auth_headers().values())]
    if os.environ.get(USER_ENV):
        forms.append(f"{os.environ[USER_ENV]}:{password}")
    return sorted({f for f in forms if f}, key=len, reverse=True)


def push(
    graph_data: bytes, *, store_endpoint: str | None, update_endpoint: str | None, named_graph: str | None, timeout
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
            _call(url, timeout, lambda: _OPEN(request, timeout=timeout).read())
            return f"{target} at {url} (Graph Store Protocol PUT)"
        assert update_endpoint
        clear = f"DROP SILENT GRAPH {target}" if named_graph else "DROP SILENT DEFAULT"
        body = graph_data.decode("utf-8")
        insert = f"INSERT DATA {{ GRAPH {target} {{\n{body}}} }}" if named_graph else f"INSERT DATA {{\n{body}}}"
        EndpointStore(update_endpoint, update_endpoint, timeout).update(f"{clear} ;\n{insert}")
        return f"{target} at {update_endpoint} (SPARQL Update)"
    except EndpointTimeoutError as exc:
        raise EndpointTimeoutError(f"{exc}; the push is all or nothing, but whether it was applied is unknown") from exc
