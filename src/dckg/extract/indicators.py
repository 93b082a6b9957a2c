"""What a figure measures, read from its clause: the measure's name, the cue words and the comparison base.

``read_head`` strips from the text before a figure what is not the measure's name: verbs (达到, 为, 增至),
adverbs (已, 分别, 累计), change words (同比增长, 增速), the comparison (较上年末, 比2022年底, 较城市宽带用户高)
and clause heads (其中, 截至, 全国, 我国). What is left is the subject; a clause that starts with 在, 占, 较, 同比
only continues the figure before it. ``list_labels`` gives each item of a 分别 list its own name.
Names are never listed in data: they are the words of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..text import inside, squeeze, unquote
from ..vocab import alternation, cues, indicator_forms

_TEMPORAL = re.compile(r"^(?:上年|去年|上月|上季度|同期|(?:19|20)\d{2}\s*年.*|.*(?:年|月|末|底|同期))$")
_SPLIT = re.compile(r"、|以及|和|(?<![普涉])及(?!时)|(?<![参给])与")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff“”（）])\s+|\s+(?=[\u4e00-\u9fff“”（）])")


@dataclass(frozen=True)
class Head:
    """The clause text before a figure, read: its subject, change and share cues, comparison and list marks."""

    subject: str
    growth: bool = False
    decrease: bool = False
    share: bool = False
    compared: str | None = None
    higher: bool | None = None  # 较X高 (True) / 较X低 (False)
    respectively: bool = False
    series_from: bool = False
    series_to: bool = False
    continues: bool = False


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    def words(group: str) -> str:
        return alternation(cues(group))

    return {
        "tail": re.compile(
            rf"(?:(?P<to>{alternation([v for v in cues('value-verb') if v[-1] in '至到' and '达' not in v])})"
            rf"|(?P<verb>{words('value-verb')})|(?P<adverb>{words('value-adverb')})"
            rf"|(?P<decrease>{words('decrease-cue')})|(?P<growth>{words('growth-cue')})"
            rf"|(?P<from>{words('series-from')})|(?P<punct>[\s、，,：:]))$"
        ),
        "compare": re.compile(
            r"(?:较|比|相比|相较于?|与)(?P<base>[^较比与，,；;]{1,24}?)(?:相比)?(?P<dir>高|低|快|慢|多|少)?$"
        ),
        "same": re.compile(r"(?:同比|环比)$"),
        "lead": re.compile(rf"(?:{words('subject-lead')}|[\s，,、：:；;])"),
        "filler": re.compile(rf"^(?:{words('subject-filler')})$"),
        "continues": re.compile(rf"^(?:{words('subject-continues')})"),
        "share": re.compile(words("share-cue")),
    }


def read_head(text: str, removed: list[tuple[int, int]], continuing: bool = True) -> Head:
    """Read the clause text before a figure; ``removed`` spans (times, titles) are not part of a name.

    With ``continuing`` a subject that opens like 占…, 较…, 同比…, 在…占比 marks a clause that continues.
    """
    p = _patterns()
    end, flags, compared, higher = len(text), set(), None, None
    while end > 0:
        s = text[:end]
        if m := p["tail"].search(s):
            flags.update(k for k, v in m.groupdict().items() if v)
            change = m.group("growth") or m.group("decrease") or ""
            if change[:2] in ("同比", "环比") and compared is None:
                compared = change[:2]  # 同比增长: the same period a year before
            end = m.start()
        elif (c := p["compare"].search(s)) and (c.group("dir") or _TEMPORAL.match(c.group("base").strip())):
            compared, end = c.group("base").strip(), c.start()
            higher = None if not c.group("dir") else c.group("dir") in "高快多"
        elif c := p["same"].search(s):
            compared, end = c.group(0), c.start()
        else:
            break
    start = 0
    while m := p["lead"].match(text, start, end):
        if m.end() == start:
            break
        start = m.end()
    subject = _without(text, start, end, removed)
    continues = continuing and bool(p["continues"].match(subject) or (subject.startswith("在") and "占" in subject))
    if p["filler"].match(subject) or continues:
        subject = ""
    return Head(
        subject=subject,
        growth="growth" in flags,
        decrease="decrease" in flags,
        share=bool(p["share"].search(text)),
        compared=compared,
        higher=higher,
        respectively="adverb" in flags and "分别" in text,
        series_from="from" in flags,
        series_to="to" in flags,
        continues=continues,
    )


def _without(text: str, start: int, end: int, removed: list[tuple[int, int]]) -> str:
    """``text[start:end]`` without the removed spans and without spaces between Chinese characters."""
    kept = "".join(ch for i, ch in enumerate(text[start:end], start) if not inside(i, removed))
    return _CJK_SPACE.sub("", kept).strip(_PUNCT)


_PUNCT = " 的等、，,。；;：:！？!?"
_NOUN_END = re.compile(r"[，,。；;：:！？!?、（(]")


@cache
def _stopper() -> re.Pattern[str]:
    groups = ("value-verb", "value-adverb", "growth-cue", "decrease-cue", "subject-continues", "rank-verb")
    return re.compile(alternation([w for g in groups for w in cues(g)]))


def trailing_noun(text: str) -> tuple[str, int]:
    """What a figure counts, written right after it (62家“灯塔工厂”, 92.5%的事项), and the length it takes.

    It ends at punctuation; a short bracket without digits is part of it (31个省（区、市）).

    >>> trailing_noun("“智能工厂”，比上年增加8家"), trailing_noun("的行政事项，实现网上办理")
    (('“智能工厂”', 6), ('行政事项', 5))
    >>> trailing_noun("省（区、市），开通了平台")
    ('省（区、市）', 6)
    """
    end = 0
    while m := _NOUN_END.search(text, end):
        close = re.match(r"[（(][^（）()\d]{1,8}[）)]", text[m.start() :])
        if not close:
            break
        end = m.start() + close.end()
    else:
        m = None
    end = m.start() if m else len(text)
    words = text[:end].lstrip()
    body = words[1:] if words.startswith("的") else words
    if not body or not re.match(r"[\u4e00-\u9fff“\"]", body) or _stopper().match(body):
        return "", 0
    noun = _CJK_SPACE.sub("", body)[:30].strip(_PUNCT + "和及与")
    return (noun, end) if noun else ("", 0)


def clause_subject(text: str, removed: list[tuple[int, int]]) -> str:
    """The measure named by a clause that has no figure: 新兴业务收入占…的比重明显上升 → 新兴业务收入占…的比重.

    >>> clause_subject("线上业务收入占全部收入的比重明显上升", [])
    '线上业务收入占全部收入的比重'
    """
    return read_head(text, removed, continuing=False).subject


def list_labels(subject: str, count: int) -> list[str] | None:
    """The names of a 分别 list: A、B和C的X → A的X, B的X, C的X; A、B等领域X → A领域X …; None if not ``count``.

    Items are split at 、 alone first, so that an item may hold 和 (电子信息制造业、软件和信息技术服务业收入).

    >>> list_labels("东部、中部和西部的用户数", 3)
    ['东部的用户数', '中部的用户数', '西部的用户数']
    >>> list_labels("教育、医疗等领域应用数", 2), list_labels("教育、医疗等领域应用数", 3)
    (['教育领域应用数', '医疗领域应用数'], None)
    >>> list_labels("电子信息制造业、软件和信息技术服务业收入", 2)
    ['电子信息制造业收入', '软件和信息技术服务业收入']
    """
    if "等" in subject:
        items, head = subject.split("等", 1)
        parts = [x for x in _SPLIT.split(items) if x]
        return [x + head for x in parts] if len(parts) == count else None
    parts = [x for x in subject.split("、") if x]
    if len(parts) != count:
        parts = [x for x in _SPLIT.split(subject) if x]
    if len(parts) != count:
        return None
    last = parts[-1]
    if "的" in last:
        head = last[last.index("的") :]
    else:
        cut = last.find(parts[0][-1])  # 甲制造业、乙服务业投资: the first item ends where the head starts
        head = last[cut + 1 :] if 0 <= cut < len(last) - 1 else ""
    return [x if x.endswith(head) else x + head for x in parts]


def items_before_etc(text: str) -> list[str]:
    """The items listed before 等 in a clause: 甲、乙、丙等市场规模 → 甲, 乙, 丙.

    >>> items_before_etc("教育、医疗、交通等领域应用"), items_before_etc("教育领域应用")
    (['教育', '医疗', '交通'], [])
    """
    if "等" not in text:
        return []
    items = clause_subject(text.split("等", 1)[0], [])
    return [x for x in _SPLIT.split(items) if x]


def indicator_name(label: str) -> str:
    """The name of the measure an indicator's label states: the label without a scope prefix (全国) and a count
    suffix (数, 数量) (``vocab/indicator-forms.tsv``), so that one measure written two ways is one indicator
    (5G基站数 and 5G基站; 全国农村网络零售额 and 农村网络零售额).

    >>> indicator_name("全国农村网络零售额"), indicator_name("5G基站数"), indicator_name("数字经济发展指数")
    ('农村网络零售额', '5G基站', '数字经济发展指数')
    """
    name = label.strip()
    for form in indicator_forms():
        prefix = form.form == "scope-prefix"
        rest = name[len(form.text) :] if prefix else name[: -len(form.text)]
        if len(rest.strip()) < 2 or not (name.startswith if prefix else name.endswith)(form.text):
            continue
        if not prefix and rest[-1] in form.after:
            continue
        name = rest.strip()
    return name


def indicator_key(label: str) -> str:
    """The identity of an indicator: its name (``indicator_name``) with width, spacing, quotation marks and case
    folded.

    >>> indicator_key("５G 移动电话用户"), indicator_key("“数字乡村”试点县的")
    ('5g移动电话用户', '数字乡村试点县')
    """
    return unquote(squeeze(indicator_name(label))).strip("的").casefold()
