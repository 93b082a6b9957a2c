"""Find the figures of a text: a number with its scale, unit and qualifiers exactly as written.

What is not a figure is skipped: years and dates (masked by the caller), ordinals (第三届) unless a ranking
cue makes them a rank (居全球第二位), parts of names (5G, IPv6, TOP500, 掌上12333), numbers inside titles,
quotation marks and brackets, counts of the bodies that co-issue a titled document (十七个部门联合印发《…》),
and thresholds that only describe what is counted (10亿元以上的供应商, 1000Mbps及以上接入速率用户).
Chinese numerals are figures only with a classifier or a scale (十二项, 二十多个, 两亿多): a lone 一 or 两
is an article and 数十, 几千 are not values. A bare number is a figure only after a verb such as 为 (PUE为1.27).
A number written with more than 30 digits is no figure (a code, or noise). Values are computed exactly (``EXACT``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal
from functools import cache

from ..text import MAX_DIGITS, chinese_number, inside
from ..vocab import Unit, alternation, cues, qualifier_cues, scales, units

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN = rf"[{_CN_DIGITS}十百千]+"
_NUMBER = re.compile(
    r"(?P<fn>\d+)\s*/\s*(?P<fd>\d+)(?![\d.])"  # 3/4
    rf"|(?P<cden>{_CN}|\d+)分之(?P<cnum>{_CN}|\d+)"  # 四分之三
    r"|(?P<num>\d+(?:,\d{3})*(?:[ ]?\.[ ]?\d+)?)(?:\s*[~～—–-]\s*(?P<upper>\d+(?:\.\d+)?))?"  # 337.7, 1 .92, 3~5
    rf"|(?P<cn>{_CN})"
)
_RANK = re.compile(rf"第\s*(?P<rank>\d+|{_CN})\s*(?P<suffix>位|名|大)?")
_FRACTION_PLACES = Decimal("0.000001")  # 2/3 → 0.666667
# Products of a number (at most 30 digits) and factors (powers of ten) are exact at this precision.
EXACT = Context(prec=100)
_BOUNDARY = "，。；：,;:！？、）)”]"
# a one-character unit that is the first character of a word here: 分别, 三分之一, 人口, 人员
_NOT_UNIT_BEFORE = {"分": "别之钟类享配布析支会局期批级行", "人": "口员群士才"}


@dataclass(frozen=True)
class Quantity:
    """A figure at [start, end) of the text (qualifiers included); ``unit`` is None for a bare scale or number."""

    start: int
    end: int
    number: str  # the number as written, folded to ASCII digits ("337.7", "3/4", "十二")
    value: Decimal
    upper: Decimal | None
    scale: str
    unit: Unit | None
    unit_text: str  # as written after the number, scale included: 万个, %, 个百分点, 亿; "rank" for a rank
    qualifier: str
    rank: bool = False

    @property
    def factor(self) -> Decimal:
        return EXACT.multiply(
            scales()[self.scale] if self.scale else Decimal(1), self.unit.factor if self.unit else Decimal(1)
        )


def scaled(value: Decimal, sign: int, factor: Decimal) -> Decimal:
    """``value`` × ``sign`` × ``factor``, exactly."""
    return EXACT.multiply(value, EXACT.multiply(Decimal(sign), factor))


def fold(text: str) -> str:
    """``text`` with full-width digits, letters and number signs, and the decimal digits of every script, made
    ASCII, one character for one.

    Chinese punctuation (，；（）) is kept, so offsets and the words around the figures do not change.
    """
    return text.translate({ord(c): _folded(c) for c in set(text)})


@cache
def _folded(c: str) -> str:
    f = unicodedata.normalize("NFKC", c)
    if len(f) == 1 and (f.isalnum() or f in "%.~/+-") and f.isascii():
        return f
    digit = unicodedata.decimal(c, None)
    return c if digit is None else str(digit)


@cache
def _tail() -> re.Pattern[str]:
    after = alternation(list(qualifier_cues("after")))
    return re.compile(
        rf"\s*(?P<p1>多|余)?\s*(?P<scale>{alternation(list(scales()))})?\s*(?P<p2>多|余)?"
        rf"\s*(?P<unit>{alternation(list(units()))})?\s*(?P<post>{after})?"
    )


@cache
def _before() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    qualifier = re.compile(rf"(?P<cue>{alternation(list(qualifier_cues('before')))})\s*(?:占|为|达到|达|是|有)?\s*$")
    verb = re.compile(rf"(?:{alternation(cues('value-verb'))})\s*(?:{alternation(cues('value-adverb'))})?\s*$")
    rank = re.compile(rf"(?:{alternation(cues('rank-verb') + cues('rank-scope'))})\s*(?:的)?\s*$")
    return qualifier, verb, rank


@cache
def _after() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    not_value = re.compile(rf"\s*(?:{alternation(cues('not-a-value-after'))})")
    issued = re.compile(
        rf"\s*[\u4e00-\u9fff]{{0,4}}?\s*(?:联合|共同)?\s*(?:{alternation(cues('issuance-verb'))})了?\s*《"
    )
    rank_not = re.compile(rf"\s*(?:{alternation(cues('rank-not'))})")
    return not_value, issued, rank_not


def _fraction(num: Decimal | int, den: Decimal | int) -> Decimal:
    return EXACT.divide(Decimal(num), Decimal(den)).quantize(_FRACTION_PLACES, context=EXACT).normalize(EXACT)


def _parse_number(m: re.Match[str]) -> tuple[str, Decimal, Decimal | None] | None:
    if any(len(re.sub("[^0-9]", "", n)) > MAX_DIGITS for n in m.groups() if n):
        return None
    if m.group("fn"):
        den = Decimal(m.group("fd"))
        return (f"{m.group('fn')}/{m.group('fd')}", _fraction(Decimal(m.group("fn")), den), None) if den else None
    if m.group("cden"):
        den, num = (chinese_number(m.group(g)) for g in ("cden", "cnum"))
        if not den or num is None:
            return None
        return m.group(0), _fraction(num, den), None
    if m.group("num"):
        written = re.sub(r"[ ,]", "", m.group("num"))
        upper = Decimal(m.group("upper")) if m.group("upper") else None
        return written, Decimal(written), upper
    value = chinese_number(m.group("cn"))
    return (m.group("cn"), Decimal(value), None) if value else None


def find_quantities(text: str, excluded: list[tuple[int, int]]) -> list[Quantity]:
    """The figures of ``text`` (already folded) in order; ``excluded`` spans (titles, quotes, brackets, dates)."""
    out: list[Quantity] = []
    taken = 0
    for m in _NUMBER.finditer(text):
        if m.start() < taken or inside(m.start(), excluded):
            continue
        q = _quantity(text, m)
        if q:
            out.append(q)
            taken = q.end
    for m in _RANK.finditer(text):
        if not inside(m.start(), excluded) and (q := _rank(text, m)):
            out.append(q)
    out.sort(key=lambda q: q.start)
    return _share_list_units(text, out)


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    s = m.start()
    last = text[s - 1] if s else " "
    if last.isascii() and (last.isalpha() or last in "-_./#@"):
        return None  # part of a name or code: IPv6, TOP500, X86, RISC-V
    if last == "第" or (m.group("cn") and last in "数几若好"):
        return None  # an ordinal, or a vague number (数十个, 几千万)
    if m.group("cn") and not re.search("[一二两三四五六七八九十]", m.group("cn")):
        return None  # 千家万户, 千兆: no digit
    parsed = _parse_number(m)
    if not parsed:
        return None
    number, value, upper = parsed
    tail = _tail().match(text, m.end())
    scale, unit_text, post = tail.group("scale") or "", tail.group("unit") or "", tail.group("post")
    groups = ["p1", "scale", "p2", "unit", "post"]
    if unit_text in _NOT_UNIT_BEFORE and text[tail.end("unit") : tail.end("unit") + 1] in _NOT_UNIT_BEFORE[unit_text]:
        unit_text, post, groups = "", None, ["p1", "scale", "p2"]
    end = max([m.end()] + [tail.end(g) for g in groups if tail.group(g)])
    follow = text[end : end + 1]
    if follow.isascii() and follow.isalpha():
        return None  # 5G, 10G PON, 3D
    if m.group("cn") and not (unit_text or scale):
        return None  # a Chinese numeral counts only with a classifier or scale
    if m.group("cn") and m.group("cn") in ("一", "两") and not scale:
        return None  # an article: 一种, 一张网
    pre = _before()[0].search(text, max(0, s - 6), s)
    start = pre.start() if pre else s
    if not (scale or unit_text or m.group("fn") or m.group("cden")) and not _bare_figure(text, m, start, end, number):
        return None
    if _after()[1].match(text, end):
        return None  # 十七个部门联合印发《…》: the issuers of a document, not a figure
    unit = units().get(unit_text)
    if _is_threshold(text, start, end, unit, post):
        return None
    qualifier = "range" if upper is not None else _qualifier(pre, tail.group("p1") or tail.group("p2"), post)
    return Quantity(start, end, number, value, upper, scale, unit, scale + unit_text, qualifier)


def _bare_figure(text: str, m: re.Match[str], start: int, end: int, number: str) -> bool:
    """A number with no unit: a figure after a verb (PUE为1.27), or the first of a list (12.1和9.4个百分点)."""
    if _after()[0].match(text, m.end()):
        return False  # 11年, 6月, 75周年
    if re.match(r"\s*[和、及与]\s*\d", text[end:]):
        return True  # settled by _share_list_units
    year = re.fullmatch(r"(19|20)\d\d", number)
    return not year and bool(_before()[1].search(text, 0, start)) and _ends_clause(text, end)


def _ends_clause(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return not rest or rest[0] in _BOUNDARY


def _is_threshold(text: str, start: int, end: int, unit: Unit | None, post: str | None) -> bool:
    """A bound that describes what is counted: 10亿元以上的供应商, 1000Mbps及以上接入速率用户, …率超过95%的城市."""
    follow = text[end : end + 1]
    if unit is not None and unit.kind == "percent":
        rate = re.search(r"率\s*(?:达到|达|为)?\s*$", text[max(0, start - 4) : start])
        return follow == "的" and bool(rate)
    bound = post in ("以上", "及以上", "以下", "以内")
    return bound and (follow == "的" or bool(re.match(r"[\u4e00-\u9fff]", follow)))


def _qualifier(pre: re.Match[str] | None, inner: str | None, post: str | None) -> str:
    if post:
        return qualifier_cues("after")[post]
    if inner:
        return qualifier_cues("after")[inner]
    return qualifier_cues("before")[pre.group("cue")] if pre else "exact"


def _rank(text: str, m: re.Match[str]) -> Quantity | None:
    """第N after a ranking cue (居全球第二位, 位居全球第7, 排名第一), not an ordinal (第一梯队, 第三代)."""
    if not _before()[2].search(text, max(0, m.start() - 6), m.start()):
        return None
    if not m.group("suffix") and _after()[2].match(text, m.end()):
        return None
    value = chinese_number(m.group("rank"))
    if not value:
        return None
    return Quantity(m.start(), m.end(), m.group("rank"), Decimal(value), None, "", None, "rank", "exact", rank=True)


def _share_list_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """12.1和9.4个百分点: a bare number of a list takes the scale and unit of the next figure; others go."""
    out: list[Quantity] = []
    for i in range(len(found) - 1, -1, -1):
        q = found[i]
        if q.unit is None and not q.scale and not q.rank and "/" not in q.number and "分之" not in q.number:
            nxt = out[0] if out else None
            joined = nxt and re.fullmatch(r"\s*[和、及与]\s*", text[q.end : nxt.start])
            if nxt and joined and (nxt.unit or nxt.scale):
                q = Quantity(
                    q.start, q.end, q.number, q.value, q.upper, nxt.scale, nxt.unit, nxt.unit_text, q.qualifier
                )
            elif not (_before()[1].search(text, 0, q.start) and _ends_clause(text, q.end)):
                continue
        out.insert(0, q)
    return out
