"""Programmes: the forms that make a name a programme, who runs it, what governs it, what measures it; quality
against hand annotations of the bundled report and of composed report-like texts; the graph they become."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import ORG, SKOS

import dckg
from dckg import ids
from dckg.extract import extract
from dckg.extract.programs import program_key, with_measures
from dckg.graph import Context, _add_programs
from dckg.reader import read_report
from dckg.source import decode_source
from dckg.terms import DCKG, new_graph
from dckg.validate import validate
from tests.support import DATA
from tests.support.program_quality import read_annotation, score_programs


def _extract(body: str):
    text = f"测试报告\n\n一、第一章\n\n本章介绍我国数字经济发展的主要情况和成果。\n\n{body}\n"
    return extract(read_report(decode_source(text.encode("utf-8"), "t.txt")))


def _programs(body: str) -> dict[str, object]:
    return {p.name: p for p in _extract(body).programs}


def _leads(extraction) -> dict[str, set[str]]:
    zh = {a.key: a.zh for a in extraction.agencies}
    return {p.name: {zh[k] for k, _ in p.leads} for p in extraction.programs}


@pytest.mark.parametrize(
    "body",
    [
        "攻克一批“卡脖子”技术，数字化让古籍“活”起来。",
        "推动国务院部门和各地“条块”系统高效联动融合。",
        "机关办文全面实现“网上办、掌上办”，打造线上线下“总枢纽”。",
        "首次提出“数字中国”这一概念，各地探索“数据二十条”试点。",
        "各地开展各类主题活动3000场，工业互联网平台加快发展，一批重点项目开工建设。",
        "明确“一脑两网三平台”总体架构，实施“三年行动”。",
        "列入国务院2023年度立法工作计划。",
    ],
)
def test_slogans_categories_and_concepts_are_not_programmes(body):
    assert _extract(body).programs == ()


def test_quoted_names_marked_as_programmes():
    found = _programs(
        "农业农村部实施“耕耘者”振兴计划。以“天网工程”“雪亮工程”为抓手。"
        "“中国—东盟信息港”“数字化中欧班列”等重点项目全面推进。“数商兴农”成效显著。"
        "“云上大讲堂”已为80多个国家开展培训，成为发展中国家提升数字素养的优秀平台。"
        "开展了“@国务院 我为政府工作报告提建议”的建言献策活动。省科技厅启动“人工智能+”重大专项。"
    )
    assert set(found) == {
        "耕耘者振兴计划",
        "天网工程",
        "雪亮工程",
        "中国—东盟信息港",
        "数字化中欧班列",
        "数商兴农",
        "云上大讲堂",
        "@国务院 我为政府工作报告提建议",
        "人工智能+重大专项",
    }
    assert found["耕耘者振兴计划"].variants == ("耕耘者",)
    kinds = {name: p.kind for name, p in found.items()}
    assert (kinds["天网工程"], kinds["中国—东盟信息港"], kinds["云上大讲堂"]) == ("project", "project", "platform")
    assert kinds["@国务院 我为政府工作报告提建议"] == "campaign"


def test_unquoted_names_need_a_cue_and_for_platforms_a_scope_owner_or_runner():
    found = _programs(
        "全国信用信息共享平台归集信用信息，21家银行与全国融资信用服务平台实现互联互通，跨境电商平台快速增长。"
        "全国建设17个国家级车联网先导区。深入开展关于互联网应用适老化和无障碍改造的专项行动。"
        "首次运用水利部数字孪生平台。福建建成全国首个一体化数字化营商环境监测督导平台。"
        "北京市启动运行数据基础制度先行区。"
    )
    assert set(found) == {
        "全国信用信息共享平台",
        "全国融资信用服务平台",
        "国家级车联网先导区",
        "互联网应用适老化和无障碍改造专项行动",
        "水利部数字孪生平台",
        "一体化数字化营商环境监测督导平台",
        "数据基础制度先行区",
    }
    assert found["国家级车联网先导区"].kind == "pilot"


def test_a_full_name_and_its_quoted_short_name_are_one_programme():
    x = _extract("脱贫地区农副产品网络销售平台（“832 平台”）交易额超500亿元。\n\n“832平台”供应商近3万家。")
    (program,) = x.programs
    assert (program.name, program.variants, program.kind) == ("脱贫地区农副产品网络销售平台", ("832平台",), "platform")
    assert len(program.passages) == 2


def test_an_edition_year_is_not_part_of_the_name():
    (program,) = _extract("“2023年全民数字素养与技能提升月”活动启动。").programs
    assert (program.name, program.kind) == ("全民数字素养与技能提升月", "event")
    assert program.key == program_key("2024年全民数字素养与技能提升月")


def test_runners_read_from_the_grammar():
    x = _extract(
        "农业农村部持续实施国家智慧农业建设项目。人社部持续打造“大数据+铁脚板”的就业服务模式。"
        "中国政府网联合29家网络媒体平台开展了“建言献策”主题活动。北山市被交通运输部列为交通强国建设试点城市。"
        "民政部开展全国村务公开“阳光工程”。生态环境部29项行政许可事项全部实现“一网通办”。"
    )
    assert _leads(x) == {
        "国家智慧农业建设项目": {"农业农村部"},
        "大数据+铁脚板": {"人力资源和社会保障部"},
        "建言献策主题活动": {"中国政府网"},
        "交通强国建设试点城市": {"交通运输部"},
        "阳光工程": {"民政部"},
        "一网通办": set(),
    }


def test_programmes_in_titles_and_the_documents_that_govern_them():
    x = _extract(
        "国家数据局等十七个部门联合印发《“数据要素×”三年行动计划（2024—2026年）》。"
        "人力资源和社会保障部印发《数字人社建设行动实施方案》。"
        "国务院印发《关于防治“指尖上的形式主义”的若干意见》。《江南省数据中心能效提升行动计划》发布。"
    )
    titles = {d.key: d.title for d in x.documents}
    governed = {p.name: {titles[k] for k in p.documents} for p in x.programs}
    assert governed == {
        "数据要素×": {"“数据要素×”三年行动计划（2024—2026年）"},
        "数字人社建设行动": {"数字人社建设行动实施方案"},
    }
    assert all(p.leads == () for p in x.programs)  # issuing a governing document is not running the programme


def test_figures_measure_the_programme_of_their_clause():
    x = _extract(
        "“832平台”交易额超500亿元，供应商近3万家。“千兆城市”建设加快，累计建成207个千兆城市，全省5G基站12万个。"
    )
    first = next(i for i, p in enumerate(x.report.passages) if "832" in p.text)
    one, two = x.report.passages[first].text, x.report.passages[first + 1].text
    figures = [
        ("trade", first, one.index("500")),
        ("suppliers", first, one.index("3万")),
        ("cities", first + 1, two.index("207")),
        ("base-stations", first + 1, two.index("12万")),
    ]
    measured = {p.name: p.measured_by for p in with_measures(x.programs, x.report, figures)}
    assert measured == {"832平台": ("trade",), "千兆城市": ("cities",)}


def test_a_count_measures_the_programme_it_introduces_in_a_list(bundled_build):
    x = bundled_build.extraction
    values = {o.key: o.value for o in x.observations}
    measured = {p.name: {values[k] for k in p.measured_by} for p in x.programs}
    assert measured["国家级测试示范区"] == {"17"} and measured["国家级车联网先导区"] == {"7"}


def test_measured_by_links_to_the_nodes_of_the_figures(bundled_build):
    x = bundled_build.extraction
    program = next(p for p in x.programs if p.name == "千兆城市")
    report = x.report
    g = new_graph()
    local = ids.report_local(report.title, report.sha256)
    ctx = Context(g, new_graph(), report, local, URIRef(ids.report_iri(local)))
    ctx.sections = {s.key: URIRef(ids.section_iri(local, s.key)) for s in report.sections}
    observation = URIRef("https://example.org/observation/1")
    _add_programs(ctx, (replace(program, measured_by=("o1",)),), {}, {}, {"o1": observation})
    assert (URIRef(ids.program_iri(program.key)), DCKG.measuredBy, observation) in g


@pytest.mark.parametrize("gold", sorted(p.name for p in DATA.glob("programs-*.gold.tsv")))
def test_quality_against_the_annotations(gold):
    source = DATA / gold.replace(".gold.tsv", ".txt")
    score = score_programs(dckg.build(source if source.exists() else None).extraction, read_annotation(DATA / gold))
    assert score.recall >= 0.9, score.missed
    assert score.precision >= 0.9, score.wrong
    assert score.wrong_leads == ()


def test_every_stated_runner_of_the_bundled_report_is_linked(bundled_build):
    score = score_programs(bundled_build.extraction, read_annotation(DATA / "programs-2023.gold.tsv"))
    assert score.leads_stated >= 7
    assert score.leads_linked == score.leads_stated


def test_programmes_in_the_graph(bundled_build):
    g = bundled_build.graph
    programs = set(g.subjects(RDF.type, DCKG.Program))
    assert len(programs) == len(bundled_build.extraction.programs)
    for node in programs:
        kind = g.value(node, DCKG.programKind)
        assert (kind, SKOS.inScheme, DCKG.ProgramKindScheme) in g
        assert set(g.objects(node, DCKG.mentionedIn)) <= set(g.subjects(RDF.type, DCKG.Section))
    node = URIRef(ids.program_iri(program_key("耕耘者振兴计划")))
    assert g.value(node, DCKG.leadAgency) == URIRef(ids.agency_iri("ministry-of-agriculture-and-rural-affairs"))
    governed = URIRef(ids.program_iri(program_key("高效办成一件事")))
    assert (g.value(governed, DCKG.governedBy), RDF.type, DCKG.PolicyDocument) in g


def test_a_lead_agency_without_a_shared_sentence_breaks_the_shapes(bundled_build):
    g = bundled_build.graph
    broken = type(g)()
    for triple in g:
        broken.add(triple)
    program = URIRef(ids.program_iri(program_key("耕耘者振兴计划")))
    broken.remove((program, DCKG.evidence, None))
    broken.remove((program, DCKG.mentionedIn, None))
    assert {str(program)} == {v.focus for v in validate(broken)}


def test_composed_reports_conform_to_the_shapes():
    for source in sorted(DATA.glob("programs-*.txt")):
        assert validate(dckg.build(source).graph) == [], source.name


def test_bodies_above_a_body_and_local_bodies_of_national_systems(mini_build):
    g = dckg.build(DATA / "programs-report.txt").graph
    agency = ids.agency_iri
    center = URIRef(agency("national-e-government-extranet-management-center"))
    bundled = dckg.build().graph
    assert (center, ORG.subOrganizationOf, None) not in bundled  # its parent is not named in the report
    assert (center, ORG.transitiveSubOrganizationOf, URIRef(agency("national-data-administration"))) in bundled
    zhejiang = next(s for s in g.subjects(RDF.type, DCKG.Agency) if str(g.value(s, SKOS.prefLabel)) == "浙江省数据局")
    assert g.value(zhejiang, ORG.subOrganizationOf) == URIRef(agency("zhejiang-provincial-government"))
    assert g.value(zhejiang, DCKG.guidedBy) == URIRef(agency("national-data-administration"))
    branch = next(s for s in mini_build.graph.subjects(RDF.type, DCKG.Agency) if "tong-xin-guan-li-ju" in str(s))
    miit = URIRef(agency("ministry-of-industry-and-information-technology"))
    assert mini_build.graph.value(branch, ORG.subOrganizationOf) == miit
    assert (branch, DCKG.guidedBy, None) not in mini_build.graph


def test_a_local_data_body_sits_under_its_city_and_the_city_under_its_province():
    x = _extract("浙江省发布实施《数据资产确认工作指南》。杭州市数据资源管理局印发《杭州市公共数据授权运营实施方案》。")
    bureau = next(a for a in x.agencies if a.zh == "杭州市数据资源管理局")
    assert (bureau.parent, bureau.ancestors) == (
        "hangzhou-municipal-government",
        ("hangzhou-municipal-government", "zhejiang-provincial-government"),
    )
    issued = {(i.document, i.issuers) for i in x.issuances}
    assert ("杭州市公共数据授权运营实施方案", (bureau.key,)) in issued


def test_programme_name_running_past_the_closing_quote_is_the_whole_name():
    programs = _programs("民政部部署实施“数字社工”能力提升行动，全年培训社工2万人次。")
    assert "数字社工" not in programs
    assert programs["数字社工能力提升行动"].variants == ("数字社工",)


@pytest.mark.parametrize(
    ("body", "programme", "runners"),
    [
        (
            "科学技术部牵头，联合高校和科研院所组织开展“人工智能+”科研范式变革行动。",
            "人工智能+科研范式变革行动",
            {"科学技术部"},
        ),
        ("民政部牵头，教育部参与，共同实施“银龄数字”帮扶行动。", "银龄数字帮扶行动", {"民政部", "教育部"}),
        ("商务部与中国人民银行签署合作协议，启动“数字消费”示范工程。", "数字消费示范工程", {"商务部", "中国人民银行"}),
    ],
)
def test_runner_named_in_an_earlier_clause(body, programme, runners):
    assert _leads(_extract(body))[programme] == runners


def test_runner_of_an_agreement_with_a_partner_that_is_no_body():
    leads = _leads(_extract("江北省数据局与江北大学签署合作协议，启动“城市大脑”数据中台建设工程。"))
    assert leads["城市大脑数据中台建设工程"] == {"江北省数据局"}


def test_runner_of_a_programme_deployed_by_the_issuers_of_a_document():
    body = "中央社会工作部、民政部联合印发《关于加强数字社会工作的意见》，部署实施“数字社工”能力提升行动。"
    assert _leads(_extract(body))["数字社工能力提升行动"] == {"中共中央社会工作部", "民政部"}
