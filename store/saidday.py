"""The day a quote was said, when its speaker's cue says so (`吴谦26日在例行记者会上指出`).

A news page is dated by its byline, the day it went up; its lead dates what it reports in days of the
month (`商务部22日说`), usually the day before. Read against the publication date, that day is when the
words were said, which is what a citation needs. Only the speaker's cue counts (the attribution's
evidence), never a day elsewhere in the passage (`22日，王毅同…通电话` inside a spokesperson's answer
dates another event): the day belongs to the act of saying. A passage whose own cue names no day takes
the day of its speaker's nearest earlier cue in the document that does (a press conference reported over
several paragraphs: `耿爽2日在例行记者会上强调…` then `耿爽指出…`), unless its cue dates it otherwise
(`耿爽曾表示`). A day of the month counts only within a few days up to publication; `昨日` is the day
before it; a full date (`在2017年4月23日举行的论坛上表示`) counts when it is not after it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from store.reader import IndexReader, PassageRow
from store.textnorm import to_simplified


@dataclass(frozen=True)
class SaidSettings:
    window_days: int = 6  # a bare day of the month dates the words when it falls this many days or fewer before publication


SETTINGS = SaidSettings()

_OTHER_TIME = re.compile(r"此前|曾|去年|前年|上月|上周|早前|日前|之前|当时|早些时候|昨|前天|[年月]")  # a cue dating its words otherwise
_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DAY = re.compile(r"(?<![\d月年号])(\d{1,2})日")
_DAYS_BACK = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}  # `他昨日表示`: the day before publication
_RELATIVE = re.compile("|".join(_DAYS_BACK))


def said_on(evidence: str, published: str, settings: SaidSettings = SETTINGS) -> str:
    """The ISO date the cue `evidence` says its words were said on, resolved against `published`
    (an ISO date); "" when it says none, or none that fits."""
    try:
        up = dt.date.fromisoformat(published[:10])
    except ValueError:
        return ""
    text = to_simplified(evidence)
    if m := _FULL.search(text):
        try:
            day = dt.date(*(int(g) for g in m.groups()))
        except ValueError:
            return ""
        return day.isoformat() if day <= up else ""
    m = _DAY.search(text)
    if not m:
        relative = _RELATIVE.search(text)
        return (up - dt.timedelta(days=_DAYS_BACK[relative.group()])).isoformat() if relative else ""
    for month_back in (0, 1):  # `30日` in a page of the 2nd: the month before
        year, month = (up.year, up.month - month_back) if up.month - month_back >= 1 else (up.year - 1, 12)
        try:
            day = dt.date(year, month, int(m.group(1)))
        except ValueError:
            continue
        if 0 <= (up - day).days <= settings.window_days:
            return day.isoformat()
    return ""


def dated(reader: IndexReader, row: PassageRow) -> tuple[str, str]:
    """(the date the passage's words were said, the cue that gives it), or ("", "") when no cue of its
    speaker, its own or an earlier one in the document, says a day that fits."""
    if not row.speaker:
        return "", ""
    published = row.published or row.date
    cues = reader.cues_before(row.document_id, row.ord, row.speaker)
    if not cues:
        return "", ""
    own, *earlier = cues
    if day := said_on(own, published):
        return day, own
    if _OTHER_TIME.search(to_simplified(own).replace(to_simplified(row.speaker), "")):  # `王毅曾表示`: not the report's day
        return "", ""
    for evidence in earlier:
        if day := said_on(evidence, published):
            return day, evidence
    return "", ""
