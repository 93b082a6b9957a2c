"""English glosses of Chinese names: composed only from known parts, marked as machine-made, found by English
searches, and as good as docs/glosses.md says (its hand-checked sample is what the code still makes)."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, Literal

from dckg import view
from dckg.errors import UnknownNameError
from dckg.gloss import gloss
from dckg.lookup import resolve
from dckg.query import empty_answer_notes, run_named
from dckg.store import OxigraphStore
from dckg.templates import asset
from dckg.terms import DCKG
from tests.support import ROOT, dckg

DOC = ROOT / "docs" / "glosses.md"


def _sample() -> list[tuple[str, str, str]]:
    rows = re.findall(r"^\| (\d+) \| (\S+) \| ([^|]+) \| (right|wrong) \|", DOC.read_text(encoding="utf-8"), re.M)
    return [(zh, en.strip(), verdict) for _, zh, en, verdict in rows]


@pytest.fixture(scope="module")
def bundled_store(bundled_build):
    return OxigraphStore.from_graph(bundled_build.graph)


def test_the_hand_checked_sample_is_what_the_code_makes_and_reads_right_often_enough():
    sample = _sample()
    assert len(sample) == 50
    assert [(zh, gloss(zh)) for zh, _, _ in sample] == [(zh, en) for zh, en, _ in sample]
    assert sum(verdict == "right" for *_, verdict in sample) >= 0.8 * len(sample)


def test_a_gloss_is_composed_in_english_order_from_known_parts_only():
    assert gloss("5G基站数") == "number of 5G base stations"
    assert gloss("数字经济核心产业增加值占GDP比重") == "share of digital economy core industry value added in GDP"
    assert gloss("网民规模") == "number of internet users"
    assert gloss("丰富全国视障用户的精神文化生活") is None  # a clause: a verb first, more than six words
    assert gloss("地市已建设政务云") is None  # a lone character (已) outside the term table
    assert gloss("GDP") is None and gloss("") is None  # nothing Chinese to gloss
    assert gloss("5G基站数") == gloss(" 5G 基站数 ")


def test_glosses_are_their_own_property_never_an_english_label(bundled_build):
    g = bundled_build.graph
    glossed = set(g.subjects(DCKG.gloss, None))
    indicators = set(g.subjects(RDF.type, DCKG.Indicator))
    assert glossed & indicators and glossed <= indicators | set(g.subjects(RDF.type, DCKG.Document)) | set(
        g.subjects(RDF.type, DCKG.Program)
    )
    assert all(isinstance(o, Literal) and o.language == "en" for o in g.objects(None, DCKG.gloss))
    assert not any(o.language == "en" for n in indicators for o in g.objects(n, RDFS.label))


def test_english_finds_chinese_names_through_their_glosses(bundled_store, bundled_build):
    g = bundled_build.graph
    node, en = next(iter(sorted(g.subject_objects(DCKG.gloss))))
    found = run_named(bundled_store, "search", text=str(en).upper())
    assert node in {r["entity"] for r in found.dicts()}
    en = next(o for n, o in sorted(g.subject_objects(DCKG.gloss)) if (n, RDF.type, DCKG.Indicator) in g)
    assert run_named(bundled_store, "observations", indicator=str(en)).rows
    assert run_named(bundled_store, "indicator-series", indicator=str(en)).rows


def test_an_english_text_that_finds_nothing_gets_chinese_suggestions(bundled_store, bundled_build):
    g = bundled_build.graph
    en = next(str(o) for n, o in sorted(g.subject_objects(DCKG.gloss)) if (n, RDF.type, DCKG.Indicator) in g)
    text = f"zzz {en.split()[-1]}"
    assert not run_named(bundled_store, "observations", indicator=text).rows
    notes = empty_answer_notes(bundled_store, "observations", indicator=text)
    assert len(notes) == 1 and "names are Chinese" in notes[0] and "perhaps: " in notes[0]
    assert re.search(r"perhaps: \S*[\u4e00-\u9fff]", notes[0])  # Chinese names first, their glosses after
    assert empty_answer_notes(bundled_store, "observations", indicator="不存在的指标") == []


@pytest.mark.slow
def test_the_cli_says_so_on_stderr_and_exits_0(tmp_path):
    result = dckg("query", "observations", "--indicator", "zzz base stations")
    assert result.returncode == 0 and "(0 rows)" in result.stdout
    assert "note: no indicator has 'zzz base stations' in its name" in result.stderr


def test_the_view_carries_glosses_for_its_search_and_marks_them(bundled_build):
    data = view.page_data(view.project(bundled_build.graph))
    glossed = {n["id"]: n["gl"] for n in data["nodes"] if "gl" in n}
    expected = {str(s): str(o) for s, o in bundled_build.graph.subject_objects(DCKG.gloss)}
    assert glossed and glossed.items() <= expected.items()
    script = asset("view.js")
    assert "...n.alt, n.gl]" in script and "Gloss (machine-made)" in script  # searched, and shown as a gloss


def test_an_unknown_english_name_of_a_chinese_named_class_suggests_chinese_names(bundled_store, bundled_build):
    g = bundled_build.graph
    en = next(str(o) for n, o in sorted(g.subject_objects(DCKG.gloss)) if (n, RDF.type, DCKG.Indicator) in g)
    with pytest.raises(UnknownNameError) as caught:
        resolve(bundled_store, f"zzz {en.split()[-1]}", "indicator")
    assert "indicator names are Chinese, perhaps: " in str(caught.value)
    assert caught.value.suggestions and all(re.search(r"[\u4e00-\u9fff]", s) for s in caught.value.suggestions)
    with pytest.raises(UnknownNameError, match="nearest names"):
        resolve(bundled_store, "zzz data bureau", "agency")  # bodies have English names: no such note
