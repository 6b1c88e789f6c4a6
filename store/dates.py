"""Dates as they appear in scraped pages → ISO `YYYY-MM-DD`."""
from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_ZH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_EPOCH_MS = re.compile(r"^\d{13}$")


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def parse_date(value: object) -> str:
    """The first full date in `value` (a date, a datetime, an epoch in ms or a string), or ""."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    if _EPOCH_MS.match(text):
        return dt.datetime.fromtimestamp(int(text) / 1000, dt.timezone.utc).date().isoformat()
    dates = find_dates(text)
    return dates[0] if dates else ""


def find_dates(text: str) -> list[str]:
    """All full dates (`2021-10-07`, `2021/10/7`, `2021年10月7日`) in text order."""
    found = [(m.start(), _iso(*map(int, m.groups()))) for m in _ZH.finditer(text)]
    found += [(m.start(), _iso(*map(int, m.groups()))) for m in _ISO.finditer(text)]
    return [d for _, d in sorted(found) if d]
