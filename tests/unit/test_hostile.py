"""Hostile input, through the library (str text to the reader, bytes to the decoder, graphs to the writers) and
through files given to ``dckg build --source``: no crash, no hang, the documented error for invalid input, and
for odd but valid input a graph that conforms to the shapes, serialises, parses back and keeps its offsets.

Cases that could hang or eat memory run in a subprocess with a timeout and an address-space limit.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

import dckg
from dckg.cli import main
from dckg.errors import OutputError, ReportInputError
from dckg.export import serialize
from dckg.extract import extract
from dckg.extract.quantities import find_quantities, fold
from dckg.graph import build_graph
from dckg.reader import MAX_SENTENCE, read_report
from dckg.source import MAX_BYTES, SourceText, decode_source
from dckg.terms import DCKG
from dckg.validate import validate
from tests.support import MINI

BASE = MINI.read_text(encoding="utf-8")
FEW = settings(
    max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
MANY = settings(max_examples=150, deadline=None, derandomize=True, database=None)

# Odd but valid text, inserted into the composed report (each case also goes through `dckg build --source`).
ODD = {
    "unbalanced-open": "工业和信息化部印发《关于推进数据要素发展的意见，并部署落实。",
    "unbalanced-close": "工业和信息化部印发关于推进数据要素发展的意见》，并部署落实。",
    "nested": "国务院印发《关于贯彻《数据安全法》的〈实施〉意见》，《甲《乙《丙》》》仍在推进。",
    "open-10k": "财政部印发《" + "数字经济发展" * 1667 + "。",
    "controls": "全省\x01数据\x07交易额达到\x1b12.3亿元\x0c，同比\x7f增长\x85 8.5%\u2028，"
    "\x0b\x1c\x1f\ufffe\uffff\r完成。",
    "digits-400": "全省数据规模达到" + "9" * 400 + "亿元，增长" + "1" * 400 + "%，建成" + "7" * 400 + "万个。",
    "fraction-400": "全省数据规模达到1." + "9" * 400 + "亿元，增长0." + "1" * 400 + "%，建成3." + "7" * 400 + "万个。",
    "full-width": "２０２３年，全省数字经济增长１２.５％，建成3１个平台，规模达到１２３４５亿元。",
}
FRAGMENTS = [*ODD.values(), "《", "》", "〈", "〉", "“", "”", "（", "^[1]", "[2]", "\n[3] 数据来源：", "\n图1 ", "**"]
HOSTILE_CHARS = (
    "《》〈〉“”（）()[]^*.,:；，。、%％0123456789０１２３亿万元个\n\r\t\x00\x01\x0b\x0c\x1f\x7f\x85\u2028\ufffe"
)


def source(text: str, name: str = "hostile.txt") -> SourceText:
    return SourceText(name, text, "utf-8", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def with_fragments(fragments: list[tuple[int, str]]) -> str:
    """The composed report with each fragment appended to a line (its number taken modulo the number of lines)."""
    lines = BASE.split("\n")
    for pos, fragment in fragments:
        at = pos % len(lines)
        lines[at] += fragment
    return "\n".join(lines)


def check_report(report) -> None:
    """Every clean character comes from the source character its offset names (a space may stand for a line
    break or other white space); offsets increase; no control character is left in the clean text."""
    for p in report.passages:
        assert p.text and len(p.offsets) == len(p.text) <= MAX_SENTENCE
        assert all(a < b for a, b in zip(p.offsets, p.offsets[1:], strict=False))
        for c, o in zip(p.text, p.offsets, strict=True):
            assert report.text[o] == c or (c == " " and report.text[o].isspace())
        assert not any((unicodedata.category(c) == "Cc" and c != "\t") or c in "\ufffe\uffff\u2028" for c in p.text)


def check_graph(graph: Graph, report) -> None:
    """Conforms to the shapes; Turtle and N-Triples parse back in Oxigraph to as many triples; every evidence
    node quotes the passage whose source offsets it gives."""
    assert validate(graph) == []
    for fmt, ox_format in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)):
        assert len(set(ox.parse(serialize(graph, fmt), format=ox_format))) == len(graph)
    passages = {(p.start, p.end): p.text for p in report.passages}
    for node in graph.subjects(DCKG.quote, None):
        start, end = graph.value(node, DCKG.start).toPython(), graph.value(node, DCKG.end).toPython()
        assert passages[(start, end)] == str(graph.value(node, DCKG.quote))


# --- the reader and the decoder on arbitrary text --------------------------------------------------------------


@MANY
@given(
    st.text(alphabet=st.sampled_from(HOSTILE_CHARS) | st.characters(), max_size=300),
    st.none() | st.sampled_from("\ud800\udbff\udc00\udfff"),
)
def test_reader_on_any_text_keeps_offsets_or_refuses_a_lone_surrogate(text, surrogate):
    if surrogate:
        text = text[: len(text) // 2] + surrogate + text[len(text) // 2 :]
        with pytest.raises(ReportInputError, match=f"lone surrogate \\(U\\+{ord(surrogate):04X}\\)"):
            read_report(source(text))
        return
    check_report(read_report(source(text)))


@MANY
@given(
    st.sampled_from(["utf-8", "gb18030"]),
    st.binary(max_size=400) | st.text(alphabet=HOSTILE_CHARS).map(lambda t: t.encode("utf-8")),
)
def test_decoder_on_any_bytes_reads_or_refuses_with_one_line_naming_the_file(encoding, data):
    try:
        decoded = decode_source(BASE.encode(encoding) + data, "odd.txt")
    except ReportInputError as exc:
        assert str(exc).startswith("odd.txt: ") and "\n" not in str(exc)
        return
    check_report(read_report(decoded))


def test_lone_surrogate_in_a_str_is_refused_with_its_position():
    text = BASE.replace("全省", "全\ud800省", 1)
    with pytest.raises(ReportInputError) as err:
        read_report(source(text))
    assert (
        str(err.value)
        == f"hostile.txt: a lone surrogate (U+D800) at character {text.index(chr(0xD800)):,}: not Unicode text"
    )


def test_encoded_lone_surrogate_is_invalid_utf8_at_its_byte():
    data = BASE.encode("utf-8")
    at = data.index("全省".encode())
    bad = data[:at] + b"\xed\xa0\x80" + data[at:]  # U+D800 as CESU-8/WTF-8 would write it
    with pytest.raises(ReportInputError) as err:
        decode_source(bad, "wtf8.txt")
    assert str(err.value) == f"wtf8.txt: not UTF-8 or GB18030/GBK text (invalid UTF-8 at byte {at:,})"


# --- the whole pipeline on the composed report with hostile fragments ------------------------------------------


@FEW
@given(
    st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(FRAGMENTS) | st.text(alphabet=HOSTILE_CHARS, max_size=40)),
        min_size=1,
        max_size=12,
    )
)
def test_pipeline_on_hostile_fragments_conforms_and_keeps_offsets(fragments):
    report = read_report(source(with_fragments(fragments)))
    check_report(report)
    check_graph(build_graph(extract(report)), report)


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_case_through_the_library(case):
    text = with_fragments([(20, ODD[case])])
    report = read_report(source(text))
    check_report(report)
    extraction = extract(report)
    check_graph(build_graph(extraction), report)
    for o in extraction.observations:  # every figure is the text of its passage, with at most 30 digits
        passage = report.passages[o.passage]
        assert o.written == re.sub(r"\s+", " ", passage.text[o.start : o.end])
        assert len(re.sub(r"[^0-9]", "", o.value)) <= 30


def test_titles_pair_up_as_they_nest_and_an_unmatched_bracket_opens_nothing():
    report = read_report(source(with_fragments([(20, ODD["nested"] + ODD["unbalanced-open"] + ODD["open-10k"])])))
    documents = extract(report).documents
    assert {d.title for d in documents} == {
        "关于贯彻《数据安全法》的〈实施〉意见",
        "数据安全法",
        "实施",
        "甲《乙《丙》》",
        "乙《丙》",
        "丙",
    } | {d.title for d in extract(read_report(source(BASE))).documents}


def test_control_characters_are_dropped_and_offsets_skip_them():
    report = read_report(source(BASE + "\n\n" + ODD["controls"] + "\n"))
    check_report(report)
    (p,) = [p for p in report.passages if "数据交易额" in p.text]
    assert p.text == "全省数据交易额达到12.3亿元 ，同比增长  8.5% ，完成。"  # \r broke the line
    figures = {o.written: o for o in extract(report).observations if o.passage == report.passages.index(p)}
    assert figures["12.3亿元"].normalized == "1230000000"
    assert report.text[p.offsets[p.text.index("12.3")] :].startswith("12.3亿元")


def test_figures_sharing_a_number_stay_apart():
    text = BASE + "\n\n图1 2023年另一张图的标题\n\n数据来源：国家统计局\n"
    report = read_report(source(text))
    graph = build_graph(extract(report))
    check_graph(graph, report)
    figures = sorted(graph.subjects(DCKG.figureNumber, None))
    assert len(figures) == 2 and all(str(f).rsplit("/", 1)[1].startswith("1-") for f in figures)


def test_long_numbers_are_no_figures_and_full_width_digits_are_read():
    report = read_report(source(with_fragments([(20, ODD["digits-400"] + ODD["fraction-400"] + ODD["full-width"])])))
    observations = extract(report).observations
    values = {(o.value, o.unit) for o in observations}
    assert not any(len(v) > 40 for v, _ in values)
    assert {("12.5", "%"), ("31", "个"), ("12345", "亿元")} <= values


@MANY
@given(
    st.text(alphabet="0123456789０１２３４５٣٤", min_size=1, max_size=60),
    st.sampled_from(["", ".", "．"]),
    st.text(alphabet="0123456789０１２", max_size=60),
    st.sampled_from(["亿元", "%", "％", "万个", "倍", "个百分点", "ZB", "万亿元"]),
)
def test_numbers_of_any_length_and_width_are_exact_or_no_figure(whole, point, fraction, unit):
    written = whole + (point + fraction if point and fraction else "")
    text = fold(f"增长{written}{unit}，")
    found = find_quantities(text, [])
    digits = fold(written).replace(".", "")
    if len(digits) > 30:
        assert not found
        return
    (q,) = found
    assert q.value == Decimal(fold(written))  # exact, whatever the width or script of the digits


# --- the writers ---------------------------------------------------------------------------------------------------


@MANY
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_any_literal_round_trips_through_every_format(text):
    g = Graph()
    g.add((URIRef("https://example.org/s"), DCKG.quote, Literal(text, lang="zh")))
    for fmt, ox_format in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)):
        data = serialize(g, fmt)
        assert all(ord(c) >= 0x20 or c == "\n" for c in data.decode("utf-8"))  # controls are escaped
        assert [str(t.object.value) for t in ox.parse(data, format=ox_format)] == [text]
        assert [str(o) for o in Graph().parse(data=data, format="nt" if fmt == "nt" else "turtle").objects()] == [text]
    assert [str(o) for o in Graph().parse(data=serialize(g, "jsonld"), format="json-ld").objects()] == [text]
    if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text):
        with pytest.raises(OutputError, match="RDF/XML cannot hold"):
            serialize(g, "xml")
    else:
        assert [str(o) for o in Graph().parse(data=serialize(g, "xml"), format="xml").objects()] == [text]


# --- files given to `dckg build --source` -------------------------------------------------------------------------


def run_build(capsys, *args: str) -> tuple[int, str]:
    """`dckg build` in process: (exit code, standard error)."""
    try:
        main(["build", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def check_turtle_file(path: Path, source_text: str) -> None:
    """The written graph parses in Oxigraph, and each evidence's offsets frame its quote in the source text."""
    quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    facts: dict[str, dict[str, str]] = {}
    for q in quads:
        facts.setdefault(q.subject.value, {})[q.predicate.value] = q.object.value
    evidence = [f for f in facts.values() if str(DCKG.quote) in f]
    assert evidence
    for f in evidence:
        quote, start, end = f[str(DCKG.quote)], int(f[str(DCKG.start)]), int(f[str(DCKG.end)])
        span = iter(source_text[start:end])
        assert source_text[start] == quote[0] and source_text[end - 1] == quote[-1]
        assert all(c == " " or c in span for c in quote)  # the quote's characters, in order, within the span


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_file_builds_a_valid_graph(case, tmp_path, capsys):
    text = with_fragments([(20, ODD[case])])
    path, out = tmp_path / f"{case}.txt", tmp_path / "out.ttl"
    path.write_bytes(text.encode("utf-8"))
    code, err = run_build(capsys, "--source", str(path), "--out", str(out), "--validate")
    assert (code, err) == (0, "")
    check_turtle_file(out, text)


INVALID = {
    "lone-surrogate": (BASE.encode("utf-8") + b"\xed\xa0\x80", "not UTF-8 or GB18030/GBK text (invalid UTF-8 at byte"),
    "invalid-utf8": (BASE.encode("utf-8")[:-1] + b"\xff\xfe" + "数据".encode(), "invalid UTF-8 at byte"),
    "nul": (BASE.encode("utf-8").replace("。".encode(), b"\x00", 1), "binary file"),
    "controls": (BASE.encode("utf-8") + b"\x01" * 100, "binary file"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_file_gives_one_line_exit_2_and_leaves_the_output(case, tmp_path, capsys):
    data, message = INVALID[case]
    path, out = tmp_path / "bad.txt", tmp_path / "out.ttl"
    path.write_bytes(data)
    out.write_bytes(b"previous graph")
    code, err = run_build(capsys, "--source", str(path), "--out", str(out))
    assert code == 2
    assert err.startswith(f"dckg: error: {path}: ") and message in err and err.count("\n") == 1
    assert out.read_bytes() == b"previous graph"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.ttl"]  # no temporary file left


def test_max_size_option_sets_the_limit(tmp_path, capsys):
    path, out = tmp_path / "report.txt", tmp_path / "out.ttl"
    path.write_bytes(BASE.encode("utf-8"))
    code, err = run_build(capsys, "--source", str(path), "--out", str(out), "--max-size", "0.001")
    size = path.stat().st_size
    assert (code, err) == (
        2,
        f"dckg: error: {path}: {size:,} bytes is over the input size limit of 1,000 bytes "
        "(raise it with --max-size MB, or max_bytes= in Python)\n",
    )
    assert not out.exists()


def test_size_limit_from_the_library(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(BASE.encode("utf-8"))
    size = path.stat().st_size
    with pytest.raises(ReportInputError, match=f"{size:,} bytes is over the input size limit of {size - 1:,} bytes"):
        dckg.build(path, max_bytes=size - 1)
    assert dckg.build(path, max_bytes=size).extraction.report.text == BASE


# --- risky cases: a subprocess with a timeout and an address-space limit ------------------------------------------


def run_bounded(code: str, args: list[str], timeout: float, memory_gb: float) -> subprocess.CompletedProcess[str]:
    """Python ``code`` with ``sys.argv[1:] == args`` in a fresh interpreter under RLIMIT_AS; the test fails (by
    TimeoutExpired) if it does not end within ``timeout`` seconds."""
    limit = int(memory_gb * 2**30)
    bounded = f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n{code}"
    return subprocess.run(
        [sys.executable, "-c", bounded, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


CLI = "from dckg.cli import main; main(sys.argv[1:])"
LIBRARY = """
import hashlib
from pathlib import Path
from dckg.extract import extract
from dckg.graph import build_graph
from dckg.reader import read_report
from dckg.source import SourceText
from tests.unit.test_hostile import check_graph, check_report
text = Path(sys.argv[1]).read_text(encoding="utf-8")
report = read_report(SourceText("long.txt", text, "utf-8", hashlib.sha256(text.encode()).hexdigest()))
check_report(report)
check_graph(build_graph(extract(report)), report)
print(len(report.passages))
"""


@pytest.fixture(scope="module")
def long_line(tmp_path_factory) -> tuple[Path, str, int]:
    """The composed report and one line of about 1 MB (every odd case but the control characters, repeated, and
    runs of 100,000 leader dots that a backtracking regex takes minutes over), and the number of sentences the
    line has outside its stretches of more than 1,000 characters without punctuation."""
    line = "".join(ODD[c] for c in sorted(ODD) if c != "controls")
    copies = 1_000_000 // len(line.encode("utf-8")) + 1
    text = BASE + "\n" + line * copies + "." * 100_000 + "…" * 100_000 + "\n"
    path = tmp_path_factory.mktemp("long") / "long-line.txt"
    path.write_bytes(text.encode("utf-8"))
    return path, text, copies * (line.count("。") - 1)


@pytest.mark.slow
def test_a_1mb_line_through_the_library_in_bounded_time_and_memory(long_line):
    path, _, sentences = long_line
    done = run_bounded(LIBRARY, [str(path)], timeout=240, memory_gb=3)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > sentences  # read sentence by sentence (and the composed report), not as one passage


@pytest.mark.slow
def test_a_1mb_line_through_the_command_in_bounded_time_and_memory(long_line, tmp_path):
    path, text, _ = long_line
    out = tmp_path / "out.ttl"
    done = run_bounded(CLI, ["build", "--source", str(path), "--out", str(out)], timeout=240, memory_gb=3)
    assert done.returncode == 0, done.stderr
    check_turtle_file(out, text)


@pytest.mark.slow
@pytest.mark.parametrize("size", [50_000_000, 8 * 2**30])
def test_oversized_file_is_refused_from_its_size_without_reading_it(size, tmp_path):
    path, out = tmp_path / "huge.txt", tmp_path / "out.ttl"
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: the size is there, the bytes are not (reading 8 GB would break the limit)
    message = (
        f"{path}: {size:,} bytes is over the input size limit of {MAX_BYTES:,} bytes "
        "(raise it with --max-size MB, or max_bytes= in Python)"
    )
    done = run_bounded(CLI, ["build", "--source", str(path), "--out", str(out)], timeout=60, memory_gb=2)
    assert (done.returncode, done.stderr) == (2, f"dckg: error: {message}\n")
    assert not out.exists()
    library = "import dckg\ntry:\n    dckg.build(sys.argv[1])\nexcept dckg.ReportInputError as exc:\n    print(exc)"
    done = run_bounded(library, [str(path)], timeout=60, memory_gb=2)
    assert (done.returncode, done.stdout) == (0, f"{message}\n")
