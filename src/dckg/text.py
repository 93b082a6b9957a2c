"""The marks and patterns of report text that the reader and the extractors share: numerals, spans, the 数据来源
line, citations, URLs, quotation marks and the end of a clause.

Where a clause ends is not one idea but several, each a set of its own: ``CLAUSE_END`` (here) bounds the short
clause around a name or a figure (，。；,;), which a colon does not end (据X：…); reader.py cuts an over-long
sentence only at marks that never stand inside a number or a time (，；、：;, not "," or ":"); observations.py
reads a figure's clause up to any comma, colon or sentence end, ASCII ones included; subjects.py's
``BOUNDARY`` also stops at 》 and quotation marks, which no subject spans; and quantities.py asks whether a figure
ends its clause, which a list mark 、 or a closing bracket also does.
"""

from __future__ import annotations

import re
import unicodedata

MAX_DIGITS = 30  # a longer run of digits is a code or noise, not a figure
SOURCE_MARK = r"(?:数据|资料)来源\s*[：:]"
"""The opening of a 数据来源 line or footnote (资料来源： too), as a pattern to build on; a sentence that gives a
source may also open with a bare 来源：, which sources.py's ``note_sentence`` reads and a line never does."""
SOURCE_LINE = re.compile(rf"{SOURCE_MARK}\s*")
CITATION = re.compile(r"《[^》]*》\s*[，,]")
"""A citation footnote opens with a title and a comma: 《…》，"""
URL = re.compile(r"https?://|www\.")
SEGMENT = re.compile(r"[^、，,；;。]+")
"""One item of a list of sources (某部、某局；某中心)."""
QUOTES = "“”\"'‘’「」『』"
CLAUSE_END = "，。；,;"


def chinese_number(text: str) -> int | None:
    """Value of a Chinese or Arabic numeral such as 十七, 二十三, 一百零五 or 17; None if not one.

    >>> chinese_number("十七"), chinese_number("二十三"), chinese_number("一百零五"), chinese_number("17")
    (17, 23, 105, 17)
    >>> chinese_number("两千"), chinese_number("4,300"), chinese_number("十七个")
    (2000, None, None)
    """
    if text.isdigit():  # ASCII digits only, and not so many that they are no count (int() refuses 4,300)
        return int(text) if text.isascii() and len(text) <= MAX_DIGITS else None
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current if text else None


def inside(pos: int, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> bool:
    """Whether position ``pos`` lies in one of the half-open ``spans`` (start, end).

    >>> inside(3, [(0, 2), (3, 5)]), inside(5, [(0, 2), (3, 5)])
    (True, False)
    """
    return any(s <= pos < e for s, e in spans)


def squeeze(text: str) -> str:
    """Text in one width (NFKC) with no white space: the first fold of a title's or a name's key.

    >>> squeeze("５G 基站　数")
    '5G基站数'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def unquote(text: str) -> str:
    """Text without its quotation marks, so that “东数西算”工程 and 东数西算工程 are one name.

    >>> unquote("“东数西算”工程")
    '东数西算工程'
    """
    return "".join(c for c in text if c not in QUOTES)


def clause_start(text: str, pos: int, marks: str = CLAUSE_END) -> int:
    """Start of the clause that holds position ``pos``: just after the last of ``marks`` before it.

    >>> text = "全年新建基站5万个，其中农村地区2万个"
    >>> text[clause_start(text, text.index("2万")) :]
    '其中农村地区2万个'
    """
    return max(text.rfind(ch, 0, pos) for ch in marks) + 1
