"""Dates in a question's words → a date range: `2023年2月`, `2023年2月3日`, `2月3日`, `去年`, `上个月`, `本周`…

Relative dates are resolved against `today` (the caller's, so tests can fix it). A year alone is a date
(`2023年` → the year 2023), not text to match. A month and day without a year (`2月3日`) match that day
of any year (the newest comes first in the ranking); `最近` is a sort order, not a range (store.query).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_ABSOLUTE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年(?:\s*" + _NUM + r"\s*月(?:份)?(?:\s*" + _NUM + r"\s*[日号])?)?"
    r"|(?<![\d年])" + _NUM + r"\s*月\s*" + _NUM + r"\s*[日号]"
)
_RELATIVE = re.compile(r"今年|去年|前年|本月|这个月|上个月|上月|本周|这周|这个星期|上周|上个星期|今天|今日|昨天|昨日|前天")
_YEARS_AGO = {"今年": 0, "去年": 1, "前年": 2}
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(text: str) -> int:
    """`12`, `十二`, `二十` → int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)
    return _ZH_DIGITS.get(text, 0)


@dataclass(frozen=True)
class When:
    """A date range read from a question: ISO bounds (inclusive), or a month-day of any year."""

    date_from: str = ""
    date_to: str = ""
    month_day: str = ""  # "MM-DD" when the question names a day without a year
    start: int = 0  # where the words are in the text they were read from
    end: int = 0

    def __bool__(self) -> bool:
        return bool(self.date_from or self.date_to or self.month_day)


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _range(start: dt.date, end: dt.date) -> tuple[str, str]:
    return start.isoformat(), end.isoformat()


def _relative(word: str, today: dt.date) -> tuple[str, str]:
    if word == "今年":
        return _range(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    if word == "去年":
        return _range(dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    if word == "前年":
        return _range(dt.date(today.year - 2, 1, 1), dt.date(today.year - 2, 12, 31))
    if word in ("本月", "这个月"):
        return _range(today.replace(day=1), _month_end(today.year, today.month))
    if word in ("上个月", "上月"):
        last = today.replace(day=1) - dt.timedelta(days=1)
        return _range(last.replace(day=1), last)
    monday = today - dt.timedelta(days=today.weekday())
    if word in ("本周", "这周", "这个星期"):
        return _range(monday, monday + dt.timedelta(days=6))
    if word in ("上周", "上个星期"):
        return _range(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    back = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}[word]
    day = today - dt.timedelta(days=back)
    return _range(day, day)


def _absolute(m: re.Match) -> When:
    year, month, day, bare_month, bare_day = m.groups()
    try:
        if year is None:
            month_day = dt.date(2000, _number(bare_month), _number(bare_day))  # a leap year: 2月29日 is a day
            return When(month_day=month_day.strftime("%m-%d"), start=m.start(), end=m.end())
        y = int(year)
        if month is None:
            return When(*_range(dt.date(y, 1, 1), dt.date(y, 12, 31)), start=m.start(), end=m.end())
        mo = _number(month)
        if day is None:
            return When(*_range(dt.date(y, mo, 1), _month_end(y, mo)), start=m.start(), end=m.end())
        d = dt.date(y, mo, _number(day))
        return When(*_range(d, d), start=m.start(), end=m.end())
    except ValueError:  # 2023年13月: not a date
        return When()


def find_when(text: str, today: dt.date | None = None) -> When:
    """The first date expression in `text`, as a range; an empty When if there is none."""
    today = today or dt.date.today()
    found = [w for w in (_absolute(m) for m in _ABSOLUTE.finditer(text)) if w]
    for m in _RELATIVE.finditer(text):
        word = m.group()
        if word in _YEARS_AGO:  # `去年12月`: the month (and day) of that year
            after = _ABSOLUTE.match(f"{today.year - _YEARS_AGO[word]}年" + text[m.end() :])
            if after and after.group(2):
                w = _absolute(after)
                found.append(When(w.date_from, w.date_to, start=m.start(), end=m.end() + after.end() - 5))
                continue
        found.append(When(*_relative(word, today), start=m.start(), end=m.end()))
    return min(found, key=lambda w: w.start) if found else When()
