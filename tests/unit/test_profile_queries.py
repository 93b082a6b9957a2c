"""The named profile queries: header convention, and answers on the bundled graph and a composed report's graph,
run in rdflib (parameter bound with initBindings) and in Oxigraph (parameter bound with a VALUES block)."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from rdflib import RDF, URIRef

import dckg
from dckg import ids
from dckg.export import serialize
from dckg.extract.programs import program_key
from dckg.terms import DCKG
from tests.support import ROOT

QUERIES = ROOT / "src" / "dckg" / "queries"
PROFILE_QUERIES = ["agency-activity", "program-profile", "section-topics", "co-issuers"]
KINDS = {"agency", "document", "program", "indicator", "section", "text", "period", "iri"}


def _header(name: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in (QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"# (name|description|param|example): (.*)", line):
            fields.setdefault(m.group(1), []).append(m.group(2))
        elif not line.startswith("#"):
            break
    return fields


def _rdflib(graph, name: str, **params: URIRef) -> list[tuple]:
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    return [tuple(None if v is None else str(v) for v in row) for row in graph.query(query, initBindings=params)]


def _oxigraph(graph, name: str, **params: URIRef) -> list[tuple]:
    store = pyoxigraph.Store()
    store.load(serialize(graph, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    values = " ".join(f"VALUES ?{k} {{ <{v}> }}" for k, v in params.items())
    query = re.sub(r"WHERE\s*\{", lambda m: m.group(0) + " " + values, query, count=1)
    return [tuple(None if t is None else t.value for t in row) for row in store.query(query)]


@pytest.mark.parametrize("name", PROFILE_QUERIES)
def test_headers_follow_the_convention(name):
    header = _header(name)
    assert header["name"] == [name]
    assert header["description"] and header["example"][0].startswith(f"dckg query {name} --")
    for param in header["param"]:
        var, kind, description = param.split(" ", 2)
        assert kind in KINDS and description
        assert f"?{var}" in (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


@pytest.mark.parametrize("run", [_rdflib, _oxigraph])
def test_agency_activity_counts_what_a_body_issued_runs_and_is_mentioned_in(bundled_build, run):
    g = bundled_build.graph
    miit = URIRef(ids.agency_iri("ministry-of-industry-and-information-technology"))
    rows = {r[0]: (int(r[1]), r[2]) for r in run(g, "agency-activity", agency=miit)}
    issued = {
        d.title
        for d in bundled_build.extraction.documents
        if any(
            "ministry-of-industry-and-information-technology" in i.issuers and i.document == d.key
            for i in bundled_build.extraction.issuances
        )
        and d.policy
    }
    assert rows["issued policy documents"][0] == len(issued) >= 2
    assert set(rows["issued policy documents"][1].split(" | ")) == issued
    assert rows["part of"] == (1, "国务院")
    sourced = set(g.subjects(DCKG.dataSource, miit)) & set(g.subjects(RDF.type, DCKG.Observation))
    assert rows["source of observations"][0] == len(sourced) > 30
    agriculture = URIRef(ids.agency_iri("ministry-of-agriculture-and-rural-affairs"))
    runs = {r[0]: r[2] for r in run(g, "agency-activity", agency=agriculture)}["runs programmes"]
    assert set(runs.split(" | ")) == {"耕耘者振兴计划", "国家智慧农业建设项目"}


@pytest.mark.parametrize("run", [_rdflib, _oxigraph])
def test_program_profile_shows_runner_sentence_and_governing_policy(bundled_build, run):
    g = bundled_build.graph
    rows = run(g, "program-profile", program=URIRef(ids.program_iri(program_key("耕耘者振兴计划"))))
    runner = [r for r in rows if r[0] == "run by"]
    assert [r[1] for r in runner] == ["农业农村部"] and "实施“耕耘者”振兴计划" in runner[0][2]
    rows = run(g, "program-profile", program=URIRef(ids.program_iri(program_key("数据要素×"))))
    governed = {(r[1], r[2]) for r in rows if r[0].startswith("governed by")}
    assert governed == {("“数据要素×”三年行动计划（2024—2026年）", "国家数据局")}


@pytest.mark.parametrize("run", [_rdflib, _oxigraph])
def test_section_topics_include_subsections(bundled_build, run):
    g = bundled_build.graph
    report = bundled_build.extraction.report
    local = ids.report_local(report.title, report.sha256)
    chapter = next(s for s in report.sections if s.key == "ch2")
    rows = run(g, "section-topics", section=URIRef(ids.section_iri(local, chapter.key)))
    labels = {(r[0], r[1]) for r in rows}
    assert ("programme", "高效办成一件事") in labels  # named in a subsection of chapter 2, not in its own text
    counts = [int(r[2]) for r in rows]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("run", [_rdflib, _oxigraph])
def test_co_issuers_are_bodies_sharing_a_document(mini_build, run):
    rows = run(mini_build.graph, "co-issuers", agency=URIRef(ids.agency_iri("ministry-of-finance")))
    assert [(r[1], int(r[2]), r[3]) for r in rows] == [("国家税务总局", 1, "关于数字经济企业税收优惠政策的公告")]


def test_local_bodies_show_in_the_profile_of_the_national_body():
    g = dckg.build(ROOT / "tests" / "data" / "programs-report.txt").graph
    rows = {
        r[0]: r[2] for r in _rdflib(g, "agency-activity", agency=URIRef(ids.agency_iri("national-data-administration")))
    }
    assert set(rows["guides local bodies"].split(" | ")) == {"海川省大数据管理局", "海川省数据管理局", "浙江省数据局"}
    assert rows["runs programmes"] == "数据要素进万企活动"
