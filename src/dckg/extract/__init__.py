"""Extract documents, bodies, issuances and programmes from a read report; one module per kind of fact."""

from __future__ import annotations

from ..records import Extraction, Report
from .agencies import AgencyFinder
from .documents import find_documents
from .issuance import find_issuances
from .programs import find_programs


def extract(report: Report) -> Extraction:
    """All facts of ``report``: documents first, then bodies, who issued what, and programmes."""
    documents, title_spans = find_documents(report)
    finder = AgencyFinder(report, title_spans)
    issuances = find_issuances(report, documents, title_spans, finder)
    programs = find_programs(report, documents, title_spans, finder)
    return Extraction(report, finder.records(), tuple(documents.values()), issuances, programs)
