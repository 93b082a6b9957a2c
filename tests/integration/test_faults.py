"""Remote faults as a user meets them on the command line, against a real Oxigraph server: the server down,
too slow, failing with HTTP 500, refusing the credentials, or a push cut midway. For ``dckg query``,
``dckg sparql --endpoint`` and ``dckg push`` by either protocol each gives one line naming the URL and exit
status 1, never a traceback, a warning or a secret; a push that fails leaves the target graph as it was."""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from dckg.cli import main
from dckg.store import PASSWORD_ENV, TOKEN_ENV, USER_ENV, EndpointStore, push
from tests.support.proxies import Failing, Guarded, Raw, Slow, Truncator
from tests.support.servers import Server, running_oxigraph
from tests.support.synthetic import synthetic_graph

TARGET = "https://example.org/graphs/faults"
USER, PASSWORD = "analyst", "s3cret-pw"
TIMEOUT = 0.5
KINDS = ("query", "sparql", "push-store", "push-update")
PUSHES = ("push-store", "push-update")
PATHS = {"query": "/query", "sparql": "/query", "push-store": "/store", "push-update": "/update"}


def command(kind: str, base: str, graph_file: Path, graph: str = TARGET) -> list[str]:
    """The command line of one kind that reaches the server at ``base``."""
    url, timeout = base + PATHS[kind], ("--timeout", f"{TIMEOUT:g}")
    if kind == "query":
        return ["query", "search", "--text", "测试", "--endpoint", url, "--format", "csv", *timeout]
    if kind == "sparql":
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return ["sparql", text, "--endpoint", url, "--format", "csv", *timeout]
    option = "--store-endpoint" if kind == "push-store" else "--update-endpoint"
    return ["push", "--graph", str(graph_file), option, url, "--named-graph", graph, *timeout]


def dckg(capfd, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, standard output, standard error. A warning fails the test, since
    run from a terminal it would print lines of its own."""
    code = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code or 0
    out, err = capfd.readouterr()
    assert not caught, [str(w.message) for w in caught]
    return code, out, err


def one_line(result: tuple[int, str, str], *needles: str) -> str:
    """The error line of a failed command, checked: exit 1, nothing on stdout, one line on stderr, no secret."""
    code, out, err = result
    assert code == 1 and out == "", result
    assert err.startswith("dckg: error: ") and err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for secret in (PASSWORD, f"{USER}:{PASSWORD}", base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()):
        assert secret not in err
    for needle in needles:
        assert needle in err, err
    return err


def triples(server: Server, graph: str = TARGET) -> set:
    answer = EndpointStore(server.query).query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(answer, Graph)
    return set(answer)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "synthetic.nt"
    path.write_bytes(synthetic_graph().serialize(format="nt", encoding="utf-8"))
    return path


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> Path:
    """A graph file of 500 triples unlike the target's, to push over it."""
    graph = Graph()
    for i in range(500):
        graph.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(i)))
    path = tmp_path_factory.mktemp("faults") / "other.nt"
    path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    return path


@pytest.fixture(scope="module")
def target(oxigraph, synthetic) -> set:
    """The synthetic graph in the server's default graph and in the target graph; the target's triples."""
    for graph in (TARGET, None):
        push(synthetic.read_bytes(), store_endpoint=oxigraph.store, update_endpoint=None, named_graph=graph, timeout=30)
    before = triples(oxigraph)
    assert before == set(synthetic_graph())
    return before


@pytest.fixture
def credentials(monkeypatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.setenv(USER_ENV, USER)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


def test_a_server_that_is_down_is_one_line_naming_the_url(capfd, credentials, tmp_path, other):
    with running_oxigraph(tmp_path / "db") as server:
        code, out, _ = dckg(capfd, *command("push-store", server.base, other))
        assert code == 0 and "pushed  500 triples" in out
    for kind in KINDS:
        one_line(dckg(capfd, *command(kind, server.base, other)), f"cannot reach {server.base}{PATHS[kind]}: ")
    exe = shutil.which("dckg") or str(Path(sys.executable).with_name("dckg"))  # once as installed, too
    run = subprocess.run([exe, *command("push-update", server.base, other)], capture_output=True, text=True)
    assert run.stderr == f"dckg: error: cannot reach {server.update}: Connection refused\n"
    one_line((run.returncode, run.stdout, run.stderr))


@pytest.mark.parametrize("kind", KINDS)
def test_an_endpoint_slower_than_the_timeout_is_one_line_and_a_push_changes_nothing(
    capfd,
    credentials,
    oxigraph,
    target,
    other,
    kind,
):
    with Slow(oxigraph.base, delay=10) as proxy:
        started = time.monotonic()
        err = one_line(dckg(capfd, *command(kind, proxy.base, other)), proxy.base + PATHS[kind])
        waited = time.monotonic() - started
    assert f"timed out after {TIMEOUT:g} s" in err
    assert waited < 5  # the client gave up at its timeout, long before the proxy would have answered
    assert len(proxy.seen) == 1 and proxy.dropped == 1  # one request, not retried
    if kind in PUSHES:
        assert "whether it was applied is unknown" in err
        assert triples(oxigraph) == target


@pytest.mark.parametrize("kind", KINDS)
def test_an_http_500_is_one_line_with_the_status_and_a_clean_excerpt(
    capfd,
    credentials,
    oxigraph,
    target,
    other,
    kind,
):
    with Failing(500, "storage backend failed") as proxy:
        err = one_line(dckg(capfd, *command(kind, proxy.base, other)), proxy.base + PATHS[kind])
    assert "HTTP 500 Internal Server Error: 500 storage backend failed" in err
    assert "Authorization: Basic ***" in err  # the page echoed the credentials; the line masks them
    assert "\x1b" not in err and "<h1>" not in err and len(err) < 300
    if kind in PUSHES:
        assert triples(oxigraph) == target


@pytest.mark.parametrize("kind", KINDS)
def test_wrong_credentials_are_one_line_without_the_secret(
    capfd,
    monkeypatch,
    oxigraph,
    target,
    other,
    kind,
):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.setenv(USER_ENV, USER)
    monkeypatch.setenv(PASSWORD_ENV, "wrong-pw")
    with Guarded(oxigraph.base, USER, PASSWORD) as proxy:
        url = proxy.base + PATHS[kind]
        err = one_line(dckg(capfd, *command(kind, proxy.base, other)), f"authentication failed at {url}", "401")
        assert f"refused the user and password in {USER_ENV} and {PASSWORD_ENV}" in err and "wrong-pw" not in err
        monkeypatch.delenv(USER_ENV)
        one_line(dckg(capfd, *command(kind, proxy.base, other)), "no credentials were sent")
    if kind in PUSHES:
        assert triples(oxigraph) == target


def test_the_right_credentials_work_end_to_end_through_the_guard(
    capfd,
    credentials,
    oxigraph,
    target,
    other,
    synthetic,
):
    graph = f"{TARGET}/guarded"
    with Guarded(oxigraph.base, USER, PASSWORD) as proxy:
        for kind, pushed in (("push-store", other), ("push-update", synthetic)):
            code, out, err = dckg(capfd, *command(kind, proxy.base, pushed, graph))
            assert code == 0 and err == "" and f"<{graph}> at {proxy.base}{PATHS[kind]}" in out
            assert triples(oxigraph, graph) == set(Graph().parse(pushed))
        code, out, err = dckg(capfd, *command("sparql", proxy.base, other, graph))
        assert (code, out, err) == (0, f"n\n{len(target)}\n", "")
        guarded = dckg(capfd, *command("query", proxy.base, other))
        assert guarded == dckg(capfd, *command("query", oxigraph.base, other)) and "测试" in guarded[1]
    assert all(r.headers["Authorization"] for r in proxy.seen) and len(proxy.seen) == 4
    out, err = capfd.readouterr()
    assert PASSWORD not in out + err


@pytest.mark.parametrize("kind", PUSHES)
def test_a_push_cut_midway_leaves_a_graph_with_data_as_it_was(capfd, credentials, oxigraph, target, other, kind):
    with Truncator(oxigraph.base) as proxy:
        one_line(dckg(capfd, *command(kind, proxy.base, other)), f"{proxy.base}{PATHS[kind]} answered HTTP 502")
    assert len(proxy.seen) == 1 and len(proxy.seen[0].body) > 20_000
    assert triples(oxigraph) == target


LOGIN_PAGE = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Please log in</p></body></html>"


@pytest.mark.parametrize(
    ("raw", "expected", "kinds"),
    [
        (b"", "closed the connection without an answer", KINDS),
        (b"HELLO\r\n\r\n", "sent a broken HTTP answer (BadStatusLine)", KINDS),
        (LOGIN_PAGE, "did not answer with SPARQL JSON results (text/html): Please log in", ("query", "sparql")),
    ],
)
def test_a_broken_answer_is_one_line(capfd, credentials, other, raw, expected, kinds):
    with Raw(raw) as proxy:
        for kind in kinds:
            one_line(dckg(capfd, *command(kind, proxy.base, other)), proxy.base + PATHS[kind], expected)
        if raw == LOGIN_PAGE:
            construct = ["sparql", "CONSTRUCT WHERE { ?s ?p ?o }", "--endpoint", f"{proxy.base}/query"]
            one_line(dckg(capfd, *construct), "did not answer with Turtle (text/html): Please log in")
