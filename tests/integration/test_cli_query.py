"""The query commands end to end: dckg query, sparql, lookup and push, with --graph, --store and --endpoint."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from dckg.cli import main
from dckg.pipeline import build
from dckg.query import named_queries
from dckg.terms import DCKG
from tests.support import ROOT
from tests.support.synthetic import synthetic_graph

NDA = URIRef("https://w3id.org/dckg/id/agency/national-data-administration")
FIRST_QUESTION = ROOT / "src" / "dckg" / "queries" / "national-data-bureau-policies.rq"


def dckg(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, standard output, standard error."""
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "synthetic.ttl"
    path.write_bytes(synthetic_graph().serialize(format="turtle", encoding="utf-8"))
    return path


def test_list_and_help_come_from_the_query_headers(capsys):
    code, out, _ = dckg(capsys, "query", "--list")
    assert code == 0
    for q in named_queries().values():
        assert q.name in out and q.description[:40] in out
    code, out, _ = dckg(capsys, "query", "policies-by-agency", "--help")
    assert code == 0 and "--agency" in out and named_queries()["policies-by-agency"].examples[0] in out


def test_the_first_question_by_name_on_the_bundled_graph(capsys):
    graph = build().graph
    expected = {doc for doc in graph.subjects(DCKG.issuedBy, NDA) if (doc, RDF.type, DCKG.PolicyDocument) in graph}
    code, out, _ = dckg(capsys, "query", "policies-by-agency", "--agency", "national data bureau", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert expected and {URIRef(r["document"]) for r in rows} == expected
    code, out, _ = dckg(capsys, "sparql", "-f", str(FIRST_QUESTION), "--format", "json")
    assert code == 0 and {URIRef(r["document"]) for r in json.loads(out)} == expected


def test_formats_carry_the_same_rows(capsys, graph_file):
    args = ("query", "agency-profile", "--agency", "测试部", "--graph", str(graph_file), "--format")
    _, as_csv, _ = dckg(capsys, *args, "csv")
    _, as_json, _ = dckg(capsys, *args, "json")
    _, as_md, _ = dckg(capsys, *args, "md")
    _, as_table, _ = dckg(capsys, *args, "table")
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    as_text = json.loads(as_json, parse_int=str, parse_float=str)  # JSON numbers and booleans, CSV text
    assert rows == [
        {k: "" if v is None else str(v).lower() if isinstance(v, bool) else v for k, v in r.items()} for r in as_text
    ]
    assert len(as_md.splitlines()) == len(rows) + 2
    assert as_table.rstrip().endswith(f"({len(rows)} rows)")


def test_lookup_resolves_abbreviations_of_the_bundled_graph(capsys):
    code, out, _ = dckg(capsys, "lookup", "网信办", "--format", "csv")
    assert code == 0
    assert next(csv.DictReader(io.StringIO(out)))["entity"].endswith("/agency/cyberspace-administration-of-china")
    code, out, _ = dckg(capsys, "lookup", "MIIT", "--format", "csv")
    assert "ministry-of-industry-and-information-technology" in out


def test_ambiguous_and_unknown_names_exit_2_with_choices(capsys, graph_file):
    code, _, err = dckg(capsys, "lookup", "数据局", "--graph", str(graph_file))
    assert code == 2 and "agency:test-data-bureau" in err and "agency:other-data-bureau" in err
    code, _, err = dckg(capsys, "query", "policies-by-agency", "--agency", "测试省数据", "--graph", str(graph_file))
    assert code == 2 and "测试省数据局" in err and err.count("\n") == 1


def test_bad_queries_and_updates_exit_2_with_one_line(capsys, graph_file):
    code, _, err = dckg(capsys, "sparql", "SELECT ?x WHERE {\n ?x ?p ?o .\n FILTER ( }", "--graph", str(graph_file))
    assert code == 2 and "at line 3, column" in err and err.count("\n") == 1
    code, _, err = dckg(capsys, "sparql", "DROP ALL", "--graph", str(graph_file))
    assert code == 2 and "--allow-update" in err
    code, _, err = dckg(capsys, "query", "policies-by-agency")
    assert code == 2 and "--agency" in err


def test_the_persistent_store_is_reused(capsys, graph_file, tmp_path):
    store = tmp_path / "store"
    args = ("query", "search", "--text", "测试部", "--graph", str(graph_file), "--store", str(store), "--format", "csv")
    first = dckg(capsys, *args)
    stamp = (store / "dckg-store.json").stat().st_mtime_ns
    assert dckg(capsys, *args) == first and first[0] == 0 and "测试部" in first[1]
    assert (store / "dckg-store.json").stat().st_mtime_ns == stamp


def test_push_then_query_the_endpoint_gives_the_embedded_rows(capsys, graph_file, oxigraph):
    code, out, _ = dckg(capsys, "push", "--store-endpoint", oxigraph.store, "--graph", str(graph_file))
    assert code == 0 and f"{len(synthetic_graph()):,} triples" in out
    for args in (["query", "issuers-of", "--document", "测试数据行动方案"], ["lookup", "TPDB"]):
        _, here, _ = dckg(capsys, *args, "--graph", str(graph_file), "--format", "csv")
        _, there, _ = dckg(capsys, *args, "--endpoint", oxigraph.query, "--format", "csv")
        assert here == there and here.count("\n") >= 2


def test_updates_run_remotely_only_when_allowed(capsys, oxigraph):
    update = "INSERT DATA { GRAPH <https://example.org/cli> { <https://example.org/s> <https://example.org/p> 1 } }"
    ask = "ASK { GRAPH <https://example.org/cli> { ?s ?p ?o } }"
    code, _, _ = dckg(capsys, "sparql", update, "--update-endpoint", oxigraph.update)
    assert code == 2
    assert dckg(capsys, "sparql", ask, "--endpoint", oxigraph.query)[1] == "false\n"
    code, out, _ = dckg(capsys, "sparql", update, "--allow-update", "--update-endpoint", oxigraph.update)
    assert code == 0 and "update done" in out
    assert dckg(capsys, "sparql", ask, "--endpoint", oxigraph.query)[1] == "true\n"


def test_an_allowed_update_on_a_persistent_store_lasts_and_is_found_by_name(capsys, graph_file, tmp_path):
    store = ("--graph", str(graph_file), "--store", str(tmp_path / "store"))
    update = (
        "INSERT DATA { <https://w3id.org/dckg/id/agency/new> a <https://w3id.org/dckg/ontology#Agency> ;"
        ' <http://www.w3.org/2000/01/rdf-schema#label> "New Office"@en }'
    )
    assert dckg(capsys, "sparql", update, *store)[0] == 2
    assert dckg(capsys, "sparql", update, "--allow-update", *store)[0] == 0
    code, out, _ = dckg(capsys, "lookup", "new office", *store, "--format", "csv")
    assert code == 0 and "agency/new" in out


def test_every_example_in_the_headers_runs_on_the_bundled_graph(capsys):
    import shlex

    for q in named_queries().values():
        for example in q.examples:
            code, _, err = dckg(capsys, *shlex.split(example)[1:], "--format", "csv")
            # Indicators and programmes come from extractors that other reports' graphs may lack.
            unknown_kind = "no indicator named" in err or "no program named" in err
            assert code == 0 or unknown_kind, (example, err)
