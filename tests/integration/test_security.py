"""What the tool touches: no network unless an endpoint is given, graph files cannot make it fetch or read."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support import MINI, ROOT, dckg

# Any attempt to open a network connection ends the process with this message.
NO_NETWORK = """
import socket, sys
def refuse(*args, **kwargs):
    sys.stderr.write("NETWORK ATTEMPT\\n"); sys.exit(99)
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = refuse
from dckg.cli import main
main()
"""


def offline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", NO_NETWORK, *args], capture_output=True, text=True, cwd=cwd)


def test_the_embedded_commands_never_open_a_connection(tmp_path):
    graph = tmp_path / "mini.ttl"
    for args in (
        ["build", "--source", str(MINI), "--out", str(graph), "--validate"],
        ["validate", str(graph), "--source", str(MINI)],
        ["query", "search", "--text", "数据", "--graph", str(graph)],
        ["lookup", "工信部"],
        ["export", "--graph", str(graph), "--format", "jsonld", "--out", str(tmp_path / "g.jsonld")],
        ["viz", "--graph", str(graph), "--out", str(tmp_path / "g.html")],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", str(graph), "--store", "store"],
        ["docs", "--out", str(tmp_path / "ontology.html")],
    ):
        result = offline(*args, cwd=tmp_path)
        assert result.returncode == 0 and "NETWORK ATTEMPT" not in result.stderr, (args, result.stderr)


@pytest.fixture()
def listener():
    """A loopback HTTP server that records every request it gets."""
    seen: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"name": "http://example.org/name"}}')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def test_a_json_ld_file_cannot_make_the_tool_fetch_its_context(tmp_path, listener):
    url, seen = listener
    for context in (f'"{url}/ctx"', f'["{url}/ctx"]', f'{{"@import": "{url}/ctx"}}'):
        path = tmp_path / "remote.jsonld"
        path.write_text(f'{{"@context": {context}, "@id": "http://example.org/a", "name": "n"}}', encoding="utf-8")
        result = dckg("export", "--graph", str(path), "--format", "nt", "--out", str(tmp_path / "o.nt"))
        assert result.returncode == 2 and "would be fetched from the network" in result.stderr
        assert "Traceback" not in result.stderr and not (tmp_path / "o.nt").exists()
    assert seen == []


def test_an_rdfxml_file_cannot_make_the_tool_fetch_or_read_entities(tmp_path, listener):
    url, seen = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "entities.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY web SYSTEM "{url}/entity"> '
        f'<!ENTITY file SYSTEM "file://{secret}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><e:p>&web;&file;</e:p></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    laughs = tmp_path / "laughs.rdf"  # 1 kB that nested entities would expand to 10^9 characters
    entities = "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 9))
    laughs.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a0 "AAAAAAAAAA">{entities}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><e:p>&a8;</e:p></rdf:Description></rdf:RDF>',
        encoding="utf-8",
    )
    for graph in (path, laughs):
        for args in (
            ["export", "--graph", str(graph), "--format", "nt", "--out", "-"],
            ["sparql", "ASK {}", "--graph", str(graph)],
        ):
            result = dckg(*args)
            assert result.returncode == 2 and "declares XML entities" in result.stderr, result.stderr
            assert "TOP-SECRET-CONTENT" not in result.stdout + result.stderr
    assert seen == []


def test_redirects_are_not_followed_so_credentials_stay_put(listener, monkeypatch):
    target, seen = listener

    class Redirect(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))  # a real server reads the request first
            self.send_response(302)
            self.send_header("Location", f"{target}/sparql")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("DCKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("DCKG_ENDPOINT_PASSWORD", "s3cret")
    try:
        for args in (
            ["sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"{url}/query"],
            ["push", "--store-endpoint", f"{url}/store", "--graph", str(ROOT / "graph" / "dckg.ttl")],
        ):
            result = dckg(*args)
            assert result.returncode == 1 and "does not follow redirects" in result.stderr, result.stderr
            assert "s3cret" not in result.stderr + result.stdout and "Traceback" not in result.stderr
        assert seen == []
    finally:
        server.shutdown()


def test_the_embedded_store_refuses_service_and_load(tmp_path):
    graph = tmp_path / "g.nt"
    graph.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n", encoding="utf-8")
    for text in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
    ):
        result = offline("sparql", text, "--graph", str(graph), "--store", "store", "--allow-update", cwd=tmp_path)
        assert result.returncode == 2 and "fetch from the network" in result.stderr, result.stderr
    ok = offline(
        "sparql", "SELECT ?service WHERE { ?service <http://example.org/p> ?o }", "--graph", str(graph), cwd=tmp_path
    )
    assert ok.returncode == 0 and "http://example.org/a" in ok.stdout


def test_dckg_leaves_sparqlwrapper_as_it_found_it():
    """dckg's opener (no redirects) is set on dckg's own requests only: another user of SPARQLWrapper in the same
    process keeps urllib's, redirects and all."""
    code = (
        "import urllib.request, SPARQLWrapper.Wrapper as w, dckg, dckg.store, dckg.cli; "
        "from dckg.store.http import Wrapper; "
        "assert w.urlopener is urllib.request.urlopen; assert issubclass(Wrapper, w.SPARQLWrapper); print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
