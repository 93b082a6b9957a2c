"""Push per report against two real, independent engines started on loopback (Oxigraph and OpenLink Virtuoso): a
dataset goes to one named graph per report plus the shared graph, by the Graph Store Protocol (a PUT each) or by
SPARQL Update (one request); --report replaces that report's graph only; a push refused or cut midway leaves every
target graph as it was (the Graph Store pushes put back what they had written)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

import pytest
from rdflib import Graph, Literal

import dckg
from dckg.dataset import SHARED
from dckg.graphfiles import read_quads
from dckg.store import EndpointStore
from tests.integration.test_faults import dckg as run
from tests.integration.test_faults import one_line
from tests.support import EDITION, MINI
from tests.support.proxies import RefusesPut, Truncator
from tests.support.servers import Server, running_oxigraph, running_virtuoso

pytestmark = pytest.mark.server

OTHER = "https://example.org/graphs/not-dckg"
STALE = '<https://example.org/stale> <https://example.org/p> "stale" .'
OPTION = {"store": "--store-endpoint", "update": "--update-endpoint"}


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request, tmp_path_factory) -> Server:
    """Each engine started once for the module, with its data in a fresh folder."""
    start = running_oxigraph if request.param == "oxigraph" else running_virtuoso
    with start(tmp_path_factory.mktemp(request.param)) as server:
        yield server


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """Two composed reports (a province's and an edition of the national report) as a TriG dataset."""
    path = tmp_path_factory.mktemp("push") / "two.trig"
    dckg.write(dckg.build_dataset([MINI, EDITION]).dataset, path)
    return path


@pytest.fixture(scope="module")
def local(dataset) -> dict[str, set]:
    """The triples of each named graph of the dataset file."""
    graphs: dict[str, set] = defaultdict(set)
    for s, p, o, g in read_quads(dataset):
        graphs[str(g)].add((s, p, o))
    assert len(graphs) == 3 and str(SHARED) in graphs
    return {g: by_value(triples) for g, triples in graphs.items()}


def reports(local: dict[str, set]) -> list[str]:
    """The report graphs, in the order they are pushed (the shared graph goes last)."""
    return sorted(g for g in local if g != str(SHARED))


def remote(server: Server, graph: str) -> set:
    """The triples of a named graph at the server, numbers by value (see ``by_value``)."""
    answer = EndpointStore(server.query, timeout=30).query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    assert isinstance(answer, Graph)
    return by_value(answer)


def by_value(triples) -> set:
    """Triples with numeric literals as their values: Virtuoso keeps an xsd:decimal without a fraction ("5800") as
    an xsd:integer, the same number."""
    from rdflib.namespace import XSD  # not at module level: pytest's collection would probe the namespace

    numeric = {XSD.decimal, XSD.integer, XSD.double, XSD.float}
    return {(s, p, o.toPython() if isinstance(o, Literal) and o.datatype in numeric else o) for s, p, o in triples}


def count(server: Server, graph: str) -> int:
    answer = EndpointStore(server.query, timeout=30).query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    return int(answer.rows[0][0])


def stale(graph: str) -> str:
    return f"INSERT DATA {{ GRAPH <{graph}> {{ {STALE} }} }}"


def reset(server: Server, contents: dict[str, str | None]) -> None:
    """Make each graph hold exactly the given N-Triples (None: absent)."""
    for graph, body in contents.items():
        server.run_update(f"DROP SILENT GRAPH <{graph}>")
        if body is not None:
            server.run_update(f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}")


@pytest.mark.parametrize("protocol", ["store", "update"])
def test_a_dataset_goes_to_one_named_graph_per_report_and_the_shared_graph(capfd, engine, dataset, local, protocol):
    url = engine.store if protocol == "store" else engine.update
    reset(engine, {reports(local)[0]: STALE, OTHER: STALE})
    code, out, err = run(capfd, "push", "--graph", str(dataset), OPTION[protocol], url)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"pushed  {sum(len(t) for t in local.values()):,} triples to 3 named graphs at {url}")
    for graph, triples in local.items():
        assert count(engine, graph) == len(triples), graph
        assert remote(engine, graph) == triples, graph  # the stale triple of the first report's graph is gone
    assert count(engine, OTHER) == 1, "a graph the dataset does not name is left alone"


@pytest.mark.parametrize("protocol", ["store", "update"])
def test_push_report_replaces_that_reports_graph_only(capfd, engine, dataset, local, protocol):
    url = engine.store if protocol == "store" else engine.update
    province, edition = reports(local)  # 江南省… (MINI) and 数字中国发展报告（2022年） (EDITION)
    assert run(capfd, "push", "--graph", str(dataset), "--store-endpoint", engine.store)[0] == 0
    for graph in (province, edition):
        engine.run_update(stale(graph))
    code, out, err = run(capfd, "push", "--graph", str(dataset), OPTION[protocol], url, "--report", "数字中国发展报告")
    assert (code, err) == (0, ""), err
    assert f"to 2 named graphs at {url}" in out and f"<{edition}>" in out and f"<{province}>" not in out
    assert remote(engine, edition) == local[edition]
    assert count(engine, province) == len(local[province]) + 1, "the other report's graph is untouched"
    assert remote(engine, str(SHARED)) == local[str(SHARED)]


@pytest.mark.parametrize("then_all", [False, True])
def test_a_store_that_refuses_the_second_put_leaves_every_graph_as_it_was(capfd, engine, dataset, local, then_all):
    province, edition = reports(local)
    old = '<https://example.org/old> <https://example.org/p> "旧的" .'
    reset(engine, {province: old, edition: None, str(SHARED): old})
    before = {g: remote(engine, g) for g in (province, str(SHARED))}
    with RefusesPut(engine.base, nth=2, then_all=then_all) as proxy:
        url = proxy.base + engine.store.removeprefix(engine.base)
        err = one_line(run(capfd, "push", "--graph", str(dataset), "--store-endpoint", url), "HTTP 500")
    puts = [r for r in proxy.seen if r.method == "PUT"]
    assert f"graph={edition}" in unquote(puts[1].path), "the second PUT is the edition's graph"
    if then_all:
        assert f"<{province}>, <{edition}> may be changed" in err
        return
    assert f"the PUT of <{edition}> failed and the push was rolled back: every target graph is as it was" in err
    assert {g: remote(engine, g) for g in (province, str(SHARED))} == before
    assert count(engine, edition) == 0, "a graph that was absent is absent again"
    assert [r.method for r in proxy.seen] == ["GET"] * 3 + ["PUT", "PUT", "PUT", "DELETE"]


@pytest.mark.parametrize("protocol", ["store", "update"])
def test_a_push_cut_midway_leaves_every_graph_as_it_was(capfd, engine, dataset, local, protocol):
    province, edition = reports(local)
    old = '<https://example.org/old> <https://example.org/p> "old" .'
    reset(engine, {province: old, edition: old, str(SHARED): None})
    path = (engine.store if protocol == "store" else engine.update).removeprefix(engine.base)
    with Truncator(engine.base, beyond=30_000) as proxy:
        one_line(run(capfd, "push", "--graph", str(dataset), OPTION[protocol], proxy.base + path), "HTTP 502")
    assert count(engine, province) == count(engine, edition) == 1 and count(engine, str(SHARED)) == 0


def test_the_workspace_is_pushed_report_by_report(capfd, tmp_path, engine, local):
    workspace = dckg.Workspace(tmp_path / "ws")
    workspace.add([MINI, EDITION])
    reset(engine, dict.fromkeys(local))
    code, out, err = run(capfd, "--workspace", str(workspace.root), "push", "--store-endpoint", engine.store)
    assert (code, err) == (0, "") and "to 3 named graphs" in out, err
    store = workspace.open_store()
    for graph in local:
        assert count(engine, graph) == store.ntriples(graph).count(b"\n") > 0, graph


def test_a_dataset_takes_no_named_graph_and_a_single_graph_no_report(capfd, tmp_path, dataset):
    err = run(
        capfd, "push", "--graph", str(dataset), "--store-endpoint", "http://127.0.0.1:9/store", "--named-graph", OTHER
    )
    assert err[0] == 2 and "give no named graph" in err[2]
    single = tmp_path / "one.ttl"
    dckg.write(dckg.load_graph(dataset), single)
    err = run(capfd, "push", "--graph", str(single), "--store-endpoint", "http://127.0.0.1:9/store", "--report", "2022")
    assert err[0] == 2 and "--report picks one report of a dataset" in err[2]
