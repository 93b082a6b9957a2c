"""Mint stable, readable ASCII IRIs from what an entity is, never from the order of extraction."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

BASE = "https://w3id.org/dckg/id/"
_MAX_SLUG = 60


@lru_cache(maxsize=8192)
def slug(text: str, max_len: int = _MAX_SLUG) -> str:
    """ASCII slug of ``text``: pinyin for Chinese characters, lower-case words joined by '-'.

    Only the first ``max_len + 1`` characters can reach the slug, so only they are converted (pinyin is slow).

    >>> slug("国家数据局"), slug("《数字中国建设整体布局规划》"), slug("5G Base Stations")
    ('guo-jia-shu-ju-ju', 'shu-zi-zhong-guo-jian-she-zheng-ti-bu-ju-gui-hua', '5g-base-stations')
    """
    from pypinyin import lazy_pinyin  # 0.36 s to import: only the build needs it

    words = lazy_pinyin(unicodedata.normalize("NFKC", text[: max_len + 1]))
    flat = "-".join(words).lower()
    flat = re.sub(r"[^a-z0-9]+", "-", flat).strip("-") or "x"
    if len(flat) > max_len:
        flat = flat[:max_len].rsplit("-", 1)[0]
    return flat


def digest(text: str, size: int = 6) -> str:
    """A short hex digest of ``text``: disambiguates slugs without depending on extraction order."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]


def report_local(title: str, sha256: str) -> str:
    """Local name of a source report: its title's slug and the start of the file's SHA-256."""
    return f"{slug(title)}-{sha256[:8]}"


def document_local(key: str) -> str:
    """Local name of a document from its normalised title key."""
    return f"{slug(key)}-{digest(key)}"


def agency_iri(key: str) -> str:
    return f"{BASE}agency/{key}"


def document_iri(key: str) -> str:
    return f"{BASE}document/{document_local(key)}"


def data_source_iri(key: str) -> str:
    return f"{BASE}datasource/{slug(key)}-{digest(key)}"


def doctype_iri(doctype: str) -> str:
    return f"{BASE}doctype/{doctype}"


def agency_kind_iri(kind: str) -> str:
    return f"{BASE}agencykind/{kind}"


def report_iri(local: str) -> str:
    return f"{BASE}report/{local}"


def section_scheme_iri(local: str) -> str:
    return f"{BASE}section/{local}"


def section_iri(local: str, key: str) -> str:
    return f"{BASE}section/{local}/{key}"


def evidence_iri(local: str, start: int, end: int) -> str:
    return f"{BASE}evidence/{local}/{start}-{end}"


def program_iri(key: str) -> str:
    """A programme from its normalised name: pinyin slug and a short digest (人工智能+ is not 人工智能)."""
    return f"{BASE}program/{slug(key)}-{digest(key)}"


def program_kind_iri(kind: str) -> str:
    return f"{BASE}programkind/{kind}"


def issuance_iri(document_key: str, issuers: tuple[str, ...]) -> str:
    return f"{BASE}issuance/{document_local(document_key)}--{digest('|'.join(sorted(issuers)), 8)}"


UNIT_NAMESPACES = {
    "unit": "http://qudt.org/vocab/unit/",
    "cur": "http://qudt.org/vocab/currency/",
    "dckg": f"{BASE}unit/",
}


def unit_iri(curie: str) -> str:
    """The IRI of a unit CURIE of ``vocab/units.tsv``: QUDT units and currencies, or dckg's own units."""
    prefix, local = curie.split(":", 1)
    return UNIT_NAMESPACES[prefix] + local


def indicator_iri(key: str) -> str:
    """An indicator from its normalised name: the same measure named in two places is one indicator."""
    return f"{BASE}indicator/{slug(key, 40)}-{digest(key)}"


def observation_iri(
    local: str,
    indicator: str,
    period: str,
    value: str,
    unit: str,
    kind: str,
    qualifier: str,
    base: str,
    status: str = "measured",
) -> str:
    """An observation of report ``local`` from what it states (indicator, period, value, unit, kind, qualifier,
    comparison base, and its status when it is not a measurement: a target and a measurement of the same value are
    two statements). The report is part of it: two reports stating the same figure make two observations, each in
    the report that states it."""
    identity = "|".join((indicator, period, value, unit, kind, qualifier, base) + ((status,) * (status != "measured")))
    return f"{BASE}observation/{slug(indicator, 40)}-{digest(f'{local}|{identity}', 10)}"


def interval_iri(start: str, end: str) -> str:
    return f"{BASE}period/{start}--{end}"


def figure_iri(local: str, number: int, title: str | None = None) -> str:
    """A figure (图N) of a report by its number; ``title`` tells apart figures that share a number (a typo)."""
    return f"{BASE}figure/{local}/{number}" + (f"-{digest(title)}" if title is not None else "")


def term_iri(scheme: str, term: str) -> str:
    """A concept of a small fixed scheme: measure-kind/growth-rate, qualifier/more-than."""
    return f"{BASE}{scheme}/{term}"


def shared_graph_iri() -> str:
    """The named graph of what belongs to no single report: the gazetteer's bodies, concept schemes, units."""
    return f"{BASE}graph/shared"
