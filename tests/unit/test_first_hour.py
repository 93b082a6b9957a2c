"""What a new user meets in the first hour: examples that return rows, one parameter name, counts that agree,
clear refusals and notes (issue 16)."""

from __future__ import annotations

import json
import shlex

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from dckg.errors import AmbiguousNameError, OutputError, QueryError
from dckg.graphfiles import check_out_file
from dckg.ontodoc import render_docs
from dckg.query import get, named_queries, run_named
from dckg.reader import read_report
from dckg.results import render
from dckg.source import read_source
from dckg.store import OxigraphStore, Rows
from dckg.terms import DCKG
from dckg.validate import foreign_reports, ontology_dir
from tests.support import MINI, ROOT, dckg


@pytest.fixture(scope="module")
def bundled_store(bundled_build):
    return OxigraphStore.from_graph(bundled_build.graph)


def _examples() -> list[tuple[str, str]]:
    return [(q.name, e) for q in named_queries().values() for e in q.examples]


@pytest.mark.parametrize(("name", "example"), _examples())
def test_every_listed_example_returns_rows_on_the_bundled_report(bundled_store, name, example):
    words = shlex.split(example)
    assert words[:3] in (["dckg", "query", name], ["dckg", "sparql", "-f"])
    options = words[3:] if words[1] == "query" else []
    values = {options[i][2:]: options[i + 1] for i in range(0, len(options), 2) if options[i] != "--format"}
    assert run_named(bundled_store, name, **values).rows, example


def test_one_parameter_name_for_a_body():
    kinds = {(p.name, p.kind) for q in named_queries().values() for p in q.params if p.kind == "agency"}
    assert kinds == {("agency", "agency")}


def test_document_by_part_of_its_title(bundled_store, bundled_build):
    titles = sorted(str(d.title) for d in bundled_build.extraction.documents)
    stems = [t.split("（")[0] for t in titles if "（" in t]
    part = next(s for s in stems if sum(s in t for t in titles) == 1)
    assert run_named(bundled_store, "issuers-of", document=part).rows
    with pytest.raises(AmbiguousNameError):
        run_named(bundled_store, "issuers-of", document="数据")


def test_unknown_query_suggests_only_a_close_name():
    with pytest.raises(QueryError, match="did you mean co-issuers"):
        get("co-isuers")
    with pytest.raises(QueryError) as caught:
        get("no-such-query")
    assert "did you mean" not in str(caught.value) and "policies-by-agency" in str(caught.value)


def test_issuance_count_is_the_graphs(bundled_build):
    nodes = set(bundled_build.graph.subjects(RDF.type, DCKG.Issuance))
    assert bundled_build.extraction.issuance_count == len(nodes) < len(bundled_build.extraction.issuances)


@pytest.mark.slow
def test_build_refuses_an_unknown_output_suffix_before_building(tmp_path):
    result = dckg("build", "--source", str(MINI), "--out", str(tmp_path / "x.txt"))
    assert result.returncode == 1 and "unknown output suffix" in result.stderr
    assert not (tmp_path / "x.txt").exists()
    with pytest.raises(OutputError):
        check_out_file(tmp_path / "x.ttl", "nt")


@pytest.mark.slow
def test_build_validate_says_it_validated(tmp_path):
    result = dckg("build", "--source", str(MINI), "--out", str(tmp_path / "x.ttl"), "--validate")
    assert result.returncode == 0, result.stderr
    assert "validated: conforms (" in result.stdout and " triples)" in result.stdout


@pytest.mark.slow
def test_validate_with_another_report_says_it_is_not_the_graphs(tmp_path):
    out = tmp_path / "mini.ttl"
    assert dckg("build", "--source", str(MINI), "--out", str(out)).returncode == 0
    other = ROOT / "tests" / "data" / "observations-city.txt"
    result = dckg("validate", str(out), "--source", str(other))
    assert result.returncode == 0, result.stderr
    assert "is not the report the graph was built from" in result.stdout
    assert "give the file with --source" not in result.stdout
    assert foreign_reports(Graph().parse(out), [read_report(read_source(MINI))]) == []


def test_ontology_page_files_rdf_properties_apart_and_names_the_project():
    page = render_docs(Graph().parse(ontology_dir() / "dckg.ttl"))
    individuals = page[page.index('<section id="individuals"') :] if 'id="individuals"' in page else ""
    assert 'href="#period"' not in individuals.split("</section>")[0]
    assert 'id="other-properties"' in page
    assert "Digital China Knowledge Graph" in page and "Development-report" not in page


def test_json_gives_numbers_and_booleans_typed_and_decimals_exact():
    from rdflib.namespace import XSD  # imported here: pytest trips over the namespace at module level

    exact = "0.10000000000000000000000000001"  # a float would round it
    values = (
        Literal("46.1", datatype=XSD.decimal),
        Literal(exact, datatype=XSD.decimal),
        Literal("3377000", datatype=XSD.integer),
        Literal("true", datatype=XSD.boolean),
        Literal("2.5E3", datatype=XSD.double),
        Literal("x", datatype=XSD.integer),
        Literal("46.1"),
        URIRef("https://w3id.org/dckg/id/x"),
        None,
    )
    rows = Rows(tuple(f"c{i}" for i in range(len(values))), (values,))
    text = render(rows, "json")
    row = json.loads(text)[0]
    assert [row[f"c{i}"] for i in range(len(values))] == [
        46.1,
        float(exact),
        3377000,
        True,
        2500.0,
        "x",
        "46.1",
        "https://w3id.org/dckg/id/x",
        None,
    ]
    assert f'"c1": {exact}' in text
    assert render(rows, "csv").splitlines()[1].startswith("46.1,0.1000")


def test_json_keeps_a_text_that_looks_like_the_old_decimal_marker_a_text():
    """Regression: decimals were marked with a NUL-prefixed string swapped in after json.dumps, so a literal
    holding that marker came out as a number."""
    rows = Rows(("text", "empty"), ((Literal("\x00exact:5"), Literal("")),))
    assert json.loads(render(rows, "json")) == [{"text": "\x00exact:5", "empty": ""}]
    assert render(Rows(("a",), ()), "json") == "[]\n"


def test_no_table_of_an_example_mixes_curies_with_full_iris(bundled_store):
    full = set()
    for name, example in _examples():
        words = shlex.split(example)
        if words[1] != "query":
            continue
        options = words[3:]
        values = {options[i][2:]: options[i + 1] for i in range(0, len(options), 2) if options[i] != "--format"}
        for line in render(run_named(bundled_store, name, **values), "table").splitlines()[2:]:
            full |= {word for word in line.split() if word.startswith(("http://", "https://"))}
    assert not full, sorted(full)[:5]


def test_sparql_knows_dckgs_prefixes_and_declared_ones_win(bundled_store):
    from dckg.query import run

    text = "SELECT ?title WHERE {\n  ?d a dckg:PolicyDocument ;\n     dcterms:title ?title . ?a a org:Organization }"
    assert run(bundled_store, text).rows
    other = "PREFIX dckg: <https://example.org/not-dckg#>\nSELECT * WHERE { ?d a dckg:PolicyDocument }"
    assert not run(bundled_store, other).rows


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * {\n  ?d a dckg:Agency ; nope:x ?y }", "malformed query: unknown prefix nope: at line 2, column 22"),
        ("SELECT * WHERE {\n  ?d a dckg:Agency FILTER ( }", "malformed query: at line 2, column "),
    ],
)
def test_a_sparql_syntax_error_is_one_readable_line(bundled_store, text, message):
    from dckg.query import run

    with pytest.raises(QueryError) as caught:
        run(bundled_store, text)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert "..=" not in str(caught.value) and "\\u{" not in str(caught.value)
