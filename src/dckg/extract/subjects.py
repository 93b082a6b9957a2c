"""The subject of a clause read from its grammar: ``<bodies><adverbs><verb>`` right before an object.

Shared by issuance (X等十七个部门联合印发《…》) and programme leads (X持续实施“…”计划): the subject
must be nothing but names of bodies, connectors and an ``等N个部门`` count, so that a sentence whose
subject is a person, a country or a list of places gives no body.
"""

from __future__ import annotations

import re
from functools import cache

from ..reader import chinese_number
from ..vocab import alternation, cues
from .agencies import AgencyFinder, agency_at, pattern_body

BOUNDARY = "，。；：,;:！？》“”"
_TIME = re.compile(r"^(?:(?:19|20)\d{2}\s*年)?(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?(?:以来|期间)?")
_ETC = re.compile(r"等\s*(?:([0-9一二三四五六七八九十百两]+)\s*[个家]\s*)?(?:部门|单位|机构|部委)?$")


@cache
def _adverb() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('subject-adverb'))})$")


@cache
def _connector() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{alternation(cues('subject-connector'))})\s*")


@cache
def verb_pattern(group: str) -> re.Pattern[str]:
    """A verb of cue group ``group`` (with a suffix such as 了 or 的) at the end of a text."""
    return re.compile(rf"(?P<verb>{alternation(cues(group))})(?P<suffix>{alternation(cues('verb-suffix'))})?\s*$")


def clause_start(text: str, pos: int) -> int:
    """Start of the clause that contains position ``pos``: just after the last boundary mark before it."""
    return max(text.rfind(ch, 0, pos) for ch in BOUNDARY) + 1


def before_verb(prefix: str, group: str) -> tuple[str, str] | None:
    """``(subject text, verb)`` when ``prefix`` ends with a verb of ``group``; adverbs before the verb dropped."""
    m = verb_pattern(group).search(prefix)
    if not m:
        return None
    subject = prefix[: m.start()]
    while a := _adverb().search(subject):
        subject = subject[: a.start()]
    return subject, m.group("verb")


def parse_subject(text: str, offset: int, passage: int, finder: AgencyFinder, allow_places: bool):
    """Parse a subject made only of body names: (keys, stated count, lead) or None.

    The bodies found are recorded in ``finder`` as named in ``passage`` at ``offset`` + their position.
    """
    count = None
    etc = _ETC.search(text)
    if etc:
        count = chinese_number(etc.group(1)) if etc.group(1) else None
        text = text[: etc.start()]
    pos = _TIME.match(text).end()
    found: list[tuple[str, int, int]] = []
    while pos < len(text):
        if found and (c := _connector().match(text, pos)) and c.end() > pos:
            pos = c.end()
            continue
        hit = agency_at(text, pos)
        end = text.find("、", pos) if "、" in text[pos:] else len(text)
        local = hit and hit[2] and pattern_body(text[pos:end])  # 杭州市数据资源管理局, not the city
        if hit and not local and (allow_places or not hit[2]):
            found.append((hit[1], pos, hit[0]))
            pos = hit[0]
            continue
        if pattern_body(text[pos:end]):
            key = finder.resolve(text[pos:end], passage, offset + pos)
            if key:
                found.append((key, pos, end))
                pos = end
                continue
        return None
    if not found:
        return None
    for key, s, e in found:
        finder.add(key, passage, offset + s, offset + e)
    keys = tuple(dict.fromkeys(k for k, _, _ in found))
    lead = keys[0] if etc and count else None
    return keys, count, lead
