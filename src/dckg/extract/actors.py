"""Bodies that act: the subject of an act verb (X批复, X举行, X主任张某介绍) is a body where the subject grammar
reads it as nothing but names of bodies, so that a body the gazetteer lacks is found where the sentence makes it
one and nowhere else."""

from __future__ import annotations

import re
from functools import cache

from ..records import Report
from ..vocab import alternation, cues
from .agencies import AgencyFinder
from .subjects import BOUNDARY, parse_subject


@cache
def _act() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('act-verb'))})")


def find_actors(report: Report, finder: AgencyFinder) -> None:
    """Record in ``finder`` the bodies that open a clause as the subject of an act verb."""
    boundary = re.compile(rf"[{re.escape(BOUNDARY)}《]")
    for idx, passage in enumerate(report.passages):
        text, start = passage.text, 0
        for end in [m.start() for m in boundary.finditer(passage.text)] + [len(passage.text)]:
            agent = start + 1 if text[start : start + 1] in ("经", "由") else start  # 经X审议, 由X主办
            verb = _act().search(text, agent, end)
            if verb and verb.start() > agent:
                parse_subject(text[agent : verb.start()], agent, idx, finder, allow_places=False)
            start = end + 1
