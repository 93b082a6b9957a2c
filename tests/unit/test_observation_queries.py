"""The named queries about observations: header convention, and real answers in two engines (rdflib, Oxigraph)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from dckg import ids
from dckg.export import serialize
from dckg.extract.indicators import indicator_key
from tests.support import ROOT

QUERIES = ROOT / "src" / "dckg" / "queries"
NAMES = ["observations", "indicator-series", "figures-by-source", "largest-growth-rates"]
KINDS = {"agency", "document", "program", "indicator", "section", "text", "period", "iri"}


def _text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stores(bundled_build):
    store = ox.Store()
    store.load(serialize(bundled_build.graph, "ttl"), format=ox.RdfFormat.TURTLE)
    return bundled_build.graph, store


def _run(stores, name: str, **params) -> list[dict[str, str]]:
    """Rows of a named query in both engines, as {variable: lexical form}; both must agree."""
    graph, store = stores
    text = _text(name)
    bindings = {k: URIRef(v) if v.startswith("https://") else Literal(v) for k, v in params.items()}
    rd = [
        {str(var): str(row[var]) for var in row.labels if row[var] is not None}
        for row in graph.query(text, initBindings=bindings)
    ]
    # Oxigraph's substitutions reach projected variables only: bind the parameters in a VALUES block instead
    values = "".join(f" VALUES ?{k} {{ {v.n3()} }}" for k, v in bindings.items())
    m = re.search(r"WHERE\s*\{", text)
    result = store.query(text[: m.end()] + values + text[m.end() :])
    names = [v.value for v in result.variables]
    oxr = [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]
    assert sorted(map(sorted, (r.items() for r in rd))) == sorted(map(sorted, (r.items() for r in oxr))), name
    return rd


@pytest.mark.parametrize("name", NAMES)
def test_header_convention(name):
    header = [line for line in _text(name).splitlines() if line.startswith("#")]
    fields = [re.match(r"#\s*(\w+):\s*(.*)", line).groups() for line in header if re.match(r"#\s*\w+:", line)]
    assert fields[0] == ("name", name)
    assert fields[1][0] == "description" and fields[1][1]
    for key, value in fields:
        if key == "param":
            var, kind, description = value.split(" ", 2)
            assert kind.rstrip("?") in KINDS and description and f"?{var}" in _text(name)
    assert any(key == "example" and value.startswith("dckg query ") for key, value in fields)


def test_observations_answer_the_5g_question(stores):
    rows = _run(stores, "observations", indicator="5G基站数")
    got = {(r["value"], r["unit"], r["kind"], r["when"]) for r in rows}
    assert got == {("337.7", "万个", "level", "2023-12-31"), ("46.1", "%", "growth rate", "2023-12-31")}
    assert all("5G基站数达337.7万个" in r["quote"] for r in rows)


def test_time_series_of_an_indicator(stores):
    iri = ids.indicator_iri(indicator_key("新兴业务收入占电信业务总收入的比重"))
    rows = _run(stores, "indicator-series", indicator=iri)
    assert [(r["when"], r["value"], r["normalizedValue"]) for r in rows] == [
        ("2019", "10.5", "0.105"),
        ("2023", "21.2", "0.212"),
    ]


def test_figures_a_body_is_the_source_of(stores):
    rows = _run(stores, "figures-by-source", agency=ids.agency_iri("national-bureau-of-statistics"))
    charts = {r["label"] for r in rows if r["what"] == "figure"}
    assert "图5 2019年—2023年集成电路产量" in charts and len(charts) == 5
    values = {(r["label"], r["value"]) for r in rows if r["what"] == "observation"}
    assert ("数字化生产性服务业增加值", "15.1") in values  # 根据国家统计局数据计算所得


def test_largest_growth_rates(stores):
    rows = _run(stores, "largest-growth-rates")
    values = [float(r["normalizedValue"]) for r in rows]
    assert len(rows) == 20 and values == sorted(values, reverse=True)
    assert (rows[0]["label"], rows[0]["value"], rows[0]["unit"]) == ("在线旅游销售额", "237.5", "%")


# Observations at the edges of the model: an interval period, no period, a source without a Chinese name beside
# one with it, an observation that has a label of its own.
EDGES = """
@prefix dckg: <https://w3id.org/dckg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/dckg/id/> .
:ind a dckg:Indicator ; rdfs:label "测试指标"@zh, "Test Indicator"@en ; skos:prefLabel "测试指标"@zh .
:level skos:prefLabel "level"@en, "水平值"@zh .  :exact skos:prefLabel "exact"@en, "确数"@zh .
:ev dckg:quote "测试句子。"@zh .
:span dckg:periodStart "2019"^^xsd:gYear ; dckg:periodEnd "2023"^^xsd:gYear .
:a rdfs:label "甲局"@zh, "Bureau A"@en .  :b rdfs:label "Bureau B"@en .
:o1 dckg:period :span ; dckg:dataSource :a, :b .
:o2 rdfs:label "观测二"@zh .
:o3 dckg:period "2023-12-31"^^xsd:date ; dckg:dataSource :b .
""" + "".join(
    f":o{n} dckg:indicator :ind ; dckg:value {n}.5 ; dckg:normalizedValue {n}.5 ; dckg:measureKind :level ;"
    " dckg:qualifier :exact ; dckg:evidence :ev .\n"
    for n in (1, 2, 3)
)


@pytest.fixture(scope="module")
def edge_stores():
    from rdflib import Graph

    store = ox.Store()
    store.load(EDGES, format=ox.RdfFormat.TURTLE)
    return Graph().parse(data=EDGES, format="turtle"), store


@pytest.mark.parametrize(
    "period, expected",
    [
        (None, {("1.5", "2019/2023", "甲局"), ("2.5", None, None), ("3.5", "2023-12-31", None)}),
        ("2023", {("1.5", "2019/2023", "甲局"), ("3.5", "2023-12-31", None)}),
        ("2019/2023", {("1.5", "2019/2023", "甲局")}),
        ("2022", set()),
    ],
)
def test_observations_at_the_edges_of_the_model(edge_stores, period, expected):
    params = {"indicator": "test INDICATOR"} | ({"period": period} if period else {})
    rows = _run(edge_stores, "observations", **params)
    assert {(r["value"], r.get("when"), r.get("source")) for r in rows} == expected
    assert len(rows) == len(expected)
