"""The data sources a report gives for its figures, as keys of body and document records.

A footnote or a figure's 数据来源 line lists sources (某部、某统计局; 《某某调查报告（2023）》;
商务部《某某发展报告》; 根据某省统计局数据计算所得 → 某省统计局); a citation footnote
(《A》，X，date，URL) gives its document, one without a title the body it opens with; a sentence may name its
own (《…》显示, X发布的《…》显示). A source the graph lacks is made a document when its name ends like one
(…榜单) and a body otherwise; a website or a database (…官网, …数据库) is a data source of its own, its publisher
the body its name opens with; a generic source (政府网站) gives no node.

A sentence names its source in these forms: 据X统计 / 数据 / 测算 / 监测 / 预测 (X any name in that slot),
根据X数据, X数据显示 and 从X获悉 (X a body or a data source), X发布的《R》显示 (the body and the report),
报告显示 (the report the paragraph named before), and a sentence 来源：X or 数据来源：X that closes a paragraph
(its sources are given to the paragraph's figures by ``observations``). A cue whose name no rule can read is
remembered (``missed``) so that the build says what it missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from ..records import DataSourceRecord, DocumentRecord, ObservationRecord, Report, SourceRef, Unread
from ..text import CITATION, SEGMENT, URL, clause_start
from ..vocab import alternation, cues
from .agencies import AgencyFinder, agency_at, agency_mentions, pattern_body, source_segments
from .documents import doc_type, split_edition, title_key, titles
from .subjects import parse_subject


@cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    prefix = re.compile(rf"^\s*(?:{alternation(cues('source-prefix'))})\s*")
    suffix = re.compile(rf"\s*(?:{alternation(cues('source-suffix'))})\s*$")
    generic = re.compile(rf"^(?:{alternation(cues('generic-source'))})$")
    inline = re.compile(rf"(?:第\s*\d+\s*次)?《([^《》]{{1,200}})》\s*(?:{alternation(cues('source-verb'))})")
    return prefix, suffix, generic, inline


_NAME = r"[^，,。；;：:、《》“”\"（）()\s]{2,40}?"
_JOINED = re.compile(r"[和及与]|\S\s+\S")  # a connector of body names in a source slot (cues: subject-connector)


@cache
def _sentence_cues() -> dict[str, re.Pattern[str]]:
    """The forms in which a sentence names its own source, each with a ``name`` group (see the module's doc)."""
    measure = alternation(cues("source-measure"))
    shows = alternation(cues("source-shows"))
    clause = r"(?:^|(?<=[，,；;）)]))\s*(?:记者)?\s*"
    return {
        "by": re.compile(rf"{clause}(?P<lead>根据|据)\s*(?P<name>{_NAME})\s*(?P<measure>{measure})?\s*(?=[，,]|显示)"),
        "shows": re.compile(rf"{clause}(?P<name>{_NAME})\s*(?:{shows})\s*(?=[，,：:])"),
        "told": re.compile(rf"{clause}从\s*(?P<name>{_NAME})\s*(?:{alternation(cues('source-told'))})"),
        "says": re.compile(
            rf"{clause}(?P<name>[^，,。；;：:《》]{{2,40}}?)\s*(?:{alternation(cues('source-says'))})\s*[，,：:]"
        ),
    }


@cache
def _note_sentence() -> re.Pattern[str]:
    return re.compile(r"^\s*(?P<bracket>[（(])?\s*(?:(?:数据|资料)?来源)\s*[：:]\s*")


@cache
def _endings() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    body = re.compile(rf"(?:{alternation(cues('source-body-ending'))})$")
    data = re.compile(rf"(?:{alternation(cues('data-source-ending'))})$")
    back = re.compile(rf"^(?:{alternation(cues('source-back'))})$")
    return body, data, back


def note_sentence(text: str) -> str | None:
    """``closing`` for a sentence that only gives a source (来源：X。, 数据来源：X。), which closes the paragraph it
    stands in or after; ``bracket`` for one that opens with a note in brackets, left after the full stop of the
    sentence it covers (…58.3%。（数据来源：X）); None for any other sentence."""
    m = _note_sentence().match(text)
    return None if m is None else "bracket" if m.group("bracket") else "closing"


@dataclass
class SourceResolver:
    """Resolves the sources of footnotes, 数据来源 lines and sentences, adding the records it must make."""

    report: Report
    documents: dict[str, DocumentRecord]
    finder: AgencyFinder
    _cache: dict[int, tuple[SourceRef, ...]] = field(default_factory=dict)
    _inline: dict[int, list[tuple[int, tuple[SourceRef, ...], bool]]] = field(default_factory=dict)
    _data: dict[str, DataSourceRecord] = field(default_factory=dict)
    # section → the sources of the last sentence that named a report, and that sentence's paragraph
    _reports: dict[str, tuple[tuple[SourceRef, ...], int | None]] = field(default_factory=dict)
    missed: dict[int, str] = field(default_factory=dict)  # passage → a source cue whose name was not read

    def of_note(self, idx: int) -> tuple[SourceRef, ...]:
        """The sources a footnote or 数据来源 line gives (none for an explanatory note)."""
        if idx not in self._cache:
            self._cache[idx] = tuple(dict.fromkeys(self._note(idx)))
        return self._cache[idx]

    def _note(self, idx: int) -> list[SourceRef]:
        text = self.report.passages[idx].text
        segments = source_segments(text)
        if not segments and (m := _note_sentence().match(text)):
            body = text[m.end() :]
            if m.group("bracket"):  # （数据来源：X）and the next statement: the note is the bracket only
                body = re.split(r"[）)]", body, maxsplit=1)[0]
            segments = [(s.start() + m.end(), s.group(0)) for s in SEGMENT.finditer(body)]
            segments = [(start, seg) for start, seg in segments if seg.strip()]
        if segments:
            return [ref for start, seg in segments for ref in self._segment(seg, idx, start)]
        if CITATION.match(text):
            return self._titles(text, idx)
        if URL.search(text):
            hit = agency_at(text, 0)
            if hit:
                self.finder.add(hit[1], idx, 0, hit[0])
                return [SourceRef("agency", hit[1])]
        return []

    def _segment(self, segment: str, idx: int, start: int, any_name: bool = True) -> list[SourceRef]:
        prefix, suffix, generic, _ = _cues()
        lead = prefix.match(segment)
        offset = start + (lead.end() if lead else 0)
        name = segment[lead.end() if lead else 0 :]
        if (cut := suffix.search(name)) and cut.start() > 0:
            name = name[: cut.start()]
        name = name.strip()
        if not name or generic.match(name):
            return []
        if _endings()[1].search(name) and "《" not in name:
            return self._data_source(name, idx, offset)
        if "《" in name:
            head = split_edition(name[: name.index("《")])[1]  # 第53次《…》: the edition is not a body
            key = self.finder.resolve(head, idx, offset, any_name=True) if head.strip() else None
            refs = [SourceRef("agency", key)] if key else []
            return refs + self._titles(name, idx)
        if bodies := self._joined(name, idx, offset):
            return [SourceRef("agency", k) for k in bodies]
        if key := self.finder.resolve(name, idx, offset):
            return [SourceRef("agency", key)]
        hit = agency_at(name, 0)
        if hit and self._document_like(name[hit[0] :]):
            self.finder.add(hit[1], idx, offset, offset + hit[0])
            return [SourceRef("agency", hit[1]), self._document(name[hit[0] :], idx)]
        if self._document_like(name):
            return [self._document(name, idx)]
        key = self.finder.resolve(name, idx, offset, any_name=any_name)
        return [SourceRef("agency", key)] if key else []

    def _joined(self, name: str, idx: int, offset: int) -> tuple[str, ...]:
        """The bodies of a source named as several joined by 和 / 及 / 与 or a space (X统计局和Y通信管理局: two
        sources, not one body of that name); () for one body's name (工业和信息化部) or anything else."""
        whole = agency_at(name, 0)
        if (whole and whole[0] == len(name)) or not _JOINED.search(name):
            return ()
        parsed = parse_subject(name, offset, idx, self.finder, allow_places=False)
        return parsed[0] if parsed else ()

    def _data_source(self, name: str, idx: int, offset: int) -> list[SourceRef]:
        """A website or database named as a source, with the body its name opens with as its publisher
        (国家文物局文物数据库 → 国家文物局 and 文物数据库)."""
        hit = agency_at(name, 0)
        publisher = hit[1] if hit and hit[0] < len(name) - 2 else None
        if publisher and hit:
            self.finder.add(publisher, idx, offset, offset + hit[0])
            name = name[hit[0] :].strip()
        known = self._data.get(name)
        passages = tuple(sorted({*(known.passages if known else ()), idx}))
        self._data[name] = DataSourceRecord(name, name, publisher or (known.publisher if known else None), passages)
        ref = SourceRef("dataset", name)
        return [SourceRef("agency", publisher), ref] if publisher else [ref]

    def data_sources(self) -> tuple[DataSourceRecord, ...]:
        """The websites and databases named as sources, in the order of their names."""
        return tuple(self._data[k] for k in sorted(self._data))

    def _titles(self, text: str, idx: int) -> list[SourceRef]:
        refs = []
        for start, end, nested in titles(text):
            key = title_key(text[start + 1 : end - 1].strip())
            if not nested and key in self.documents:
                refs.append(SourceRef("document", key))
        return refs[:1] if CITATION.match(text) else refs

    @staticmethod
    def _document_like(name: str) -> bool:
        title = split_edition(name)[1]
        return bool(title) and doc_type(title, "", citation=False).id not in ("other", "article")

    def _document(self, name: str, idx: int) -> SourceRef:
        """The document named without brackets in a source slot (第62期超级计算机TOP500榜单), made if new."""
        edition, title = split_edition(name)
        key = title_key(title)
        known = self.documents.get(key)
        if known is None:
            t = doc_type(title, "", citation=False)
            self.documents[key] = DocumentRecord(key, title, (), t.id, t.policy, edition, (idx,))
        elif idx not in known.passages:
            self.documents[key] = replace(known, passages=tuple(sorted((*known.passages, idx))))
        return SourceRef("document", key)

    def inline(self, idx: int) -> list[tuple[int, tuple[SourceRef, ...], bool]]:
        """Sources a sentence names itself: (position they apply from, sources, whether the sentence refers back
        to a report its paragraph named rather than naming a source of its own)."""
        if idx not in self._inline:
            self._inline[idx] = sorted(self._titled(idx) + self._named(idx), key=lambda e: e[0])
            passage = self.report.passages[idx]
            for _, refs, _ in self._inline[idx]:
                if any(r.kind == "document" for r in refs):
                    self._reports[passage.section] = (refs, passage.paragraph)
        return self._inline[idx]

    def _titled(self, idx: int) -> list[tuple[int, tuple[SourceRef, ...], bool]]:
        """《…》显示, X发布的《…》显示: the report, and the body that published it."""
        text = self.report.passages[idx].text
        out = []
        for m in _cues()[3].finditer(text):
            key = title_key(m.group(1).strip())
            refs = [SourceRef("document", key)] if key in self.documents else []
            head = text[: m.start()]
            verb = next((v for v in ("发布的", "的") if head.endswith(v)), None)
            if verb:
                ends = [(s, e, k) for s, e, k, _ in agency_mentions(head) if e == len(head) - len(verb)]
                if ends:
                    s, e, k = ends[-1]
                    self.finder.add(k, idx, s, e)
                    refs.insert(0, SourceRef("agency", k))
                else:
                    start = clause_start(head, len(head))
                    refs[:0] = self._body(head[start : len(head) - len(verb)], idx, start)
            if refs:
                out.append((m.start(), tuple(refs), False))
        return out

    def _named(self, idx: int) -> list[tuple[int, tuple[SourceRef, ...], bool]]:
        """据X统计, 根据X数据, X数据显示, 从X获悉, 报告显示."""
        text = self.report.passages[idx].text
        out = []
        passage = self.report.passages[idx]
        for slot, pattern in _sentence_cues().items():
            for m in pattern.finditer(text):
                name, offset = m.group("name").strip(), m.start("name")
                if slot == "shows" and _endings()[2].match(name):
                    refs, paragraph = self._reports.get(passage.section, ((), None))
                    near = paragraph is not None and passage.paragraph is not None
                    if refs and near and 0 <= passage.paragraph - paragraph <= 1:  # this paragraph or the one before
                        out.append((m.start(), refs, True))
                    continue
                if _cues()[2].match(name) or name in cues("source-measure"):
                    continue  # 据不完全统计, 据统计: no name
                if slot == "says" and not name.startswith(("据", "根据")):
                    refs = self._speaker(name, idx, offset)
                    if refs:
                        out.append((m.start(), tuple(refs), False))
                    continue  # 会议指出, 专家表示: no body, and nothing missed
                if slot == "says":
                    continue  # 据X预测: read as 据X
                name = re.sub(r"(?:发布|公布)?的$", "", name)  # X发布的数据显示
                refs = self._segment(name, idx, offset, any_name=False)
                if not refs and (slot != "by" or m.group("measure")):
                    refs = self._body(name, idx, offset, bounded=slot == "by")
                if refs:
                    out.append((m.start(), tuple(refs), False))
                elif slot != "by" or m.group("measure"):  # 据了解, 根据规划: no source named, nothing missed
                    self.missed.setdefault(idx, f"source cue {m.group(0).strip()} but no source read")
        return out

    def _speaker(self, head: str, idx: int, offset: int) -> list[SourceRef]:
        """The body a clause opens with when it closes with 介绍 or 预计 (某部日前召开新闻发布会介绍): a body of
        the gazetteer, else the longest opening of the clause that has the form of a body's name."""
        hit = agency_at(head, 0)
        if hit:
            self.finder.add(hit[1], idx, offset, offset + hit[0])
            return [SourceRef("agency", hit[1])]
        end = next((n for n in range(len(head), 1, -1) if pattern_body(head[:n])), 0)
        key = self.finder.resolve(head[:end], idx, offset) if end else None
        return [SourceRef("agency", key)] if key else []

    def _body(self, name: str, idx: int, offset: int, bounded: bool = False) -> list[SourceRef]:
        """A body named where only a source can stand: any name between 据 and 统计 (``bounded``), else a name
        that ends like a body's (…分行, …交易所)."""
        name = name.strip()
        if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*", name) or re.search(r"\d\s*[年月]", name):
            return []  # 据2023年统计: a time, not a name
        if bounded or _endings()[0].search(name):
            key = self.finder.resolve(name, idx, offset, any_name=True)
            return [SourceRef("agency", key)] if key else []
        return self._segment(name, idx, offset, any_name=False)


def unread_sources(observations: tuple[ObservationRecord, ...], resolver: SourceResolver) -> tuple[Unread, ...]:
    """The figure sentences with a source cue (据X统计, X数据显示, 来源：X) whose source no rule could read."""
    with_figures = {o.passage for o in observations}
    without_source = with_figures - {o.passage for o in observations if o.sources}
    return tuple(Unread("source", idx, why) for idx, why in sorted(resolver.missed.items()) if idx in without_source)
