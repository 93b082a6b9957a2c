"""Documents, bodies and who issued what, on composed texts (generalisation) and on the bundled report."""

from __future__ import annotations

import pytest

from dckg.extract import extract
from dckg.extract.documents import doc_type, title_key
from dckg.extract.english import english_name
from dckg.reader import read_report
from dckg.source import decode_source
from dckg.vocab import gazetteer


def _extract(body: str):
    text = f"测试报告\n\n一、第一章\n\n本章介绍我国数字经济发展的主要情况和成果。\n\n{body}\n"
    return extract(read_report(decode_source(text.encode("utf-8"), "t.txt")))


def _issued(extraction) -> set[tuple[str, tuple[str, ...]]]:
    titles = {d.key: d.title for d in extraction.documents}
    zh = {a.key: a.zh for a in extraction.agencies}
    return {(titles[i.document], tuple(sorted(zh[k] for k in i.issuers))) for i in extraction.issuances}


def test_documents_of_the_mini_report(mini_extraction):
    docs = {d.title: d for d in mini_extraction.documents}
    assert len(docs) == 15
    assert docs["江南省算力枢纽建设实施方案（2022—2025年）"].doctype == "plan"
    assert docs["江南省公共数据条例"].doctype == "administrative-regulation"
    assert docs["江南省政务数据共享管理办法"].doctype == "departmental-rule"
    assert docs["2022年国民经济和社会发展统计公报"].policy is False
    assert docs["江南省召开数字经济工作会议"].doctype == "article"
    assert docs["江南省互联网发展状况统计报告"].edition == "第20次"


def test_who_issued_what_in_the_mini_report(mini_extraction):
    issued = _issued(mini_extraction)
    expected = {
        ("关于推进算力基础设施高质量发展的指导意见", ("工业和信息化部",)),
        ("江南省算力枢纽建设实施方案（2022—2025年）", ("江南省发展和改革委员会",)),
        ("江南省数据中心能效提升行动计划", ("江南省发展和改革委员会",)),
        ("关于数字经济企业税收优惠政策的公告", ("国家税务总局", "财政部")),
        ("2022年国民经济和社会发展统计公报", ("国家统计局",)),
        ("电子商务发展报告", ("商务部",)),
        ("国务院关于加强数字政府建设的指导意见", ("国务院",)),
        ("中共中央 国务院关于构建数据基础制度更好发挥数据要素作用的意见", ("中国共产党中央委员会", "国务院")),
        ("江南省政务数据共享管理办法", ("江南省数据管理中心",)),
        ("江南省公共数据授权运营管理办法（试行）", ("江南省数据管理中心",)),
    }
    assert issued == expected
    co = next(i for i in mini_extraction.issuances if i.stated_count)
    assert (co.lead, co.stated_count, co.verb) == ("ministry-of-industry-and-information-technology", 8, "联合印发")


def test_no_issuer_is_guessed(mini_extraction):
    issued_titles = {t for t, _ in _issued(mini_extraction)}
    for title in ["江南省公共数据条例", "全球数据安全倡议", "数字经济合作宣言", "江南省互联网发展状况统计报告"]:
        assert title not in issued_titles, title


def test_bodies_outside_the_gazetteer_are_flagged(mini_extraction):
    bodies = {a.zh: a for a in mini_extraction.agencies}
    assert bodies["江南省通信管理局"].in_gazetteer is False
    # no official English name: one is composed from the place and the body's generic name, or is pinyin
    assert bodies["江南省通信管理局"].en == "Jiangnan Provincial Communications Administration"
    assert bodies["江南省数据管理中心"].en == "Jiangnan Provincial Data Management Center"
    assert bodies["国家统计局"].in_gazetteer and bodies["国家统计局"].en == "National Bureau of Statistics"
    assert "江南日报" not in bodies  # not a body's name form: a citation's outlet is not guessed


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("交通运输部出台《甲办法》和《乙规划》。", {("甲办法", ("交通运输部",)), ("乙规划", ("交通运输部",))}),
        ("水利部修订完成《甲规定》《乙规定》《丙规定》。", {(t, ("水利部",)) for t in ["甲规定", "乙规定", "丙规定"]}),
        ("教育部、科学技术部联合印发《某某行动方案》。", {("某某行动方案", ("教育部", "科学技术部"))}),
        ("2023年3月，民政部印发《某某指南》。", {("某某指南", ("民政部",))}),
        ("印发《某某实施意见》，推动工作落实。", set()),
        ("习近平总书记提出《某某倡议》。", set()),
        ("上海、广东等地出台《某某办法》。", set()),
        ("中国与多个国家共同发布《某某宣言》。", set()),
        ("为落实《甲意见》，海关总署发布《乙公告》。", {("乙公告", ("海关总署",))}),
        ("浙江省发布实施《某某指南》。", {("某某指南", ("浙江省人民政府",))}),
        ("国家能源局的《某某报告》指出。", {("某某报告", ("国家能源局",))}),
        ("《国务院办公厅关于某某的通知》。", {("国务院办公厅关于某某的通知", ("国务院办公厅",))}),
    ],
)
def test_issuance_grammar(body, expected):
    assert _issued(_extract(body)) == expected


def test_title_variants_fold_to_one_document():
    x = _extract(
        "印发《关于推动“某某行动”的意见》。《关于推动某某行动的意见》明确目标。"
        "第5次《某某状况统计报告》发布。据《第5次某某状况统计报告》，用户增长。"
    )
    titles = {d.title: d for d in x.documents}
    assert len(x.documents) == 2
    assert titles["关于推动“某某行动”的意见"].variants == ("关于推动某某行动的意见",)
    assert titles["某某状况统计报告"].edition == "第5次"
    assert title_key("信息安全技术 某某要求（2023 版）") == title_key("信息安全技术某某要求(2023版)")


@pytest.mark.parametrize(
    ("title", "after", "expected"),
    [
        ("网络安全法", "", "law"),
        ("生成式人工智能服务管理暂行办法", "", "departmental-rule"),
        ("某某三年行动计划（2024—2026年）", "", "plan"),
        ("某某白皮书(2023)", "", "white-paper"),
        ("某某调查报告（2023）", "", "report"),
        ("某某发展报告2023", "", "report"),
        ("某某金句", "专栏", "media-column"),
        ("某某", "等栏目", "media-column"),
        ("区域全面经济伙伴关系协定", "", "international-agreement"),
        ("某某责任清单（第六批）", "", "list"),
        ("某某", "", "other"),
    ],
)
def test_document_types_from_title_form(title, after, expected):
    assert doc_type(title, after, citation=False).id == expected


def test_bundled_report_examples_from_the_issue(bundled_build):
    x = bundled_build.extraction
    issued = _issued(x)
    by_title = {}
    for title, issuers in issued:
        by_title.setdefault(title, set()).update(issuers)
    assert by_title["“数据要素×”三年行动计划（2024—2026年）"] == {"国家数据局"}
    assert by_title["关于加强数据资产管理的指导意见"] == {"财政部"}
    assert by_title["数据资产确认工作指南"] == {"浙江省人民政府"}
    assert by_title["数字人社建设行动实施方案"] == {"人力资源和社会保障部"}
    co = [i for i in x.issuances if i.stated_count]
    assert [(i.lead, i.stated_count) for i in co] == [("national-data-administration", 17)]
    docs = {d.title for d in x.documents}
    assert {"网络安全法", "数据安全法", "个人信息保护法", "全国数据资源调查报告（2023）"} <= docs
    assert "关于调整网络安全专用产品安全管理有关事项的公告" in docs  # title broken by a page break
    for cited_only in ["网络安全法", "政务数据共享条例", "全球人工智能治理倡议"]:
        assert cited_only not in by_title
    every_bracket = sum(p.text.count("《") for p in x.report.passages)
    assert every_bracket >= 88


def test_every_body_has_an_english_name_the_official_one_from_the_gazetteer(bundled_build):
    gazetteer_names = {e.id: e.en for e in gazetteer().values()}
    for agency in bundled_build.extraction.agencies:
        assert agency.en and agency.en.isascii() and agency.en.strip() == agency.en
        assert agency.en == gazetteer_names.get(agency.key, agency.en) and agency.in_gazetteer == (
            agency.key in gazetteer_names
        )


def test_short_forms_after_a_local_prefix_are_not_the_central_body():
    x = _extract("省委网信办组织开展培训。市发改委部署有关工作。中央网信办发布通知。")
    assert [a.key for a in x.agencies] == ["cyberspace-administration-of-china"]
    assert len(x.agencies[0].passages) == 1


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("江南省统计局", "Jiangnan Provincial Bureau of Statistics"),
        ("陕西省发展和改革委员会", "Shaanxi Provincial Development and Reform Commission"),  # gazetteer's spelling
        ("北京市人民政府", "People's Government of Beijing Municipality"),
        ("西藏自治区数据局", "Xizang Autonomous Region Data Administration"),
        ("江南省公共数据服务中心", "Jiang Nan Sheng Gong Gong Shu Ju Fu Wu Zhong Xin"),  # unknown generic name
        ("东海数字博物馆", "Dong Hai Shu Zi Bo Wu Guan"),
        ("朝阳区统计局", "Chaoyang District Bureau of Statistics"),  # read with its ending: chao, not zhao
        ("西安市数据局", "Xi'an Municipal Data Administration"),
        ("浦东新区人民政府", "Pu Dong Xin Qu Ren Min Zheng Fu"),  # a zone, not a place: no composed name
        ("东海IPv6数字中心", "Dong Hai IPv6 Shu Zi Zhong Xin"),  # Latin text kept as written
    ],
)
def test_english_names_of_bodies_outside_the_gazetteer(name, english):
    assert english_name(name) == english
