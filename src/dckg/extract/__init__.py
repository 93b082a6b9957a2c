"""Extract documents, bodies, issuances, programmes and figures from a read report; one module per kind of fact."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Extraction, ObservationRecord, Report
from .actors import find_actors
from .agencies import AgencyFinder
from .documents import find_documents
from .english import english_name
from .issuance import find_issuances
from .observations import find_figures, find_observations
from .programs import find_programs, with_measures
from .sources import SourceResolver, unread_sources


def extract(report: Report) -> Extraction:
    """All facts of ``report``: documents first, then bodies, who issued what, programmes, figures and sources."""
    documents, title_spans, short_unread = find_documents(report)
    finder = AgencyFinder(report, title_spans)
    issuances, unread = find_issuances(report, documents, title_spans, finder)
    programs = find_programs(report, documents, title_spans, finder)
    resolver = SourceResolver(report, documents, finder)
    indicators, observations = find_observations(report, title_spans, resolver)
    programs = with_measures(programs, report, ((o.key, o.passage, _number_at(report, o)) for o in observations))
    figures = find_figures(report, resolver)  # before the records: sources may add bodies and documents
    find_actors(report, finder)
    return Extraction(
        report,
        tuple(a if a.en else replace(a, en=english_name(a.zh)) for a in finder.records()),
        tuple(documents.values()),
        issuances,
        programs=programs,
        indicators=indicators,
        observations=observations,
        figures=figures,
        data_sources=resolver.data_sources(),
        unread=short_unread + unread + unread_sources(observations, resolver),
    )


def _number_at(report: Report, o: ObservationRecord) -> int:
    """Where the number of a figure starts in its passage (超500亿元 → 500, 第二位 → 二)."""
    m = re.search(r"[0-9０-９一二两三四五六七八九十]", report.passages[o.passage].text[o.start : o.end])
    return o.start + (m.start() if m else 0)
