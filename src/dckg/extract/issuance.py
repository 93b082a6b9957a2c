"""Who issued what, read from the grammar of the sentence, never guessed.

Four forms are read: a subject, a verb and a run of titles (``X等17部门联合印发《A》``,
``X、Y联合印发《A》``, ``X出台《A》和《B》``, ``X发布的第53次《A》``, ``X关于印发《A》的通知``, ``X的《A》``,
``X《A》`` in a source line); the passive (``《A》由X、Y印发``, ``《A》经X审议通过``; 经X同意 is consent,
not issuance); an issuer written in the title itself (《X关于……的意见》, 《X Y关于……》); and the publisher
slot of a citation footnote (《A》，X，date，URL). The subject must be nothing but names of bodies,
connectors and an ``等N部门`` count: a sentence with no subject, or another kind of subject
(a person, a country, a place list), gives no issuer. An issuing verb before a title whose issuer
cannot be read is reported as unread.
"""

from __future__ import annotations

import re
from functools import cache

from ..records import DocumentRecord, IssuanceRecord, Report, Unread
from ..vocab import alternation, cues
from .agencies import AgencyFinder, agency_at
from .documents import title_key
from .subjects import BOUNDARY, before_verb, clause_start, parse_subject

_ABOUT = "关于"
_ORDINAL = re.compile(r"第\s*[0-9一二三四五六七八九十百]+\s*[次期届版批]\s*$")


@cache
def _passive() -> re.Pattern[str]:
    """``《A》由X印发`` and ``《A》经X审议通过`` right after a run of titles: the subject and the verb."""
    bracket = r"(?:\s*[（(][^()（）]{0,20}[)）])?"
    adverbs = rf"(?:{alternation(cues('subject-adverb'))})*"
    body = rf"[^{re.escape(BOUNDARY)}《]{{1,60}}?"
    consent = rf"(?:经{body}(?:同意|批准)[，,]?)?"  # 《A》经国务院批准，由X印发: X issued A
    return re.compile(
        rf"{bracket}\s*{adverbs}(?:{consent}由(?P<by>{body})(?P<verb>{alternation(cues('issuance-verb'))})"
        rf"|经(?P<adopter>{body})(?P<adopted>{alternation(cues('adoption-verb'))}))"
    )


@cache
def _gap() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:[（(][^()（）]{{0,12}}[)）])?\s*(?:{alternation(cues('title-connector'))})?\s*")


def _title_issuers(title: str, passage: int, start: int, finder: AgencyFinder) -> tuple[str, ...]:
    """Bodies named at the head of a title before 关于: 《国务院办公厅关于……》, 《中共中央 国务院关于……》."""
    pos, found = 0, []
    while pos < len(title):
        hit = agency_at(title, pos)
        if not hit or hit[2]:
            break
        found.append((hit[1], pos, hit[0]))
        pos = hit[0]
        while pos < len(title) and title[pos] in " \u3000、":
            pos += 1
        if title.startswith(_ABOUT, pos):
            for key, s, e in found:
                finder.add(key, passage, start + s, start + e)
            return tuple(dict.fromkeys(k for k, _, _ in found))
    return ()


def _groups(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs of titles joined only by connectors (和, 、, 以及, a bracketed note such as （征求意见稿）)."""
    gap = _gap()
    groups: list[list[tuple[int, int]]] = []
    for span in sorted(spans):
        if groups and gap.fullmatch(text, groups[-1][-1][1], span[0]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def find_issuances(
    report: Report,
    documents: dict[str, DocumentRecord],
    title_spans: dict[int, list[tuple[int, int]]],
    finder: AgencyFinder,
) -> tuple[tuple[IssuanceRecord, ...], tuple[Unread, ...]]:
    """Every issuance statement of the report, in passage order, and the passages with an issuing verb before a
    title whose issuer could not be read."""
    out: list[IssuanceRecord] = []
    unread: list[Unread] = []
    for idx, spans in sorted(title_spans.items()):
        text = report.passages[idx].text

        def key_of(span: tuple[int, int], text: str = text) -> str:
            return title_key(text[span[0] + 1 : span[1] - 1].strip())

        titled = set()
        for span in spans:
            issuers = _title_issuers(text[span[0] + 1 : span[1] - 1], idx, span[0] + 1, finder)
            if issuers:
                titled.add(span)
                out.append(IssuanceRecord(key_of(span), issuers, idx, None))
        for group in _groups(text, spans):
            start = group[0][0]
            clause = clause_start(text, start)
            prefix = _ORDINAL.sub("", text[clause:start])
            verb = None
            if parsed := before_verb(prefix, "issuance-verb"):
                prefix, verb = parsed
            elif prefix.endswith("的"):
                prefix = prefix[:-1]
            prefix = _unnamed_partners().sub("", prefix.strip())  # X会同有关部门制定印发了《A》: X
            subject = parse_subject(prefix, clause, idx, finder, allow_places=verb is not None) if prefix else None
            if not subject and verb and (co := _co_issuer().match(prefix)):  # X挂牌以来，会同Y等部门印发《A》
                subject = _with_earlier(text, clause, prefix[co.end() :], idx, finder)
            if not subject and (passive := _passive().match(text, group[-1][1])):
                by = "by" if passive.group("by") else "adopter"
                verb = passive.group("verb") or passive.group("adopted")
                subject = parse_subject(passive.group(by), passive.start(by), idx, finder, True)
            if subject and (led := _led_by(text, clause, idx, finder)):
                subject = (tuple(dict.fromkeys((*led, *subject[0]))), subject[1], led[0])
            if subject:
                keys, count, lead = subject
                out.extend(IssuanceRecord(key_of(span), keys, idx, verb, lead, count) for span in group)
            elif verb and not titled.issuperset(group) and any(key_of(s) in documents for s in group):
                title = text[group[0][0] : group[0][1]]
                unread.append(Unread("issuer", idx, f"issuing verb {verb} and {title} but no issuer read"))
        out.extend(_citation(report, idx, text, spans, key_of, finder))
    return tuple(r for r in out if r.document in documents), tuple(unread)


def _led_by(text: str, clause: int, idx: int, finder: AgencyFinder) -> tuple[str, ...]:
    """The bodies of a clause ``由X牵头，`` just before ``clause``: the lead of 由X牵头，Y参与制定的《A》."""
    m = re.search(r"(?:^|[，。；,;])\s*由?([^，。；,;]{2,60}?)牵头\s*[，,]\s*$", text[:clause])
    subject = m and parse_subject(m.group(1), m.start(1), idx, finder, allow_places=True)
    return subject[0] if subject else ()


def _citation(report: Report, idx: int, text: str, spans, key_of, finder: AgencyFinder) -> list[IssuanceRecord]:
    """The publisher of a citation footnote: 《A》，X，date，URL."""
    if report.passages[idx].kind != "footnote" or not spans or spans[0][0] != 0:
        return []
    m = re.match(r"\s*[，,]\s*([^，,]+?)\s*[，,]", text[spans[0][1] :])
    if not m:
        return []
    key = finder.resolve(m.group(1), idx, spans[0][1] + m.start(1))
    return [IssuanceRecord(key_of(spans[0]), (key,), idx, None)] if key else []


@cache
def _unnamed_partners() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('unnamed-partners'))})$")


@cache
def _co_issuer() -> re.Pattern[str]:
    return re.compile(alternation(cues("co-organiser")))


def _with_earlier(text: str, clause: int, partners: str, idx: int, finder: AgencyFinder):
    """A subject ``会同Y…`` whose X opens the clause before (X挂牌以来，会同Y等部门印发): X a gazetteer body named
    first there, then Y."""
    before = clause_start(text, clause - 1)
    head = agency_at(text, before)
    rest = parse_subject(partners, clause, idx, finder, allow_places=True)
    if not head or head[2] or not rest:
        return None
    finder.add(head[1], idx, before, before + head[0])
    return tuple(dict.fromkeys((head[1], *rest[0]))), rest[1], head[1]
