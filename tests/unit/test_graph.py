"""The graph: conforms to the shapes, traceable evidence, stable ASCII IRIs, byte-identical output."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from dckg.export import serialize
from dckg.terms import DCKG
from dckg.validate import validate
from tests.support import MINI, ROOT

QUESTION = ROOT / "src" / "dckg" / "queries" / "national-data-bureau-policies.rq"


def test_graphs_conform_to_the_shapes(mini_build, bundled_build):
    assert validate(mini_build.graph) == []
    assert validate(bundled_build.graph) == []


def test_every_evidence_points_at_its_sentence(bundled_build):
    g = bundled_build.graph
    text = bundled_build.extraction.report.text
    evidences = set(g.subjects(RDF.type, DCKG.Evidence))
    assert len(evidences) > 100
    for ev in evidences:
        start, end = int(g.value(ev, DCKG.start)), int(g.value(ev, DCKG.end))
        quote = str(g.value(ev, DCKG.quote))
        source = text[start:end]
        assert source[0] == quote[0] and source[-1] == quote[-1]
        # the quote is the source span without page breaks, footnote bodies, markers and emphasis marks
        it = iter(source)
        assert all(ch in it for ch in quote)
    for kind in (DCKG.Document, DCKG.Agency, DCKG.Issuance):
        for node in g.subjects(RDF.type, kind):
            assert g.value(node, DCKG.evidence) is not None, node


def test_iris_are_ascii_and_stable_across_sources(mini_build, bundled_build):
    for build in (mini_build, bundled_build):
        for term in build.graph.all_nodes():
            if isinstance(term, URIRef):
                assert str(term).isascii(), term
    mini_docs = {str(s) for s in mini_build.graph.subjects(RDF.type, DCKG.Document)}
    bundled_docs = {str(s) for s in bundled_build.graph.subjects(RDF.type, DCKG.Document)}
    shared = mini_docs & bundled_docs
    assert len(shared) == 1  # the same title in two reports is the same document
    (iri,) = shared
    assert "zhong-gong-zhong-yang" in iri


def test_direct_issuance_triples_answer_the_users_question_in_two_engines():
    query = QUESTION.read_text(encoding="utf-8")
    published = ROOT / "graph" / "dckg.ttl"
    store = pyoxigraph.Store()
    store.load(path=str(published), format=pyoxigraph.RdfFormat.TURTLE)
    ox_titles = {s["title"].value for s in store.query(query)}
    from rdflib import Graph

    rd_titles = {str(r.title) for r in Graph().parse(published).query(query)}
    assert ox_titles == rd_titles
    assert "“数据要素×”三年行动计划（2024—2026年）" in ox_titles


def test_issuance_evidence_is_reachable_in_sparql(bundled_build):
    rows = bundled_build.graph.query(
        """PREFIX dckg: <https://w3id.org/dckg/ontology#>
        SELECT ?count ?quote WHERE { ?i dckg:statedIssuerCount ?count ; dckg:leadIssuer ?lead ;
               dckg:evidence/dckg:quote ?quote . }"""
    )
    ((count, quote),) = list(rows)
    assert int(count) == 17 and "联合印发" in str(quote)


@pytest.mark.slow
def test_every_format_is_byte_identical_across_processes():
    code = (
        "import sys, dckg; from dckg.export import serialize; g = dckg.build(sys.argv[1]).graph;"
        "sys.stdout.buffer.write(b'\\0'.join(serialize(g, f) for f in ('ttl', 'nt', 'jsonld', 'xml')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(MINI)], env={"PYTHONHASHSEED": seed}, capture_output=True, check=True
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert len(next(iter(outputs)).split(b"\0")) == 4


@pytest.mark.slow
def test_builds_in_fresh_processes_give_byte_identical_turtle_and_html(tmp_path):
    """The user's main job twice, with different hash seeds: ``dckg build`` then ``dckg viz``."""
    outputs = set()
    for seed in ("0", "4242"):
        ttl, page = tmp_path / f"{seed}.ttl", tmp_path / f"{seed}.html"
        for args in (["build", "--out", str(ttl)], ["viz", "--graph", str(ttl), "--out", str(page)]):
            command = [sys.executable, "-c", "from dckg.cli import main; main()", *args]
            subprocess.run(command, env={"PYTHONHASHSEED": seed}, capture_output=True, check=True)
        outputs.add((ttl.read_bytes(), page.read_bytes()))
    assert len(outputs) == 1
    ttl_bytes, html_bytes = outputs.pop()
    assert ttl_bytes == (ROOT / "graph" / "dckg.ttl").read_bytes()
    assert html_bytes == (ROOT / "graph" / "dckg.html").read_bytes()


def test_published_graph_is_up_to_date(bundled_build):
    published = (ROOT / "graph" / "dckg.ttl").read_bytes()
    assert published == serialize(bundled_build.graph, "ttl"), "run `dckg build` and commit graph/dckg.ttl"


def test_titles_are_exact(bundled_build):
    g = bundled_build.graph
    titles = {str(t) for t in g.objects(None, DCTERMS.title)}
    assert "网络安全法" in titles and "《网络安全法》" not in titles
