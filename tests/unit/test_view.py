"""The network view without a browser: projection, selection, layout, escaping, determinism, the CLI."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
import subprocess
import sys

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS

from dckg import view
from dckg.cli import main
from dckg.errors import ViewInputError
from dckg.export import serialize
from dckg.graphfiles import read_graph
from dckg.layout import positions
from dckg.terms import DCKG
from dckg.vocab import view_classes, view_relations
from tests.support import EDITION, MINI, ROOT, dckg
from tests.support.synthetic import SYNTHETIC, XSS_EN, XSS_ZH, T


@pytest.fixture(scope="module")
def synthetic() -> Graph:
    return read_graph(SYNTHETIC)


def payload(page: str) -> dict:
    """The JSON the page script reads, parsed as the browser parses it."""
    text = re.search(r'<script id="dckg-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    return json.loads(text)


def test_projection_draws_each_class_of_the_table_and_folds_observations(synthetic):
    folded = view.project(synthetic)
    classes = {n: c for n, c in folded.nodes(data="cls")}
    assert sorted(classes.values()) == sorted(
        ["Agency"] * 3 + ["PolicyDocument", "Document", "Program", "Indicator", "Indicator", "Section", "Section"]
    )
    figures = folded.nodes[T + "ind-5g"]["folded"]
    assert [f["zh"] for f in figures] == ["12.3万个", "8.5%"]
    facts = dict((en, text) for en, _, text, _ in figures[0]["props"])
    assert facts["period"] == "2022-12-31" and facts["unit"] == "万个"
    assert facts["data source"].startswith("江南省通信管理局")
    assert figures[0]["evidence"][0].section == "（一）网络设施加快建设"
    # the observation's links move to its indicator: the programme is measured by it, the source feeds it
    assert folded.has_edge(T + "gigabit", T + "ind-5g", key="measuredBy")
    assert folded.has_edge(T + "ind-5g", T + "telecom", key="dataSource")
    unfolded = view.project(synthetic, fold=False)
    assert unfolded.number_of_nodes() == folded.number_of_nodes() + 3
    assert unfolded.has_edge(T + "obs-5g", T + "ind-5g", key="indicator")
    assert unfolded.nodes[T + "obs-core"]["zh"] == "1.2万亿元"


def test_projection_of_the_bundled_graph_matches_its_triples(bundled_build):
    g = bundled_build.graph
    projected = view.project(g, fold=False)
    typed = {str(s) for c in view_classes() for s in g.subjects(RDF.type, view.expand(c.curie))}
    assert set(projected.nodes) == typed
    observations = {str(s) for s in g.subjects(RDF.type, view.expand("dckg:Observation"))}
    assert observations and set(view.project(g).nodes) == typed - observations
    drawn = {
        (str(s), str(o), r.name)
        for r in view_relations()
        for s, o in g.subject_objects(view.expand(r.curie))
        if str(s) in typed and str(o) in typed
    }
    assert set(projected.edges(keys=True)) == drawn
    nda = view.find(projected, "国家数据局")
    assert projected.nodes[nda]["en"] == "National Data Administration"
    assert all(e.quote and e.section for e in projected.nodes[nda]["evidence"])


def test_panel_words_values_as_a_person_reads_them(synthetic, bundled_build):
    props = {en: (ven, vzh) for en, _, ven, vzh in view.project(synthetic).nodes[T + "data-bureau"]["props"]}
    assert props["in gazetteer"] == ("no", "否")
    nda = view.project(bundled_build.graph).nodes[view.find(view.project(bundled_build.graph), "国家数据局")]
    assert ("in gazetteer", "收录于名录", "yes", "是") in nda["props"]
    units = {
        (en, zh)
        for _, d in view.project(bundled_build.graph).nodes(data=True)
        for f in d["folded"]
        for key, _, en, zh in f["props"]
        if key == "normalised unit"
    }
    assert ("count", "个数") in units and ("yuan", "元") in units and not any(":" in en for en, _ in units)
    values = {
        en
        for _, d in view.project(bundled_build.graph).nodes(data=True)
        for f in d["folded"]
        for key, _, en, _ in f["props"]
        if key == "normalised value"
    }
    assert "1,200,000,000,000" in values or any("," in v for v in values)


def test_views_answer_their_questions(bundled_build):
    """'Who issued what' draws bodies, documents and programmes: every node linked but the documents with no
    stated issuer, which sit on one shelf below; each document is nearer to one of its issuers than to any
    other body, and a co-issued one lies between its issuers. Every view is laid out at build time."""
    data = view.page_data(view.project(bundled_build.graph))
    assert [v["name"] for v in data["views"]] == ["issuers", "figures", "structure", "everything"]
    issuers = data["views"][0]
    nodes, classes, relations = data["nodes"], data["classes"], data["relations"]
    cls = {i: classes[nodes[i]["c"]]["name"] for i in issuers["n"]}
    assert set(cls.values()) == {"Agency", "PolicyDocument", "Document", "Program"}
    linked = {i for e in issuers["e"] for i in data["edges"][e][:2]}
    shelf = issuers["shelf"]["n"]
    assert set(issuers["n"]) == linked | set(shelf) and not linked & set(shelf)
    assert {cls[i] for i in shelf} <= {"PolicyDocument", "Document"}
    assert issuers["shelf"]["en"] == "issuer not stated in the report"
    xy = dict(zip(issuers["n"], issuers["xy"], strict=True))
    assert min(xy[i][1] for i in shelf) > max(xy[i][1] for i in linked)  # the shelf is below the rest
    stated: dict[int, set[int]] = {}
    for e in issuers["e"]:
        u, v, r = data["edges"][e]
        if relations[r]["en"] == "issued by":
            stated.setdefault(u, set()).add(v)
    bodies = [i for i in issuers["n"] if cls[i] == "Agency"]
    assert len(stated) > 20
    for doc, by in stated.items():
        assert min(bodies, key=lambda b: (math.dist(xy[b], xy[doc]), b)) in by, nodes[doc]["zh"]
        for one, other in itertools.permutations(by, 2):  # a co-issued document lies between its issuers
            assert math.dist(xy[doc], xy[one]) < math.dist(xy[one], xy[other]), nodes[doc]["zh"]
    assert any(len(by) > 1 for by in stated.values())
    assert all(len(v["xy"]) == len(v["n"]) == len(v["s"]) for v in data["views"])


def test_select_by_type_and_by_focus_in_either_language(synthetic):
    full = view.project(synthetic)
    kept = view.select(full, types=["agency", "Program"])
    assert {c for _, c in kept.nodes(data="cls")} == {"Agency", "Program"}
    for name in ("千兆城市", "gigabit city", "Gigabit  City", T + "gigabit"):
        assert view.find(full, name) == T + "gigabit"
    near = view.select(full, focus="千兆城市", depth=1)
    assert set(near) == {T + x for x in ("gigabit", "telecom", "plan", "ind-5g", "s1")}
    assert set(view.select(full, focus="千兆城市", depth=0)) == {T + "gigabit"}
    assert view.find(full, "省数据局") == T + "data-bureau"  # an alternative name
    with pytest.raises(ViewInputError, match="no entity named"):
        view.select(full, focus="不存在的机构")
    with pytest.raises(ViewInputError, match="unknown type"):
        view.select(full, types=["Agencies"])


def test_page_escapes_every_data_text(synthetic):
    page = view.render_html(synthetic)
    raw = re.search(r'<script id="dckg-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&") & set(raw)  # written as \u003c, \u003e, \u0026 inside the JSON strings
    assert page.count("</script>") == 3  # data, vis-network, the page script: no label closes one
    data = payload(page)
    xss = next(n for n in data["nodes"] if n["id"] == T + "xss")
    assert (xss["zh"], xss["en"]) == (XSS_ZH, XSS_EN)
    assert '" onmouseover="alert(4)' in xss["alt"]
    assert any("</script><script>alert(3)</script>" in e[0] for e in data["evidence"])


def test_page_is_self_contained_and_deterministic(synthetic, bundled_build):
    page = view.render_html(bundled_build.graph)
    assert not re.search(r"""<(?:script|link|img|iframe)[^>]*\s(?:src|href)\s*=""", page, re.I)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "window.network = network" in page and "vis-network" in page
    again = view.render_html(read_graph_from_bytes(serialize(bundled_build.graph, "nt"), "nt"))
    assert page == again  # same graph, parsed from another serialisation: byte-identical
    data = payload(page)
    projected = view.project(bundled_build.graph)
    assert len(data["nodes"]) == projected.number_of_nodes()
    assert len(data["edges"]) == projected.number_of_edges()


def read_graph_from_bytes(data: bytes, fmt: str) -> Graph:
    return Graph().parse(data=data.decode("utf-8"), format=fmt)


def test_notebook_helper_embeds_the_page_in_an_iframe(synthetic):
    shown = view.show(synthetic, focus="千兆城市", height=500)
    frame = shown._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "height:500px" in frame
    assert html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1)) == shown.page
    assert payload(shown.page)["focus"] == T + "gigabit"


def test_layout_is_deterministic_and_separates_nodes(bundled_build):
    projected = view.project(bundled_build.graph)
    nodes = sorted(projected)
    first = positions(nodes, projected.edges())
    assert first == positions(nodes, projected.edges())
    assert set(first) == set(nodes)
    assert len(set(first.values())) == len(nodes)
    radii = {n: view.node_size(projected.degree(n)) for n in nodes}
    placed = positions(nodes, projected.edges(), radii)
    for a, b in itertools.combinations(nodes, 2):  # no two discs overlap
        assert math.dist(placed[a], placed[b]) >= radii[a] + radii[b]
    # components do not overlap: a small separate component sits outside the big one's box
    lonely = positions(["a", "b", "c", "x", "y"], [("a", "b"), ("b", "c"), ("x", "y")])
    big = [lonely[n] for n in "abc"]
    assert all(
        not (min(p[0] for p in big) <= lonely[n][0] <= max(p[0] for p in big))
        or not (min(p[1] for p in big) <= lonely[n][1] <= max(p[1] for p in big))
        for n in "xy"
    )


def test_layout_shelves_unlinked_nodes_below_and_pulls_some_links_shorter():
    nodes = ["hub", *[f"doc{k}" for k in range(6)], "b", "c", "lone1", "lone2"]
    edges = [("hub", f"doc{k}") for k in range(6)] + [("hub", "b"), ("b", "c")]
    placed = positions(nodes, edges, shelf=["lone2", "lone1"], pull={(f"doc{k}", "hub"): 12.0 for k in range(6)})
    assert placed == positions(
        nodes, edges, shelf=["lone2", "lone1"], pull={(f"doc{k}", "hub"): 12.0 for k in range(6)}
    )
    linked = [placed[n] for n in nodes[:-2]]
    assert min(placed["lone1"][1], placed["lone2"][1]) > max(y for _, y in linked)  # below the rest
    assert placed["lone2"][1] == placed["lone1"][1] and placed["lone2"][0] < placed["lone1"][0]  # one row, in order
    near = max(math.dist(placed["hub"], placed[f"doc{k}"]) for k in range(6))
    assert near < math.dist(placed["hub"], placed["b"])  # pulled links are the short ones


def test_published_pages_are_fresh(bundled_build):
    """graph/dckg.html and ontology/dckg.html are what `dckg viz` and `dckg docs` write now."""
    from dckg.ontodoc import read_ontology, render_docs

    published = (ROOT / "graph" / "dckg.html").read_text(encoding="utf-8")
    assert published == view.render_html(bundled_build.graph), "run: dckg viz"
    docs = (ROOT / "ontology" / "dckg.html").read_text(encoding="utf-8")
    assert docs == render_docs(read_ontology()), "run: dckg docs"


def test_ontology_page_documents_every_term_in_both_languages():
    from dckg.ontodoc import read_ontology, render_docs

    onto = read_ontology()
    page = render_docs(onto)
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in (t for t in onto.subjects(RDF.type, kind) if isinstance(t, URIRef)):
            local = str(term).rsplit("#", 1)[-1]
            assert f'id="{local}"' in page
            for label in onto.objects(term, RDFS.label):
                assert str(label) in page


@pytest.mark.slow
def test_viz_command(tmp_path, capsys):
    out = tmp_path / "view.html"
    options = ("--focus", "Gigabit City", "--types", "Agency,Program")
    done = dckg("viz", "--graph", str(SYNTHETIC), "--out", str(out), *options)
    assert done.returncode == 0, done.stderr
    assert "2 entities, 1 links" in done.stdout
    data = payload(out.read_text(encoding="utf-8"))
    assert data["focus"] == T + "gigabit" and {n["id"] for n in data["nodes"]} == {T + "gigabit", T + "telecom"}
    opened = tmp_path / "figures.html"
    assert dckg("viz", "--graph", str(SYNTHETIC), "--out", str(opened), "--view", "figures").returncode == 0
    data = payload(opened.read_text(encoding="utf-8"))
    assert data["views"][data["start"]]["name"] == "figures"
    for args, message in (
        (("--view", "nope"), "no view 'nope'"),
        (("--focus", "没有这个"), "no entity named"),
        (("--types", "Agency,Nope"), "unknown type"),
        (("--depth", "-1"), "-1"),
    ):
        bad = tmp_path / "bad.html"
        with pytest.raises(SystemExit) as stop:
            main(["viz", "--graph", str(SYNTHETIC), "--out", str(bad), *args])
        err = capsys.readouterr().err
        assert stop.value.code == 2 and message in err.strip().splitlines()[-1] and "Traceback" not in err
        assert not bad.exists()


@pytest.mark.slow
def test_docs_command(tmp_path):
    out = tmp_path / "onto.html"
    done = dckg("docs", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (ROOT / "ontology" / "dckg.html").read_bytes()
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <urn:x#> . x:a x:b", encoding="utf-8")
    done = dckg("docs", "--ontology", str(broken), "--out", str(tmp_path / "b.html"))
    assert done.returncode == 2 and done.stderr.startswith("dckg: error:")


@pytest.mark.slow
def test_a_graph_with_nothing_to_draw_is_one_line(tmp_path):
    other = tmp_path / "other.nt"
    other.write_text('<http://example.org/a> <http://example.org/p> "v" .\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from dckg.cli import main; main()", "viz", "--graph", str(other), "--out", "x.html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2 and "nothing to draw" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.fixture(scope="module")
def two_reports() -> Graph:
    """The union of a dataset of two composed reports (an earlier edition, a mini report) that name some bodies both."""
    import dckg

    return dckg.build_dataset([EDITION, MINI]).dataset.union()


def test_page_of_two_reports_lists_them_and_names_the_report_of_each_piece_of_evidence(two_reports):
    data = payload(view.render_html(two_reports))
    reports = {URIRef(r["iri"]) for r in data["reports"]}
    assert reports == set(two_reports.subjects(RDF.type, DCKG.SourceReport)) and len(reports) == 2
    assert [r["year"] for r in data["reports"]] == sorted(r["year"] for r in data["reports"])
    for r in data["reports"]:
        assert r["zh"] == str(two_reports.value(URIRef(r["iri"]), DCTERMS.title))
    assert len({r["color"] for r in data["reports"]} | {data["several"]}) == 3
    # each evidence row ends with its report, which is the report the graph says states that sentence
    stated = {
        (str(two_reports.value(ev, DCKG.quote)), int(two_reports.value(ev, DCKG.start))): str(
            two_reports.value(ev, DCKG.sourceReport)
        )
        for ev in two_reports.subjects(RDF.type, DCKG.Evidence)
    }
    assert data["evidence"] and all(
        data["reports"][row[5]]["iri"] == stated[(row[0], row[2])] for row in data["evidence"]
    )


def test_a_node_belongs_to_the_reports_that_name_it(two_reports):
    data = payload(view.render_html(two_reports))
    iris = [r["iri"] for r in data["reports"]]
    for node in data["nodes"]:
        rows = node["ev"] + [k for f in node.get("f", []) for k in f["ev"]]
        by_evidence = {data["evidence"][k][5] for k in rows}
        own = {iris.index(str(r)) for r in two_reports.objects(URIRef(node["id"]), DCKG.sourceReport)}
        assert node["r"] == sorted(by_evidence | own) and node["r"], node["zh"]
    sections = [n for n in data["nodes"] if data["classes"][n["c"]]["name"] == "Section"]
    assert {tuple(n["r"]) for n in sections} == {(0,), (1,)}  # each report's sections are its own
    shared = [n for n in data["nodes"] if len(n["r"]) == 2]
    assert shared  # a body both reports name (the gazetteer makes it one IRI) is in both
    page = view.render_html(two_reports)
    assert page == view.render_html(read_graph_from_bytes(serialize(two_reports, "nt"), "nt"))  # deterministic
    assert 'id="report-filter"' in page and 'id="colour-report"' in page


def test_a_single_report_page_has_no_report_control(synthetic, bundled_build):
    for graph in (synthetic, bundled_build.graph):
        page = view.render_html(graph)
        data = payload(page)
        assert "reports" not in data and "several" not in data
        assert all("r" not in n for n in data["nodes"]) and all(len(e) == 5 for e in data["evidence"])
        assert 'id="reports"' not in page and 'id="report-filter"' not in page
