"""The grammar of sources, targets, forecasts and counts that are no statistic, each form on a composed sentence;
the unread sources the build reports; floors on the composed texts of tests/data/figures/ (measured scores)."""

from __future__ import annotations

import pytest

from dckg.extract import extract
from dckg.reader import read_report
from dckg.source import decode_source
from tests.support.quality import TEXTS, score_texts, total


def _extract(body: str, year: int = 2023):
    text = f"测试报告\n\n（{year}年）\n\n一、第一章\n\n本章介绍数字经济发展的主要情况。\n\n{body}\n"
    return extract(read_report(decode_source(text.encode("utf-8"), "t.txt")))


def _names(x) -> dict[tuple[str, str], str]:
    names = {("agency", a.key): a.zh for a in x.agencies} | {("document", d.key): d.title for d in x.documents}
    return names | {("dataset", s.key): s.name for s in x.data_sources}


def _sources(x) -> list[tuple[str, list[str]]]:
    """(figure as written, names of its sources) of every observation, in order."""
    names = _names(x)
    return [(o.written, [names[(s.kind, s.key)] for s in o.sources]) for o in x.observations]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("据江北省统计局统计，2023年全省快递业务量达到18.6亿件。", "江北省统计局"),
        ("据江北省商务厅监测，2023年全省网上零售额达到4200亿元。", "江北省商务厅"),
        ("据江北省信息通信研究院测算，2023年全省数字经济规模达到1.2万亿元。", "江北省信息通信研究院"),
        ("根据江北省统计局数据，2023年全省快递业务量达到18.6亿件。", "江北省统计局"),
        ("江北省农业农村厅数据显示，2023年全省农产品网络零售额达到320亿元。", "江北省农业农村厅"),
        ("记者从江北省商务厅获悉，2023年全省网上零售额达到4200亿元。", "江北省商务厅"),
        ("据南湾数据交易所测算，2023年全市数据交易额达到12亿元。", "南湾数据交易所"),
        ("中国人民银行江北省分行数据显示，2023年末全省贷款余额达到6.2万亿元。", "中国人民银行江北省分行"),
    ],
)
def test_a_sentence_names_its_source(sentence, source):
    x = _extract(sentence)
    assert [names for _, names in _sources(x)] == [[source]]
    assert x.unread == ()


def test_a_publisher_the_gazetteer_lacks_and_its_report():
    x = _extract("江北省大数据局发布的《江北省数据要素发展报告》显示，2023年全省数据交易额达到15亿元。")
    assert _sources(x) == [("15亿元", ["江北省大数据局", "江北省数据要素发展报告"])]


def test_a_back_reference_to_the_report():
    x = _extract(
        "某某中心发布的《江北省网络发展报告》显示，2023年全省网民规模达5200万人。报告显示，农村网民规模达1200万人。"
    )
    assert [names for _, names in _sources(x)] == [["某某中心", "江北省网络发展报告"]] * 2


def test_a_source_line_closing_its_paragraph():
    x = _extract("2023年，全省快递业务量达到18.6亿件，同比增长12%。数据来源：江北省邮政管理局。")
    assert [names for _, names in _sources(x)] == [["江北省邮政管理局"]] * 2


def test_a_source_line_standing_after_its_paragraph():
    x = _extract("2023年，全省快递业务量达到18.6亿件。\n来源：江北省邮政管理局。\n\n2023年，全省网民达到5200万人。")
    assert [names for _, names in _sources(x)] == [["江北省邮政管理局"], []]


def test_a_source_line_does_not_override_another_source():
    x = _extract("据江北省商务厅统计，2023年全省网上零售额达到4200亿元。\n数据来源：江北省统计局。")
    assert [names for _, names in _sources(x)] == [["江北省商务厅"]]


def test_a_website_is_a_data_source_not_a_body():
    x = _extract("截至2023年底，全省已有320个传统村落完成数字化建档。来源：江北省传统村落数字博物馆官网。")
    assert [names for _, names in _sources(x)] == [["江北省传统村落数字博物馆官网"]]
    assert [s.name for s in x.data_sources] == ["江北省传统村落数字博物馆官网"]
    assert not [a for a in x.agencies if "官网" in a.zh]


def test_a_database_of_a_body_is_published_by_it():
    x = _extract("根据国家文物局文物数据库，全国登记不可移动文物约76.7万处。")
    (source,) = x.data_sources
    assert (source.name, source.publisher) == ("文物数据库", "national-cultural-heritage-administration")
    assert [names for _, names in _sources(x)] == [["国家文物局", "文物数据库"]]


@pytest.mark.parametrize(
    "sentence", ["据统计，2023年全省快递业务量达到18.6亿件。", "据不完全统计，全省已建成500个站点。"]
)
def test_a_cue_without_a_name_gives_no_source_and_no_unread(sentence):
    x = _extract(sentence)
    assert [names for _, names in _sources(x)] == [[]]
    assert x.unread == ()


def test_a_source_cue_whose_name_is_not_read_is_reported():
    x = _extract("江北调研数据显示，2023年全省快递业务量达到18.6亿件。")
    assert [names for _, names in _sources(x)] == [[]]
    (unread,) = x.unread
    assert unread.kind == "source" and "数据显示" in unread.why
    assert "快递业务量" in x.report.passages[unread.passage].text


def test_a_target_with_its_target_year():
    x = _extract("力争到2025年，全省数字经济核心产业增加值达到1500亿元，占地区生产总值比重达到12%。")
    assert [(o.written, o.status, o.period.key) for o in x.observations] == [
        ("1500亿元", "target", "2025"),
        ("12%", "target", "2025"),
    ]


def test_a_later_year_after_dao_is_a_target_and_an_earlier_one_is_not():
    x = _extract("到2025年，全省5G基站达到20万个。到2023年底，全省已建成5G基站12万个。")
    assert [(o.written, o.status) for o in x.observations] == [("20万个", "target"), ("12万个", "measured")]


@pytest.mark.parametrize(
    "sentence",
    ["预计2024年全省快递业务量将达到20亿件。", "据江北省电力公司预测，2024年全省用电量同比增长6%左右。"],
)
def test_a_forecast(sentence):
    x = _extract(sentence)
    assert [o.status for o in x.observations] == ["forecast"]


def test_a_measurement_before_a_forecast_stays_a_measurement():
    x = _extract("2023年全省用电量增长6.7%，预计2024年增长6%。")
    assert [(o.written, o.status) for o in x.observations] == [("6.7%", "measured"), ("6%", "forecast")]


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("近日，江北省人民政府印发《若干措施》，从五个方面提出20项具体措施。", ["五个", "20项"]),
        ("江北省公安厅会同江北省交通运输厅等三部门联合开展专项整治，查处违法行为1.2万起。", ["三部"]),
        ("全省开展三部大法宣传进乡村活动，培训1.2万人次。", ["三部"]),
        ("修订后的条款将部分违法行为的记分由3分提高到6分。", ["3分", "6分"]),
        ("《计划》明确了12个重点行业领域。", ["12个"]),
    ],
)
def test_counts_of_the_texts_own_items_are_no_statistic(sentence, written):
    x = _extract(sentence)
    assert [o.written for o in x.observations if o.status == "not-statistic"] == written
    assert all(o.status == "measured" for o in x.observations if o.written not in written)


def test_regression_a_series_from_x_to_y_is_not_a_count_of_items():
    """从0.87万亿元增至1.35万亿元: 从 opens a series, not a list of a text's items (从五个方面)."""
    x = _extract("2023年，全省核心产业增加值从0.87万亿元增至1.35万亿元。")
    assert [o.status for o in x.observations] == ["measured", "measured"]


def test_regression_a_score_after_fen_wei_is_a_statistic():
    """得分为77.1分: 分为 inside 得分为 is not the content verb 分为."""
    x = _extract("2023年全省数字政府指数得分为77.1分。")
    assert [o.status for o in x.observations] == ["measured"]


def test_regression_an_estimate_is_not_a_forecast():
    """据某局估计 … 估计超过12万亿元 states an estimate of the past, not a forecast."""
    x = _extract("据江北省统计局估计，2023年全省数字经济规模估计超过1.2万亿元。")
    assert [o.status for o in x.observations] == ["measured"]


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("年末全省常住人口4568万人。", "2023-12-31"),
        ("记者从江北省商务厅获悉，1—11月，全省跨境电商进出口额达到420.6亿元。", "2023-01--2023-11"),
        ("上半年，全省网上零售额达到2100亿元。", "2023-01--2023-06"),
    ],
)
def test_regression_times_written_without_their_year(sentence, period):
    x = _extract(sentence)
    assert [o.period.key for o in x.observations] == [period]


def test_regression_last_years_end_is_a_comparison_not_a_period():
    x = _extract("年末全省常住人口4568万人，比上年末减少12万人。")
    assert [(o.period.key, o.base_period.key if o.base_period else None) for o in x.observations] == [
        ("2023-12-31", None),
        ("2023-12-31", "2022-12-31"),
    ]


@pytest.fixture(scope="module")
def composed_scores():
    return total(score_texts().values())


def test_floors_on_the_composed_texts(composed_scores):
    """Measured after tuning on these texts (recall 1.00, precision 1.00, periods 1.00, sources 1.00, statuses 1.00):
    floors a little below, so that a change that loses a form fails."""
    s = composed_scores
    assert s.figures >= 80
    assert s.recall >= 0.97, s.misses
    assert s.precision >= 0.97, s.misses
    assert s.periods >= 0.97, s.misses
    assert s.sources >= 0.95, s.misses
    assert s.statuses >= 0.97, s.misses
    assert s.counts_taken == 0, s.misses


def test_regression_a_publisher_of_data_before_shujuxianshi():
    """江北省统计局发布的数据显示: 发布的 is not part of the body's name."""
    x = _extract("江北省统计局发布的数据显示，2023年全省快递业务量达到18.6亿件。")
    assert [names for _, names in _sources(x)] == [["江北省统计局"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "江北省农业农村厅日前召开新闻发布会介绍，2023年全省农业生产信息化率达到27.6%。",
        "江北省能源局预计，2024年全省新能源装机将超过1200万千瓦。",
    ],
)
def test_regression_a_body_that_tells_or_expects_is_the_source(sentence):
    x = _extract(sentence)
    assert len(_sources(x)) == 1 and len(_sources(x)[0][1]) == 1
    assert _sources(x)[0][1][0].startswith("江北省")


def test_regression_a_clause_that_tells_without_a_body_gives_nothing():
    x = _extract("会议指出，2023年全省农业生产信息化率达到27.6%。")
    assert [names for _, names in _sources(x)] == [[]] and x.agencies == ()


def test_regression_a_bracketed_source_after_the_full_stop():
    """…58.3%。（数据来源：X）and the next statement on the next line: the note covers the sentence before it only."""
    x = _extract(
        "全年全省发电量2860亿千瓦时，比上年增长4.1%。（数据来源：江北省能源局）\n2024年全省用电量达到1.2万亿千瓦时。"
    )
    assert [names for _, names in _sources(x)] == [["江北省能源局"]] * 2 + [[]]
    assert [a.zh for a in x.agencies] == ["江北省能源局"]


def test_regression_a_platform_named_as_a_source_is_a_data_source():
    x = _extract("根据江北省公共数据开放平台统计，截至2024年3月，平台累计开放数据集1.86万个。")
    assert [names for _, names in _sources(x)] == [["江北省公共数据开放平台"]]
    assert x.agencies == ()


def test_regression_the_parts_of_a_document_are_no_statistic():
    x = _extract("江北省数据局出台《江北省公共数据授权运营管理办法》，共8章36条。")
    assert [(o.written, o.status) for o in x.observations] == [("36条", "not-statistic")]  # 章 is no unit


def test_a_data_source_in_the_graph_and_the_figures_of_its_publisher():
    from importlib.resources import files

    from rdflib import RDF, URIRef
    from rdflib.namespace import DCAT, DCTERMS

    from dckg import ids
    from dckg.graph import DCKG, build_graph
    from dckg.validate import validate

    x = _extract("根据国家文物局文物数据库，全国登记不可移动文物约76.7万处。预计2024年全国新增保护单位将超过500处。")
    g = build_graph(x)
    assert validate(g) == []
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    body = URIRef(ids.agency_iri("national-cultural-heritage-administration"))
    assert g.value(dataset, DCTERMS.publisher) == body
    assert (dataset, RDF.type, DCKG.Agency) not in g
    statuses = sorted(str(g.value(o, DCKG.status)).rsplit("/", 1)[-1] for o in g.subjects(RDF.type, DCKG.Observation))
    assert statuses == ["forecast", "measured"]
    query = (files("dckg") / "queries" / "figures-by-source.rq").read_text(encoding="utf-8")
    rows = list(g.query(query, initBindings={"body": body}))
    assert [(str(r.value), str(r.via) if r.via else None) for r in rows] == [("76.7", None), ("76.7", "文物数据库")]


@pytest.mark.parametrize(
    "sentence", ["据了解，2023年全省快递业务量达到18.6亿件。", "根据规划，2023年全省建成500个站点。"]
)
def test_regression_ju_or_genju_without_a_measure_word_is_no_missed_source(sentence):
    x = _extract(sentence)
    assert x.unread == () and x.agencies == ()


def test_regression_a_time_between_ju_and_tongji_is_no_body():
    x = _extract("据2023年统计，全省快递业务量达到18.6亿件。")
    assert x.agencies == () and [names for _, names in _sources(x)] == [[]]


def test_regression_tongqi_on_a_new_line_is_the_period_stated_before():
    x = _extract("2024年前三季度，全省进出口总值3.2万亿元。\n海关数据显示，同期全省跨境电商进出口1880亿元。")
    assert [o.period.key for o in x.observations] == ["2024-01--2024-09"] * 2


def test_regression_a_back_reference_on_a_new_line_keeps_the_reports_period():
    x = _extract(
        "某某中心发布的《江北省网络发展报告》显示，截至2023年12月，全省网民规模达5200万人。\n报告显示，农村网民达1200万人。"
    )
    assert [o.period.key for o in x.observations] == ["2023-12"] * 2


def test_floors_on_the_second_composed_texts():
    """Measured after tuning on them too (recall 1.00, precision 1.00, periods 1.00, sources 0.79, statuses 1.00);
    their first run is in docs/quality.md."""
    s = total(score_texts(TEXTS.parent / "figures-second", TEXTS.parent / "figures-second-annotation.tsv").values())
    assert s.figures >= 20
    assert s.recall >= 0.95 and s.precision >= 0.95 and s.statuses >= 0.95, s.misses
    assert s.periods >= 0.95, s.misses
    assert s.sources >= 0.75, s.misses
    assert s.counts_taken == 0, s.misses


def test_regression_a_back_reference_reaches_one_paragraph_back_only():
    x = _extract(
        "某某中心发布的《江北省网络发展报告》显示，2023年全省网民规模达5200万人。\n"
        "2023年全省快递业务量达到18.6亿件。\n数据显示，2023年全省网上零售额达到4200亿元。"
    )
    assert [names for _, names in _sources(x)][1:] == [[], []]


def test_short_form_of_customs_resolves_to_the_gazetteer_body_when_unambiguous():
    x = _extract("据海关统计，2023年我国货物贸易进出口总值41.76万亿元。")
    assert _sources(x) == [("41.76万亿元", ["海关总署"])]


def test_short_form_stays_as_written_when_the_report_names_a_local_body_ending_in_it():
    x = _extract("据海关统计，2023年南京海关监管进出口货物1.2万亿元。")
    assert _sources(x) == [("1.2万亿元", ["海关"])]
    assert "海关总署" not in {a.zh for a in x.agencies}


def test_short_form_of_the_financial_regulator_resolves():
    x = _extract("据金融监管统计，2024年末普惠型小微企业贷款余额达到32.9万亿元。")
    assert _sources(x) == [("32.9万亿元", ["国家金融监督管理总局"])]


def _periods(x) -> list[str | None]:
    return [o.period.key if o.period else None for o in x.observations]


def test_regression_a_paragraph_opening_with_a_figure_continues_the_period_of_the_paragraph_before():
    """普惠小微贷款余额… on a line of its own after 2023年末，贷款余额…: the same statement goes on."""
    x = _extract("中国人民银行江北省分行数据显示，2023年末，全省贷款余额8.6万亿元。\n全省普惠小微贷款余额1.12万亿元。")
    assert _periods(x) == ["2023-12-31", "2023-12-31"]
    assert [names for _, names in _sources(x)] == [["中国人民银行江北省分行"], []]


@pytest.mark.parametrize(
    "second",
    [
        "金融服务持续优化。全省普惠小微贷款余额1.12万亿元。",  # a headline opens the paragraph
        "按照《江北省普惠金融行动方案》，全省组织培训1.2万人次。",  # an action, no figure in the first clause
    ],
)
def test_regression_a_paragraph_opening_with_a_headline_or_an_action_takes_no_period_from_before(second):
    x = _extract(f"2023年末，全省贷款余额8.6万亿元。\n{second}")
    assert _periods(x) == ["2023-12-31", None]


def test_regression_a_paragraph_continues_only_the_paragraph_just_before():
    x = _extract("2023年末，全省贷款余额8.6万亿元。\n金融服务持续优化。\n全省普惠小微贷款余额1.12万亿元。")
    assert _periods(x) == ["2023-12-31", None]


def test_regression_quannian_of_a_change_does_not_date_the_next_sentence():
    """截至2023年底，用户达N，全年净增M。其中，…: 全年 is the flow of M; 其中 breaks down the year-end total."""
    x = _extract("截至2023年底，全国移动电话用户总数达17.27亿户，全年净增4315万户。其中，5G移动电话用户达8.05亿户。")
    assert _periods(x) == ["2023-12-31", "2023", "2023-12-31"]


def test_regression_quannian_with_a_subject_of_its_own_dates_what_follows():
    x = _extract("2023年末，全省贷款余额8.6万亿元。全年新增贷款7650亿元。其中，住户贷款增加2000亿元。")
    assert _periods(x) == ["2023-12-31", "2023", "2023"]


@pytest.mark.parametrize("joint", ["和", "及", "与", " ", "、", "，"])
def test_regression_two_sources_joined_by_he_were_one_body(joint):
    # 资料来源：X统计局和Y通信管理局 made one body named "X统计局和Y通信管理局", a body that does not exist
    x = _extract(f"2023年，江北省5G基站达到12.5万个。资料来源：江北省统计局{joint}江北省通信管理局。")
    assert _sources(x) == [("12.5万个", ["江北省统计局", "江北省通信管理局"])]
    assert sorted(a.zh for a in x.agencies) == ["江北省统计局", "江北省通信管理局"]


def test_a_source_whose_name_holds_he_stays_one_body():
    x = _extract("2023年，全国软件业务收入达到12.3万亿元。数据来源：工业和信息化部。")
    assert _sources(x) == [("12.3万亿元", ["工业和信息化部"])]
