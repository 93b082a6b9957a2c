"""Stores: the same rows embedded and remote (a real Oxigraph server), push by either protocol, endpoint failures
as the library raises them (tests/integration/test_faults.py has them through the CLI), credentials from the environment
only, and the persistent store's rebuild rules."""

from __future__ import annotations

import socket

import pytest
from rdflib import Graph, Literal, URIRef

import dckg.store.persistent
from dckg.errors import (
    EndpointAuthError,
    EndpointConfigError,
    EndpointError,
    EndpointTimeoutError,
    GraphInputError,
    QueryError,
    UnknownNameError,
)
from dckg.query import run, run_named
from dckg.store import EndpointStore, OxigraphStore, Rows, open_persistent, push
from tests.support.proxies import Failing
from tests.support.servers import free_port
from tests.support.synthetic import CASES, EVIL, synthetic_graph

GRAPH = "https://example.org/graphs/test"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }"


def ntriples(graph: Graph) -> bytes:
    return OxigraphStore.from_graph(graph).ntriples()


def count(server, graph: str = GRAPH) -> int:
    answer = EndpointStore(server.query).query(COUNT % graph)
    assert isinstance(answer, Rows)
    return int(answer.rows[0][0])


@pytest.fixture(scope="module")
def remote(oxigraph):
    """The synthetic graph pushed to the server's default graph; the endpoint store that queries it."""
    push(ntriples(synthetic_graph()), store_endpoint=oxigraph.store, update_endpoint=None, named_graph=None, timeout=30)
    return EndpointStore(oxigraph.query, timeout=30)


def test_the_same_query_gives_the_same_rows_embedded_and_remote(remote):
    embedded = OxigraphStore.from_graph(synthetic_graph())
    for name, params in CASES:
        here, there = run_named(embedded, name, **params), run_named(remote, name, **params)
        assert here.columns == there.columns, name
        assert here.rows == there.rows, name
        assert len(here) > 0 or name == "search", name


def test_parameters_cannot_change_a_remote_query(remote, oxigraph):
    before = count(oxigraph, "urn:x-none") + len(run(remote, "SELECT * WHERE { ?s ?p ?o }").rows)
    for value in ('"} ; DROP ALL ; {"', 'a"b\\', "new\nline", "a > b"):
        labels = [str(d["label"]) for d in run_named(remote, "search", text=value).dicts()]
        assert all(value.replace(" ", "").lower() in label.replace(" ", "").lower() for label in labels)
        with pytest.raises(UnknownNameError):
            run_named(remote, "agency-profile", agency=value)
    profile = run_named(remote, "agency-profile", agency=EVIL)
    assert Literal(EVIL, lang="en") in {d["value"] for d in profile.dicts()}
    assert len(run(remote, "SELECT * WHERE { ?s ?p ?o }").rows) == before


def test_ask_and_construct_answer_alike_embedded_and_remote(remote):
    embedded = OxigraphStore.from_graph(synthetic_graph())
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t ; ?p ?o FILTER (isLiteral(?o)) }"
    here, there = embedded.query(construct), remote.query(construct)
    assert isinstance(there, Graph) and len(there) > 10 and set(here) == set(there)
    assert remote.query("ASK { ?s a <https://w3id.org/dckg/ontology#Program> }") is True


def test_a_malformed_query_gets_the_endpoints_message_with_line_and_column(remote):
    with pytest.raises(QueryError, match=r"1:\d+"):
        remote.query("SELECT ?x WHERE { ?x ")


def test_push_replaces_a_named_graph_by_either_protocol(oxigraph):
    small = Graph()
    small.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("1")))
    push(
        ntriples(synthetic_graph()), store_endpoint=oxigraph.store, update_endpoint=None, named_graph=GRAPH, timeout=30
    )
    full = count(oxigraph)
    assert full == len(synthetic_graph())
    push(ntriples(small), store_endpoint=None, update_endpoint=oxigraph.update, named_graph=GRAPH, timeout=30)
    assert count(oxigraph) == 1
    push(
        ntriples(synthetic_graph()), store_endpoint=None, update_endpoint=oxigraph.update, named_graph=GRAPH, timeout=30
    )
    assert count(oxigraph) == full


def test_an_unreachable_endpoint_is_one_clear_line():
    with pytest.raises(EndpointError, match="cannot reach") as exc:
        EndpointStore(f"http://127.0.0.1:{free_port()}/query", timeout=5).query("ASK {}")
    assert "\n" not in str(exc.value)


def test_an_http_error_names_the_status(oxigraph):
    with pytest.raises(EndpointError, match="404"):
        EndpointStore(f"{oxigraph.base}/no-such-path", timeout=5).query("ASK {}")


def test_a_silent_endpoint_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with pytest.raises(EndpointTimeoutError, match=r"timed out after 0\.2 s"):
            EndpointStore(url, timeout=0.2).query("ASK {}")


def test_credentials_come_from_the_environment_and_never_show(monkeypatch):
    with Failing(401, "denied") as server:
        url = f"{server.base}/query"
        monkeypatch.setenv("DCKG_ENDPOINT_USER", "analyst")
        monkeypatch.setenv("DCKG_ENDPOINT_PASSWORD", "s3cret-pw")
        with pytest.raises(EndpointAuthError) as exc:
            EndpointStore(url, timeout=5).query("ASK {}")
        assert "s3cret" not in str(exc.value)
        assert server.seen[-1].headers["Authorization"] == "Basic YW5hbHlzdDpzM2NyZXQtcHc="
        monkeypatch.setenv("DCKG_ENDPOINT_TOKEN", "tok-123")
        with pytest.raises(EndpointAuthError, match="DCKG_ENDPOINT_TOKEN") as exc:
            push(b"", store_endpoint=url, update_endpoint=None, named_graph=None, timeout=5)
        assert server.seen[-1].headers["Authorization"] == "Bearer tok-123" and "tok-123" not in str(exc.value)
    with Failing(500, "echoes the headers") as server, pytest.raises(EndpointError, match="echoes") as exc:
        EndpointStore(f"{server.base}/query", timeout=5).query("ASK {}")
    assert "Bearer ***" in str(exc.value) and "tok-123" not in str(exc.value)
    with pytest.raises(EndpointConfigError, match="DCKG_ENDPOINT_USER") as exc:
        EndpointStore("http://analyst:s3cret-pw@127.0.0.1:1/query")
    assert "s3cret" not in str(exc.value)
    for bad in ("ftp://analyst:s3cret-pw@127.0.0.1/query", "http://127.0.0.1:abc/query", "http://a:s3cret@[::1/query"):
        with pytest.raises(EndpointConfigError) as exc:
            EndpointStore(bad)
        assert "s3cret" not in str(exc.value)


@pytest.mark.parametrize("host", ["dckg.example.org", "192.0.2.7", "[2001:db8::1]"])
def test_credentials_are_never_sent_in_clear_text_off_this_machine(monkeypatch, host):
    monkeypatch.setenv("DCKG_ENDPOINT_TOKEN", "tok-123")
    with pytest.raises(EndpointConfigError, match="unencrypted") as exc:
        EndpointStore(f"http://{host}/query")
    assert "tok-123" not in str(exc.value)
    with pytest.raises(EndpointConfigError, match="unencrypted"):
        push(b"", store_endpoint=f"http://{host}/store", update_endpoint=None, named_graph=None, timeout=5)
    for allowed in (f"https://{host}/query", "http://127.0.0.1:7878/query", "http://localhost/q", "http://[::1]/q"):
        assert EndpointStore(allowed).url == allowed  # nothing is sent until a query runs
    monkeypatch.delenv("DCKG_ENDPOINT_TOKEN")
    assert EndpointStore(f"http://{host}/query").url  # without credentials there is nothing to protect


def test_the_persistent_store_is_rebuilt_when_the_source_or_code_changes(tmp_path, monkeypatch):
    source = tmp_path / "graph.ttl"
    graph = synthetic_graph()
    source.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    builds = []
    real_load = dckg.store.persistent.load_file
    monkeypatch.setattr(dckg.store.persistent, "load_file", lambda *a, **k: builds.append(1) or real_load(*a, **k))
    folder = tmp_path / "store"

    def size(version: str = "1") -> int:
        store = open_persistent(folder, source, version=version)
        n = len(store)
        del store
        return n

    assert size() == len(graph) and len(builds) == 1
    assert size() == len(graph) and len(builds) == 1  # unchanged: reused
    graph.add((URIRef("https://example.org/new"), URIRef("https://example.org/p"), Literal("x")))
    source.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    assert size() == len(graph) and len(builds) == 2  # the source changed
    assert size("2") == len(graph) and len(builds) == 3  # the code changed
    assert run_named(open_persistent(folder, source, version="2"), "policies-by-agency", agency="TPDB").rows


def test_a_broken_graph_file_is_refused_with_its_position(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://e/a> <https://e/b> .\n", encoding="utf-8")
    with pytest.raises(GraphInputError, match=r"bad\.ttl"):
        OxigraphStore.from_file(bad)
    with pytest.raises(GraphInputError, match="no such file"):
        OxigraphStore.from_file(tmp_path / "missing.ttl")
