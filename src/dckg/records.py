"""Plain records passed between the stages: the read report, and the facts extracted from it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A heading of the report: ``key`` is a stable path such as ``ch1-2``; ``parent`` the key above it."""

    key: str
    notation: str
    label: str
    level: int
    order: int
    parent: str | None


@dataclass(frozen=True)
class Marker:
    """A footnote marker in a passage: its clean-text position and the footnote number it cites."""

    pos: int
    number: int


@dataclass(frozen=True)
class Passage:
    """A unit of clean text with its origin: a sentence, footnote body, figure caption or source line.

    ``offsets[i]`` is the character offset in the decoded source of clean character ``i``.
    """

    kind: str  # "sentence" | "footnote" | "caption" | "source-line"
    text: str
    offsets: tuple[int, ...]
    section: str
    markers: tuple[Marker, ...] = ()
    footnote: int | None = None  # for kind == "footnote": its number
    figure: int | None = None  # for captions and source lines: the figure number
    paragraph: int | None = None  # for sentences: the paragraph they belong to, counted in reading order

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the clean span [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Footnote:
    """A footnote body and the passages whose markers cite it."""

    number: int
    passage: int  # index of its own passage
    cited_by: tuple[int, ...]


@dataclass(frozen=True)
class Figure:
    """A figure caption (图N title) and the passage of its 数据来源 line, if any."""

    number: int
    title: str
    caption: int
    source_line: int | None


@dataclass(frozen=True)
class PageRun:
    """Where a run of decoded text read from a PDF begins, and its page: 1-based number and printed label."""

    start: int
    number: int
    label: str


@dataclass(frozen=True)
class Report:
    """The report read from its source: title, year, sections and passages in order."""

    name: str
    sha256: str
    encoding: str
    title: str
    year: int | None
    text: str
    sections: tuple[Section, ...]
    passages: tuple[Passage, ...]
    footnotes: tuple[Footnote, ...]
    figures: tuple[Figure, ...]
    pages: tuple[PageRun, ...] = ()  # for a PDF: the page of every character, as runs in text order

    def page(self, offset: int) -> PageRun | None:
        """The page of the character at ``offset`` of the decoded text; None for text input."""
        i = bisect.bisect_right([p.start for p in self.pages], offset) - 1
        return self.pages[i] if i >= 0 else None


@dataclass(frozen=True)
class Mention:
    """A span of a passage that names something: ``value`` is the canonical key it resolves to."""

    passage: int
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class AgencyRecord:
    """A body named in the report: gazetteer id or minted key, names, and where it is mentioned.

    ``en`` is the official English name for a gazetteer body, a composed name or pinyin for any other.
    """

    key: str
    zh: str
    en: str | None
    kind: str
    in_gazetteer: bool
    zh_aliases: tuple[str, ...]
    en_aliases: tuple[str, ...]
    parent: str | None
    passages: tuple[int, ...]
    ancestors: tuple[str, ...] = ()  # every body above it that the graph holds, nearest first
    guided_by: str | None = None  # the national body guiding a local body of a national work system


@dataclass(frozen=True)
class DocumentRecord:
    """A titled document: normalised key, label, variants, type, edition and mentioning passages."""

    key: str
    title: str
    variants: tuple[str, ...]
    doctype: str
    policy: bool
    edition: str | None
    passages: tuple[int, ...]


@dataclass(frozen=True)
class IssuanceRecord:
    """One statement that a document was issued by bodies: verb as written, lead and stated count."""

    document: str
    issuers: tuple[str, ...]
    passage: int
    verb: str | None
    lead: str | None = None
    stated_count: int | None = None

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """What makes one issuance: the document and the set of its issuers (several statements may say one)."""
        return self.document, tuple(sorted(self.issuers))


@dataclass(frozen=True)
class Period:
    """A reference period: one point (``2023``, ``2023-11``, ``2023-12-31``) or an interval ``start``–``end``."""

    start: str
    end: str | None = None

    @property
    def key(self) -> str:
        return self.start if self.end is None else f"{self.start}--{self.end}"


@dataclass(frozen=True)
class SourceRef:
    """A data source the report gives: ``kind`` is ``agency`` or ``document``, ``key`` the record's key."""

    kind: str
    key: str


@dataclass(frozen=True)
class IndicatorRecord:
    """What is measured: ``name`` is the measure's name (a scope prefix and a count suffix taken off, as in every
    report), the key folds its case; ``label`` is the first form read, ``forms`` every form read."""

    key: str
    label: str
    passages: tuple[int, ...]
    name: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class ObservationRecord:
    """One figure of a sentence: value and unit as written, normalised value, kind, period and sources.

    ``value`` and ``normalized`` are decimal strings; ``normalized`` is signed (negative for a decrease) and is
    in ``normalized_unit`` (a unit CURIE of ``vocab/units.tsv``; percentages as fractions of one).
    """

    indicator: str
    value: str
    unit: str | None
    written: str
    qualifier: str
    kind: str
    normalized: str
    normalized_unit: str
    passage: int
    start: int  # clean offsets of the figure as written in its passage
    end: int
    period: Period | None = None
    upper: str | None = None  # for a range: the upper bound as written
    normalized_upper: str | None = None
    compared_to: str | None = None  # the base of a change as written: 上年末, 2022年同期, 同比
    base_period: Period | None = None
    sources: tuple[SourceRef, ...] = ()
    status: str = "measured"  # "measured" | "target" (力争到2025年达到…) | "forecast" (预计…)

    @property
    def key(self) -> str:
        """This figure of this passage (not the statement: the graph merges equal statements)."""
        return f"{self.passage}:{self.start}"


@dataclass(frozen=True)
class FigureRecord:
    """A figure (图N) of the report: title, the period span its title states, its unit and data sources."""

    number: int
    title: str
    caption: int
    source_line: int | None
    period: Period | None
    unit: str | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class ProgramRecord:
    """A programme named in the report: key, label, other names, kind, who runs it, what governs it, where.

    ``leads`` pairs a body with the passage whose grammar states that it runs the programme; ``documents``
    are the policy documents whose title names it; ``measured_by`` the keys of figures about it.
    """

    key: str
    name: str
    variants: tuple[str, ...]
    kind: str
    leads: tuple[tuple[str, int], ...]
    documents: tuple[str, ...]
    passages: tuple[int, ...]
    mentions: tuple[Mention, ...]
    measured_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataSourceRecord:
    """A website or database named as the source of figures (某某数字博物馆官网, 某某统计数据库): not a body."""

    key: str
    name: str
    publisher: str | None  # the key of the body that runs it, when its name opens with one
    passages: tuple[int, ...]


@dataclass(frozen=True)
class Unread:
    """A passage that looks like a fact the rules could not read, so that the build says what it missed."""

    kind: str  # "issuer" (issuing verb and title, no issuer read) | "source" (据/来源 … but no source read)
    passage: int  # index into Report.passages
    why: str  # one line in English, e.g. "issuing verb 印发 and 《…》 but no issuer read"


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one report, ready for the graph builder."""

    report: Report
    agencies: tuple[AgencyRecord, ...]
    documents: tuple[DocumentRecord, ...]
    issuances: tuple[IssuanceRecord, ...]
    programs: tuple[ProgramRecord, ...] = ()
    indicators: tuple[IndicatorRecord, ...] = ()
    observations: tuple[ObservationRecord, ...] = ()
    figures: tuple[FigureRecord, ...] = ()
    data_sources: tuple[DataSourceRecord, ...] = ()
    unread: tuple[Unread, ...] = ()

    @property
    def issuance_count(self) -> int:
        """The number of issuances (one per document and set of issuers, as in the graph), not of statements."""
        return len({i.key for i in self.issuances})
