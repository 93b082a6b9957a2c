"""PDF input: a report laid out by Chromium (tests/pdf_layout.py) reads back as its text, with pages; bad and
hostile PDFs (written here byte by byte) are refused in one line, bounded in time and memory."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

import dckg
from dckg.errors import ReportInputError
from dckg.export import serialize
from dckg.pdf import Limits, read_pdf
from dckg.reader import read_report
from dckg.source import read_source
from dckg.terms import DCKG
from tests.support import MINI
from tests.support import dckg as run_dckg
from tests.support.pdf_bytes import FONT, pdf_bytes
from tests.support.pdf_layout import layout, print_pdf

HEADER = "江南省数字经济发展报告"
COVER = (HEADER, "（2022年）", "2023年5月")


@pytest.fixture(scope="module")
def mini_pdf(tmp_path_factory) -> Path:
    """The mini report on A5 pages (so that it takes two), printed once."""
    report = read_report(read_source(MINI))
    return print_pdf(
        layout(report, HEADER, COVER, size="148mm 210mm").html, tmp_path_factory.mktemp("pdf") / "mini.pdf"
    )


def _facts(build):
    e = build.extraction
    return (
        {d.key for d in e.documents},
        {(i.document, i.issuers) for i in e.issuances},
        sorted((o.indicator, o.value, o.unit, o.period, o.sources) for o in e.observations),
    )


def test_the_pdf_gives_the_facts_of_the_text(mini_pdf):
    from_pdf, from_text = dckg.build(mini_pdf), dckg.build(MINI)
    assert _facts(from_pdf) == _facts(from_text)
    report = from_pdf.extraction.report
    assert report.encoding == "pdf" and report.title == "江南省数字经济发展报告（2022年）"
    assert {f.number: bool(f.cited_by) for f in report.footnotes} == {1: True, 2: True, 3: False}
    assert [(f.number, report.passages[f.source_line].text) for f in report.figures] == [
        (1, "数据来源：江南省通信管理局")
    ]


def test_headers_page_numbers_and_chart_text_are_left_out_and_paragraphs_rejoined(mini_pdf):
    source = read_source(mini_pdf)
    lines = [line for line in source.text.split("\n") if line]
    assert HEADER not in lines[1:] and not any("—" in line and line.strip("— 0123456789") == "" for line in lines)
    assert "类别" not in source.text
    report = read_report(source)
    assert {run.number for run in source.pages} == {1, 2, 3}  # the cover and two pages
    split = [p for p in report.passages if report.page(p.start).number != report.page(p.end - 1).number]
    assert split and all(p.kind == "sentence" and p.text.endswith("。") for p in split)


def test_evidence_has_page_and_label_and_the_turtle_is_deterministic(mini_pdf, tmp_path):
    built = dckg.build(mini_pdf)
    g = built.graph
    evidence = list(g.subjects(DCKG.quote, None))
    assert evidence and all(g.value(ev, DCKG.page) is not None for ev in evidence)
    assert rdflib.Literal(2, datatype=rdflib.XSD.integer) in set(g.objects(None, DCKG.page))
    assert {str(v) for v in g.objects(None, DCKG.pageLabel)} <= {"— 1 —", "— 2 —"}
    assert serialize(g, "ttl") == serialize(dckg.build(mini_pdf).graph, "ttl")
    out = tmp_path / "mini.ttl"
    assert run_dckg("build", "--source", str(mini_pdf), "--out", str(out), "--validate").returncode == 0
    checked = run_dckg("validate", str(out), "--source", str(mini_pdf))
    assert checked.returncode == 0 and "not checked" not in checked.stdout, checked.stdout + checked.stderr
    table = run_dckg("query", "observations", "--graph", str(out), "--indicator", "5G基站")
    assert "(— 1 —)" in table.stdout or "(— 2 —)" in table.stdout, table.stdout


# Bad PDFs, written byte by byte.


def _lines(text: bytes, n: int = 30) -> bytes:
    return b"".join(b"BT /F1 12 Tf 72 %d Td %s Tj ET\n" % (800 - 20 * i, text) for i in range(n))


_CIDFONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /DW 1000"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
)
_ENCRYPT = b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <%s> /U <%s> >>" % (b"ab" * 32, b"cd" * 32)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n" + b"\x00" * 10, "broken or truncated"),
        (pdf_bytes(b"0 0 1 rg 50 50 400 600 re f"), "needs OCR"),  # a scan: drawing, no text
        (pdf_bytes(_lines(b"<0011002200330044005500660077>"), *_CIDFONT), "needs OCR"),  # no ToUnicode: (cid:N)
        (pdf_bytes(_lines(b"(This is English text, not a Chinese report.)")), "needs OCR"),
        (
            pdf_bytes(_lines(b"(x)"), FONT, _ENCRYPT, trailer=b"/Encrypt 6 0 R /ID [<%s> <%s>]" % ((b"01" * 16,) * 2)),
            "encrypted",
        ),
    ],
    ids=["broken", "scan", "cid", "not-chinese", "encrypted"],
)
def test_bad_pdfs_are_refused_in_one_line(data, says, tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(ReportInputError, match=says):
        read_source(path)


def test_cli_refuses_a_bad_pdf_with_one_line_and_writes_nothing(tmp_path):
    path, out = tmp_path / "report.pdf", tmp_path / "out.ttl"
    path.write_text("数字中国发展报告。" * 20, encoding="utf-8")  # text, whatever the suffix says
    result = run_dckg("build", "--source", str(path), "--out", str(out))
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.strip().count("\n") == 0 and "not a PDF file" in result.stderr


def test_truncated_pdf_and_limits_are_refused(mini_pdf, tmp_path):
    data = mini_pdf.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 20])
    with pytest.raises(ReportInputError, match=r"broken or truncated|needs OCR|no pages"):
        read_source(cut)
    with pytest.raises(ReportInputError, match="over the limit of 2 pages"):
        read_pdf(data, "mini.pdf", Limits(pages=2))
    with pytest.raises(ReportInputError, match="over the input size limit of 300 bytes"):
        read_source(mini_pdf, max_bytes=300)


@pytest.mark.parametrize(
    ("content", "limits"),
    [
        (b" " * 200_000_000, Limits(memory_mb=64)),  # a decompression bomb: 200 MB from 0.2 MB
        (b"[" * 500_000, Limits()),  # deep nesting
        (b"1 0 0 1 0 0 cm\n" * 3_000_000, Limits(seconds=1)),  # a huge stream that takes long to run
    ],
    ids=["bomb", "nesting", "slow"],
)
def test_hostile_pdfs_are_bounded(content, limits):
    with pytest.raises(ReportInputError):
        read_pdf(pdf_bytes(content), "hostile.pdf", limits)
