"""Lossless exports: every format reads back isomorphic, in rdflib, Oxigraph and rapper, whatever the text holds."""

from __future__ import annotations

import shutil
import subprocess

import pyoxigraph
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from dckg.errors import OutputError
from dckg.export import _CONTROLS, ntriples, serialize
from dckg.terms import DCKG
from tests.support import dckg

RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}
OXIGRAPH = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
}
RAPPER = {"ttl": "turtle", "nt": "ntriples", "xml": "rdfxml"}

E = "https://example.org/"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
AWKWARD = [
    "《关于推进“数据要素×”的‘意见’》",  # Chinese quotes inside a title
    '《"ASCII" quotes》 and \\ backslash \\" and \\\\',
    "全角：，。！？；（）【】——……、～ 全角空格\u3000和数字１２３",
    "line one\nline two\r\ttabbed",
    "line separator\u2028paragraph separator\u2029next line\x85",
    "astral 𠀀𠮷 and emoji 😀, byte-order mark \ufeff inside",
    "}>\"'<&amp; ]]> --> @prefix x: <y> .",
]


def _awkward_graph(with_controls: bool) -> Graph:
    g = Graph()
    g.bind("ex", E)
    texts = AWKWARD + (["bell\x07 escape\x1b delete\x7f file separator\x1c"] if with_controls else [])
    for n, text in enumerate(texts):
        node = URIRef(f"{E}doc/{n}")
        g.add((node, DCTERMS.title, Literal(text, lang="zh")))
        g.add((node, URIRef(f"{E}plain"), Literal(text)))
    g.add((URIRef(f"{E}obs"), URIRef(f"{E}value"), Literal("9" * 400 + "." + "1" * 400, datatype=DECIMAL)))
    g.add((URIRef(f"{E}obs"), URIRef(f"{E}iri"), URIRef(f"{E}path/%E6%95%B0%E6%8D%AE?q=a&b=c#frag")))
    return g


def _read_back(data: bytes, fmt: str, tmp_path) -> Graph:
    """Parse ``data`` with rdflib, and check that Oxigraph and rapper read the same number of triples."""
    back = Graph().parse(data=data.decode("utf-8"), format=RDFLIB[fmt])
    assert len(list(pyoxigraph.parse(data, format=OXIGRAPH[fmt]))) == len(back)
    if fmt in RAPPER:
        assert shutil.which("rapper"), "raptor2-utils is installed by scripts/setup.sh --system"
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(data)
        counted = subprocess.run(["rapper", "-i", RAPPER[fmt], "-c", str(path)], capture_output=True, text=True)
        assert counted.returncode == 0 and f"returned {len(back)} triples" in counted.stderr, counted.stderr
    return back


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(RDFLIB))
def test_the_bundled_graph_reads_back_isomorphic(bundled_build, fmt, tmp_path):
    graph = bundled_build.graph
    back = _read_back(serialize(graph, fmt), fmt, tmp_path)
    assert isomorphic(graph, back)
    quoted = [t for t in back.objects(None, DCTERMS.title) if "“" in t]
    assert quoted and set(quoted) <= set(graph.objects(None, DCTERMS.title))
    assert len(set(back.subjects(RDF.type, DCKG.Evidence))) == len(set(graph.subjects(RDF.type, DCKG.Evidence)))


@pytest.mark.parametrize("fmt", sorted(RDFLIB))
def test_awkward_text_survives_every_format(fmt, tmp_path):
    graph = _awkward_graph(with_controls=False)
    data = serialize(graph, fmt)
    assert data == serialize(_awkward_graph(with_controls=False), fmt)
    back = _read_back(data, fmt, tmp_path)
    assert isomorphic(graph, back)
    assert {str(t) for t in back.objects(None, DCTERMS.title)} == set(AWKWARD)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_control_characters_survive_the_formats_that_can_hold_them(fmt, tmp_path):
    graph = _awkward_graph(with_controls=True)
    assert isomorphic(graph, _read_back(serialize(graph, fmt), fmt, tmp_path))


@pytest.mark.slow
def test_rdfxml_refuses_what_xml_cannot_hold_instead_of_writing_it_broken(tmp_path):
    with pytest.raises(OutputError, match="U\\+0007"):
        serialize(_awkward_graph(with_controls=True), "xml")
    source = tmp_path / "controls.ttl"
    source.write_bytes(serialize(_awkward_graph(with_controls=True), "ttl"))
    out = tmp_path / "controls.rdf"
    result = dckg("export", "--graph", str(source), "--format", "xml", "--out", str(out))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "U+0007" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_what_no_format_can_write_is_refused_in_one_line(tmp_path):
    rdf = tmp_path / "space.rdf"
    rdf.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:e="http://example.org/"><rdf:Description rdf:about="http://example.org/a b&gt;c">'
        "<e:p>v</e:p></rdf:Description></rdf:RDF>",
        encoding="utf-8",
    )
    result = dckg("export", "--graph", str(rdf), "--format", "ttl", "--out", str(tmp_path / "o.ttl"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "is not an IRI" in result.stderr
    assert not (tmp_path / "o.ttl").exists()
    numbered = tmp_path / "numbered.nt"  # RDF/XML needs a predicate ending with an XML name: /123 is not one
    numbered.write_text('<http://example.org/a> <http://example.org/123> "v" .\n', encoding="utf-8")
    result = dckg("export", "--graph", str(numbered), "--format", "xml", "--out", str(tmp_path / "o.rdf"))
    assert result.returncode == 1 and "does not end with an XML name" in result.stderr
    assert not (tmp_path / "o.rdf").exists()


def test_jsonld_is_compact_with_an_inline_context_and_reads_back_alike(mini_build, tmp_path):
    import json

    graph = mini_build.graph
    data = serialize(graph, "jsonld")
    assert data == serialize(graph, "jsonld")
    document = json.loads(data)
    context = document["@context"]
    assert isinstance(context, dict) and context["dckg"] == str(DCKG) and context["issuedBy"] == "dckg:issuedBy"
    keys = {key for node in document["@graph"] for key in node}
    assert "issuedBy" in keys and "rdfs:label" in keys and not any(k.startswith("http") for k in keys)
    assert isomorphic(graph, _read_back(data, "jsonld", tmp_path))
    expanded = serialize(graph, "jsonld", expanded=True)
    assert isinstance(json.loads(expanded), list) and isomorphic(graph, _read_back(expanded, "jsonld", tmp_path))
    assert len(data) < len(expanded) * 0.7


def test_ntriples_written_directly_are_rdflibs_lines_with_controls_escaped():
    graph = _awkward_graph(with_controls=True)
    graph.add((URIRef(f"{E}odd\x85iri"), URIRef(f"{E}p"), Literal("x", datatype=URIRef(f"{E}type"))))
    rdflib_lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
    expected = sorted(line.translate(_CONTROLS) for line in rdflib_lines if line.strip())
    assert serialize(graph, "nt") == ("\n".join(expected) + "\n").encode("utf-8")
    assert ntriples(set(graph)) == serialize(graph, "nt")  # a set of triples (a worker's) writes the same bytes


def test_ntriples_refuse_a_predicate_that_is_not_an_iri():
    with pytest.raises(OutputError, match="is not an IRI"):
        ntriples({(URIRef(f"{E}a"), URIRef(f"{E}p q"), Literal("v"))})
