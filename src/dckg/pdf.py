"""Read a text-based PDF into report text, from the position and font size of every character (pdfplumber).

Body paragraphs (rejoined across page breaks), headings, figure captions and their 数据来源 lines become one
line each; footnotes become ``[N] body`` lines after the paragraph that ends their page, superscript markers
``^[N]`` or ``[N]``; running headers, page numbers and the text inside charts are left out. The text keeps the
page of every character (``PageRun``). Parsing runs in a forked child bounded in time and memory.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import re
import resource
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ReportInputError
from .records import PageRun
from .vocab import equivalent_ideographs, shared_glyphs

MAX_PAGES = 2000  # a report has tens of pages; a longer PDF is refused before its pages are read
_TOP_BAND, _BOTTOM_BAND = 0.1, 0.88  # fractions of the page height where running headers and page numbers stand
_PAGE_NUMBER = re.compile(r"^[-—–·\s]*(?:第\s*)?(\d{1,4}|[ivxlcdm]{1,8})(?:\s*页)?[-—–·\s]*$", re.IGNORECASE)
_NOTE_NUMBER = re.compile(r"^(?:\^?\[(\d{1,3})\]\s*|(\d{1,3})\s+)")  # a footnote's number, raised or not
_SUP = 0.8  # a character this much smaller than its line, and raised, is a superscript
NEEDS_OCR = "no usable text layer: it needs OCR or a text-based PDF"


@dataclass(frozen=True)
class Limits:
    """Bounds of one PDF read: pages, extracted text (UTF-8 bytes), CPU seconds and memory of the parser."""

    pages: int = MAX_PAGES
    text_bytes: int = 5_000_000
    seconds: float = 120.0
    memory_mb: int = 1500


@dataclass(frozen=True)
class PdfText:
    """The report text read from a PDF and the page of each of its characters."""

    text: str
    pages: tuple[PageRun, ...]


@dataclass
class _Line:
    page: int  # index of the page
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size of most of its characters
    text: str


def read_pdf(data: bytes, name: str, limits: Limits) -> PdfText:
    """The text of PDF bytes, parsed in a child process; ReportInputError if it is not a readable text PDF."""
    if not data.startswith(b"%PDF-"):
        raise ReportInputError(f"{name}: not a PDF file (no %PDF header)")
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, data, limits), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.seconds + 1):
            raise ReportInputError(f"{name}: reading the PDF took over {limits.seconds:g} s; refused")
        kind, value = receive.recv()
    except EOFError:
        raise ReportInputError(
            f"{name}: reading the PDF went over {limits.memory_mb:,} MB of memory or {limits.seconds:g} s; refused"
        ) from None
    finally:
        child.kill()
        child.join()
        receive.close()
    if kind == "error":
        raise ReportInputError(f"{name}: {value}")
    return value


def _child(send, data: bytes, limits: Limits) -> None:  # type: ignore[no-untyped-def]
    """Parse in the forked child under address-space and CPU limits; send ("ok", PdfText) or ("error", why)."""
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    with open("/proc/self/statm") as fh:  # the child starts as large as its parent: limit what it adds
        used = int(fh.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + limits.memory_mb * 2**20, resource.RLIM_INFINITY))
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        send.send(("ok", _read(data, limits)))
    except ReportInputError as exc:
        send.send(("error", str(exc)))
    except MemoryError:
        send.send(("error", f"reading the PDF went over {limits.memory_mb:,} MB of memory; refused"))
    except RecursionError:
        send.send(("error", "broken PDF (objects nested too deeply)"))
    except Exception as exc:  # pdfminer raises many kinds (PDFSyntaxError, KeyError, zlib.error …) on broken files
        send.send(("error", _broken(exc)))
    finally:
        send.close()


def _broken(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc  # pdfplumber wraps pdfminer's
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return "the PDF is encrypted (password-protected); give an unprotected copy"
    return f"broken or truncated PDF ({type(cause).__name__})"


def _read(data: bytes, limits: Limits) -> PdfText:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if (n := len(pdf.pages)) > limits.pages:
            raise ReportInputError(f"{n:,} pages is over the limit of {limits.pages:,} pages; refused")
        if n == 0:
            raise ReportInputError("the PDF has no pages")
        pages, rules, total = [], [], 0
        for i, page in enumerate(pdf.pages):
            chars = _distinct(c for c in page.chars if c["text"].strip() or c["text"] == " ")
            total += sum(len(c["text"]) for c in chars)
            if total > limits.text_bytes:
                raise ReportInputError(f"the text is over the input size limit of {limits.text_bytes:,} bytes")
            frames = _chart_frames(page.rects)
            chars = [c for c in chars if not any(_inside(c, f) for f in frames)]
            pages.append((float(page.height), _lines(i, chars)))
            rules.append(_footnote_rule(page.rects, float(page.width), float(page.height)))
            page.close()
    _check_text_layer([line for _, lines in pages for line in lines])
    result = _compose(pages, rules)
    if len(result.text.encode("utf-8")) > limits.text_bytes:
        raise ReportInputError(f"the text is over the input size limit of {limits.text_bytes:,} bytes")
    return result


def _distinct(chars: Iterable[dict]) -> list[dict]:
    """Characters less those drawn again at the same place (fake bold: pdfplumber #992, #1155)."""
    seen: set[tuple] = set()
    kept = []
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key not in seen:
            seen.add(key)
            kept.append(c)
    return kept


def _check_text_layer(lines: list[_Line]) -> None:
    """Refuse a PDF whose fonts give no characters (a scan) or glyph ids (``(cid:N)``: no ToUnicode map)."""
    text = "".join(line.text for line in lines)
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if not text.strip() or text.count("(cid:") * 20 > len(text) or han * 5 < len(text.replace(" ", "")):
        raise ReportInputError(NEEDS_OCR)


def _chart_frames(rects: list[dict]) -> list[tuple[float, float, float, float]]:
    """Boxes that frame a chart: large rectangles with two or more rectangles (bars) inside."""
    big = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in rects if r["width"] > 60 and r["height"] > 40]
    return [
        f
        for f in big
        if sum(1 for r in rects if f[0] <= r["x0"] and r["x1"] <= f[2] and f[1] <= r["top"] and r["bottom"] <= f[3])
        >= 3  # the frame itself and two bars
    ]


def _inside(c: dict, f: tuple[float, float, float, float]) -> bool:
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return f[0] <= x <= f[2] and f[1] <= y <= f[3]


def _footnote_rule(rects: list[dict], width: float, height: float) -> float | None:
    """The top of the short horizontal rule above the footnotes, in the lower half of the page, if any."""
    tops = [r["top"] for r in rects if r["height"] < 2 and 20 < r["width"] < width / 2 and r["top"] > height / 2]
    return min(tops) if tops else None


_EQUIVALENT: dict[int, str] = {}


def _normal(text: str) -> str:
    """NFC, Unicode's EquivalentUnifiedIdeograph table (radicals of shared-glyph fonts become the ideograph) and the
    code points Chinese fonts draw with one glyph (vocab/shared-glyphs.tsv)."""
    if not _EQUIVALENT:
        shared = shared_glyphs()  # after the radicals too: ⼾ is 戶 in Unicode's table, and 戶 is drawn as 户
        _EQUIVALENT.update({k: v.translate(shared) for k, v in equivalent_ideographs().items()} | shared)
    return unicodedata.normalize("NFC", text).translate(_EQUIVALENT)


def _lines(page: int, chars: list[dict]) -> list[_Line]:
    """The page's characters grouped into lines (a raised smaller character joins the line it overlaps)."""
    groups: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if groups and c["top"] < max(g["bottom"] for g in groups[-1]) - 0.25 * c["size"]:
            groups[-1].append(c)
        else:
            groups.append([c])
    return [line for g in groups if (line := _line(page, sorted(g, key=lambda c: c["x0"]))) is not None]


def _line(page: int, chars: list[dict]) -> _Line | None:
    size = Counter(round(c["size"], 1) for c in chars if c["text"].strip()).most_common(1)
    if not size:
        return None
    main = size[0][0]
    base = max(c["bottom"] for c in chars if round(c["size"], 1) == main)
    parts: list[str] = []
    sup: list[str] = []
    prev = None
    for c in chars:
        if c["size"] < _SUP * main and c["bottom"] < base - 0.15 * main:
            sup.append(c["text"])
            continue
        if sup:
            parts.append(_marker("".join(sup)))
            sup = []
        if prev is not None and c["x0"] - prev["x1"] > 0.25 * main and _word(prev["text"][-1]) and _word(c["text"][0]):
            parts.append(" ")  # a word gap drawn without a space character
        parts.append(c["text"])
        prev = c
    if sup:
        parts.append(_marker("".join(sup)))
    text = _normal("".join(parts)).strip()
    main_chars = [c for c in chars if round(c["size"], 1) == main]
    return _Line(
        page,
        min(c["x0"] for c in chars),
        max(c["x1"] for c in main_chars),
        min(c["top"] for c in chars),
        base,
        main,
        text,
    )


def _marker(raised: str) -> str:
    """A superscript as a footnote marker: ``1`` as ``^[1]``, ``[1]`` as ``[1]``; other superscripts unchanged."""
    digits = raised.strip().strip("[]")
    if not digits.isdigit():
        return raised
    return f"[{digits}]" if raised.strip().startswith("[") else f"^[{digits}]"


def _compose(pages: list[tuple[float, list[_Line]]], rules: list[float | None]) -> PdfText:
    """Drop running headers and page numbers, split body from footnotes, make paragraphs, join them across pages."""
    headers = _running_headers(pages)
    labels: list[str] = []
    bodies: list[list[_Line]] = []
    notes: list[list[_Line]] = []
    for (height, lines), rule in zip(pages, rules, strict=True):
        lines = [ln for ln in lines if not (ln.bottom < _TOP_BAND * height and ln.text in headers)]
        label = ""
        if lines and lines[-1].top > _BOTTOM_BAND * height and _PAGE_NUMBER.match(lines[-1].text):
            label = lines.pop().text
        labels.append(label)
        bodies.append([ln for ln in lines if rule is None or ln.top < rule])
        notes.append([ln for ln in lines if rule is not None and ln.top >= rule])
    body_lines = [ln for page in bodies for ln in page]
    if not body_lines:
        raise ReportInputError(NEEDS_OCR)
    size = Counter(ln.size for ln in body_lines).most_common(1)[0][0]
    left = Counter(round(ln.x0) for ln in body_lines if ln.size == size).most_common(1)[0][0]
    right = Counter(round(ln.x1) for ln in body_lines if ln.size == size).most_common(1)[0][0]

    def full(line: _Line) -> bool:
        return line.x1 >= right - 1.5 * line.size

    def indented(line: _Line) -> bool:
        return line.x0 > left + 0.5 * line.size

    def continues(prev: _Line, line: _Line) -> bool:
        return abs(prev.size - line.size) < 0.5 and full(prev) and not indented(line)

    out = _Writer(labels)
    open_block: list[_Line] = []
    waiting: list[list[_Line]] = []  # footnotes of pages whose last paragraph is still open
    for page_no, lines in enumerate(bodies):
        for line in lines:
            prev = open_block[-1] if open_block else None
            if prev and continues(prev, line) and (prev.page != line.page or line.top - prev.bottom < 2 * line.size):
                open_block.append(line)  # on the same page, or at the top of the next one
            else:
                if open_block:
                    out.block(open_block)
                for page_notes in waiting:
                    out.footnotes(page_notes)
                waiting = []
                open_block = [line]
        waiting.append(notes[page_no])
    if open_block:
        out.block(open_block)
    for page_notes in waiting:
        out.footnotes(page_notes)
    return PdfText(out.text(), tuple(out.runs))


def _running_headers(pages: list[tuple[float, list[_Line]]]) -> set[str]:
    """Texts standing in the top band of two or more pages."""
    tops = [{ln.text for ln in lines if ln.bottom < _TOP_BAND * height} for height, lines in pages]
    seen = Counter(text for top in tops for text in top)
    return {text for text, n in seen.items() if n >= 2}


class _Writer:
    """Writes blocks as lines separated by blank lines and records the page runs of the text."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.parts: list[str] = []
        self.length = 0
        self.runs: list[PageRun] = []

    def _add(self, text: str, page: int | None) -> None:
        if page is not None and (not self.runs or self.runs[-1].number != page + 1):
            self.runs.append(PageRun(self.length, page + 1, self.labels[page]))
        self.parts.append(text)
        self.length += len(text)

    def block(self, lines: list[_Line]) -> None:
        if self.parts:
            self._add("\n\n", None)
        last = ""
        for line in lines:
            if last and _letter(last[-1]) and _letter(line.text[0]):
                self._add(" ", None)  # a Latin word ends at the line break (a number may be broken anywhere)
            self._add(line.text, line.page)
            last = line.text

    def footnotes(self, lines: list[_Line]) -> None:
        """Footnote lines as ``[N] body`` blocks: a line opening with a number starts a footnote."""
        notes: list[list[_Line]] = []
        for line in lines:
            if m := _NOTE_NUMBER.match(line.text):
                line.text = f"[{m.group(1) or m.group(2)}] {line.text[m.end() :]}"
                notes.append([line])
            elif notes:
                notes[-1].append(line)
            else:
                notes.append([line])
        for note in notes:
            self.block(note)

    def text(self) -> str:
        return "".join(self.parts) + "\n"


def _word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _letter(c: str) -> bool:
    return c.isascii() and c.isalpha()
