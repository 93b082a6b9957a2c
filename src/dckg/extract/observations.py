"""Every figure of a report as an observation: indicator, value and unit as written, kind, period and sources.

Sentence by sentence (and in explanatory footnotes), each figure found by ``quantities`` gets:
- its indicator (``indicators``): the subject of its clause (5G基站数达337.7万个 → 5G基站数) with what it counts
  (累计建成62家“灯塔工厂”); a clause that only continues (同比增长46.1%, 占…比重, 居全球第二位) takes the
  indicator of the figure before it, or of the clause before it; a 分别 list gives each item its own;
- its kind from the unit and cue words: level, growth rate, share, rank, percentage-point change, multiple,
  absolute change, other; decreases (下降, 缩小, 较X低) have a negative normalised value;
- its period: a time attached to the value (2019年的10.5%), else the last time expression before it in the
  sentence, else the period the paragraph stated last (a paragraph that opens with a figure continues the period
  of the paragraph just before it; 全年 of a change of a year-end stock dates its clause only); 从X增至Y over a span
  (2019—2023年, 同期) gives the span's first and last year; a time after 较/比 is the comparison base, not the period;
- its comparison base as written (较上年末, 较2022年同期, 同比) and the base period where it can be computed;
- its sources: the footnote whose marker closes the stretch of the sentence the figure stands in, the
  sources the sentence names itself (《…》显示), else those of the figure it continues.
A figure stated again without a period or source (the abstract repeating the body) takes those of the
same indicator, value, unit and kind where the report states them once and only once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ..records import FigureRecord, IndicatorRecord, ObservationRecord, Period, Report, SourceRef
from ..text import SOURCE_MARK, URL, inside
from ..vocab import alternation, cues
from .indicators import (
    Head,
    clause_subject,
    indicator_key,
    indicator_name,
    items_before_etc,
    list_labels,
    read_head,
    trailing_noun,
)
from .periods import TimeExpr, find_times, shift
from .quantities import EXACT, Quantity, find_quantities, fold, scaled
from .sources import SourceResolver, note_sentence

_MASKS = re.compile(r"“[^“”]*”|\"[^\"]*\"|[（(][^（）()]*[）)]")
_CLAUSE_END = "，,；;：:。！？!?"
_NOTE = re.compile(rf"\s*(?:{SOURCE_MARK}|《)")
_UNIT_NOTE = re.compile(r"[（(]\s*单位\s*[：:]\s*([^）)]+?)\s*[）)]")
_LIST_GAP = re.compile(r"\s*[、和及与]\s*")


@cache
def _growth_after() -> re.Pattern[str]:
    """年均10.01%的增长: a change word after the figure."""
    return re.compile(rf"\s*的\s*(?:{alternation(cues('growth-cue') + cues('decrease-cue'))})")


@cache
def _share_words() -> re.Pattern[str]:
    return re.compile(alternation(cues("share-cue")))


@cache
def _RANK_TAIL() -> re.Pattern[str]:
    """居全球, 位居世界, 排名: the ranking words before 第N, not part of the indicator's name."""
    return re.compile(rf"(?:(?:{alternation(cues('rank-verb') + cues('rank-scope'))})\s*的?\s*)+$")


@cache
def _status_cues() -> dict[str, re.Pattern[str]]:
    """Cue patterns of targets, forecasts and counts that are no statistic (see ``vocab/cues.tsv``)."""
    n = r"[0-9一二两三四五六七八九十百千]+"
    return {
        "forecast": re.compile(alternation(cues("forecast-cue"))),
        "target": re.compile(rf"{alternation(cues('target-cue'))}|到\s*(?P<year>(?:19|20)\d\d)\s*年"),
        "content": re.compile(rf"[^，,。；;：:、]{{0,6}}?(?:{alternation(cues('content-noun'))})"),
        "content-verb": re.compile(rf"(?:{alternation(cues('content-verb'))})\s*了?\s*$"),
        "co-actor": re.compile(rf"等\s*{n}\s*[个家]?\s*(?:{alternation(cues('co-actor'))})"),
        "rule": re.compile(alternation(cues("rule-subject"))),
        "part": re.compile(
            rf"》[^，,。；;]{{0,3}}[，,]?\s*(?:共|分为|包括)?\s*(?:{n}\s*(?:{alternation(cues('document-part'))})\s*)+$"
        ),
    }


@dataclass
class _Figure:
    """A figure being read: the quantity and what its sentence says about it."""

    passage: int
    q: Quantity
    label: str
    kind: str
    sign: int
    period: Period | None
    compared: str | None = None
    base: Period | None = None
    sources: tuple[SourceRef, ...] = ()
    inherited: bool = False  # the period is the paragraph's, not stated in the figure's own sentence
    status: str = "measured"


@dataclass
class _Paragraph:
    """What a paragraph has stated so far: its last period (and the sources of the sentence that stated it), its
    last year, and its last figure."""

    period: Period | None = None
    year: int | None = None
    last: _Figure | None = None
    period_sources: frozenset[SourceRef] = frozenset()


def is_note(text: str) -> bool:
    """A footnote that explains (以当年现价计算……) rather than gives a source or cites a document."""
    return not _NOTE.match(text) and not URL.search(text)


def find_observations(
    report: Report, title_spans: dict[int, list[tuple[int, int]]], resolver: SourceResolver
) -> tuple[tuple[IndicatorRecord, ...], tuple[ObservationRecord, ...]]:
    """The indicators and observations of every sentence and explanatory footnote of ``report``."""
    footnotes = {(p, f.number): f.passage for f in report.footnotes for p in f.cited_by}
    paragraphs: dict[int, _Paragraph] = {}
    stated: dict[str, tuple[int | None, Period]] = {}  # section → its paragraph that stated a period last, and it
    figures: list[_Figure] = []
    for idx, passage in enumerate(report.passages):
        if passage.kind == "sentence" or (passage.kind == "footnote" and is_note(passage.text)):
            opens = bool(passage.paragraph) and passage.paragraph not in paragraphs
            para = paragraphs.setdefault(passage.paragraph, _Paragraph()) if passage.paragraph else _Paragraph()
            stated_in, earlier = stated.get(passage.section, (None, None))
            follows = earlier if opens and passage.paragraph and stated_in == passage.paragraph - 1 else None
            reader = _SentenceReader(report, idx, title_spans.get(idx, []), resolver, para, footnotes, earlier, follows)
            figures.extend(reader.read())
            if para.period and passage.kind == "sentence":
                stated[passage.section] = (passage.paragraph, para.period)
    _closing_sources(report, figures, resolver)
    return _records(report, _adopt(report, figures))


def _closing_sources(report: Report, figures: list[_Figure], resolver: SourceResolver) -> None:
    """A sentence 数据来源：X。 (or 来源：X。) gives its sources to the figures of the paragraph it closes: its own
    paragraph's sentences before it, or, standing as a paragraph of its own, the paragraph just before it in
    its section; a note in brackets after a full stop covers the sentence before it. A figure keeps a source of
    its own that the line does not repeat."""
    passages = report.passages
    for idx, p in enumerate(passages):
        note = note_sentence(p.text) if p.kind == "sentence" and p.paragraph is not None else None
        if note is None or p.paragraph is None:
            continue
        refs = resolver.of_note(idx)
        if not refs:
            continue
        own = [f for f in figures if f.passage < idx and passages[f.passage].paragraph == p.paragraph]
        if note == "bracket":
            own = [f for f in own if f.passage == idx - 1]
        before = p.paragraph - 1
        covered = own or [
            f for f in figures if passages[f.passage].paragraph == before and passages[f.passage].section == p.section
        ]
        for f in covered:
            if set(f.sources) <= set(refs):
                f.sources = tuple(dict.fromkeys((*f.sources, *refs)))


def find_figures(report: Report, resolver: SourceResolver) -> tuple[FigureRecord, ...]:
    """Each 图N of the report: its title, the period its title states, its unit and its 数据来源 sources."""
    out = []
    for fig in report.figures:
        times = [t for t in find_times(fold(fig.title), report.year) if t.period]
        unit = _UNIT_NOTE.search(fig.title)
        sources = resolver.of_note(fig.source_line) if fig.source_line is not None else ()
        period = times[0].period if times else None
        out.append(
            FigureRecord(fig.number, fig.title, fig.caption, fig.source_line, period, unit and unit.group(1), sources)
        )
    return tuple(out)


class _SentenceReader:
    """Reads the figures of one passage, clause by clause."""

    def __init__(
        self,
        report: Report,
        idx: int,
        titles: list[tuple[int, int]],
        resolver: SourceResolver,
        para: _Paragraph,
        footnotes: dict[tuple[int, int], int],  # (citing passage, marker number) → footnote passage
        earlier: Period | None = None,  # the period an earlier paragraph of the section stated last
        follows: Period | None = None,  # for a paragraph's first sentence: the period the paragraph before stated
    ) -> None:
        self.report, self.idx, self.resolver, self.footnotes = report, idx, resolver, footnotes
        self.passage = report.passages[idx]
        self.text = fold(self.passage.text)
        self.titles = list(titles)
        self.masks = self.titles + [(m.start(), m.end()) for m in _MASKS.finditer(self.text)]
        self.inline = resolver.inline(idx) if self.passage.kind == "sentence" else []
        # a sentence that names its own source (据…统计, 《…》显示) opens a new statement: no period carried in
        own = any(not back for _, _, back in self.inline)
        self.para = _Paragraph() if own or self.text.startswith("据") else para
        if self.inline and not own and para.period is None:  # 报告显示 on a new line: the report's statement goes on
            self.para = _Paragraph(period=earlier)
        self.earlier = earlier
        self.shared_para = para
        self.times = [t for t in find_times(self.text, para.year or report.year) if not inside(t.start, self.titles)]
        self.quantities = find_quantities(self.text, self.masks + [(t.start, t.end) for t in self.times])
        self.clauses = self._clauses()
        # a paragraph that opens with a figure (its first clause states one) and states no period continues the
        # statement of the paragraph just before it (2023年末，贷款余额… | 普惠小微贷款余额…); one that opens
        # with a headline or an action (某某产业发展态势持续向好。 | 按照《…》，开展…) starts a topic of its own
        if follows and self.para is para and any(q.start < self.clauses[0][1] for q in self.quantities):
            para.period = follows
        self.setters = self._setters()
        self.figures: list[_Figure] = []
        self.origin: dict[int, _Figure] = {}  # id of a figure → the figure whose measure it continues
        self.series: list[tuple[_Figure, bool]] = []  # a 从X figure waiting for its 至Y, and whether it has a time
        self.series_periods: tuple[Period | None, Period | None] = (None, None)
        self.last_list: list[str] | None = None

    def read(self) -> list[_Figure]:
        for n, (cs, ce) in enumerate(self.clauses):
            qs = [q for q in self.quantities if cs <= q.start < ce]
            if qs:
                self._clause(cs, ce, qs, self.clauses[:n])
        self._sources()
        self._keep_to_own_source()
        self._update_paragraph()
        return self.figures

    def _clauses(self) -> list[tuple[int, int]]:
        out, start = [], 0
        for i, ch in enumerate(self.text):
            if ch in _CLAUSE_END and not inside(i, self.masks):
                out.append((start, i + 1))
                start = i + 1
        if start < len(self.text):
            out.append((start, len(self.text)))
        return out

    def _setters(self) -> list[tuple[TimeExpr, Period | None]]:
        """Time expressions that set the period of what follows in the sentence, with the period each sets."""
        out: list[tuple[TimeExpr, Period | None]] = []
        for t in self.times:
            if t.relative or self._compares(t) or self._attached(t):
                continue
            if t.same and t.period is None:  # 同期: the period named last, in the sentence or before it
                out.append((t, out[-1][1] if out else self.para.period or self.earlier))
            else:
                out.append((t, t.period))
        return out

    def _compares(self, t: TimeExpr) -> bool:
        return bool(re.search(r"(?:较|比|与|相比|相较于?)\s*$", self.text[max(0, t.start - 4) : t.start]))

    def _attached(self, t: TimeExpr) -> Quantity | None:
        """The figure a time is attached to by 的 (2019年的10.5%), if any."""
        q = next((q for q in self.quantities if q.start >= t.end), None)
        return q if q and re.fullmatch(r"\s*的\s*", self.text[t.end : q.start]) else None

    def _period_at(self, pos: int, clause_start: int) -> tuple[Period | None, bool]:
        """The period at ``pos`` and whether it is the paragraph's (not stated in this sentence)."""
        relative = [t for t in self.times if t.relative and clause_start <= t.start and t.end <= pos]
        if relative:
            return relative[-1].period, False
        found = [p for t, p in self.setters if t.end <= pos]
        return (found[-1], False) if found else (self.para.period, True)

    def _update_paragraph(self) -> None:
        """Pass the sentence's last period on to its paragraph; a span of years (2019—2023年) frames a series
        and is not passed on; a sentence that names its own source and no period ends the chain."""
        para = self.shared_para
        passed = [(t, p) for t, p in self.setters if not self._flow_of_stock(t, p)]
        last = passed[-1][1] if passed else None
        if last and not (last.end and last.start[:4] != last.end[:4]):
            para.period = last
            para.period_sources = frozenset(s for f in self.figures for s in f.sources)
        elif self.para is not para and not self.setters:
            para.period = None
        years = [t.explicit_year for t, _ in self.setters if t.explicit_year]
        if years:
            para.year = years[-1]
        if self.figures:
            para.last = self.figures[-1]

    def _flow_of_stock(self, t: TimeExpr, period: Period | None) -> bool:
        """A bare 全年 whose clause only continues figures stated at that year's end (截至2023年底，用户达N，全年净增M)
        gives the flow of the year to its clause: the stock's date, not the year, stays the paragraph's period."""
        if t.explicit_year is not None or period is None or self.text[t.start : t.end] != "全年":
            return False
        cs, ce = next(c for c in self.clauses if c[0] <= t.start < c[1])
        mine = [f for f in self.figures if cs <= f.q.start < ce]
        year_end = Period(f"{period.start[:4]}-12-31")
        return bool(mine) and all(
            (origin := self.origin.get(id(f))) is not None and origin.period == year_end for f in mine
        )

    def _removed(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of times and titles inside [start, end), relative to ``start``: not part of a name."""
        spans = [(t.start, t.end) for t in self.times] + self.titles
        return [(s - start, e - start) for s, e in spans if start <= s < end]

    def _clause(self, cs: int, ce: int, qs: list[Quantity], before: list[tuple[int, int]]) -> None:
        prev_end, base_value = cs, None
        listed: list[str] = []
        list_head: Head | None = None
        for i, q in enumerate(qs):
            attached = next((t for t in self.times if self._attached(t) is q), None)
            prefix_end = attached.start if attached else q.start
            prefix = self.text[prev_end:prefix_end]
            if q.rank:
                prefix = _RANK_TAIL().sub("", prefix)
            head = read_head(prefix, self._removed(prev_end, prefix_end))
            if list_head and _LIST_GAP.fullmatch(self.text[prev_end : q.start]):
                head = list_head  # 59.4%、39.3%和30.8%: the items share their cue words
            next_start = qs[i + 1].start if i + 1 < len(qs) else ce
            after = self.text[q.end : next_start]
            noun, taken = trailing_noun(after)
            is_base = attached is not None and bool(re.search(r"(?:较|比)\s*$", prefix))
            if head.respectively and not listed:
                listed = self._list_labels(head, qs[i:], before)
                list_head = head
            later = trailing_noun(self.text[qs[i + 1].end : ce])[0] if i + 1 < len(qs) else ""
            label, origin = self._label(head, noun or later, is_base, listed.pop(0) if listed else None, before)
            prev_end = q.end + taken
            if not label:
                continue
            written = self.text[q.start : q.end]
            kind, sign = _kind(q, head, label, after, written, bool(noun))
            period, inherited = (attached.period, False) if attached else self._period_at(q.start, cs)
            figure = _Figure(self.idx, q, label, kind, sign, period, inherited=inherited, status=self._status(q, cs))
            if origin:
                self.origin[id(figure)] = origin
                if origin.kind == "share" and kind == "other":
                    figure.kind = "share"
            self._compare(figure, head, prefix, base_value)
            if is_base:
                base_value = (attached, period)
            self._series(figure, head, attached)
            self.figures.append(figure)

    def _status(self, q: Quantity, clause_start: int) -> str:
        """not-statistic for a count of the text's own items, a document's parts (《…》，共8章36条) or a rule's
        parameter; else target or forecast when
        the nearest cue before the figure in its sentence says so (力争, 到2025年 after the report's year; 预计)."""
        c = _status_cues()
        text, number = self.text, q.start
        if (
            c["content"].match(text, q.end)
            or (q.unit and q.unit.text == "方面")
            or c["content-verb"].search(text, max(0, q.start - 4), q.start)
            or c["co-actor"].match(text, max(0, q.start - 1))
            or c["rule"].search(text, clause_start, number)
            or (q.unit_text in cues("document-part") and c["part"].search(text, 0, q.end))
        ):
            return "not-statistic"
        year = self.report.year
        cues_before = [(m.start(), "forecast") for m in c["forecast"].finditer(text, 0, number)] + [
            (m.start(), "target")
            for m in c["target"].finditer(text, 0, number)
            if not m.group("year") or (year and int(m.group("year")) > year)
        ]
        return max(cues_before)[1] if cues_before else "measured"

    def _label(
        self, head: Head, noun: str, is_base: bool, listed: str | None, before: list[tuple[int, int]]
    ) -> tuple[str, _Figure | None]:
        """The indicator's name, and the figure whose measure this one continues (None for a new measure).

        ``noun`` is what the figure counts, or failing that what the next figure of its clause counts
        (六批8155个村落).
        """
        if listed:
            return listed, None
        series_end = head.series_to and bool(self.series)
        if not (head.continues or is_base or series_end) and (head.subject or noun):
            return head.subject + noun, None
        previous = self.figures[-1] if self.figures else None
        for cs, ce in reversed(before):
            if previous and previous.q.start >= cs:
                return previous.label, previous
            subject = clause_subject(self.text[cs:ce], self._removed(cs, ce))
            if subject:
                return subject, None
        if previous:
            return previous.label, previous
        if head.continues and self.shared_para.last:
            return self.shared_para.last.label, self.shared_para.last
        return head.subject, None

    def _list_labels(self, head: Head, qs: list[Quantity], before: list[tuple[int, int]]) -> list[str]:
        """Names for a 分别 list of figures (12.1和9.4个百分点 count as two)."""
        count = 1
        while count < len(qs) and _LIST_GAP.fullmatch(self.text[qs[count - 1].end : qs[count].start]):
            count += 1
        if count < 2:
            return []
        labels = list_labels(head.subject, count) if head.subject else None
        if labels is None and head.subject:
            for cs, ce in reversed(before):
                items = items_before_etc(self.text[cs:ce])
                if len(items) == count:
                    labels = [item + head.subject for item in items]
                    break
        if labels is None and not head.subject:
            if self.last_list and len(self.last_list) == count:
                labels = list(self.last_list)
            elif before:
                cs, ce = before[-1]
                subject = clause_subject(self.text[cs:ce], self._removed(cs, ce))
                labels = list_labels(subject.rsplit("的", 1)[-1], count)
        if labels:
            self.last_list = list(labels)
        return labels or []

    def _compare(self, figure: _Figure, head: Head, prefix: str, base_value) -> None:
        """The comparison base as written and, where it can be computed, the base period."""
        if head.compared:
            figure.compared = head.compared
            at = self.text.rfind(head.compared, 0, figure.q.start)  # a time inside the comparison, not before it
            exprs = [
                t
                for t in self.times
                if at <= t.start and t.end <= figure.q.start and self.text[t.start : t.end] in head.compared
            ]
            expr = exprs[-1] if exprs else None
            figure.base = _base_period(head.compared, figure.period, expr)
        elif base_value and figure.kind in ("growth-rate", "change", "multiple"):
            expr, period = base_value
            figure.compared, figure.base = self.text[expr.start : expr.end], period
            if "年均" in prefix and period and figure.period and period.end is None:
                figure.period = Period(period.start[:4], figure.period.start[:4])

    def _series(self, figure: _Figure, head: Head, attached: TimeExpr | None) -> None:
        """从X增至Y: the two values take their own years, else the first and last year of the sentence's span."""
        if head.series_from:
            self.series = [(figure, attached is not None)]
            return
        if not (head.series_to and self.series):
            return
        first, first_attached = self.series.pop()
        if first_attached and attached:
            self.series_periods = (first.period, figure.period)
        elif figure.period and figure.period.end:
            first.period, figure.period = Period(figure.period.start), Period(figure.period.end)
        elif any(self.series_periods):
            first.period, figure.period = self.series_periods

    def _sources(self) -> None:
        markers = sorted(self.passage.markers, key=lambda m: m.pos)
        inline = self.resolver.inline(self.idx) if self.passage.kind == "sentence" else []
        for figure in self.figures:
            refs: list[SourceRef] = []
            marker = next((m for m in markers if m.pos >= figure.q.end), None)
            if marker and (note := self.footnotes.get((self.idx, marker.number))) is not None:
                refs.extend(self.resolver.of_note(note))
            for pos, found, _ in inline:
                if pos < figure.q.start:
                    refs.extend(found)
            origin = self.origin.get(id(figure))
            if not refs and origin is not None and origin.passage == self.idx:
                refs.extend(origin.sources)
            last = self.shared_para.last
            if not refs and self.text.lstrip().startswith("其中") and last and last.passage == self.idx - 1:
                refs.extend(last.sources)  # 其中，…: a part of what the sentence before stated, from its source
            figure.sources = tuple(dict.fromkeys(refs))

    def _keep_to_own_source(self) -> None:
        """A figure footnoted to another source than the sentence that dated the paragraph to a month or day
        (not a year or its end) belongs to another statement: it does not take that date
        (截至某年11月 … 某榜单 | 某类企业数量超过了N家 [某部])."""
        stated, period = self.para.period_sources, self.para.period
        if period is None or period.end or len(period.start) == 4 or period.start[5:7] == "12":
            return
        for figure in self.figures:
            if figure.inherited and figure.sources and stated and not stated & set(figure.sources):
                figure.period, figure.inherited = None, False


def _kind(q: Quantity, head: Head, label: str, after: str, written: str, counts: bool) -> tuple[str, int]:
    """The measure kind from the unit and the cue words, and the sign of the change (-1 for a decrease).

    ``counts`` tells that the figure is followed by what it counts (92.5%的事项, 超68%人口).
    """
    growth = head.growth or head.decrease or head.higher is not None or bool(_growth_after().match(after))
    sign = -1 if head.decrease or head.higher is False else 1
    unit_kind = q.unit.kind if q.unit else None
    if q.rank:
        return "rank", 1
    if unit_kind == "point":
        return ("percentage-point-change" if growth else "level"), sign
    if unit_kind == "multiple":
        return "multiple", sign
    fraction = q.unit is None and not q.scale and ("/" in q.number or "分之" in q.number)
    if unit_kind == "percent" or fraction:
        if growth and not fraction:
            return "growth-rate", sign
        rate = label.endswith("率") and not label.endswith(("增长率", "增速"))
        named = head.share or "占" in written or bool(_share_words().search(label))
        if named or rate or fraction or counts:  # 92.5%的事项: a share of what follows
            return "share", 1
        return "other", 1
    return ("change" if growth else "level"), sign


def _base_period(compared: str, period: Period | None, expr: TimeExpr | None) -> Period | None:
    """The period a change is measured from: 上年末, 上年, 同比, 2022年同期, 2022年底, 2019年."""
    year = int(period.start[:4]) if period else None
    if expr is not None:
        if expr.same and period and expr.explicit_year:
            return shift(period, expr.explicit_year - (year or expr.explicit_year))
        return expr.period
    if year is None:
        return None
    if compared in ("上年末", "上年底", "去年末", "去年底"):
        return Period(f"{year - 1}-12-31")
    if compared in ("上年", "去年"):
        return Period(str(year - 1))
    if compared in ("同比", "上年同期", "去年同期", "同期") and period:
        return shift(period, -1)
    return None


def _adopt(report: Report, figures: list[_Figure]) -> list[_Figure]:
    """A figure of a summary (摘要, 前言, 结语) that repeats a statement of the chapters takes the period the
    chapters give it (when they give one) unless its own sentence states a period, and their sources if it has none.

    The same statement: the same kind and normalised value and unit, and names that contain one another or
    share most of their characters (某产业增加值占GDP比重 / 某产业增加值).
    """
    chapters: dict[tuple, list[_Figure]] = defaultdict(list)
    for f in figures:
        if not _in_summary(report, f):
            chapters[_statement(f)].append(f)
    for f in figures:
        if not _in_summary(report, f) or (f.period and not f.inherited):
            continue
        same = [g for g in chapters.get(_statement(f), []) if _related(f.label, g.label)]
        periods = {g.period for g in same if g.period}
        if len(periods) == 1:
            f.period = periods.pop()
            if f.compared and f.base is None:
                f.base = _base_period(f.compared, f.period, None)
        agreeing = [g for g in same if g.period in (None, f.period)]
        f.sources = f.sources or tuple(dict.fromkeys(s for g in agreeing for s in g.sources))
    return figures


def _statement(f: _Figure) -> tuple:
    q = f.q
    unit = q.unit.normalized if q.unit else ("rank" if q.rank else "unit:NUM" if q.scale else q.number)
    return f.kind, scaled(q.value, f.sign, Decimal(1) if q.rank else q.factor), unit


def _related(a: str, b: str) -> bool:
    """Two names of one measure: one holds most of the other, or they share most of their characters."""
    a, b = sorted((indicator_key(a), indicator_key(b)), key=len)
    return (a in b and 2 * len(a) >= len(b)) or len(set(a) & set(b)) >= 0.6 * len(set(a) | set(b))


def _in_summary(report: Report, figure: _Figure) -> bool:
    """A figure outside the numbered chapters: the abstract, preface or conclusion that repeat them."""
    return not report.passages[figure.passage].section.startswith("ch")


def decimal_text(value: Decimal) -> str:
    """A decimal in plain notation without exponent or trailing zeros (337.7万 → 3377000)."""
    text = format(value.normalize(EXACT), "f")
    return "0" if text == "-0" else text


def _records(
    report: Report, figures: list[_Figure]
) -> tuple[tuple[IndicatorRecord, ...], tuple[ObservationRecord, ...]]:
    labels: dict[str, str] = {}
    forms: dict[str, set[str]] = {}
    passages: dict[str, dict[int, None]] = {}
    out = []
    for f in figures:
        key = indicator_key(f.label)
        labels.setdefault(key, f.label)
        forms.setdefault(key, set()).add(f.label)
        passages.setdefault(key, {})[f.passage] = None
        q = f.q
        value = q.number if re.fullmatch(r"\d+(?:\.\d+)?", q.number) else decimal_text(q.value)
        if q.rank:
            unit, normalized_unit = "rank", "dckg:rank"
        elif q.unit:
            unit, normalized_unit = q.unit_text, q.unit.normalized
        elif q.scale:
            unit, normalized_unit = q.unit_text, "unit:NUM"
        else:
            fraction = "/" in q.number or "分之" in q.number
            unit, normalized_unit = None, "unit:FRACTION" if fraction else "unit:UNITLESS"
        factor = Decimal(1) if q.rank else q.factor
        text = report.passages[f.passage].text
        out.append(
            ObservationRecord(
                indicator=key,
                value=value,
                unit=unit,
                written=re.sub(r"\s+", " ", text[q.start : q.end]),
                qualifier=q.qualifier,
                kind=f.kind,
                normalized=decimal_text(scaled(q.value, f.sign, factor)),
                normalized_unit=normalized_unit,
                passage=f.passage,
                start=q.start,
                end=q.end,
                period=f.period,
                upper=None if q.upper is None else decimal_text(q.upper),
                normalized_upper=None if q.upper is None else decimal_text(scaled(q.upper, f.sign, factor)),
                compared_to=f.compared,
                base_period=f.base,
                sources=f.sources,
                status=f.status,
            )
        )
    indicators = tuple(
        IndicatorRecord(k, labels[k], tuple(sorted(passages[k])), indicator_name(labels[k]), tuple(sorted(forms[k])))
        for k in sorted(labels)
    )
    return indicators, tuple(out)
