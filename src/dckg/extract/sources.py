"""The data sources a report gives for its figures, as keys of body and document records.

A footnote or a figure's 数据来源 line lists sources (某部、某统计局; 《某某调查报告（2023）》;
商务部《某某发展报告》; 根据某省统计局数据计算所得 → 某省统计局); a citation footnote
(《A》，X，date，URL) gives its document, one without a title the body it opens with; a sentence may name its
own (《…》显示, X发布的《…》显示). A source the graph lacks is made a document when its name ends like one
(…榜单, …数据库) and a body otherwise; a generic source (政府网站) gives no node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from ..records import DocumentRecord, Report, SourceRef
from ..vocab import alternation, cues
from .agencies import AgencyFinder, agency_at, agency_mentions, source_segments
from .documents import doc_type, split_edition, title_key, titles

_CITATION = re.compile(r"^《[^》]*》\s*[，,]")
_URL = re.compile(r"https?://|www\.")


@cache
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    prefix = re.compile(rf"^\s*(?:{alternation(cues('source-prefix'))})\s*")
    suffix = re.compile(rf"\s*(?:{alternation(cues('source-suffix'))})\s*$")
    generic = re.compile(rf"^(?:{alternation(cues('generic-source'))})$")
    inline = re.compile(rf"(?:第\s*\d+\s*次)?《([^《》]{{1,200}})》\s*(?:{alternation(cues('source-verb'))})")
    return prefix, suffix, generic, inline


@dataclass
class SourceResolver:
    """Resolves the sources of footnotes, 数据来源 lines and sentences, adding the records it must make."""

    report: Report
    documents: dict[str, DocumentRecord]
    finder: AgencyFinder
    _cache: dict[int, tuple[SourceRef, ...]] = field(default_factory=dict)

    def of_note(self, idx: int) -> tuple[SourceRef, ...]:
        """The sources a footnote or 数据来源 line gives (none for an explanatory note)."""
        if idx not in self._cache:
            self._cache[idx] = tuple(dict.fromkeys(self._note(idx)))
        return self._cache[idx]

    def _note(self, idx: int) -> list[SourceRef]:
        text = self.report.passages[idx].text
        segments = source_segments(text)
        if segments:
            return [ref for start, seg in segments for ref in self._segment(seg, idx, start)]
        if _CITATION.match(text):
            return self._titles(text, idx)
        if _URL.search(text):
            hit = agency_at(text, 0)
            if hit:
                self.finder.add(hit[1], idx, 0, hit[0])
                return [SourceRef("agency", hit[1])]
        return []

    def _segment(self, segment: str, idx: int, start: int) -> list[SourceRef]:
        prefix, suffix, generic, _ = _cues()
        lead = prefix.match(segment)
        offset = start + (lead.end() if lead else 0)
        name = segment[lead.end() if lead else 0 :]
        if (cut := suffix.search(name)) and cut.start() > 0:
            name = name[: cut.start()]
        name = name.strip()
        if not name or generic.match(name):
            return []
        if "《" in name:
            head = split_edition(name[: name.index("《")])[1]  # 第53次《…》: the edition is not a body
            key = self.finder.resolve(head, idx, offset, any_name=True) if head.strip() else None
            refs = [SourceRef("agency", key)] if key else []
            return refs + self._titles(name, idx)
        if key := self.finder.resolve(name, idx, offset):
            return [SourceRef("agency", key)]
        hit = agency_at(name, 0)
        if hit and self._document_like(name[hit[0] :]):
            self.finder.add(hit[1], idx, offset, offset + hit[0])
            return [SourceRef("agency", hit[1]), self._document(name[hit[0] :], idx)]
        if self._document_like(name):
            return [self._document(name, idx)]
        key = self.finder.resolve(name, idx, offset, any_name=True)
        return [SourceRef("agency", key)] if key else []

    def _titles(self, text: str, idx: int) -> list[SourceRef]:
        refs = []
        for start, end, nested in titles(text):
            key = title_key(text[start + 1 : end - 1].strip())
            if not nested and key in self.documents:
                refs.append(SourceRef("document", key))
        return refs[:1] if _CITATION.match(text) else refs

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

    def inline(self, idx: int) -> list[tuple[int, tuple[SourceRef, ...]]]:
        """Sources a sentence names itself (《…》显示, X发布的《…》显示): (position they apply from, sources)."""
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
            if refs:
                out.append((m.start(), tuple(refs)))
        return out
