"""Named queries, their headers and parameters, safe binding, and the user's own SPARQL on the embedded store."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from dckg.errors import AmbiguousNameError, QueryError, UnknownNameError, UpdateRefusedError
from dckg.query import bind, get, named_queries, parse_named, run, run_named, statement_kind
from dckg.store import OxigraphStore, Rows, bind_values
from tests.support.rdflib_store import RdflibStore
from tests.support.synthetic import CASES, EVIL, synthetic_graph

ID = "https://w3id.org/dckg/id/"
# rdflib's own Dataset.query still calls its deprecated default_context.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
REQUIRED = {
    "policies-by-agency",
    "issuers-of",
    "documents-by-type",
    "agency-profile",
    "observations",
    "indicator-series",
    "sources-of-indicators",
    "programs-of-agency",
    "section-contents",
    "search",
}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return OxigraphStore.from_graph(synthetic_graph())


def column(rows: Rows, name: str) -> list[str]:
    return [str(d.get(name, "")) for d in rows.dicts()]


def test_every_required_query_ships_with_a_complete_header():
    queries = named_queries()
    assert set(queries) >= REQUIRED
    for q in queries.values():
        assert q.description and q.examples, q.name
        for example in q.examples:
            assert example.startswith("dckg "), example
            for p in q.params:
                assert p.optional or f"--{p.name}" in example or example.startswith("dckg sparql"), (q.name, p)


def test_header_parsing_reads_continuations_and_optional_params():
    q = parse_named(
        "# name: demo\n# description: first part\n#   and the rest\n# param: who agency The body\n"
        "# param: when period? A period\n# example: dckg query demo --who X\nSELECT ?x WHERE { ?x ?p ?who }\n",
        "demo.rq",
    )
    assert q.description == "first part and the rest"
    assert [(p.name, p.kind, p.optional) for p in q.params] == [("who", "agency", False), ("when", "period", True)]


@pytest.mark.parametrize(
    "text",
    [
        "# description: no name\nSELECT * WHERE { ?s ?p ?o }",
        "# name: x\n# description: d\n# param: v colour A colour\nSELECT * WHERE { ?s ?p ?v }",
        "# name: x\n# description: d\nDELETE WHERE { ?s ?p ?o }",
    ],
)
def test_bad_headers_are_refused(text):
    with pytest.raises(QueryError):
        parse_named(text, "bad.rq")


def test_unknown_query_name_suggests_the_nearest():
    with pytest.raises(QueryError, match="policies-by-agency"):
        get("policies-by-agncy")


def test_policies_by_agency_accepts_any_form_of_the_name(store):
    for name in ("测试省数据局", "TPDB", "test provincial  DATA bureau", f"{ID}agency/test-data-bureau"):
        rows = run_named(store, "policies-by-agency", agency=name)
        assert column(rows, "title") == ["测试数据行动方案"], name
    assert column(run_named(store, "policies-by-agency", agency="测试部"), "title") == ["测试数据行动方案"]


def test_ambiguous_and_unknown_names_stop_the_query(store):
    with pytest.raises(AmbiguousNameError) as exc:
        run_named(store, "policies-by-agency", agency="数据局")
    assert {str(c.iri) for c in exc.value.candidates} == {
        f"{ID}agency/test-data-bureau",
        f"{ID}agency/other-data-bureau",
    }
    with pytest.raises(UnknownNameError) as unknown:
        run_named(store, "policies-by-agency", agency="测试省数据")
    assert "测试省数据局" in unknown.value.suggestions


def test_issuers_of_lists_every_issuer_and_the_lead(store):
    rows = run_named(store, "issuers-of", document="测试数据行动方案")
    lead = {str(d["name"]): d["lead"].toPython() for d in rows.dicts()}
    assert lead == {"测试省数据局": True, "测试部": False}
    assert set(column(rows, "verb")) == {"联合印发"}


def test_documents_by_type_matches_part_of_either_name_or_the_id(store):
    for value in ("plan", "规划", "PLAN", "Action Plan"):
        assert set(column(run_named(store, "documents-by-type", type=value), "title")) == {"测试数据行动方案"}
    everything = run_named(store, "documents-by-type")
    assert set(column(everything, "title")) == {"测试数据行动方案", "测试统计年鉴"}


def test_agency_profile_gathers_names_parts_documents_programmes_and_sources(store):
    fields = {
        (d["field"].toPython(), str(d["value"])) for d in run_named(store, "agency-profile", agency="MOT").dicts()
    }
    assert ("name@zh", "测试部") in fields
    assert ("other name@en", "MOT") in fields
    assert ("has part", "测试省数据局") in fields
    assert ("issued policy", "测试数据行动方案") in fields
    assert ("issued document", "测试统计年鉴") in fields
    assert ("leads programme", "测试试点工程") in fields
    bureau = {
        (d["field"].toPython(), str(d["value"])) for d in run_named(store, "agency-profile", agency="TPDB").dicts()
    }
    assert ("part of", "测试部") in bureau
    assert ("source of indicator", "测试数据产量") in bureau
    assert ("mentioned in", "（一）测试数据要素") in bureau


def test_observations_search_indicators_by_part_of_the_name_and_period(store):
    rows = run_named(store, "observations", indicator="数据产量")
    assert column(rows, "value") == ["8.1", "9.5"]
    assert column(run_named(store, "observations", indicator="DATA OUTPUT", period="2023"), "value") == ["9.5"]
    assert len(run_named(store, "observations", indicator="数据产量", period="1999")) == 0


def test_indicator_series_is_ordered_by_period(store):
    rows = run_named(store, "indicator-series", indicator="test data output")
    assert column(rows, "when") == ["2022", "2023"]
    assert column(rows, "normalizedUnit") == ["http://qudt.org/vocab/unit/BYTE"] * 2


def test_sources_of_indicators_follow_documents_to_their_issuer(store):
    direct = run_named(store, "sources-of-indicators", agency="TPDB")
    assert column(direct, "value") == ["8.1"] and column(direct, "via") == [""]
    through = run_named(store, "sources-of-indicators", agency="测试部")
    assert column(through, "value") == ["9.5"] and column(through, "via") == ["测试统计年鉴"]


def test_programs_of_agency_and_section_contents(store):
    rows = run_named(store, "programs-of-agency", agency="Ministry of Testing")
    assert column(rows, "label") == ["测试试点工程"]
    assert column(rows, "policy") == ["测试数据行动方案"]
    chapter = run_named(store, "section-contents", section="一、测试基础")
    labels = set(column(chapter, "label"))
    assert {"测试试点工程", "测试数据行动方案", "测试省数据局"} <= labels  # subsections included
    assert set(column(run_named(store, "section-contents", section="1.1"), "label")) >= {"测试数据行动方案"}
    assert "测试试点工程" not in column(run_named(store, "section-contents", section="测试数据要素"), "label")


def test_search_finds_labels_in_both_languages(store):
    assert "测试省数据局" in column(run_named(store, "search", text="数据局"), "label")
    assert "Test Provincial Data Bureau" in column(run_named(store, "search", text="provincial data"), "label")


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; {"', 'a"b', "back\\slash", "two\nlines", "x > y", "'''", EVIL])
def test_text_parameters_cannot_change_the_query(store, value):
    before = len(store)
    rows = run_named(store, "search", text=value)
    assert all(value.replace(" ", "").lower() in str(label).replace(" ", "").lower() for label in column(rows, "label"))
    assert len(store) == before


def test_a_name_full_of_sparql_syntax_is_just_a_name(store):
    rows = run_named(store, "agency-profile", agency=EVIL)
    assert ("name@en", EVIL) in {(d["field"].toPython(), str(d["value"])) for d in rows.dicts()}
    with pytest.raises(UnknownNameError):
        run_named(store, "policies-by-agency", agency='"} ; DROP ALL ; {"')


def test_iris_with_forbidden_characters_are_refused(store):
    with pytest.raises((QueryError, UnknownNameError)):
        run_named(store, "policies-by-agency", agency="http://example.org/a>b")
    with pytest.raises(QueryError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/a> } ; DROP ALL ; {")})


def test_values_go_into_the_where_clause_not_into_strings_comments_or_iris():
    text = "# a { in a comment\nPREFIX ex: <http://e/x#> SELECT (\"{\" AS ?b) ('}{' AS ?c) WHERE { ?s ?p ?o }"
    bound = bind_values(text, {"o": Literal('x"y')})
    assert bound.endswith('WHERE { VALUES (?o) { ("x\\"y") } ?s ?p ?o }')


def test_missing_and_unknown_parameters_are_reported(store):
    with pytest.raises(QueryError, match="--agency"):
        bind(store, get("policies-by-agency"), {})
    with pytest.raises(QueryError, match="colour"):
        bind(store, get("policies-by-agency"), {"agency": "MOT", "colour": "red"})


@pytest.mark.parametrize("index", [True, False])
def test_rdflib_and_oxigraph_give_the_same_rows(store, index):
    baseline = RdflibStore(synthetic_graph(), index=index)
    for name, params in CASES:
        a, b = run_named(store, name, **params), run_named(baseline, name, **params)
        assert a.columns == b.columns, name
        assert sorted(map(str, a.rows)) == sorted(map(str, b.rows)), name


def test_statement_kind_reads_past_prefixes_and_comments():
    assert statement_kind("# c\nPREFIX a: <http://a#>\nBASE <http://b/>\n select * {}") == "SELECT"
    assert statement_kind("PREFIX a: <http://a#> INSERT DATA { <a:b> <a:c> 1 }") == "UPDATE"
    with pytest.raises(QueryError, match=r"error at 2:1"):
        statement_kind("# only\nSELEKT ?x")


def test_updates_are_refused_unless_allowed(store):
    before = len(store)
    with pytest.raises(UpdateRefusedError):
        run(store, "DELETE WHERE { ?s ?p ?o }")
    assert len(store) == before
    scratch = OxigraphStore.from_graph(synthetic_graph())
    assert run(scratch, "DELETE WHERE { ?s ?p ?o }", allow_update=True) is None
    assert len(scratch) == 0


def test_malformed_queries_report_line_and_column(store):
    with pytest.raises(QueryError, match=r"at line 3, column \d+"):
        run(store, "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER ( }")
    assert run(store, "ASK { ?s a <https://w3id.org/dckg/ontology#Program> }") is True


def test_the_name_index_and_the_label_scan_find_the_same_entities(store):
    from dckg import lookup

    scan = RdflibStore(synthetic_graph(), index=False)
    for name in ("数据局", "tpdb", "Ministry  of testing", "1.1", EVIL, "nothing like it"):
        indexed = [(c.iri, c.matched) for c in lookup.candidates(store, name)]
        assert indexed == [(c.iri, c.matched) for c in lookup.candidates(scan, name)], name


def test_the_library_api_answers_with_rdflib_terms_and_graphs():
    import dckg

    store = dckg.open_store(synthetic_graph())
    rows = dckg.run_query("programs-of-agency", store, agency="MOT")
    assert rows.dicts()[0]["label"] == Literal("测试试点工程", lang="zh")
    assert dckg.resolve_name("tpdb", "agency", store).iri == URIRef(f"{ID}agency/test-data-bureau")
    assert len(store.graph) == len(synthetic_graph())  # rdflib's API over the same data, the name index aside
    assert dckg.sparql("ASK { ?s a <https://w3id.org/dckg/ontology#Observation> }", store) is True


def test_the_face_decides_where_an_update_may_run_and_refuses_one_before_opening_a_store(tmp_path):
    import dckg

    with pytest.raises(QueryError, match="an update needs --update-endpoint URL, or --store PATH"):
        dckg.open_store(synthetic_graph(), writable=True)
    with pytest.raises(dckg.EndpointConfigError, match="on its own data"):
        dckg.open_store(tmp_path / "g.ttl", endpoint="http://127.0.0.1:9/query")
    with pytest.raises(UpdateRefusedError):  # no store given, none built: the refusal comes first
        dckg.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    graph = tmp_path / "g.ttl"
    graph.write_bytes(synthetic_graph().serialize(format="turtle", encoding="utf-8"))
    store = dckg.open_store(graph, store_path=tmp_path / "store", writable=True)
    assert dckg.sparql("INSERT DATA { <urn:a> <urn:b> <urn:c> }", store, allow_update=True) is None
    del store
    again = dckg.open_store(graph, store_path=tmp_path / "store")
    assert dckg.sparql("ASK { <urn:a> <urn:b> <urn:c> }", again) is True


def test_an_empty_store_given_to_the_library_answers_from_itself_not_from_the_bundled_report():
    """``store or open_store()`` took an empty store (false: no triples) for none given and answered from the
    bundled report; asking a store for its truth also counted its triples, a whole scan before every query."""
    import dckg

    empty = OxigraphStore.from_ntriples(b"")
    assert dckg.run_query("search", empty, text="数据局").rows == ()
    with pytest.raises(UnknownNameError):
        dckg.resolve_name("国家数据局", "agency", empty)
    assert len(dckg.run_query("search", dckg.open_store(), text="数据局")) > 0  # the bundled report has it


def test_a_sub_select_that_projects_a_parameter_gets_its_values_block_too():
    """A sub-SELECT is evaluated on its own: without the block indicator-series counted every indicator's values."""
    text = (
        "SELECT ?a ?b WHERE { { SELECT ?a (COUNT(?c) AS ?n) WHERE { ?a ?p ?c } GROUP BY ?a } "
        '{ SELECT (?x AS ?b) WHERE { ?x ?p "SELECT ?b {" . { SELECT ?b WHERE { ?b ?p ?a } } } } }'
    )
    bound = bind_values(text, {"a": Literal("x"), "b": Literal("y")})
    assert bound == (
        'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x" "y") } { SELECT ?a (COUNT(?c) AS ?n) WHERE { VALUES (?a) { ("x") } '
        '?a ?p ?c } GROUP BY ?a } { SELECT (?x AS ?b) WHERE { ?x ?p "SELECT ?b {" . '
        "{ SELECT ?b WHERE { ?b ?p ?a } } } } }"
    ), "not into a string, nor where ?b is an alias (its inner ?b is another variable)"
