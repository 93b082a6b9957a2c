"""Extract documents, bodies, issuances and observations from a read report; one module per kind of fact."""

from __future__ import annotations

from ..records import Extraction, Report
from .agencies import AgencyFinder
from .documents import find_documents
from .issuance import find_issuances
from .observations import find_figures, find_observations
from .sources import SourceResolver


def extract(report: Report) -> Extraction:
    """All facts of ``report``: documents first, then bodies, who issued what, figures and their sources."""
    documents, title_spans = find_documents(report)
    finder = AgencyFinder(report, title_spans)
    issuances = find_issuances(report, documents, title_spans, finder)
    resolver = SourceResolver(report, documents, finder)
    indicators, observations = find_observations(report, title_spans, resolver)
    figures = find_figures(report, resolver)
    return Extraction(report, finder.records(), tuple(documents.values()), issuances, indicators, observations, figures)
