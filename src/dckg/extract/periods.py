"""Time expressions of a sentence as reference periods: years, months, dates, quarters, spans, relative years.

``2023年`` is a year, ``2023年11月`` a month, ``2023年底`` the last day of the year; ``2023年前三季度``,
``2023年1—9月`` and ``2019—2023年`` are intervals; ``近5年``, ``连续11年`` and ``7年累计`` are the years up to
the anchor year (the last year the sentence named, else the report's year) and hold for their clause only;
``全年``, ``年末``, ``1—11月`` and ``上半年`` written without a year are in the anchor year, ``同期`` the period
the sentence last named. Which role an expression plays (the period of what follows, the base of a comparison,
the period of one value) is decided by the observation extractor, not here.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from ..records import Period
from ..text import chinese_number

_YEAR = r"(?<![0-9])(?:19|20)\d{2}"
_COUNT = r"\d{1,2}|[一二三四五六七八九十两]+"
_TIME = re.compile(
    rf"(?P<y1>{_YEAR})\s*年?\s*(?:[—–\-~～]|至|到)\s*(?P<y2>{_YEAR})\s*年(?:\s*(?P<spanend>底|末))?"
    rf"|(?P<year>{_YEAR})\s*年\s*(?:(?P<m1>\d{{1,2}})\s*[—–\-~～至到]\s*(?P<m2>\d{{1,2}})\s*月"
    r"|(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*日|\s*(?P<monthend>底|末))?"  # 2023年11月, 12月12日, 12月底
    r"|(?P<yearend>年底|年末|底|末)"
    r"|(?P<quarter>上半年|下半年|前三季度|前两季度|前二季度|前[一二三四1-4]季度|第?[一二三四1-4]季度)"
    rf"|前(?P<months>{_COUNT})个月"
    r"|(?P<same>同期))?"
    rf"|(?:近|连续)(?P<recent>{_COUNT})\s*年"  # 近5年, 近三年, 连续11年
    rf"|(?P<cumulative>{_COUNT})\s*年(?=累计)"  # 7年累计
    r"|(?<![年较比与上去])(?P<bare>全年|同期|年末|年底)"
    r"|(?<![年\d—–\-~～])(?P<bm1>\d{1,2})\s*[—–\-~～至到]\s*(?P<bm2>\d{1,2})\s*月"  # 1—11月 of the anchor year
    r"|(?<![年下今去明])(?P<bq>上半年|前三季度)"
)
_QUARTERS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "前两季度": (1, 6), "前二季度": (1, 6)}


@dataclass(frozen=True)
class TimeExpr:
    """A time expression at [start, end) of the text and its period.

    ``same`` marks 同期: with a year (2022年同期) the observation's period in that year; alone, the last period.
    """

    start: int
    end: int
    period: Period | None
    explicit_year: int | None  # the year written, which anchors relative expressions after it
    same: bool = False
    relative: bool = False  # 近5年, 连续11年: the period of its own clause only


def _month(year: int, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _months(year: int, first: int, last: int) -> Period | None:
    start, end = _month(year, first), _month(year, last)
    return Period(start, end) if start and end and first <= last else None


def _quarter(year: int, text: str) -> Period | None:
    if text in _QUARTERS:
        return _months(year, *_QUARTERS[text])
    n = chinese_number(text.strip("前第季度"))
    if not n or not 1 <= n <= 4:
        return None
    return _months(year, 1 if text.startswith("前") else 3 * n - 2, 3 * n)


def _span(first: int, last: int) -> Period | None:
    return Period(str(first), str(last)) if 1000 <= first <= last <= 9999 else None


def find_times(text: str, anchor: int | None) -> list[TimeExpr]:
    """Every time expression of ``text`` in order; ``anchor`` is the year relative expressions count back from.

    >>> text = "2023年末，用户达5000万户，近3年年均增长5%"
    >>> [(text[t.start : t.end], t.period) for t in find_times(text, 2023)]
    [('2023年末', Period(start='2023-12-31', end=None)), ('近3年', Period(start='2021', end='2023'))]
    >>> [t.period for t in find_times("前三季度，网上零售额同比增长8%", 2024)]
    [Period(start='2024-01', end='2024-09')]
    """
    out: list[TimeExpr] = []
    for m in _TIME.finditer(text):
        g = m.groupdict()
        if g["y1"]:  # a span of years
            first, last = int(g["y1"]), int(g["y2"])
            period = _span(first, last)
            if period and g["spanend"]:
                period = Period(period.start, f"{last:04d}-12-31")
            out.append(TimeExpr(m.start(), m.end(), period, last))
        elif g["year"]:
            out.append(TimeExpr(m.start(), m.end(), _point(int(g["year"]), g), int(g["year"]), same=bool(g["same"])))
        elif g["recent"] or g["cumulative"]:
            n = chinese_number(g["recent"] or g["cumulative"])
            base = next((t.explicit_year for t in reversed(out) if t.explicit_year), anchor)
            period = _span(base - n + 1, base) if n and base else None
            out.append(TimeExpr(m.start(), m.end(), period, None, relative=True))
        elif g["bare"] in ("全年", "年末", "年底") or g["bm1"] or g["bq"]:
            base = next((t.explicit_year for t in reversed(out) if t.explicit_year), anchor)
            out.append(TimeExpr(m.start(), m.end(), _anchored(base, g) if base else None, None))
        else:  # a bare 同期: the period named last
            out.append(TimeExpr(m.start(), m.end(), None, None, same=True))
    return out


def _anchored(year: int, g: dict[str, str | None]) -> Period | None:
    """A time written without its year, in the anchor year: 全年, 年末, 1—11月, 上半年."""
    if g["bm1"]:
        return _months(year, int(g["bm1"]), int(g["bm2"] or 0))
    if g["bq"]:
        return _quarter(year, g["bq"])
    return Period(f"{year:04d}-12-31") if g["bare"] in ("年末", "年底") else Period(str(year))


def _point(year: int, g: dict[str, str | None]) -> Period | None:
    """The period of a year with what follows it: months, a month, a day, the year's or month's end, a quarter."""
    if g["m1"]:
        return _months(year, int(g["m1"]), int(g["m2"] or 0))
    if g["month"]:
        month = int(g["month"])
        if g["day"]:
            point = _date(year, month, int(g["day"]))
        elif g["monthend"]:
            point = _date(year, month, calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else None
        else:
            point = _month(year, month)
        return Period(point) if point else None
    if g["yearend"]:
        return Period(f"{year:04d}-12-31")
    if g["quarter"]:
        return _quarter(year, g["quarter"])
    if g["months"]:
        n = chinese_number(g["months"])
        return _months(year, 1, n) if n else None
    return Period(str(year))


def shift(period: Period, years: int) -> Period:
    """``period`` moved by ``years`` (the same period of another year)."""

    def move(point: str) -> str:
        moved = f"{int(point[:4]) + years:04d}{point[4:]}"
        return moved if not moved.endswith("-02-29") else moved[:-2] + "28"

    return Period(move(period.start), None if period.end is None else move(period.end))
