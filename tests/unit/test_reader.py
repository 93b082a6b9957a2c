"""The reader: contents dropped, page breaks rejoined, footnotes tied, figures, sections, offsets kept."""

from __future__ import annotations

from dckg.reader import read_report
from dckg.source import decode_source
from dckg.text import chinese_number


def _passage(report, fragment):
    hits = [p for p in report.passages if fragment in p.text]
    assert len(hits) == 1, (fragment, [p.text for p in hits])
    return hits[0]


def test_every_clean_character_points_at_the_same_source_character(mini_report, bundled_build):
    for report in (mini_report, bundled_build.extraction.report):
        for passage in report.passages:
            assert len(passage.offsets) == len(passage.text)
            assert all(report.text[o] == c for c, o in zip(passage.text, passage.offsets, strict=True))
            assert list(passage.offsets) == sorted(passage.offsets)


def test_title_year_and_sections(mini_report):
    assert mini_report.title == "江南省数字经济发展报告（2022年）"
    assert mini_report.year == 2022
    keys = [(s.key, s.parent) for s in mini_report.sections]
    assert keys == [("report", None), ("abstract", "report"), ("ch1", "report"), ("ch1-1", "ch1"), ("ch2", "report")]
    assert mini_report.sections[3].label == "（一）网络设施加快建设"


def test_table_of_contents_is_dropped(mini_report):
    assert not any("....." in p.text or p.text.startswith("目") for p in mini_report.passages)
    assert not any(p.text.endswith("2") and "基础设施持续完善" in p.text for p in mini_report.passages)


def test_word_broken_by_page_break_and_footnote_is_rejoined(mini_report):
    p = _passage(mini_report, "统筹推进数字乡村")
    assert p.text == "统筹推进数字乡村和智慧城市建设。"
    assert p.section == "ch1"
    source = mini_report.text[p.start : p.end]
    assert "[1]" in source and "\n" in source  # the footnote body sat inside the broken sentence


def test_sentence_broken_across_a_footnote_without_caret(mini_report):
    p = _passage(mini_report, "光纤网络")
    assert p.text == "光纤网络覆盖全部行政村。"


def test_markers_of_both_styles_tie_to_their_footnote_bodies(mini_report):
    notes = {f.number: f for f in mini_report.footnotes}
    assert set(notes) == {1, 2, 3}
    cited = mini_report.passages[notes[1].cited_by[0]]
    assert cited.text.startswith("截至2022年底") and "^[1]" not in cited.text
    assert mini_report.passages[notes[1].passage].text == "数据来源：江南省通信管理局"
    assert "国家统计局" in mini_report.passages[notes[2].passage].text
    assert mini_report.passages[notes[2].cited_by[0]].markers[0].number == 2
    assert mini_report.passages[notes[3].passage].text.startswith("《江南省召开")


def test_emphasis_marks_removed_without_shifting_offsets(mini_report):
    p = _passage(mini_report, "网络设施加快建设。")
    assert "**" not in p.text
    assert mini_report.text[p.start - 2 : p.start] == "**"
    assert mini_report.text[p.end : p.end + 2] == "**"


def test_figures_with_caption_and_source_line(mini_report):
    (figure,) = mini_report.figures
    assert figure.number == 1
    assert figure.title == "2018年—2022年江南省5G基站数量"
    assert mini_report.passages[figure.source_line].text == "数据来源：江南省通信管理局"


def test_figure_number_with_space_and_page_numbered_footnotes():
    text = (
        "测试报告\n\n一、第一章\n\n本章介绍数据发展情况。网民规模持续增长^[1]。\n\n^[1] 数据来源：国家统计局\n\n"
        "图 19 2020年—2023年网民规模\n\n数据来源：国家统计局\n\n二、第二章\n\n"
        "新的一页从一号脚注重新编号[1]。\n\n[1] 数据来源：商务部\n"
    )
    report = read_report(decode_source(text.encode("utf-8"), "t.txt"))
    assert [f.number for f in report.figures] == [19]
    first, second = report.footnotes
    assert report.passages[first.cited_by[0]].text == "网民规模持续增长。"
    assert report.passages[second.cited_by[0]].text == "新的一页从一号脚注重新编号。"
    assert report.passages[second.passage].section == "ch2"


def test_chinese_numbers():
    assert [chinese_number(t) for t in ["十七", "二十三", "一百零五", "十", "17", "两"]] == [17, 23, 105, 10, 17, 2]
    assert chinese_number("若干") is None


def test_chapter_and_section_headings_in_the_other_style():
    text = (
        "某省数字政府发展报告\n\n第一章 总体情况\n\n全省数字政府建设取得明显成效，群众满意度持续提升。\n\n"
        "第一节 制度建设\n\n省政府出台多项制度文件，规范政务数据管理工作。\n\n第二章 展望\n\n下一步将继续深化改革。\n"
    )
    report = read_report(decode_source(text.encode("utf-8"), "t.txt"))
    assert [(s.key, s.label) for s in report.sections[1:]] == [
        ("ch1", "第一章 总体情况"),
        ("ch1-1", "第一节 制度建设"),
        ("ch2", "第二章 展望"),
    ]
    assert [p.section for p in report.passages] == ["ch1", "ch1-1", "ch2"]
