"""Decode a report file into text: a text-based PDF (``pdf.py``), or text in UTF-8 (with or without BOM) or
GB18030/GBK; refuse anything else. A table of decoders by kind, found from the file's suffix or first bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import ReportInputError
from .records import PageRun

BUNDLED_REPORT = "digital-china-report-2023.txt"
# Real reports are under 1 MB (the bundled one has 78 KB). 5 MB builds in 42 s and 0.6 GB of memory, 50 MB in 14
# minutes and 4.6 GB (benchmarks/hostile.py), so a larger file is refused before it is read, unless asked for.
MAX_BYTES = 5_000_000
# Fonts embedded in a PDF make 10–50 MB normal: a PDF is bounded by its pages and extracted text (MAX_BYTES), and
# its file only by this sanity limit on what is read into memory.
MAX_PDF_BYTES = 300_000_000
REPORT_SUFFIXES = (".txt", ".pdf")
"""The report files a folder given to ``dckg build`` holds."""

# The most frequent characters of written Chinese: real report text is full of them, while
# bytes of another encoding that happen to decode as GB18030 give a scatter of rare characters.
_COMMON_HANZI = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又"
    "利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入"
    "常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西"
)
_MIN_COMMON_SHARE = 0.15
_MIN_HANZI = 20


@dataclass(frozen=True)
class SourceText:
    """A decoded report: its name for messages, text (BOM removed), encoding and the file's SHA-256."""

    name: str
    text: str
    encoding: str
    sha256: str
    pages: tuple[PageRun, ...] = ()  # for a PDF: the page of every character, as runs


def bundled_report_bytes() -> bytes:
    """The bytes of the report shipped inside the package, unchanged."""
    return resources.files("dckg.data").joinpath(BUNDLED_REPORT).read_bytes()


def read_source(path: str | Path | None = None, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read and decode ``path`` (the bundled report when None), or raise ReportInputError.

    ``max_bytes`` bounds the text: a text file larger than that is refused from its size, before it is read; a
    PDF (bounded by MAX_PDF_BYTES) is refused when its extracted text is larger.
    """
    if path is None:
        return decode_source(bundled_report_bytes(), BUNDLED_REPORT)
    p = Path(path)
    if not p.exists():
        raise ReportInputError(f"{p}: no such file")
    if not p.is_file():
        raise ReportInputError(f"{p}: not a regular file")
    try:
        with p.open("rb") as fh:
            limit = MAX_PDF_BYTES if _kind(p.name, fh.read(5)) == "pdf" else max_bytes
            _check_size(p, p.stat().st_size, limit)
            fh.seek(0)
            data = fh.read(limit + 1)  # a file that grew, or reports no size (/proc), is still bounded
    except OSError as exc:
        raise ReportInputError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    _check_size(p, len(data), limit)
    return decode_source(data, str(p), max_bytes)


def _check_size(path: Path, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ReportInputError(
            f"{path}: {size:,} bytes is over the input size limit of {max_bytes:,} bytes "
            "(raise it with --max-size MB, or max_bytes= in Python)"
        )


def _kind(name: str, head: bytes) -> str:
    """The decoder for a file: "pdf" from its suffix or %PDF header, else "text"."""
    return "pdf" if name.lower().endswith(".pdf") or head.startswith(b"%PDF-") else "text"


def decode_source(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> SourceText:
    """Decode report bytes named ``name`` (PDF or text, ``max_bytes`` of text at most); check that the result is
    Chinese report text."""
    if not data.strip():
        raise ReportInputError(f"{name}: the file is empty")
    return _DECODERS[_kind(name, data[:5])](data, name, max_bytes)


def _decode_pdf(data: bytes, name: str, max_bytes: int) -> SourceText:
    from . import pdf  # pdfplumber is loaded for a PDF only

    read = pdf.read_pdf(data, name, pdf.Limits(text_bytes=max_bytes))
    try:
        _check_report_text(read.text, name)
    except ReportInputError:
        raise ReportInputError(f"{name}: {pdf.NEEDS_OCR} (its text is not Chinese prose)") from None
    return SourceText(name, read.text, "pdf", hashlib.sha256(data).hexdigest(), read.pages)


def _decode_text(data: bytes, name: str, max_bytes: int) -> SourceText:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportInputError(f"{name}: UTF-16 text is not supported; save the report as UTF-8 or GB18030")
    if b"\x00" in data:
        raise ReportInputError(f"{name}: binary file, not report text")
    text, encoding = _decode(data, name)
    _check_report_text(text, name)
    return SourceText(name=name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


_DECODERS: dict[str, Callable[[bytes, str, int], SourceText]] = {"pdf": _decode_pdf, "text": _decode_text}


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 if the bytes are valid UTF-8 (an encoded lone surrogate is not), else GB18030 if that reads as Chinese."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        refused = ReportInputError(f"{name}: not UTF-8 or GB18030/GBK text (invalid UTF-8 at byte {exc.start:,})")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise refused from None
    if not _looks_chinese(text):
        raise refused
    return text, "gb18030"


def _hanzi(text: str) -> list[str]:
    return [c for c in text if "\u4e00" <= c <= "\u9fff"]


def _looks_chinese(text: str) -> bool:
    han = _hanzi(text)
    return len(han) >= _MIN_HANZI and sum(c in _COMMON_HANZI for c in han) / len(han) >= _MIN_COMMON_SHARE


def _check_report_text(text: str, name: str) -> None:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text) // 100:
        raise ReportInputError(f"{name}: binary file, not report text")
    if not _looks_chinese(text) or "。" not in text:
        raise ReportInputError(f"{name}: does not look like a Chinese report (too little Chinese prose)")
