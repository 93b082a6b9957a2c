"""The dataset of many reports: a named graph per report (named by its IRI), a shared graph of reference data,
deterministic TriG and N-Quads that read back, and refused reports that stop nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import resources

import pytest
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

import dckg
from dckg.dataset import SHARED
from dckg.graphfiles import read_quads
from dckg.store import bind_values
from dckg.terms import DCKG
from tests.support import CITY, EDITION, MINI

NDA = URIRef("https://w3id.org/dckg/id/agency/national-data-administration")


@pytest.fixture(scope="module")
def many():
    return dckg.build_dataset([MINI, EDITION, CITY])


def test_a_named_graph_per_report_named_by_its_iri(many):
    ds = many.dataset
    assert len(ds.reports) == 3 and set(ds.graphs) == {SHARED, *ds.reports}
    for iri in ds.reports:
        own = ds.graphs[iri]
        assert (iri, RDF.type, DCKG.SourceReport) in own
        reports = set(own.objects(None, DCKG.sourceReport))
        assert reports == {iri}, "a report's graph holds its own evidence and sections only"


def test_the_gazetteer_bodies_names_are_shared_their_evidence_is_the_reports(many):
    shared, edition = many.dataset.graphs[SHARED], many.dataset.graphs[many.iris[1]]
    assert (NDA, RDFS.label, None) in shared and (NDA, RDFS.label, None) not in edition
    assert (NDA, DCKG.evidence, None) in edition and (NDA, DCKG.evidence, None) not in shared
    assert (SHARED, None, URIRef("https://w3id.org/dckg/ontology")) in shared


def test_the_union_of_one_report_is_its_graph_and_the_ontology_link(bundled_build):
    dataset = dckg.build_dataset([resources.files("dckg.data") / "digital-china-report-2023.txt"]).dataset
    extra = set(dataset.union()) - set(bundled_build.graph)
    assert extra == {(SHARED, DCTERMS.conformsTo, URIRef("https://w3id.org/dckg/ontology"))}
    assert set(bundled_build.graph) <= set(dataset.union())


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_dataset_files_are_deterministic_and_read_back(many, tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    dckg.write(many.dataset, first)
    dckg.write(dckg.build_dataset([CITY, EDITION, MINI]).dataset, second)
    assert first.read_bytes() == second.read_bytes()
    quads = set(read_quads(first))
    expected = {(s, p, o, iri) for iri, graph in many.dataset.graphs.items() for s, p, o in graph}
    assert quads == expected
    assert set(dckg.read_graph(first)) == set(many.dataset.union())
    rapper = subprocess.run(
        [shutil.which("rapper") or "rapper", "-c", "-i", {"trig": "trig", "nq": "nquads"}[fmt], str(first)],
        capture_output=True,
        text=True,
    )
    assert rapper.returncode == 0 and f"returned {len(expected)} triples" in rapper.stderr


def test_a_store_of_a_dataset_file_answers_over_the_union(many, tmp_path):
    path = tmp_path / "many.trig"
    dckg.write(many.dataset, path)
    store = dckg.open_store(path)
    assert len(store) == len(many.dataset.union())
    rows = dckg.run_query("search", store, text="江南")
    assert rows.rows


def test_a_refused_report_stops_nothing_else(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a report", encoding="utf-8")
    result = dckg.build_dataset([MINI, bad, tmp_path / "missing.txt", MINI])
    assert len(result.dataset.reports) == 1, "the same report twice is read once"
    assert [r.source for r in result.refused] == [str(bad), str(tmp_path / "missing.txt")]
    assert "does not look like a Chinese report" in result.refused[0].reason


def test_a_folder_gives_its_report_files_in_order(tmp_path):
    for path in (MINI, CITY):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "notes.md").write_text("# not a report", encoding="utf-8")
    result = dckg.build_dataset([tmp_path])
    assert [x.report.name for x in result.extractions] == [str(tmp_path / MINI.name), str(tmp_path / CITY.name)]
    (tmp_path / "empty").mkdir()
    with pytest.raises(dckg.ReportInputError, match="no report files"):
        dckg.build_dataset([tmp_path / "empty"])


def test_a_single_graph_is_not_written_as_a_dataset(bundled_build, tmp_path):
    with pytest.raises(dckg.OutputError, match="not trig"):
        dckg.write(bundled_build.graph, tmp_path / "x.trig")


def test_one_measure_written_two_ways_is_one_indicator_across_editions(bundled_build):
    from dckg import ids
    from dckg.extract.indicators import indicator_key

    both = dckg.build_dataset([EDITION, resources.files("dckg.data") / "digital-china-report-2023.txt"]).dataset
    union = both.union()
    assert indicator_key("5G基站数") == indicator_key("5G基站") != indicator_key("新建5G基站")
    assert indicator_key("全国农村网络零售额") == indicator_key("农村网络零售额")
    base_stations = URIRef(ids.indicator_iri(indicator_key("5G基站")))
    names = {str(o) for o in union.objects(base_stations, SKOS.prefLabel)}
    forms = {str(o) for o in union.objects(base_stations, SKOS.altLabel)}
    assert names == {"5G基站"} and forms == {"5G基站数"}
    values = {str(union.value(o, DCKG.value)) for o in union.subjects(DCKG.indicator, base_stations)}
    assert {"231.2", "337.7"} <= values, "both editions' figures are observations of one indicator"
    new = URIRef(ids.indicator_iri(indicator_key("新建5G基站")))
    assert (new, RDF.type, DCKG.Indicator) in union and new != base_stations
    plan = next(s for s in union.subjects(DCTERMS.title, None) if str(union.value(s, DCTERMS.title)) == "数据安全法")
    for iri in both.reports:
        assert (plan, DCKG.evidence, None) in both.graphs[iri], "one document, cited in each report's graph"


@pytest.fixture(scope="module")
def editions_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("editions") / "editions.nq"
    bundled = resources.files("dckg.data") / "digital-china-report-2023.txt"
    dckg.write(dckg.build_dataset([MINI, EDITION, bundled]).dataset, path)
    return dckg.open_store(path)


def test_a_query_keeps_to_one_report_by_title_year_or_iri(editions_store):
    everywhere = dckg.run_query("observations", editions_store, indicator="5G基站")
    assert {"12.3", "231.2", "337.7"} <= {str(r["value"]) for r in everywhere.dicts()}
    by_year = dckg.run_query("observations", editions_store, report="2023", indicator="5G基站")
    assert "337.7" in {str(r["value"]) for r in by_year.dicts()} and "231.2" not in {
        str(r["value"]) for r in by_year.dicts()
    }
    by_title = dckg.run_query("observations", editions_store, report="江南省", indicator="5G基站")
    assert {str(r["value"]) for r in by_title.dicts()} == {"12.3"}
    iri = next(str(r["observation"]) for r in by_title.dicts())
    assert iri
    with pytest.raises(dckg.AmbiguousNameError, match="names 2 reports"):
        dckg.run_query("observations", editions_store, report="2022", indicator="5G基站")
    with pytest.raises(dckg.UnknownNameError, match="no report named"):
        dckg.run_query("observations", editions_store, report="1999", indicator="5G基站")


def test_the_series_of_an_indicator_across_editions_names_each_report_and_marks_restatements(editions_store):
    rows = dckg.run_query("indicator-series", editions_store, indicator="全国农村网络零售额").dicts()
    levels = [
        (str(r["when"]), str(r["value"]), str(r["report"]), str(r["restated"]))
        for r in rows
        if str(r["kind"]) == "level"
    ]
    assert levels == [
        ("2019", "1.79", "数字中国发展报告（2022年）", "restated"),
        ("2019", "1.7", "数字中国发展报告（2023年）", "restated"),
        ("2022", "2.17", "数字中国发展报告（2022年）", ""),
        ("2023", "2.49", "数字中国发展报告（2023年）", ""),
    ]
    stations = dckg.run_query("indicator-series", editions_store, indicator="5G基站数").dicts()
    assert not any(str(r["restated"]) for r in stations), "a province's figure restates no national one"


def test_report_in_a_graph_of_one_report_needs_no_named_graph(bundled_build):
    store = dckg.open_store(bundled_build.graph)
    assert len(dckg.run_query("observations", store, report="2023", indicator="5G基站")) == len(
        dckg.run_query("observations", store, indicator="5G基站")
    )


def test_diff_of_two_editions_lists_new_gone_and_restated(editions_store):
    rows = dckg.diff("数字中国发展报告（2022年）", "2023", editions_store).dicts()
    changes = {(str(r["change"]), str(r["kind"]), str(r["item"])) for r in rows}
    assert ("new", "document", "数据安全法") not in changes, "named by both editions"
    assert ("gone", "document", "数字中国建设整体布局规划") in changes
    assert ("new", "indicator", "5G基站") not in changes and ("gone", "indicator", "新建5G基站") in changes
    restated = [r for r in rows if str(r["change"]) == "restated"]
    assert [(str(r["item"]), str(r["old"]), str(r["new"])) for r in restated] == [
        ("农村网络零售额 (2019, level)", "1790000000000", "1700000000000")
    ]


def test_diff_of_two_graph_files(tmp_path, bundled_build):
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    dckg.write(dckg.build(EDITION).graph, old)
    dckg.write(bundled_build.graph, new)
    rows = dckg.diff(old, new).dicts()
    assert ("gone", "indicator", "新建5G基站") in {(str(r["change"]), str(r["kind"]), str(r["item"])) for r in rows}
    assert dckg.diff(old, old).rows == ()


def test_the_view_of_a_dataset_names_the_report_of_each_piece_of_evidence(many):
    from dckg.view import project

    view = project(many.dataset.union())
    evidence = [e for _, data in view.nodes(data=True) for e in data["evidence"]]
    assert {e.report for e in evidence} == {str(r) for r in many.dataset.reports}  # each names its report
    assert all(" · " not in e.section for e in evidence)  # the report is its own part, not in the heading


# indicator-series before its OPTIONALs were made one triple pattern each (looked up row by row in Oxigraph)
_SERIES_NESTED_OPTIONALS = {
    """  OPTIONAL { ?evidence dckg:sourceReport ?source }
  BIND (COALESCE(?source, ?evidence) AS ?sourceOrSelf)
  OPTIONAL { ?sourceOrSelf dcterms:title ?report FILTER (BOUND(?source)) }
  OPTIONAL { ?sourceOrSelf dckg:year ?year FILTER (BOUND(?report)) }
""": """  OPTIONAL {
    ?evidence dckg:sourceReport ?source .
    ?source dcterms:title ?report .
    OPTIONAL { ?source dckg:year ?year }
  }
""",
    """  OPTIONAL { ?observation dckg:period ?period }
  BIND (COALESCE(?period, ?observation) AS ?periodOrSelf)
  OPTIONAL { ?periodOrSelf dckg:periodStart ?start FILTER (BOUND(?period)) }
  OPTIONAL { ?periodOrSelf dckg:periodEnd ?end FILTER (BOUND(?start)) }
  BIND (IF(BOUND(?end), CONCAT(STR(?start), "/", STR(?end)), STR(?period)) AS ?when)
""": """  OPTIONAL {
    ?observation dckg:period ?period .
    OPTIONAL { ?period dckg:periodStart ?start ; dckg:periodEnd ?end }
  }
  BIND (IF(BOUND(?start), CONCAT(STR(?start), "/", STR(?end)), STR(?period)) AS ?when)
""",
}


def test_indicator_series_gives_the_rows_of_its_first_form(editions_store):
    """The same rows as before its OPTIONALs were one pattern each and its sub-SELECT got the indicator's VALUES
    block too: the first form, bound as then (one VALUES block opening the WHERE clause), for every indicator."""
    from dckg.query import get
    from dckg.store import select

    new = get("indicator-series").text
    old = new
    for now, before in _SERIES_NESTED_OPTIONALS.items():
        assert now in new
        old = old.replace(now, before)
    where = re.search(r"WHERE\s*\{", old).end()
    listed = "SELECT DISTINCT ?i WHERE { ?o <https://w3id.org/dckg/ontology#indicator> ?i }"
    indicators = sorted(r["i"] for r in select(editions_store, listed).dicts())
    assert len(indicators) > 300
    seen = []
    for iri in indicators:
        rows = select(editions_store, new, {"indicator": iri})
        assert bind_values(new, {"indicator": iri}).count("VALUES (?indicator)") == 2
        first = f"{old[:where]} VALUES ?indicator {{ {iri.n3()} }}{old[where:]}"
        assert rows == select(editions_store, first), iri
        seen += rows.dicts()
    assert any(str(r.get("restated")) == "restated" for r in seen), "restatements are compared too"
    assert any("/" in str(r.get("when")) for r in seen) and any("when" not in r for r in seen), "intervals, none"


def test_two_reports_stating_the_same_figure_make_two_observations_each_in_its_report(tmp_path):
    # a later edition that states the 2022 edition's figures again, one of them (2019's 农村网络零售额) differently
    later = tmp_path / "later.txt"
    text = EDITION.read_text(encoding="utf-8").replace("（2022年）", "（2023年）", 1)
    later.write_text(text.replace("农村网络零售额为1.79万亿元", "农村网络零售额为1.80万亿元"), encoding="utf-8")
    built = dckg.build_dataset([EDITION, later])
    ds, union = built.dataset, built.dataset.union()
    stated = set(union.subjects(DCKG.value, Literal("231.2", datatype=XSD.decimal)))
    assert len(stated) == 2, "one observation per report that states 5G基站 231.2万个"
    for obs in stated:
        holders = {iri for iri in ds.reports if (obs, None, None) in ds.graphs[iri]}
        sources = {union.value(e, DCKG.sourceReport) for e in union.objects(obs, DCKG.evidence)}
        assert len(holders) == 1 and sources == holders, "in the graph of the report that states it, and only there"
    assert dckg.validate(union, [dckg.read_report(EDITION), dckg.read_report(later)]) == []
    dckg.write(ds, tmp_path / "both.nq")
    store = dckg.open_store(tmp_path / "both.nq")
    series = dckg.run_query("indicator-series", store, indicator="5G基站").dicts()
    stations = {(str(r["value"]), str(r["report"]), str(r["restated"])) for r in series if str(r["kind"]) == "level"}
    assert stations == {("231.2", "数字中国发展报告（2022年）", ""), ("231.2", "数字中国发展报告（2023年）", "")}
    rows = dckg.diff("2022", "2023", store).dicts()
    assert [(str(r["change"]), str(r["item"])) for r in rows if str(r["change"]) == "restated"] == [
        ("restated", "农村网络零售额 (2019, level)")
    ]


def test_an_observation_with_evidence_from_two_reports_violates_the_shapes(many):
    union = many.dataset.union()
    obs = next(union.subjects(RDF.type, DCKG.Observation))
    other = next(
        e
        for e in union.subjects(RDF.type, DCKG.Evidence)
        if union.value(e, DCKG.sourceReport)
        not in {union.value(x, DCKG.sourceReport) for x in union.objects(obs, DCKG.evidence)}
    )
    union.add((obs, DCKG.evidence, other))
    assert any("from one report" in v.message and v.focus == str(obs) for v in dckg.validate(union))


def test_the_view_of_a_dataset_gives_each_node_and_link_the_exact_reports_that_state_it(tmp_path):
    from dckg.view import page_data, project, reports_of

    # a later edition that names 《数字中国建设整体布局规划》 and 国务院 but not as its issuer
    later = tmp_path / "later.txt"
    text = EDITION.read_text(encoding="utf-8").replace("（2022年）", "（2023年）", 1)
    later.write_text(
        text.replace("中共中央、国务院印发《数字中国建设整体布局规划》", "《数字中国建设整体布局规划》"), "utf-8"
    )
    built = dckg.build_dataset([EDITION, later])
    ds, earlier_iri = built.dataset, built.iris[0]
    view = project(ds)
    for node, data in view.nodes(data=True):
        stated = {str(iri) for iri in ds.reports if (URIRef(node), None, None) in ds.graphs[iri]}
        assert set(data["reports"]) == stated, node
    for u, v, key, data in view.edges(keys=True, data=True):
        assert data["reports"] or data["reference"], (u, v, key)
    plan = next(n for n, d in view.nodes(data=True) if d["zh"] == "数字中国建设整体布局规划")
    council = next(n for n, d in view.nodes(data=True) if d["zh"] == "国务院")
    assert set(view.nodes[plan]["reports"]) == set(view.nodes[council]["reports"]) == {str(i) for i in ds.reports}
    assert view.edges[plan, council, "issuedBy"]["reports"] == {str(earlier_iri)}, "the earlier edition's link only"
    reports = reports_of(ds.union())
    data = page_data(view, reports=reports)
    ids = [n["id"] for n in data["nodes"]]
    row = next(e for e in data["edges"] if (ids[e[0]], ids[e[1]]) == (plan, council))
    assert row[3] == [next(k for k, r in enumerate(reports) if r["iri"] == str(earlier_iri))]
