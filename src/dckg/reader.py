"""Turn a decoded report into clean passages with source offsets, sections, footnotes and figures.

The text was converted from PDF: the reader drops the table of contents, rejoins paragraphs broken
by page breaks (also inside a word, and across footnote bodies and figures that the break put in
between), ties footnote markers to footnote bodies, and removes ``**`` emphasis without shifting
offsets: every clean character keeps the offset of the character it came from.

What the clean text does not keep (see ``_visible``): control characters are dropped, or made a space where
they separate text (form feed, U+2028 …); a lone carriage return ends a line. A sentence is read in pieces of
at most ``MAX_SENTENCE`` characters, cut after clause marks, so that no passage grows without bound; a stretch
that long without any punctuation is not prose and is not read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from .errors import ReportInputError
from .records import Figure, Footnote, Marker, Passage, Report, Section
from .source import SourceText
from .text import SOURCE_LINE

_NUMERALS = "零一二三四五六七八九十百"
_TOC = re.compile(r"(?:\.{3}|…{2}|·{3})\s*\d+\s*$")  # leaders and a page number; {3} not {3,}: linear
_TOC_TITLE = re.compile(r"^目\s*录$")
_FOOTNOTE = re.compile(r"^\^?\[(\d{1,3})\]\s*(\S.*)$")
_MARKER = re.compile(r"\^?\[(\d{1,3})\]")
_FIGURE = re.compile(r"^图\s*(\d{1,3})\s+(\S.*)$")
_CHAPTER = re.compile(rf"^(?:[{_NUMERALS}]+\s*、|第[{_NUMERALS}]+章)\s*\S")
_SUBSECTION = re.compile(rf"^(?:[（(]\s*[{_NUMERALS}]+\s*[)）]|第[{_NUMERALS}]+节)\s*\S")
_NAMED_HEADINGS = {"摘要": "abstract", "前言": "preface", "引言": "introduction", "结语": "conclusion"}
_TERMINAL = "。！？!?"
_CLOSERS = "”’」』）)》\"'"
_MAX_HEADING = 40
_YEAR = re.compile(r"(?:19|20)\d{2}")
MAX_SENTENCE = 1000  # the bundled report's longest sentence has 261 characters
_CLAUSE_MARK = re.compile(r"[，；、：;]")  # not "," or ":", which stand inside numbers and times
# Control characters other than tab and line breaks, and the non-characters U+FFFE/U+FFFF, are dropped; the other
# characters that break lines (vertical tab, form feed, U+001C–U+001F, U+0085, U+2028, U+2029) become spaces.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffe\uffff]")
_AS_SPACE = str.maketrans(dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"), " "))
_LONE_CR = re.compile(r"\r(?!\n)")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class _Line:
    start: int  # offset of the first character of the line content
    text: str  # line content without the line break

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class _Builder:
    """Accumulates passages, sections and footnote links while lines are read in order."""

    passages: list[Passage] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnote_bodies: list[tuple[int, int]] = field(default_factory=list)  # (number, passage index)
    figures: list[Figure] = field(default_factory=list)
    section: str = "report"
    chapter: str | None = None
    chapter_no: int = 0
    sub_no: int = 0
    pending: list[_Line] = field(default_factory=list)
    pending_section: str = "report"
    paragraphs: int = 0

    def add(self, passage: Passage) -> int:
        self.passages.append(passage)
        return len(self.passages) - 1


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(_Line(pos, content))
        pos += len(raw) + 1
    return lines


_SKIPPED = re.compile(r"\*\*|(?!^)\^?\[(\d{1,3})\]")  # emphasis marks, and footnote markers but at a line's start


def _clean(pieces: list[_Line]) -> tuple[str, list[int], list[Marker]]:
    """Clean text of joined line pieces, the source offset of each character, and the markers."""
    parts: list[str] = []
    offsets: list[int] = []
    markers: list[Marker] = []
    last = ""  # the last clean character so far
    for piece in pieces:
        text = piece.text
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        base = piece.start + lead
        if last.isascii() and last.isalnum() and body and body[0].isascii() and body[0].isalnum():
            parts.append(" ")
            offsets.append(base - 1)
        i = 0
        for m in [*_SKIPPED.finditer(body), None]:
            stop = m.start() if m else len(body)
            if stop > i:
                parts.append(body[i:stop])
                offsets.extend(range(base + i, base + stop))
                last = body[stop - 1]
            if m and m.group(1):
                markers.append(Marker(len(offsets), int(m.group(1))))
            i = m.end() if m else stop
    return "".join(parts), offsets, markers


def _ends_paragraph(line: _Line) -> bool:
    text = _MARKER.sub("", line.stripped.replace("**", "")).rstrip(_CLOSERS + " ")
    return not text or text[-1] in _TERMINAL


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a clean paragraph: a sentence ends at 。！？ and the closing marks after it."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        if text[i] in _TERMINAL:
            j = i + 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            spans.append((start, j))
            start, i = j, j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    result = []
    for s, e in (piece for span in spans for piece in _bounded(text, *span)):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut after clause marks into pieces of at most MAX_SENTENCE characters; a stretch longer than
    that without a clause mark is left out (cutting it elsewhere could split a number or a name)."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    pieces, piece, prev = [], start, start
    for cut in [m.end() for m in _CLAUSE_MARK.finditer(text, start, end)] + [end]:
        if cut - prev > MAX_SENTENCE:
            if prev > piece:
                pieces.append((piece, prev))
            piece = cut
        elif cut - piece > MAX_SENTENCE:
            pieces.append((piece, prev))
            piece = prev
        prev = cut
    if prev > piece:
        pieces.append((piece, prev))
    return pieces


def _flush(b: _Builder) -> None:
    if not b.pending:
        return
    text, offsets, markers = _clean(b.pending)
    b.pending = []
    b.paragraphs += 1
    for s, e in _sentences(text):
        b.add(
            Passage(
                kind="sentence",
                text=text[s:e],
                offsets=tuple(offsets[s:e]),
                section=b.pending_section,
                markers=tuple(Marker(m.pos - s, m.number) for m in markers if s <= m.pos <= e),
                paragraph=b.paragraphs,
            )
        )


def _single(b: _Builder, line: _Line, kind: str, **extra: int) -> int | None:
    """Add a one-line passage (footnote, caption, source line); None when nothing is left of it (``[1] **``)."""
    text, offsets, markers = _clean([line])
    return b.add(Passage(kind, text, tuple(offsets), b.section, tuple(markers), **extra)) if text else None


def _heading(b: _Builder, line: _Line) -> bool:
    """Start a section if the line is a heading; return whether it was one."""
    text = line.stripped.replace("**", "").strip()
    if len(text) > _MAX_HEADING or "。" in text:
        return False
    compact = re.sub(r"\s+", "", text)
    if compact in _NAMED_HEADINGS:
        key, notation, level, parent = _NAMED_HEADINGS[compact], "", 1, "report"
        b.chapter = None
    elif _CHAPTER.match(text):
        b.chapter_no += 1
        b.sub_no = 0
        key, notation, level, parent = f"ch{b.chapter_no}", str(b.chapter_no), 1, "report"
        b.chapter = key
    elif _SUBSECTION.match(text) and b.chapter:
        b.sub_no += 1
        key = f"{b.chapter}-{b.sub_no}"
        notation, level, parent = f"{b.chapter_no}.{b.sub_no}", 2, b.chapter
    else:
        return False
    _flush(b)
    label = re.sub(r"(?<=\d) +(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) +(?=\d)", "", text)
    b.sections.append(Section(key, notation, label, level, len(b.sections), parent))
    b.section = key
    return True


def _visible(source: SourceText) -> tuple[str, list[int]]:
    """The text the reader reads, and the offsets (increasing) of the source characters it leaves out.

    Raises ReportInputError for a lone surrogate: the str was not decoded from valid text.
    """
    text = source.text
    if m := _SURROGATE.search(text):
        raise ReportInputError(
            f"{source.name}: a lone surrogate (U+{ord(m.group(0)):04X}) at character {m.start():,}: not Unicode text"
        )
    text = _LONE_CR.sub("\n", text.translate(_AS_SPACE))
    dropped = [m.start() for m in _DROPPED.finditer(text)]
    return (_DROPPED.sub("", text), dropped) if dropped else (text, dropped)


def _restore(passages: tuple[Passage, ...], dropped: list[int]) -> tuple[Passage, ...]:
    """``passages`` with their offsets moved from the visible text to the source, past the dropped characters."""
    if not dropped:
        return passages
    keys = [d - j for j, d in enumerate(dropped)]  # the j-th dropped character stood before visible character d - j
    return tuple(replace(p, offsets=tuple(o + bisect.bisect_right(keys, o) for o in p.offsets)) for p in passages)


def read_report(source: SourceText) -> Report:
    """Read a decoded report into passages, sections, footnotes and figures."""
    text, dropped = _visible(source)
    lines = _lines(text)
    b = _Builder()
    front: list[str] = []
    in_front = True
    figure_waiting: int | None = None  # index into b.figures awaiting its source line
    for line in lines:
        s = line.stripped
        if not s:
            continue
        if _TOC.search(s) or _TOC_TITLE.match(s.replace(" ", "")):
            _flush(b)
            b.section, b.chapter, in_front = "report", None, False
            continue
        if _heading(b, line):
            in_front = False
            figure_waiting = None
            continue
        if in_front and len(s) <= _MAX_HEADING and "。" not in s:
            front.append(s)
            continue
        in_front = False
        short = len(s) <= MAX_SENTENCE  # a longer line is no footnote, caption or source line: prose, in pieces
        if short and (m := _FOOTNOTE.match(s)):
            body = _Line(line.start + line.text.index(m.group(2)), m.group(2))
            idx = _single(b, body, "footnote", footnote=int(m.group(1)))
            if idx is not None:
                b.footnote_bodies.append((int(m.group(1)), idx))
            continue
        if short and (m := _FIGURE.match(s.replace("**", ""))):
            number = int(m.group(1))
            idx = _single(b, line, "caption", figure=number)
            title = re.sub(r"^图\s*\d+\s*", "", b.passages[idx].text)
            b.figures.append(Figure(number, title, idx, None))
            figure_waiting = len(b.figures) - 1
            continue
        if short and SOURCE_LINE.match(s) and figure_waiting is not None:
            fig = b.figures[figure_waiting]
            idx = _single(b, line, "source-line", figure=fig.number)
            b.figures[figure_waiting] = Figure(fig.number, fig.title, fig.caption, idx)
            figure_waiting = None
            continue
        figure_waiting = None
        if b.pending and _ends_paragraph(b.pending[-1]):
            _flush(b)
        if not b.pending:
            b.pending_section = b.section
        b.pending.append(line)
    _flush(b)
    title, year = _title(front, source.name)
    root = Section("report", "", title, 0, 0, None)
    sections = (root, *(Section(s.key, s.notation, s.label, s.level, s.order + 1, s.parent) for s in b.sections))
    order = sorted(range(len(b.passages)), key=lambda i: b.passages[i].start)
    new_index = {old: new for new, old in enumerate(order)}
    bodies = [(num, new_index[idx]) for num, idx in b.footnote_bodies]
    passages = _restore(tuple(b.passages[i] for i in order), dropped)
    return Report(
        name=source.name,
        sha256=source.sha256,
        encoding=source.encoding,
        title=title,
        year=year,
        text=source.text,
        sections=sections,
        passages=passages,
        footnotes=_link_footnotes(passages, bodies),
        figures=tuple(
            Figure(f.number, f.title, new_index[f.caption], None if f.source_line is None else new_index[f.source_line])
            for f in b.figures
        ),
        pages=source.pages,
    )


def _title(front: list[str], name: str) -> tuple[str, int | None]:
    """Report title and year from the front matter (title line, then a bracketed year line)."""
    if not front:
        stem = re.sub(r"\.[A-Za-z0-9]+$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
        return stem, None
    title = front[0]
    year_line = next((f for f in front[1:3] if re.fullmatch(r"[（(]\s*(?:19|20)\d{2}\s*年?\s*[)）]", f)), None)
    if year_line:
        title += "（" + year_line.strip("（()） ") + "）"
    m = _YEAR.search(title)
    return title, int(m.group(0)) if m else None


def _link_footnotes(passages: tuple[Passage, ...], bodies: list[tuple[int, int]]) -> tuple[Footnote, ...]:
    """Tie each marker to the next footnote body with its number (numbering may restart per page)."""
    starts: dict[int, list[int]] = {}
    for num, idx in bodies:  # bodies are in source order
        starts.setdefault(num, []).append(idx)
    positions = {num: [passages[i].start for i in same] for num, same in starts.items()}
    cited: dict[int, dict[int, None]] = {idx: {} for _, idx in bodies}
    for p_idx, passage in enumerate(passages):
        for marker in passage.markers:
            same = starts.get(marker.number)
            if not same:
                continue
            at = passage.offsets[max(marker.pos - 1, 0)]
            after = bisect.bisect_right(positions[marker.number], at)
            cited[same[after] if after < len(same) else same[-1]][p_idx] = None
    return tuple(Footnote(num, idx, tuple(cited[idx])) for num, idx in bodies)
