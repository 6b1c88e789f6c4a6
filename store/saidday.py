"""The day a quote was said, when its speaker's cue says so (`吴谦26日在例行记者会上指出`).

A news page is dated by its byline, the day it went up; its lead dates what it reports in days of the
month (`商务部22日说`), usually the day before. Read against the publication date, that day is when the
words were said, which is what a citation needs. Only a day right after the speaker's name in their own
cue counts (`张军10日表示`, `李强总理22日`, `王金南在2017年4月23日举行的论坛上表示`, `他昨日表示`): a day
elsewhere dates another act (`耿爽就美方3日宣布的制裁措施表示`, `22日，王毅同…通电话` inside an answer).
A passage whose own cue gives no time at all (`耿爽指出`) takes the day of its speaker's nearest earlier
cue in the document that gives one (a press conference reported over several paragraphs), unless a cue
in between dates its words otherwise (`耿爽曾表示`). A day of the month counts only within a few days
up to publication, `昨日` is the day before it, and a full date counts when it is not after it. A
document with a statement date of its own (front matter, sidecar, a date line) keeps it.
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

_TITLE = r"[^\d\W就对的在于向与和同为把被给从据称说]{0,4}?"  # a title between the name and the day (总理, 大使)
_FULL = re.compile(rf"^{_TITLE}(?:在|于)?(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日")
_DAY = re.compile(rf"^{_TITLE}(\d{{1,2}})日")
_DAYS_BACK = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}  # `他昨日表示`: the day before publication
_RELATIVE = re.compile(rf"^{_TITLE}({'|'.join(_DAYS_BACK)})")
_PRONOUN = re.compile(r"^\W*(?:他|她|其)")
# Words by which a cue dates its words otherwise than the report's day, or by a day that did not fit.
_OTHER_TIME = re.compile(
    r"此前|曾|去年|前年|上月|上周|早前|日前|之前|当时|早些时候|近日|次日|翌日|多次|一再|反复|昨|前天|今天|今日|"
    r"星期|周[一二三四五六日末]|[年月日]"
)


def _after_name(evidence: str, speaker: str) -> str | None:
    """The cue's words after the speaker's name (or after a pronoun opening it), simplified; None when
    the cue names neither."""
    text, name = to_simplified(evidence), to_simplified(speaker)
    at = text.find(name) if name else -1
    if at >= 0:
        return text[at + len(name) :]
    m = _PRONOUN.match(text)
    return text[m.end() :] if m else None


def said_on(evidence: str, speaker: str, published: str, settings: SaidSettings = SETTINGS) -> str:
    """The ISO date the cue `evidence` says `speaker`'s words were said on, resolved against `published`
    (an ISO date); "" when it says none, or none that fits."""
    try:
        up = dt.date.fromisoformat(published[:10])
    except ValueError:
        return ""
    rest = _after_name(evidence, speaker)
    if rest is None:
        return ""
    if m := _FULL.match(rest):
        try:
            day = dt.date(*(int(g) for g in m.groups()))
        except ValueError:
            return ""
        return day.isoformat() if day <= up else ""
    if m := _RELATIVE.match(rest):
        return (up - dt.timedelta(days=_DAYS_BACK[m.group(1)])).isoformat()
    m = _DAY.match(rest)
    if not m:
        return ""
    for month_back in (0, 1):  # `30日` in a page of the 2nd: the month before
        year, month = (up.year, up.month - month_back) if up.month - month_back >= 1 else (up.year - 1, 12)
        try:
            day = dt.date(year, month, int(m.group(1)))
        except ValueError:
            continue
        if 0 <= (up - day).days <= settings.window_days:
            return day.isoformat()
    return ""


def _timeless(evidence: str, speaker: str) -> bool:
    """A cue that gives no time of its own (`耿爽指出`, `他续称`): its words may be the report's day's."""
    return _after_name(evidence, speaker) is not None and not _OTHER_TIME.search(to_simplified(evidence).replace(to_simplified(speaker), ""))


def dated(reader: IndexReader, row: PassageRow) -> tuple[str, str]:
    """The date a card shows for the passage, and the cue that gives it when that is the day its words
    were said (else ""): that day, or the document's date."""
    day, cue = _said(reader, row)
    return (day, cue) if day else (row.date, "")


def _said(reader: IndexReader, row: PassageRow) -> tuple[str, str]:
    """(the date the passage's words were said, the cue that gives it), or ("", "") when no cue of its
    speaker, its own or an earlier one in the document, says a day that fits, or the document has a
    statement date of its own."""
    if not row.speaker or (row.date and row.published and row.date != row.published):
        return "", ""
    published = row.published or row.date
    cues = reader.cues_before(row.document_id, row.ord, row.speaker)
    if not cues:
        return "", ""
    own, *earlier = cues
    if day := said_on(own, row.speaker, published):
        return day, own
    if not _timeless(own, row.speaker):
        return "", ""
    for evidence in earlier:
        if day := said_on(evidence, row.speaker, published):
            return day, evidence
        if not _timeless(evidence, row.speaker):
            return "", ""  # `耿爽曾表示` in between: what follows is not that day's
    return "", ""
