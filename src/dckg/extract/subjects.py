"""The subject of a clause read from its grammar: ``<bodies><time words, adverbs><verb>`` right before an object.

Shared by issuance (X等17部门联合印发《…》) and programme leads (X持续实施“…”计划). The clause before the verb
is read as spans: body names joined by connectors (、 和 与 及 会同 or a space), an ``等N部门`` count, and
words that may stand between subject and verb (a date, an adverb such as 近日, 关于 of a notice heading, a
meeting of the body: 第N次会议, an official and a name: 副主任张某). The subject must be nothing but names of
bodies, so that a sentence whose subject is a person, a country or a list of places gives no body.
"""

from __future__ import annotations

import re
from functools import cache

from ..text import chinese_number
from ..text import clause_start as _clause_start
from ..vocab import alternation, cues
from .agencies import AgencyFinder, agency_at

BOUNDARY = "，。；：,;:！？》“”"
_NUMERAL = "0-9一二三四五六七八九十百两"
_TIME = re.compile(r"^(?:(?:19|20)\d{2}\s*年)?(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?(?:以来|期间)?")
_TIME_END = re.compile(r"(?:(?:19|20)\d{2}\s*年)?(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?$")
_ETC = re.compile(rf"等\s*(?:([{_NUMERAL}]+)\s*[个家]?\s*)?(?:部门|部委|单位|机构|部)?$")
_MEETING = re.compile(rf"(?:第[{_NUMERAL}]+次(?:全体|常务)?|全体|常务)会议$")
_SESSION = re.compile(rf"第?[{_NUMERAL}]+届")  # 十四届全国人大常委会, 市十七届人大常委会
_NOTE = re.compile(r"\s*[（(][A-Za-z0-9 ·&\-]{1,16}[)）]")  # 中国互联网络信息中心（CNNIC）
_ABOUT = "关于"  # X关于印发《A》的通知: the notice heading of X


@cache
def _adverb() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('subject-adverb'))})$")


@cache
def _official() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('official-title'))})[\u4e00-\u9fff]{{0,3}}$")


@cache
def _connector() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{alternation(cues('subject-connector'))})\s*|\s+")


@cache
def verb_pattern(group: str) -> re.Pattern[str]:
    """A verb of cue group ``group`` (with a suffix such as 了 or 的) at the end of a text."""
    return re.compile(rf"(?P<verb>{alternation(cues(group))})(?P<suffix>{alternation(cues('verb-suffix'))})?\s*$")


def clause_start(text: str, pos: int) -> int:
    """Start of the clause that contains position ``pos``: just after the last boundary mark before it."""
    return _clause_start(text, pos, BOUNDARY)


def strip_tail(subject: str) -> str:
    """``subject`` without the words that stand between a subject and its verb: dates, adverbs, 关于, a meeting,
    an official and a name (X副主任张某)."""
    while True:
        if subject.endswith(_ABOUT):
            subject = subject[: -len(_ABOUT)]
            continue
        for pattern in (_adverb(), _TIME_END, _MEETING, _official()):
            m = pattern.search(subject)
            if m and m.start() < len(subject):
                subject = subject[: m.start()]
                break
        else:
            return subject


def before_verb(prefix: str, group: str) -> tuple[str, str] | None:
    """``(subject text, verb)`` when ``prefix`` ends with a verb of ``group``; the words before the verb dropped."""
    m = verb_pattern(group).search(prefix)
    if not m:
        return None
    return strip_tail(prefix[: m.start()]), m.group("verb")


def parse_subject(text: str, offset: int, passage: int, finder: AgencyFinder, allow_places: bool):
    """Parse a subject made only of body names: (keys, stated count, lead) or None.

    The bodies found are recorded in ``finder`` as named in ``passage`` at ``offset`` + their position; nothing
    is recorded when the subject does not parse.
    """
    text = strip_tail(text)
    count = None
    etc = _ETC.search(text)
    if etc and etc.start() > 0:
        count = chinese_number(etc.group(1)) if etc.group(1) else None
        text = strip_tail(text[: etc.start()])
    pos = _TIME.match(text).end()
    found: list[tuple[str, int, int, bool]] = []  # key or name, start, end, whether a name to resolve
    while pos < len(text):
        if found and (c := _NOTE.match(text, pos) or _connector().match(text, pos)) and c.end() > pos:
            pos = c.end()
            continue
        if (s := _SESSION.match(text, pos)) and not found:
            pos = s.end()
            continue
        span = _body_at(text, pos, passage, finder, allow_places)
        if span is None:
            return None
        found.append(span)
        pos = span[2]
    if not found:
        return None
    keys = []
    for key, s, e, named in found:
        if named:
            key = finder.resolve(_SESSION.sub("", text[s:e]), passage, offset + s)
        else:
            finder.add(key, passage, offset + s, offset + e)
        keys.append(key)
    keys = tuple(dict.fromkeys(keys))
    lead = keys[0] if etc and count else None
    return keys, count, lead


def _ends(text: str, pos: int) -> list[int]:
    """Where a body name starting at ``pos`` may end: before a connector, a note in brackets, or at the end."""
    marks = {m.start() for m in _connector().finditer(text, pos + 1) if m.end() > m.start()}
    marks |= {m.start() for m in _NOTE.finditer(text, pos + 1)}
    return sorted(marks | {len(text)})


def _body_at(text: str, pos: int, passage: int, finder: AgencyFinder, allow_places: bool):
    """The body named at ``pos``: (key, start, end, False) from the gazetteer, (name, start, end, True) from the
    name pattern, the shortest that ends at a connector; None when no body is named there."""
    ends = _ends(text, pos)
    hit = agency_at(text, pos)
    if hit and (hit[0] in ends or agency_at(text, hit[0])) and (allow_places or not hit[2]):
        return hit[1], pos, hit[0], False
    for end in ends:
        name = text[pos:end]
        if finder.is_body(_SESSION.sub("", name), passage):
            return name, pos, end, True
    return None
