"""Observations: figures, indicators, periods and sources, on composed texts (generalisation) and the bundled report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dckg.extract import extract
from dckg.extract.periods import find_times
from dckg.extract.quantities import find_quantities, fold
from dckg.reader import read_report
from dckg.records import Period
from dckg.source import decode_source, read_source
from tests.support import DATA
from tests.support.quality import score

COMPOSED = DATA / "observations-report.txt"


@pytest.fixture(scope="module")
def composed():
    return extract(read_report(read_source(COMPOSED)))


def _extract(body: str):
    text = f"测试报告\n\n（2024年）\n\n一、第一章\n\n本章介绍数字经济发展的主要情况。\n\n{body}\n"
    return extract(read_report(decode_source(text.encode("utf-8"), "t.txt")))


def _table(extraction) -> list[tuple]:
    """(indicator, value, unit, kind, qualifier, period, normalised, sources) of every observation, in order."""
    labels = {i.key: i.label for i in extraction.indicators}
    return [
        (
            labels[o.indicator],
            o.value,
            o.unit,
            o.kind,
            o.qualifier,
            o.period.key if o.period else None,
            o.normalized,
            tuple(s.key for s in o.sources),
        )
        for o in extraction.observations
    ]


def _figures(text: str) -> list[tuple[str, str, str]]:
    """(number as written, unit as written, qualifier) of each figure of ``text``."""
    folded = fold(text)
    return [(q.number, q.unit_text, q.qualifier) for q in find_quantities(folded, [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5G基站数达337.7万个", [("337.7", "万个", "exact")]),
        ("同比增长46.1%", [("46.1", "%", "exact")]),
        ("标准机架超过810万架", [("810", "万架", "more-than")]),
        ("算力总规模居全球第二位", [("二", "rank", "exact")]),
        ("较上年末提高7.6个百分点", [("7.6", "个百分点", "exact")]),
        ("演唱会在线销售额增长40.9倍", [("40.9", "倍", "exact")]),
        ("占比10%左右", [("10", "%", "approximately")]),
        ("年均增速近30%", [("30", "%", "approximately")]),
        ("存力总规模约1.2 ZB", [("1.2", "ZB", "approximately")]),
        ("宽带用户总数达到 1 .92 亿户", [("1.92", "亿户", "exact")]),
        ("超过3/4的学校", [("3/4", "", "more-than")]),
        ("预见期延长3~5天", [("3", "天", "range")]),
        (
            "规模分别达7.99亿户、4.54亿户和2.65亿户",
            [("7.99", "亿户", "exact"), ("4.54", "亿户", "exact"), ("2.65", "亿户", "exact")],
        ),
        ("分别提高了12.1和9.4个百分点", [("12.1", "个百分点", "exact"), ("9.4", "个百分点", "exact")]),
        (
            "十余个城市，二十多个省市，两亿多人",
            [("十", "个", "more-than"), ("二十", "个", "more-than"), ("两", "亿", "more-than")],
        ),
        ("平均电能利用效率（PUE）为1.27。", [("1.27", "", "exact")]),
        ("月户均流量达16.85GB/户·月，", [("16.85", "GB/户·月", "exact")]),
        ("一级项目500万余项", [("500", "万项", "more-than")]),
    ],
)
def test_figure_shapes(text, expected):
    assert _figures(text) == expected


@pytest.mark.parametrize(
    ("sentence", "written", "normalized"),
    [
        ("预计2025年全市算力规模将达到5000PFlops。", "PFlops", "5000000000000000000"),
        ("2024年全省智能算力规模达到1.2EFlops。", "EFlops", "1200000000000000000"),
        ("2024年全市算力规模达到5000每秒千万亿次浮点运算。", "每秒千万亿次浮点运算", "5000000000000000000"),
        ("2024年全国算力总规模达到每秒230百亿亿次浮点运算。", "百亿亿次浮点运算", "230000000000000000000"),
    ],
)
def test_regression_pflops_is_a_known_unit(sentence, written, normalized):
    """Computing power written PFlops, EFlops or in words (每秒千万亿次浮点运算) is in FLOPS."""
    x = _extract(sentence)
    labels = {i.key: i.label for i in x.indicators}
    assert [(o.unit, o.normalized, o.normalized_unit, o.kind) for o in x.observations] == [
        (written, normalized, "unit:FLOPS", "level")
    ]
    label = labels[x.observations[0].indicator]
    assert "算力" in label and "每秒" not in label and "浮点" not in label


@pytest.mark.parametrize(
    "text",
    [
        "全国网络基础设施已全面支持IPv6，5G网络、10G PON和3D打印加快发展。",
        "数十个省市、几千万家企业参与，数字化发展持续处于全球第一梯队。",
        "第三届论坛和第53次报告均已发布，习近平总书记在第二次集体学习上强调。",
        "国家数据局等十七个部门联合印发《某某计划》，与14个国家共同发布《某某倡议》。",
        "主营业务收入10亿元以上的供应商和1000Mbps及以上接入速率的用户快速增长。",
        "掌上12333等渠道开通，“832平台”上线，2024年是成立75周年。",
        "一体化平台建成一张网，连续十年举办宣传周，“一网通办”率超过95%的城市增多。",
    ],
)
def test_what_is_not_a_figure(text):
    assert _figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("截至2023年底", Period("2023-12-31")),
        ("2023年", Period("2023")),
        ("截至2023年11月", Period("2023-11")),
        ("2023年前三季度", Period("2023-01", "2023-09")),
        ("2023年上半年", Period("2023-01", "2023-06")),
        ("2019—2023年", Period("2019", "2023")),
        ("2020 年—2023 年", Period("2020", "2023")),
        ("从2012年到2022年底", Period("2012", "2022-12-31")),
        ("2024年1月12日", Period("2024-01-12")),
        ("近5年", Period("2019", "2023")),
        ("全年", Period("2023")),
    ],
)
def test_time_expressions(text, expected):
    (found,) = find_times(fold(text), 2023)
    assert found.period == expected


def test_composed_report_figures(composed):
    rows = _table(composed)
    cnca, tj, sw = "jiang-bei-sheng-tong-xin-guan-li-ju", "jiang-bei-sheng-tong-ji-ju", "jiang-bei-sheng-shang-wu-ting"
    expected = [
        ("数字经济规模", "2.6", "万亿元", "level", "exact", "2024", "2600000000000", ()),
        ("数字经济规模", "9.8", "%", "growth-rate", "exact", "2024", "0.098", ()),
        ("光缆线路总长度", "1.35", "万公里", "level", "approximately", "2024-12-31", "13500000", ()),
        ("光缆线路总长度", "5", "rank", "rank", "exact", "2024", "5", ()),
        ("千兆宽带用户", "812.4", "万户", "level", "exact", "2024-12-31", "8124000", (cnca,)),
        ("千兆宽带用户", "103.6", "万户", "change", "exact", "2024-12-31", "1036000", (cnca,)),
        ("千兆宽带用户", "31.5", "%", "share", "exact", "2024-12-31", "0.315", (cnca,)),
        ("千兆宽带用户", "6.2", "个百分点", "percentage-point-change", "exact", "2024-12-31", "0.062", (cnca,)),
        ("光缆线路总长度", "1.35", "万公里", "level", "exact", "2024-12-31", "13500000", ()),
        ("数据中心机架总数", "12", "万架", "level", "more-than", "2024-12-31", "120000", (tj,)),
        ("平均电能利用效率（PUE）", "1.31", None, "level", "exact", "2024-12-31", "1.31", (tj,)),
        ("移动互联网接入流量", "58.7", "亿GB", "level", "exact", "2024-01--2024-09", "5870000000000000000", ()),
        ("移动互联网接入流量", "18.2", "%", "growth-rate", "exact", "2024-01--2024-09", "0.182", ()),
        ("新建5G基站", "1.2", "万个", "level", "exact", "2024", "12000", ()),
        ("建成5G基站", "8.6", "万个", "level", "exact", "2024", "86000", ()),
        ("每万人拥有5G基站", "25", "个", "level", "exact", "2024", "25", ()),
        ("算力规模", "1.1", "EFLOPS", "level", "exact", "2021", "1100000000000000000", ()),
        ("算力规模", "4.8", "EFLOPS", "level", "exact", "2024", "4800000000000000000", ()),
        ("软件业务收入", "1800", "亿元", "level", "exact", "2020", "180000000000", ()),
        ("软件业务收入", "3250", "亿元", "level", "exact", "2024", "325000000000", ()),
        ("软件业务收入", "15.9", "%", "growth-rate", "exact", "2020--2024", "0.159", ()),
        ("电子信息制造业营业收入", "7.4", "%", "growth-rate", "exact", None, "0.074", ()),
        ("软件和信息技术服务业营业收入", "12.1", "%", "growth-rate", "exact", None, "0.121", ()),
        (
            "数字经济核心产业增加值占地区生产总值比重",
            "11.3",
            "%",
            "share",
            "approximately",
            None,
            "0.113",
            ("江北省数字经济发展白皮书(2024)",),
        ),
        ("县（市、区）开展数字乡村试点", "10", "个", "level", "more-than", None, "10", ()),
        ("建成省级数字化车间", "300", "个", "level", "more-than", None, "300", ()),
        (
            "网上零售额",
            "12",
            "%",
            "growth-rate",
            "more-than",
            "2020--2024",
            "0.12",
            (sw, "江北省电子商务发展报告(2024)"),
        ),
        (
            "网上零售额",
            "4615.2",
            "亿元",
            "level",
            "exact",
            "2024",
            "461520000000",
            (sw, "江北省电子商务发展报告(2024)"),
        ),
        ("跨境电商企业数量", "8", "rank", "rank", "exact", "2024", "8", ()),
        ("故障修复时间", "2", "小时", "level", "range", "2024", "2", ()),
        ("规上工业企业实现关键工序数控化", "0.666667", None, "share", "more-than", "2024", "0.666667", ()),
        ("农村网民规模", "1235", "万人", "level", "exact", "2024", "12350000", ()),
        ("城乡互联网普及率差异", "9.8", "个百分点", "level", "exact", "2024", "0.098", ()),
        ("城乡互联网普及率差异", "1.1", "个百分点", "percentage-point-change", "exact", "2024", "-0.011", ()),
    ]
    assert rows == expected


def test_composed_report_details(composed):
    obs = composed.observations
    rng = next(o for o in obs if o.qualifier == "range")
    assert (rng.upper, rng.normalized_upper, rng.normalized_unit) == ("4", "4", "unit:HR")
    change = next(o for o in obs if o.value == "103.6")
    assert (change.compared_to, change.base_period) == ("上年末", Period("2023-12-31"))
    decrease = next(o for o in obs if o.value == "1.1" and o.unit == "个百分点")
    assert (decrease.compared_to, decrease.base_period) == ("2023年", Period("2023"))
    assert [o.written for o in obs if o.value == "1.35"] == ["约为 1 .35 万公里", "1.35万公里"]
    figures = {f.number: f for f in composed.figures}
    assert figures[1].period == Period("2020", "2024") and len(figures[1].sources) == 2
    assert figures[2].unit == "亿元" and figures[2].sources == ()  # 根据政府网站资料整理 names no source
    bodies = {a.key: a for a in composed.agencies}
    assert bodies["jiang-bei-sheng-shang-wu-ting"].zh == "江北省商务厅"  # a source slot holds any body's name
    assert bodies["jiang-bei-sheng-tong-ji-ju"].zh == "江北省统计局"  # 根据……数据计算所得


def test_indicator_is_one_per_measure(composed):
    counts = {}
    for o in composed.observations:
        counts[o.indicator] = counts.get(o.indicator, 0) + 1
    labels = {i.key: i for i in composed.indicators}
    cable = next(k for k, i in labels.items() if i.label == "光缆线路总长度")
    assert counts[cable] == 3  # abstract (value and rank) and chapter: one indicator
    assert len(labels[cable].passages) == 2


def test_observation_iris_do_not_depend_on_order():
    from dataclasses import replace

    from dckg.graph import build_graph

    x = _extract("截至2024年底，全省5G基站达到8.6万个，同比增长20.5%。全省网民规模达5800万人。")
    first, second = build_graph(x), build_graph(replace(x, observations=x.observations[::-1]))
    query = "SELECT ?o WHERE { ?o a <https://w3id.org/dckg/ontology#Observation> }"
    assert {r.o for r in first.query(query)} == {r.o for r in second.query(query)}
    assert len({r.o for r in first.query(query)}) == len(x.observations) == 3


def test_abstract_repeats_take_the_chapters_period_and_source(bundled_build):
    x = bundled_build.extraction
    labels = {i.key: i.label for i in x.indicators}
    abstract = [o for o in x.observations if x.report.passages[o.passage].section == "abstract"]
    centres = next(o for o in abstract if o.value == "196")
    assert labels[centres.indicator] == "建成国家绿色数据中心"
    assert centres.period == Period("2023-12-31")
    assert {s.key for s in centres.sources} == {"ministry-of-industry-and-information-technology"}


def test_the_5g_question_on_the_bundled_report(bundled_build):
    x = bundled_build.extraction
    labels = {i.key: i.label for i in x.indicators}
    five_g = [o for o in x.observations if labels[o.indicator] == "5G基站数"]
    level = next(o for o in five_g if o.kind == "level")
    growth = next(o for o in five_g if o.kind == "growth-rate")
    assert (level.value, level.unit, level.normalized, level.period) == (
        "337.7",
        "万个",
        "3377000",
        Period("2023-12-31"),
    )
    assert (growth.value, growth.unit, growth.normalized, growth.period) == ("46.1", "%", "0.461", Period("2023-12-31"))
    # the sentence has no footnote marker: [1] closes the next sentence (IPv6), whose figures it covers
    assert level.sources == () and growth.sources == ()
    ipv6 = next(o for o in x.observations if labels[o.indicator] == "IPv6活跃用户数")
    assert [s.key for s in ipv6.sources] == ["cyberspace-administration-of-china"]


def test_time_series_and_computed_sources_on_the_bundled_report(bundled_build):
    x = bundled_build.extraction
    labels = {i.key: i.label for i in x.indicators}

    def series(label):
        return sorted((o.period.key, o.value) for o in x.observations if labels[o.indicator] == label and o.period)

    assert series("新兴业务收入占电信业务总收入的比重") == [("2019", "10.5"), ("2023", "21.2")]
    assert ("2019", "0.87") in series("工业互联网核心产业增加值") and ("2023", "1.35") in series(
        "工业互联网核心产业增加值"
    )
    rural = [o for o in x.observations if labels[o.indicator] == "农村网络零售额"]  # also written 全国农村网络零售额
    assert [(o.value, o.kind, o.period.key) for o in rural] == [
        ("2.49", "level", "2023"),
        ("2.49", "level", "2023"),
        ("1.70", "level", "2019"),
        ("10.01", "growth-rate", "2019--2023"),
    ]
    services = next(o for o in x.observations if o.value == "15.1")
    assert [s.key for s in services.sources] == ["national-bureau-of-statistics"]  # 根据国家统计局数据计算所得
    top500 = next(o for o in x.observations if o.value == "161")
    assert {(s.kind, s.key) for s in top500.sources} == {("agency", "top500"), ("document", "超级计算机top500榜单")}
    doc = next(d for d in x.documents if d.key == "超级计算机top500榜单")
    assert (doc.edition, doc.doctype) == ("第62期", "report")


def test_figures_of_the_bundled_report(bundled_build):
    figures = {f.number: f for f in bundled_build.extraction.figures}
    assert sorted(figures) == list(range(1, 27))
    assert figures[1].sources == () and figures[1].period is None
    assert figures[3].period == Period("2019", "2023")
    assert figures[17].period == Period("2023")
    assert figures[26].unit == "万亿元"
    assert [s.kind for s in figures[19].sources] == ["document"] * 3
    assert {s.key for s in figures[13].sources} == {
        "national-bureau-of-statistics",
        "china-national-intellectual-property-administration",
    }


def test_exclusions_on_the_bundled_report(bundled_build):
    x = bundled_build.extraction
    excluded = [
        ("等十七个部门联合印发", "十七个"),
        ("与14个国家共同发布", "14个"),
        ("等35个国家共同发布", "35个"),
        ("（AI卡500张以上）", "500张以上"),
        ("主营业务收入10亿元以上", "10亿元以上"),
        ("1000Mbps及以上接入速率", "1000Mbps及以上"),
        ("第62期", "62"),
    ]
    for anchor, written in excluded:
        passages = {i for i, p in enumerate(x.report.passages) if anchor in p.text}
        assert passages, anchor
        assert not [o for o in x.observations if o.passage in passages and o.written == written], anchor
    assert all(x.report.passages[o.passage].kind in ("sentence", "footnote") for o in x.observations)
    years = [o for o in x.observations if o.unit is None and Decimal(o.value) > 1900]
    assert years == []


def test_quality_against_the_hand_annotation(bundled_build):
    s = score(bundled_build.extraction)
    assert s.figures > 200
    assert s.recall >= 0.95, s.misses
    assert s.precision >= 0.90, s.misses
    assert s.periods >= 0.95, s.misses
    assert s.sources >= 0.95, s.misses


def test_a_second_composed_report():
    """A city report written with other turns of phrase (月底, 个工作日, 据《…》显示, a target year)."""
    x = extract(read_report(read_source(DATA / "observations-city.txt")))
    tj, tx = "lin-jiang-shi-tong-ji-ju", "lin-jiang-shi-tong-xin-guan-li-ban-gong-shi"
    doc, review = "临江市通信业统计公报", "临江市数字政府建设评估报告"
    got = [
        (o.value, o.unit, o.period.key if o.period else None, tuple(s.key for s in o.sources)) for o in x.observations
    ]
    nov = "2023-01--2023-11"
    assert got == [
        ("3000", "亿元", "2023", (tj,)),
        ("45.2", "%", "2023", (tj,)),
        ("1.8", "个百分点", "2023", (tj,)),
        ("1.25", "万亿元", "2023", ()),
        ("12.3", "%", "2023", ()),
        ("865.4", "亿元", "2023", ()),
        ("31", "%", "2023", ()),
        ("3200", "家", "2023", ()),
        ("28", "万人", "2023", ()),
        ("4.2", "万个", "2023-12-31", ()),
        ("35.6", "个", "2023-12-31", ()),
        ("1", "rank", "2023-12-31", ()),
        ("98", "%", "2023-12-31", (tx, doc)),
        ("105.3", "%", "2023-12-31", (tx, doc)),
        ("18.6", "%", nov, ()),
        ("560", "个", nov, ()),
        ("23", "家", nov, ()),
        ("156", "个", nov, ()),
        ("12", "个", nov, ()),
        ("12", "EFLOPS", nov, ()),
        ("350", "PB", nov, ()),
        ("99.2", "%", None, (review,)),
        ("1.5", "个工作日", None, (review,)),
        ("96.8", "分", None, (review,)),
        ("50", "%", "2025", ()),
    ]


def test_the_5g_observation_in_the_graph(bundled_build):
    from rdflib import RDF, XSD, URIRef

    from dckg import ids
    from dckg.terms import DCKG

    g = bundled_build.graph
    indicator = URIRef(ids.indicator_iri("5g基站"))
    (node,) = [o for o in g.subjects(DCKG.indicator, indicator) if str(g.value(o, DCKG.value)) == "337.7"]
    assert (node, RDF.type, URIRef("http://purl.org/linked-data/cube#Observation")) in g
    assert str(g.value(node, DCKG.unit)) == "万个"
    assert str(g.value(node, DCKG.normalizedValue)) == "3377000"
    assert g.value(node, DCKG.normalizedUnit) == URIRef("http://qudt.org/vocab/unit/NUM")
    assert g.value(node, DCKG.measureKind) == URIRef(ids.term_iri("measure-kind", "level"))
    period = g.value(node, DCKG.period)
    assert (str(period), period.datatype) == ("2023-12-31", XSD.date)
    quote = str(g.value(g.value(node, DCKG.evidence), DCKG.quote))
    assert "5G基站数达337.7万个" in quote
    span = URIRef(ids.interval_iri("2019", "2023"))
    assert str(g.value(span, DCKG.periodStart)) == "2019" and g.value(span, DCKG.periodEnd).datatype == XSD.gYear
