"""Find the programmes a report names by the form of its text, never from a list of programmes.

A name is a programme where the text marks it as one (cue words are in ``vocab/program-cues.tsv`` and
``vocab/cues.tsv``):

- a quoted name followed by a cue (“耕耘者”振兴计划, “…”“…”等重点项目, “…”的建言献策活动) or ending
  in one (“天网工程”, “832平台”, “高效办成一件事”); a quoted “X+” begins a longer name (“互联网+”…工程);
- a quoted name that is built, bears results or has partners (“…”建设, “…”成效显著, “…”伙伴国), that
  its sentence calls a platform (“…”……，成为……平台), that a verb launches or designates (启动“…”,
  入选“…”), or that a body runs (X持续打造“…”的…模式);
- a name without quotation marks ending in a cue (国家级车联网先导区, 关于……的专项行动); platforms,
  projects and activities, whose cue also ends category nouns, need a national scope (全国…平台), an
  owner (水利部…平台) or a body that runs them;
- a quoted programme inside a document title (《“数据要素×”三年行动计划》), and the programme a title
  implements (《…建设行动实施方案》);
- a full name followed by its quoted short name (…销售平台（“832平台”）).

Quoted slogans and ordinary words (“卡脖子”, “活”起来, “条块”) match none of these forms; a quoted list
(“网上办、掌上办”), a concept (“…”这一概念), a document's nickname (“…二十条”), a bare duration
(“三年行动”) and a numbered formula (“一脑两网三平台”) are refused even where they do. Who runs a
programme is read from the grammar (X实施“…”, X联合Y开展“…”, X被Y列为…), which documents govern it
from their titles, and which figures measure it from their clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from ..records import DocumentRecord, Mention, ProgramRecord, Report
from ..text import CLAUSE_END, inside
from ..text import clause_start as text_clause_start
from ..vocab import ProgramCue, alternation, cues, program_cues, program_kinds
from .agencies import AgencyFinder, agency_at, agency_mentions, place_prefix
from .documents import title_key
from .subjects import before_verb, clause_start, parse_subject
from .trie import trie_pattern

_QUOTE = re.compile(r"“([^“”\n]{1,40})”")
_RUN_GAP = re.compile(r"[、和与及]?")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年度?")
_AFTER_PREFIX = re.compile(r"等?的?")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_MAX_MODIFIER = 8
_ORDINAL = r"第?[0-9一二三四五六七八九十]+[批期届]"
_REFUSED = re.compile(r"[、，,；;：:。]")
_DURATION = re.compile(r"[0-9一二三四五六七八九十百千两]+[年天日月周期]")
_NUMBERED = re.compile(r"[一二两三四五六七八九十](?=[^一二两三四五六七八九十])")
_NICKNAME = re.compile(r"[0-9一二三四五六七八九十百]+条$")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9+×\s]")
_COUNT = re.compile(
    r"(?:[0-9.]+\s*(?:余|多)?\s*|[一二三四五六七八九十百千两首]+(?:余|多)?)[个家批项座所类条种台套部年月日颗]"
    r"|(?:19|20)\d{2}\s*年(?:度|底|末|初)?"
)
_BRACKETS = re.compile(r"(?:（[^（）]*）|\([^()]*\))\s*$")
_FIGURE_COUNT = re.compile(r"[0-9.]+\s*(?:余|多)?\s*[个家批项座所]")
_HEAD_END = re.compile(r"$|[的，。；：、,;:）)]")  # a quoted name that is the head of its phrase, not a modifier
_MIN_BODY = 3  # characters before the cue of a name written without quotation marks


@dataclass(frozen=True)
class _Found:
    """One place where a rule found a programme: its names (label first), kind, span and stated runners."""

    names: tuple[str, ...]
    kind: str
    passage: int
    start: int
    end: int
    leads: tuple[str, ...] = ()


@dataclass
class _Program:
    names: dict[str, None]
    kind: str
    leads: dict[tuple[str, int], None] = field(default_factory=dict)
    mentions: dict[tuple[int, int, int], None] = field(default_factory=dict)


def program_key(name: str) -> str:
    """The identity of a programme: a leading year dropped (an edition), then folded like a title."""
    return title_key(_LEADING_YEAR.sub("", name.strip()))


def _tidy(name: str) -> str:
    """A label: white space next to a number dropped (832 平台 → 832平台), other spacing kept."""
    return re.sub(r"(?<=[0-9])\s+(?![0-9])|(?<![0-9])\s+(?=[0-9])", "", name).strip()


@cache
def _cues() -> dict[str, ProgramCue]:
    return {c.word: c for c in program_cues()}


@cache
def _words(group: str) -> re.Pattern[str]:
    return re.compile(alternation(cues(group)))


@dataclass(frozen=True)
class _After:
    """The cue that closes the phrase after a quoted run: “…”行动, “…”三年行动计划, “…”等重点项目, “…”的…活动."""

    cue: ProgramCue
    end: int
    joined: bool  # the cue follows the quote directly, so that it is part of the name: “耕耘者”振兴计划


def _after_quote(text: str, pos: int, max_gap: int = 6) -> _After | None:
    """The cue ending the longest phrase (up to 6 more characters) after ``pos``; on a tie, the longest cue.

    A one-character cue (月, 周, 节) counts only as the head of a compound (“…”直播节), not right after the quote.
    """
    start = _AFTER_PREFIX.match(text, pos).end()
    stop = _words("program-cue-continuation")
    best: _After | None = None
    for gap in range(max_gap + 1):
        at = start + gap
        if gap and not re.match(r"[\u4e00-\u9fff]", text[at - 1 : at]):
            break
        cue = next((c for c in program_cues() if (gap or len(c.word) > 1) and text.startswith(c.word, at)), None)
        if cue and not stop.match(text, at + len(cue.word)) and (best is None or at + len(cue.word) > best.end):
            best = _After(cue, at + len(cue.word), at == pos)
    return best


@cache
def _unquoted() -> re.Pattern[str]:
    words = alternation([c.word for c in program_cues() if c.unquoted])
    return re.compile(rf"(?:{words})(?!{alternation(cues('program-cue-continuation'))})")


@cache
def _new_phrase() -> re.Pattern[str]:
    """A lead-in word followed by a scope or generic word opens a new phrase: 开展各类…, 创建示范…."""
    words = alternation(cues("program-scope") + cues("program-generic"))
    return re.compile(rf"({alternation(cues('program-lead-in'))})(?=({words}))")


@cache
def _qualifier_end() -> re.Pattern[str]:
    """A rank, batch or phase right before a name: 全国首个, 第二批, 新一期."""
    return re.compile(rf"(?:{alternation(cues('program-qualifier'))}|{_ORDINAL})$")


@cache
def _implementing() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('program-implementing'))})$")


@cache
def _passive() -> re.Pattern[str]:
    return re.compile(rf"被([^被]+?)(?:{alternation(cues('program-passive'))})$")


@cache
def _launched() -> re.Pattern[str]:
    """A verb that launches, carries out or designates what follows it, right before a quote: 实施“…”,
    启动了“…”, 入选国家首批“…”."""
    scope = alternation(cues("program-scope"))
    return re.compile(rf"(?:{alternation(cues('program-launch'))})了?(?:{scope})?(?:首批|{_ORDINAL})?$")


@cache
def _predicate() -> re.Pattern[str]:
    """A predicate of an undertaking, possibly after its phase: “…”建设, “…”二期建设, “…”成效显著."""
    return re.compile(rf"(?:[一二三四五六七八九十]期)?(?:{alternation(cues('program-predicate'))})")


@cache
def _copula() -> re.Pattern[str]:
    words = alternation([c.word for c in program_cues() if len(c.word) > 1])
    return re.compile(
        rf"[，,](?:并|已|已经|逐步|正)?(?:{alternation(cues('program-copula'))})[^，。；]*?(?P<cue>{words})(?=[，。；]|$)"
    )


def _ending(name: str, min_body: int = 2) -> ProgramCue | None:
    """The cue that ends ``name``, if the name has at least ``min_body`` characters before it."""
    for cue in program_cues():
        if name.endswith(cue.word) and len(name) - len(cue.word) >= min_body:
            return cue
    return None


def _refused(inner: str, after: str) -> bool:
    """A quoted list or slogan pair, a one-character word, a concept, a document's nickname, a bare duration
    with a cue (“三年行动”), which is only the tail of a name, or a numbered formula (“一脑两网三平台”)."""
    return (
        bool(_REFUSED.search(inner))
        or len(inner.strip()) < 2
        or bool(_words("program-concept").match(after))
        or bool(_NICKNAME.search(inner))
        or bool((cue := _ending(inner, 1)) and _DURATION.fullmatch(inner[: -len(cue.word)]))
        or len(_NUMBERED.findall(inner)) >= 3
    )


def _strip_left(name: str) -> str:
    """Drop the words that open a phrase but are not part of a name: verbs, adverbs, ranks (首个)."""
    lead_in, qualifier = _words("program-lead-in"), _words("program-qualifier")
    while m := (qualifier.match(name) or lead_in.match(name)):
        if m.end() == len(name):
            break
        name = name[m.end() :]
    return name


def _generic(name: str) -> bool:
    """A name that starts (or, after a scope word, goes on) with a generic word names a category."""
    generic = _words("program-generic")
    scope = _words("program-scope").match(name)
    return bool(generic.match(name) or (scope and generic.match(name, scope.end())))


@dataclass
class _Leads:
    """Who the grammar makes run what starts at a position, read once per position (it records the bodies)."""

    finder: AgencyFinder
    _seen: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)

    def at(self, text: str, start: int, idx: int) -> tuple[str, ...]:
        """The bodies the clause before ``start`` makes run what follows: X(持续)实施…, X联合Y开展…."""
        if (idx, start) not in self._seen:
            self._seen[(idx, start)] = self._parse(text, start, idx)
        return self._seen[(idx, start)]

    def _parse(self, text: str, start: int, idx: int) -> tuple[str, ...]:
        clause = clause_start(text, start)
        prefix = _qualifier_end().sub("", text[clause:start])
        if passive := _passive().search(prefix):  # X被Y列为…: Y
            return self._subject(passive.group(1), clause + passive.start(1), idx)
        parsed = None
        for k in range(_MAX_MODIFIER + 1):  # X开展全国村务公开“阳光工程”: a short modifier may stand before the name
            if k and not _CJK.fullmatch(prefix, len(prefix) - k):
                break
            if parsed := before_verb(prefix[: len(prefix) - k], "program-verb"):
                break
        subject = parsed[0].strip() if parsed else ""
        if parsed and (not subject or _words("co-organiser").match(subject) or _words("act-verb").fullmatch(subject)):
            return self._earlier(text, clause, idx)  # X牵头，联合Y组织开展“…”; X印发《A》，部署实施“…”
        return self._subject(subject, clause, idx) if subject else ()

    def _earlier(self, text: str, clause: int, idx: int) -> tuple[str, ...]:
        """The runners an earlier clause of the sentence names when the programme's clause has no subject:
        every X of X牵头 / Y参与 clauses, else the subject of the act verb (签署, 举行 …) of the clause just before."""
        sentence = max(text.rfind(ch, 0, clause) for ch in "。；;！？") + 1
        clauses = re.split(r"[，,]", text[sentence : max(clause - 1, sentence)])
        lead = _words("program-lead")
        found = [
            body
            for part in clauses
            if (m := re.search(rf"(?:{lead.pattern})$", part))
            for body in self._subject(part[: m.start()], sentence + text.index(part, sentence), idx)
        ]
        if found or not clauses[-1]:
            return tuple(dict.fromkeys(found))
        last = clauses[-1]
        offset = sentence + text.index(last, sentence)
        for verb in _words("act-verb").finditer(last):  # the bodies before the clause's verb: X与Y签署协议
            subject = last[: verb.start()]
            partner = subject.find("与")  # X与云州大学签署协议: a partner that is no body leaves X
            for part in (subject, subject[:partner] if partner > 0 else ""):
                if part and (hit := parse_subject(part, offset, idx, self.finder, allow_places=True)):
                    return hit[0]
        return ()

    def _subject(self, subject: str, offset: int, idx: int) -> tuple[str, ...]:
        """The bodies of a subject; with a co-organiser (X联合Y…) or a place (X在Y…) the bodies before it."""
        hit = parse_subject(subject, offset, idx, self.finder, allow_places=True)
        if not hit and (co := _words("co-organiser").search(subject)):
            hit = parse_subject(subject[: co.start()], offset, idx, self.finder, allow_places=True)
        if not hit and "在" in subject:  # X在Y开展…: the place where it happens is not a runner
            hit = parse_subject(subject[: subject.rindex("在")], offset, idx, self.finder, allow_places=True)
        return hit[0] if hit else ()


def find_programs(
    report: Report,
    documents: dict[str, DocumentRecord],
    title_spans: dict[int, list[tuple[int, int]]],
    finder: AgencyFinder,
) -> tuple[ProgramRecord, ...]:
    """Every programme of the report, with its kind, runners, governing documents and mentions."""
    programs: dict[str, _Program] = {}
    index: dict[str, str] = {}  # folded name → programme key
    leads = _Leads(finder)
    for idx, passage in enumerate(report.passages):
        text = passage.text
        titles = title_spans.get(idx, [])
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
        found = _quoted(text, idx, titles, leads)
        found += _unquoted_names(text, idx, titles + quotes + [(f.start, f.end) for f in found], leads)
        for start, end in titles:
            found += _in_title(text[start + 1 : end - 1], idx, start + 1)
        for f in sorted(found, key=lambda f: (f.start, -f.end)):
            _merge(programs, index, f)
    _mentions(report, programs, index, title_spans, leads)
    titles = {d.key: [_fold(t)[0] for t in (d.title, *d.variants)] for d in documents.values() if d.policy}
    return tuple(_record(key, p, titles) for key, p in sorted(programs.items()))


def _merge(programs: dict[str, _Program], index: dict[str, str], f: _Found) -> None:
    keys = [program_key(n) for n in f.names]
    key = next((index[k] for k in keys if k in index), keys[0])
    program = programs.setdefault(key, _Program({}, f.kind))
    if program.kind == program_kinds()[-1].id:
        program.kind = f.kind
    for name in f.names:
        program.names.setdefault(_tidy(name))
        index.setdefault(program_key(name), key)
        index.setdefault(title_key(name), key)
    program.leads.update(((lead, f.passage), None) for lead in f.leads)
    program.mentions[(f.passage, f.start, f.end)] = None


def _quoted(text: str, idx: int, titles: list[tuple[int, int]], leads: _Leads) -> list[_Found]:
    """Programmes written in quotation marks outside titles, one run of adjacent quotes at a time."""
    out: list[_Found] = []
    other = program_kinds()[-1].id
    for run in _runs(text, titles):
        last = run[-1].end()
        after = _after_quote(text, last)
        copula = _copula().search(text, last) if run[0].start() == 0 else None
        marked = after or _predicate().match(text, last) or copula
        opened = run[0].start() > 0 and text[run[0].start() - 1] in "（("
        alias = len(run) == 1 and opened and text[last : last + 1] in "）)"
        for m in run:
            inner = m.group(1)
            if _refused(inner, text[m.end() :]):
                continue
            if alias and (full := _name_before(text, m.start() - 1)):
                name, cue, start = full  # …销售平台（“832平台”）: the full name, and the quoted short one
                out.append(_Found((name, inner), cue.kind, idx, start, m.end() + 1))
            elif ending := _ending(inner):
                out.append(_Found((inner,), ending.kind, idx, m.start(), m.end()))
            elif len(run) == 1 and inner.endswith("+") and (whole := _after_quote(text, last, 10)) and whole.end > last:
                name = inner + text[last : whole.end]  # “互联网+”农产品出村进城工程 is one name
                out.append(_Found((name,), whole.cue.kind, idx, m.start(), whole.end))
            elif len(run) == 1 and after and after.joined:
                names = (inner + after.cue.word, inner) if len(inner) >= _MIN_BODY else (inner + after.cue.word,)
                out.append(_Found(names, after.cue.kind, idx, m.start(), after.end))  # “耕耘者”振兴计划
            elif len(run) == 1 and after and _AFTER_PREFIX.match(text, last).end() == last:
                names = (inner + text[last : after.end], inner)  # “数字社工”能力提升行动: the name runs past the quote
                out.append(_Found(names, after.cue.kind, idx, m.start(), after.end))
            elif marked:
                kind = after.cue.kind if after else _cues()[copula.group("cue")].kind if copula else other
                end = after.end if after and len(run) == 1 else m.end()  # “…”进万村活动 is one mention
                out.append(_Found((inner,), kind, idx, m.start(), end))
            elif _launched().search(text, 0, run[0].start()):
                out.append(_Found((inner,), other, idx, m.start(), m.end()))  # 入选国家首批“…”, 上线“…”乡村版
            elif _HEAD_END.match(text, last) and (runners := leads.at(text, run[0].start(), idx)):
                out.append(_Found((inner,), other, idx, m.start(), m.end(), runners))  # X持续打造“…”
    return out


def _runs(text: str, titles: list[tuple[int, int]]) -> list[list[re.Match[str]]]:
    """Quotes outside titles, grouped into runs joined only by 、 和 与 及 (“A”“B”“C”等…)."""
    runs: list[list[re.Match[str]]] = []
    for m in _QUOTE.finditer(text):
        if inside(m.start(), titles):
            continue
        if runs and _RUN_GAP.fullmatch(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _name_before(text: str, end: int) -> tuple[str, ProgramCue, int] | None:
    """The name ending at ``end`` if it ends in a cue: (name, cue, start); for a full name before its alias."""
    lo = _left_bound(text, end)
    name = _strip_left(text[lo:end])
    cue = _ending(name, _MIN_BODY)
    if not cue or _generic(name):
        return None
    return name, cue, end - len(name)


def _left_bound(text: str, end: int) -> int:
    """Where a name ending at ``end`` can start: after the last punctuation, count, date, 的 or body name."""
    lo = end
    while lo > 0 and _NAME_CHAR.match(text, lo - 1):
        lo -= 1
    segment = text[lo:end]
    cut = max((m.end() for m in _COUNT.finditer(segment)), default=0)
    cut = max([cut] + [segment.rfind(ch) + 1 for ch in "的等了"])
    cut = max([cut] + [m.end() for m in _unquoted().finditer(segment) if m.end() < len(segment)])  # a name ended
    cut = max([cut] + [m.start(2) for m in _new_phrase().finditer(segment)])
    cut = max([cut] + [m.end() for m in _words("program-clause-verb").finditer(segment) if m.end() < len(segment)])
    lead_in = _words("program-lead-in")
    for _, e, _, place in agency_mentions(segment):
        if e < len(segment) and (not place or lead_in.match(segment, e)):
            cut = max(cut, e)  # a body before the name owns or runs it; a place only when it acts
    return lo + cut


def _unquoted_names(text: str, idx: int, blocked: list[tuple[int, int]], leads: _Leads) -> list[_Found]:
    """Names written without quotation marks that end in a cue, outside titles and quotes."""
    out: list[_Found] = []
    for m in _unquoted().finditer(text):
        if inside(m.start(), blocked):
            continue
        cue = _cues()[m.group(0)]
        lo = _left_bound(text, m.start())
        verbs = [v.end() for v in _words("program-verb").finditer(text, lo, m.start()) if v.end() < m.start()]
        lo = next((end for end in reversed(verbs) if leads.at(text, end, idx)), lo)  # X牵头建设…平台
        if text[lo - 1 : lo] == "的" and (about := text.rfind("关于", clause_start(text, lo), lo)) >= 0:
            name, start = text[about + 2 : lo - 1] + cue.word, about + 2  # 关于X的专项行动 names X's action
        else:
            name = _strip_left(text[lo : m.end()])
            start = m.end() - len(name)
            opening = text.rfind("“", 0, lo)
            quoted = text[opening + 1 : lo - 1]
            if start == lo and text[lo - 1 : lo] == "”" and opening >= 0 and not _refused(quoted, text[lo:]):
                name, start = quoted + name, opening  # “12345”热线…试点: a quoted first word
        found = _unquoted_found(text, idx, name, start, m.end(), cue, leads, lo)
        if found:
            out.append(found)
    return out


def _unquoted_found(
    text: str, idx: int, name: str, start: int, end: int, cue: ProgramCue, leads: _Leads, lo: int
) -> _Found | None:
    """A checked unquoted name: long enough, not generic, scoped or owned or run by a body if it must be.

    A scope word is looked for from ``lo``, before the opening words were dropped (建成全省…平台).
    """
    name = _tidy(name)
    if len(name) - len(cue.word) < _MIN_BODY or _generic(name):
        return None
    runners: tuple[str, ...] = ()
    if cue.scoped:
        scopes = [
            s.start() for s in _words("program-scope").finditer(text, lo, end) if end - s.start() > len(cue.word) + 2
        ]
        if scopes:
            start, name = scopes[-1], _tidy(text[scopes[-1] : end])
            if _generic(name):
                return None
        elif owner := next(
            ((s, k) for s, e, k, place in agency_mentions(text[:start]) if e == start and not place), None
        ):
            name, start, runners = text[owner[0] : end], owner[0], (owner[1],)
        elif not leads.at(text, start, idx):
            return None
    return _Found((name,), cue.kind, idx, start, end, runners)


def _in_title(title: str, idx: int, offset: int) -> list[_Found]:
    """Programmes named inside a title: quoted ones with a cue, and the programme an implementing document serves."""
    out: list[_Found] = []
    for m in _QUOTE.finditer(title):
        inner = m.group(1)
        if _refused(inner, title[m.end() :]):
            continue
        cue = _ending(inner) or (a.cue if (a := _after_quote(title, m.end())) else None)
        if cue:
            out.append(_Found((inner,), cue.kind, idx, offset + m.start(), offset + m.end()))
    core = title
    while (stripped := _BRACKETS.sub("", core)) != core:
        core = stripped
    implementing = _implementing().search(core)
    if implementing and "“" not in core:
        head = core[: implementing.start()]
        pos = 0
        while hit := agency_at(head, pos):
            pos = hit[0]
        head = head[pos:].lstrip(" \u3000")
        name = _strip_left(head[place_prefix(head) :])  # 《江南省…行动实施方案》 implements the …行动
        cue = _ending(name, _MIN_BODY)
        if cue and not _generic(name):
            start = offset + implementing.start() - len(name)
            out.append(_Found((name,), cue.kind, idx, start, offset + implementing.start()))
    return out


_FOLDED = re.compile(r"[“”‘’\s]")


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` without quotation marks and spaces, and the position in ``text`` of each kept character."""
    keep = [i for i, c in enumerate(text) if not _FOLDED.match(c)]
    return "".join(text[i] for i in keep), keep


def _mentions(
    report: Report,
    programs: dict[str, _Program],
    index: dict[str, str],
    title_spans: dict[int, list[tuple[int, int]]],
    leads: _Leads,
) -> None:
    """Every place a programme's name is written (quotation marks and spaces may stand inside it, as in
    “耕耘者”振兴计划 or 832 平台), and the bodies the grammar there makes run it."""
    if not programs:
        return
    pattern = re.compile(trie_pattern({_fold(n)[0] for p in programs.values() for n in p.names}))
    taken: dict[int, list[tuple[int, int]]] = {}  # spans already found, by passage
    for p in programs.values():
        for i, s, e in p.mentions:
            taken.setdefault(i, []).append((s, e))
    for idx, passage in enumerate(report.passages):
        text = passage.text
        titles = title_spans.get(idx, [])
        folded, keep = _fold(text)
        for m in pattern.finditer(folded):
            start, end = keep[m.start()], keep[m.end() - 1] + 1
            start -= start > 0 and text[start - 1] in "“‘"
            program = programs[index[title_key(m.group(0))]]
            if not any(s <= start and end <= e for s, e in taken.get(idx, ())):
                program.mentions[(idx, start, end)] = None
            if not inside(start, titles):
                program.leads.update(((lead, idx), None) for lead in leads.at(text, start, idx))


def _record(key: str, p: _Program, titles: dict[str, list[str]]) -> ProgramRecord:
    """The record of a programme; ``titles`` are the folded titles of each policy document, by key."""
    names = list(p.names)
    label = next((n for n in names if program_key(n) == key and not _LEADING_YEAR.match(n)), None)
    label = label or _LEADING_YEAR.sub("", names[0])
    folded = [_fold(n)[0] for n in names]
    governing = tuple(sorted(d for d, forms in titles.items() if any(n in t for n in folded for t in forms)))
    mentions = tuple(Mention(i, s, e, key) for i, s, e in sorted(p.mentions))
    return ProgramRecord(
        key=key,
        name=label,
        variants=tuple(n for n in names if n != label),
        kind=p.kind,
        leads=tuple(sorted(p.leads, key=lambda lead: (lead[1], lead[0]))),
        documents=governing,
        passages=tuple(sorted({m.passage for m in mentions})),
        mentions=mentions,
    )


def with_measures(
    programs: tuple[ProgramRecord, ...], report: Report, figures: Iterable[tuple[str, int, int]]
) -> tuple[ProgramRecord, ...]:
    """``programs`` with ``measured_by`` filled from figures given as (key, passage, offset of the number).

    A figure is about the programme its count introduces (207个千兆城市; 17个甲示范区、7个乙先导区: 7 counts 乙),
    or else about the programme named last before it in its clause (“832平台”交易额超500亿元).
    """
    by_passage: dict[int, list[Mention]] = {}
    for p in programs:
        for m in p.mentions:
            by_passage.setdefault(m.passage, []).append(m)
    measured: dict[str, list[str]] = {}
    for figure, idx, pos in figures:
        text = report.passages[idx].text
        lo = text_clause_start(text, pos)
        hi = min((i for i in (text.find(ch, pos) for ch in CLAUSE_END) if i >= 0), default=len(text))
        mentions = by_passage.get(idx, [])
        before = [m for m in mentions if lo <= m.start and m.end <= pos]
        counted = [m for m in mentions if pos < m.start < hi and _FIGURE_COUNT.fullmatch(text, pos, m.start)]
        about = min(counted, key=lambda m: m.start) if counted else max(before, key=lambda m: m.end, default=None)
        if about:
            measured.setdefault(about.value, []).append(figure)
    return tuple(replace(p, measured_by=tuple(dict.fromkeys(measured.get(p.key, ())))) for p in programs)
