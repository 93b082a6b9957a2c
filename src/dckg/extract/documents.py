"""Find the titled documents of a report: every 《…》 title (and 〈…〉 or 《…》 nested in one), one per document.

Variants of a title (spacing, full- or half-width brackets, quotation marks, an ordinal such as 第53次
written inside the brackets) fold to one key, so they become alternative labels of one document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..records import DocumentRecord, Report, Unread
from ..text import CITATION, squeeze, unquote
from ..vocab import DocType, doctypes

_BRACKET = re.compile(r"[《》\n]")
_MAX_TITLE = 200
_NESTED = re.compile(r"〈([^〈〉\n]{1,200})〉")
_ORDINAL = r"第\s*[0-9一二三四五六七八九十百]+\s*[次期届版批]"
_ORDINAL_BEFORE = re.compile(rf"({_ORDINAL})\s*$")
_ORDINAL_INSIDE = re.compile(rf"^({_ORDINAL})")
_DASHES = re.compile(r"[—–－‐‑~〜]+")
_TRAILING_QUALIFIER = re.compile(r"(?:\([^()]*\)|\s+|(?:19|20)\d{2}(?:年版|版|年)?|-)$")


def title_key(title: str) -> str:
    """The identity of a title: width, spacing, quotation marks, dashes and a leading ordinal folded.

    >>> title_key("第二批“数字乡村”试点 名单"), title_key("ＡＢＣ发展报告——2024")
    ('数字乡村试点名单', 'abc发展报告-2024')
    """
    return unquote(_DASHES.sub("-", _ORDINAL_INSIDE.sub("", squeeze(title)))).casefold()


def split_edition(name: str) -> tuple[str | None, str]:
    """An edition written at the head of an unbracketed name (第62期超级计算机TOP500榜单) and the rest.

    >>> split_edition("第15期全国网络安全态势报告"), split_edition("全国网络安全态势报告")
    (('第15期', '全国网络安全态势报告'), (None, '全国网络安全态势报告'))
    """
    m = _ORDINAL_INSIDE.match(name.strip())
    return (re.sub(r"\s+", "", m.group(1)), name.strip()[m.end() :].strip()) if m else (None, name.strip())


def doc_type(title: str, after: str, citation: bool) -> DocType:
    """The type of a document from the ending of its title; a citation is an article, a column by what follows."""
    types = doctypes()
    by_id = {t.id: t for t in types}
    if citation:
        return by_id["article"]
    follow = after.lstrip("等 ")
    for t in types:
        if any(follow.startswith(cue) for cue in t.after):
            return t
    core = unicodedata.normalize("NFKC", title).strip()
    while (stripped := _TRAILING_QUALIFIER.sub("", core)) != core and stripped:
        core = stripped
    best: tuple[int, DocType] | None = None
    for t in types:
        for ending in t.endings:
            if core.endswith(ending) and (best is None or len(ending) > best[0]):
                best = (len(ending), t)
    return best[1] if best else types[-1]


def titles(text: str) -> list[tuple[int, int, bool]]:
    """Every 《…》 title of ``text``: (start, end, nested), brackets included, in order.

    Brackets pair up as they nest: in 《关于贯彻《某法》的意见》 the outer title is a document and the inner one is
    nested in it (as a title in 〈…〉 is). A bracket left without its pair opens or closes nothing; a title holds
    1 to 200 characters and no line break.
    """
    found, opened = [], []
    for m in _BRACKET.finditer(text):
        if m.group(0) == "《":
            opened.append(m.start())
        elif m.group(0) == "\n":
            opened.clear()
        elif opened and 0 < m.start() - (start := opened.pop()) - 1 <= _MAX_TITLE:
            found.append((start, m.end()))
    out, outer_end = [], -1
    for start, end in sorted(found):
        out.append((start, end, start < outer_end))
        outer_end = max(outer_end, end)
    return out


_SHORT_FOR = re.compile(r"[（(]\s*(?:以下)?(?:简称|称)\s*$")


def _back_reference(key: str, text: str, start: int, earlier: list[str], endings: frozenset[str]) -> str | None:
    """The document a short title stands for: the one just before ``（以下简称《规划》）``, or the last one whose
    key ends with a bare type word (《意见》, 《办法》); "" for a short title that stands for none named before;
    None for a title of its own."""
    if _SHORT_FOR.search(text, 0, start):
        return earlier[-1] if earlier else ""
    if key in endings:
        return next((k for k in reversed(earlier) if k.endswith(key) and k != key), "")
    return None


def _is_citation(report: Report, idx: int, start: int) -> bool:
    """A footnote that opens with a title followed by a comma is a bibliographic citation."""
    passage = report.passages[idx]
    return passage.kind == "footnote" and start == 0 and CITATION.match(passage.text) is not None


def find_documents(
    report: Report,
) -> tuple[dict[str, DocumentRecord], dict[int, list[tuple[int, int]]], tuple[Unread, ...]]:
    """Documents by title key, for every passage the spans of its titles (brackets included), and the short
    titles that stand for no document named before them (reported, never minted as documents).

    A back-reference (（以下简称《规划》）, a later 《意见》) is a mention of the document it stands for.
    """
    unread: list[Unread] = []
    forms: dict[str, Counter[str]] = {}
    first: dict[str, tuple[int, int]] = {}
    passages: dict[str, dict[int, None]] = {}  # ordered sets
    editions: dict[str, str] = {}
    types: dict[str, DocType] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    endings = frozenset(title_key(e) for t in doctypes() for e in t.endings)
    order: list[str] = []  # keys of the documents in the order first named
    for idx, passage in enumerate(report.passages):
        text = passage.text
        found = titles(text)
        found += [
            (m.start(), m.end(), True) for s, e, nested in found if not nested for m in _NESTED.finditer(text, s, e)
        ]
        for start, end, nested in found:
            title = text[start + 1 : end - 1].strip()
            key = title_key(title)
            if not key:
                continue
            if not nested and (target := _back_reference(key, text, start, order, endings)) is not None:
                if target:
                    passages[target][idx] = None
                else:
                    unread.append(
                        Unread("title", idx, f"short title 《{title}》 stands for no document named before it")
                    )
                continue
            if key not in first:
                order.append(key)
            if not nested:
                spans.setdefault(idx, []).append((start, end))
            forms.setdefault(key, Counter())[title] += 1
            first.setdefault(key, (idx, start))
            passages.setdefault(key, {})[idx] = None
            if edition := (_ORDINAL_BEFORE.search(text, 0, start) or _ORDINAL_INSIDE.match(title)):
                editions.setdefault(key, re.sub(r"\s+", "", edition.group(1)))
            t = doc_type(title, text[end:], not nested and _is_citation(report, idx, start))
            if key not in types or (types[key].id in ("other", "article") and t.id not in ("other", "article")):
                types[key] = t
    documents = {}
    for key, counter in forms.items():
        label = max(counter, key=lambda f: (counter[f], -_first_index(f, counter)))
        t = types[key]
        documents[key] = DocumentRecord(
            key=key,
            title=label,
            variants=tuple(sorted(f for f in counter if f != label)),
            doctype=t.id,
            policy=t.policy,
            edition=editions.get(key),
            passages=tuple(sorted(passages[key])),
        )
    return documents, spans, tuple(unread)


def _first_index(form: str, counter: Counter[str]) -> int:
    """Position of ``form`` among the forms in the order they were first seen (ties go to the first)."""
    return list(counter).index(form)
