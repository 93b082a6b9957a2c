"""Find the bodies a report names: gazetteer names and aliases, and name patterns for bodies it lacks.

A bare place name (浙江省, 北京市) counts as its government only when it acts: when it is the issuer
of a document or is followed by an action verb. A body outside the gazetteer is accepted only from
the name pattern and only where the sentence makes it a body: the subject of an issuance, a segment
of a 数据来源 line, or the publisher slot of a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..ids import digest, slug
from ..records import AgencyRecord, Mention, Report
from ..text import SEGMENT, SOURCE_LINE, inside
from ..vocab import GazetteerEntry, alternation, cues, gazetteer, local_abbreviations, local_bodies
from .trie import trie_pattern

_PATTERN_BODY = re.compile(
    r"^(?:中国|国家|全国|中华|中央|世界|国际|(?:中共)?[\u4e00-\u9fff]{2,3}(?:省|市|自治区)委?)[\u4e00-\u9fffA-Za-z0-9]{1,16}?"
    r"(?:部|局|总局|署|委员会|办公室|厅|中心|协会|学会|联合会|研究院|研究所|组织|人民政府)$"
    r"|^(?:中共)?[\u4e00-\u9fff]{2,3}(?:省|市|自治区|县|区)(?:人民政府|委)$"  # 临江市人民政府, 中共浙江省委
)


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{2,}$")
_QUOTED = re.compile(r"“[^“”]{1,60}”")


@cache
def _index() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """Regex of every Chinese name and English acronym of the gazetteer, and name → (id, is a bare place name).

    Acronyms (WTO, APEC) match only as whole ASCII words, so that they are not found inside other words.
    """
    names: dict[str, tuple[str, bool]] = {}
    for entry in gazetteer().values():
        names[entry.zh] = (entry.id, False)
        for alias in entry.zh_aliases:
            if len(alias) >= 2:
                names[alias] = (entry.id, entry.local and "政府" not in alias and "委员会" not in alias)
        for alias in entry.en_aliases:
            if _ACRONYM.match(alias):
                names[alias] = (entry.id, False)
    return re.compile(_acronym_guard(names)), names


def _acronym_guard(names: dict[str, tuple[str, bool]]) -> str:
    """Chinese names anywhere; acronyms only where no ASCII letter or digit touches them."""
    acronyms = [n for n in names if n.isascii()]
    chinese = [n for n in names if not n.isascii()]
    return rf"(?<![A-Za-z0-9])(?:{trie_pattern(acronyms)})(?![A-Za-z0-9])|{trie_pattern(chinese)}"


@cache
def _acts() -> re.Pattern[str]:
    adverbs = alternation(cues("subject-adverb"))
    return re.compile(rf"(?:{adverbs})*(?:{alternation(cues('act-verb'))})")


def source_segments(text: str) -> list[tuple[int, str]]:
    """The named sources of a 数据来源 line or footnote: (offset, text) of each listed segment."""
    m = SOURCE_LINE.match(text)
    if not m:
        return []
    return [(s.start(), s.group(0)) for s in SEGMENT.finditer(text, m.end()) if s.group(0).strip()]


_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:省|市|自治区|县|区)")


def place_prefix(name: str) -> int:
    """Length of the place name that opens ``name`` (浙江省…, 江南省…), 0 when it does not open with one."""
    hit = agency_at(name, 0)
    if hit and hit[2]:
        return hit[0]
    m = _PLACE.match(name)
    return m.end() if m else 0


def report_place(report: Report) -> str | None:
    """The province or city a report is about, as its title opens with it (浙江省…, 临江市…) and its text names it."""
    m = _PLACE.match(report.title)
    place = m.group(0) if m and m.group(0)[-1] in "省市" else None
    return place if place and any(place in p.text for p in report.passages) else None


def local_name(name: str, place: str | None) -> str:
    """The full name of a local body written short: 省政府 → 浙江省人民政府 in a report about 浙江省 (``place``),
    浙江省人大常委会 → 浙江省人民代表大会常务委员会, 临江市委网信办 → 中共临江市委网络安全和信息化委员会办公室."""
    if place and name[:1] == place[-1] and not name.startswith((place, "市场")) and len(name) > 1:
        name = place + name[1:]
    head = place_prefix(name)
    if not head or name.startswith("中共"):
        return name
    rest = name[head:]
    party = rest.startswith("委") and rest != "委员会"
    rest = rest[1:] if party else rest
    rest = local_abbreviations().get(rest, rest)
    return f"中共{name[:head]}委{rest}" if party else name[:head] + rest


def pattern_body(name: str) -> bool:
    """Whether ``name`` as a whole has the form of a body's name (…部, …局, …中心, …协会, …人民政府)."""
    return bool(_PATTERN_BODY.match(name))


def agency_at(text: str, start: int) -> tuple[int, str, bool] | None:
    """The gazetteer name starting at ``start``: (end, id, is a bare place name), or None."""
    regex, names = _index()
    m = regex.match(text, start)
    if not m:
        return None
    agency_id, place = names[m.group(0)]
    return m.end(), agency_id, place


_LOCAL_BEFORE = "省市县区州旗委厅"


def _whole_body(name: str) -> bool:
    """Whether ``name`` as a whole is a gazetteer name or a body's name pattern."""
    found = agency_at(name, 0)
    return bool(found and found[0] == len(name)) or pattern_body(name)


def agency_mentions(text: str) -> list[tuple[int, int, str, bool]]:
    """Every gazetteer name in ``text``, leftmost-longest: (start, end, id, is a bare place name).

    A short form right after a local prefix names the local body, not the central one: 省委网信办 is
    not 中央网信办, 市发改委 is not 国家发展和改革委员会.
    """
    regex, names = _index()
    entries = gazetteer()
    out = []
    for m in regex.finditer(text):
        agency_id, place = names[m.group(0)]
        alias = m.group(0) != entries[agency_id].zh and not m.group(0).isascii()
        if alias and m.start() > 0 and text[m.start() - 1] in _LOCAL_BEFORE:
            continue
        out.append((m.start(), m.end(), agency_id, place))
    return out


@dataclass
class AgencyFinder:
    """Collects the bodies of a report and the passages that name them."""

    report: Report
    title_spans: dict[int, list[tuple[int, int]]]
    _passages: dict[str, dict[int, None]] = field(default_factory=dict)  # ordered sets
    _minted: dict[str, str] = field(default_factory=dict)  # key → Chinese name, bodies not in the gazetteer
    mentions: list[Mention] = field(default_factory=list)
    place: str | None = None  # the province or city the report is about, for 省政府 and 市政府

    def __post_init__(self) -> None:
        self.place = report_place(self.report)
        acts = _acts()
        for idx, passage in enumerate(self.report.passages):
            titles = self.title_spans.get(idx, [])
            quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(passage.text)]
            for start, end, agency_id, place in agency_mentions(passage.text):
                if inside(start, titles):
                    continue
                if any(s < start and end < e and e - s - 2 > end - start for s, e in quoted):
                    continue  # part of a quoted name such as a programme
                if place and not acts.match(passage.text, end):
                    continue
                self.add(agency_id, idx, start, end)
            if passage.kind in ("footnote", "source-line"):
                for seg_start, segment in source_segments(passage.text):
                    if not segment.startswith("《"):
                        self.resolve(segment, idx, seg_start)

    def add(self, key: str, passage: int, start: int, end: int) -> None:
        """Record that ``passage`` names the body ``key`` at [start, end)."""
        self._passages.setdefault(key, {})[passage] = None
        self.mentions.append(Mention(passage, start, end, key))

    def resolve(self, name: str, passage: int, start: int, any_name: bool = False) -> str | None:
        """Key of the body named exactly ``name`` (gazetteer or pattern), recorded as named there.

        ``any_name`` accepts a name of any form, for a slot that can only hold a source's name.
        """
        written = name.strip()
        found = agency_at(written, 0)
        name = written if found and found[0] == len(written) else local_name(written, self.place_of(passage))
        found = agency_at(name, 0)
        if found and found[0] == len(name):
            key = found[1]
        elif short := self._short_form(name):
            key = short
        elif pattern_body(name) or (any_name and name):
            key = self._mint(name)
        else:
            return None
        self.add(key, passage, start, start + len(written))
        return key

    def _short_form(self, name: str) -> str | None:
        """The one gazetteer body that ``name`` names without its head (海关 of 海关总署), unless the report also
        names a body ending in ``name`` (南京海关): then it stays as written, a body of its own."""
        if len(name) < 2:
            return None
        heads = cues("short-form-head")
        found = {
            e.id
            for e in gazetteer().values()
            for n in (e.zh, *e.zh_aliases)
            if n.startswith(name) and n[len(name) :] in heads
        }
        if len(found) != 1:
            return None
        for p in self.report.passages:
            for m in re.finditer(re.escape(name), p.text):
                longer = (p.text[j : m.end()] for j in range(max(0, m.start() - 6), m.start() - 1))
                if any(_whole_body(n) or place_prefix(n) == len(n) - len(name) for n in longer):  # 南京海关
                    return None
        return found.pop()

    def place_of(self, passage: int) -> str | None:
        """The place a short local name (省政府) in ``passage`` belongs to: the report's place, or else the one
        province or city the passage names (山东省大数据局负责人介绍，省人民政府…)."""
        if self.place:
            return self.place
        entries = gazetteer()
        places = {
            entries[key].zh.removesuffix("人民政府")
            for _, _, key, _ in agency_mentions(self.report.passages[passage].text)
            if entries[key].local and entries[key].zh.endswith("人民政府")
        }
        return places.pop() if len(places) == 1 else None

    def is_body(self, name: str, passage: int) -> bool:
        """Whether ``name`` as a whole names a body: a gazetteer name or a body's name pattern, short forms of
        local bodies read in full (省经信厅 → 浙江省经济和信息化厅)."""
        found = agency_at(name, 0)
        if found and found[0] == len(name):
            return True
        full = local_name(name, self.place_of(passage))
        found = agency_at(full, 0)
        return bool(found and found[0] == len(full)) or pattern_body(full)

    def _mint(self, name: str) -> str:
        key = slug(name)
        if key in gazetteer():
            key = f"{key}-{digest(name)}"
        self._minted[key] = name
        return key

    def records(self) -> tuple[AgencyRecord, ...]:
        """One record per body named, with the bodies above it that the graph holds.

        Gazetteer bodies get their parents from the gazetteer; a body outside it named as a local body of a
        national work system (``vocab/local-bodies.tsv``: 江南省通信管理局, 浙江省数据局) is placed under the
        national body or under its local government, whose name it carries, and guided by the national body.
        """
        entries = gazetteer()
        parents: dict[str, str | None] = {}
        guided: dict[str, str] = {}
        for key, name in sorted(self._minted.items()):
            parents[key], national = self._local_structure(key, name)  # may add the local government
            if national in self._passages:
                guided[key] = national
        parents.update({key: entries[key].parent for key in self._passages if key in entries})
        out = []
        for key in sorted(self._passages):
            passages = tuple(sorted(self._passages[key]))
            ancestors = tuple(a for a in _chain(key, parents, entries) if a in self._passages)
            parent = parents.get(key) if parents.get(key) in self._passages else None
            entry: GazetteerEntry | None = entries.get(key)
            if entry:
                names = (entry.zh, entry.en, entry.kind, True, entry.zh_aliases, entry.en_aliases)
            else:
                names = (self._minted[key], None, "unknown", False, (), ())
            out.append(AgencyRecord(key, *names, parent, passages, ancestors, guided.get(key)))
        return tuple(out)

    def _local_structure(self, key: str, name: str) -> tuple[str | None, str | None]:
        """(parent, guiding national body) of a body outside the gazetteer, from the ending of its name.

        The local government named at the head of a guided body's name is recorded as named there too.
        """
        body = next((b for b in local_bodies() if name.endswith(b.suffix)), None)
        if body is None or not place_prefix(name):
            return None, None
        if body.relation == "branch":
            return body.national, None
        place = agency_at(name, 0)
        if not place or not place[2]:
            return None, body.national
        for m in [m for m in self.mentions if m.value == key]:
            self.add(place[1], m.passage, m.start, m.start + place[0])
        return place[1], body.national


def _chain(key: str, parents: dict[str, str | None], entries: dict[str, GazetteerEntry]) -> list[str]:
    """The bodies above ``key``, nearest first: its recorded parent, then the gazetteer's parents."""
    out: list[str] = []
    parent = parents.get(key)
    while parent and parent not in out:
        out.append(parent)
        parent = parents[parent] if parent in parents else (entries[parent].parent if parent in entries else None)
    return out
