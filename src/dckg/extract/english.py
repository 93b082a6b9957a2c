"""English names for bodies outside the gazetteer, so that every body can be found and read in English.

A local body whose name is a place and a generic name (江南省 + 统计局) gets the English composed from
``vocab/place-kinds-en.tsv`` and ``vocab/body-heads-en.tsv`` (Jiangnan Provincial Bureau of Statistics).
Any other name gets its Hanyu Pinyin, syllable by syllable: a transliteration, never a guessed translation.
Either way the body keeps ``inGazetteer false``: the English name is not an official one.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin

from ..vocab import english_heads, gazetteer, place_kinds
from .agencies import agency_at, place_prefix

_PLAIN_WORDS = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)*$")


def english_name(zh: str) -> str:
    """The English name of the body named ``zh``: composed when its parts are known, else its pinyin.

    A local party body is read without its 中共 (中共浙江省委: 浙江省 + 委)."""
    name = zh.removeprefix("中共") if zh.startswith("中共") and place_prefix(zh[2:]) else zh
    cut = place_prefix(name)
    template = english_heads().get(name[cut:]) if cut else None
    if template:
        place = name[:cut]
        kind = next((k for k in place_kinds() if place.endswith(k.suffix)), None)
        if kind is not None and kind.noun and len(place) > len(kind.suffix):
            stem = _place_stem(place, len(kind.suffix), kind.noun)
            return template.format(place=f"{stem} {kind.noun}", adjective=f"{stem} {kind.adjective}")
    return pinyin(zh)


def _place_stem(place: str, suffix_len: int, noun: str) -> str:
    """English of a place without its ending: the gazetteer's first "Shaanxi Province" form, else pinyin.

    The pinyin is taken with the ending still there, so that words read right (朝阳区: Chaoyang, not Zhaoyang).
    """
    hit = agency_at(place, 0)
    if hit and hit[0] == len(place):
        entry = gazetteer()[hit[1]]
        stems = [a.removesuffix(f" {noun}") for a in (entry.en, *entry.en_aliases) if a.endswith(f" {noun}")]
        if stems := [s for s in stems if _PLAIN_WORDS.match(s)]:
            return stems[0]
    return _joined(lazy_pinyin(place)[:-suffix_len]).capitalize()


def _joined(syllables: list[str]) -> str:
    """Syllables written as one word, with the apostrophe before a, o, e that pinyin needs (Xi'an, Lu'an)."""
    out = ""
    for s in syllables:
        out += f"'{s}" if out and s[:1] in "aoe" else s
    return out


def pinyin(text: str) -> str:
    """Hanyu Pinyin of ``text`` without tones, one capitalised syllable per character; other text kept as is."""
    syllables = lazy_pinyin(unicodedata.normalize("NFKC", text))
    return " ".join(s.strip()[:1].upper() + s.strip()[1:] for s in syllables if s.strip())
