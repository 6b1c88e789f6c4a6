"""Was it said on the day the claim says? The date in a claim's attribution (`毛宁6月2日说`) against the
passage's date."""
from __future__ import annotations

import re
from dataclasses import dataclass

_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号]")


@dataclass(frozen=True)
class DateCheck:
    claimed: str  # the date as the claim writes it (`6月2日`)
    corpus: str  # the passage's date (ISO), "" when the corpus does not say
    agrees: bool | None  # None: the corpus has no date


def claimed_date(attribution: str) -> str:
    """The date an attribution names (`2023年6月1日`, `6月2日`, `2日`), or ""."""
    m = _DATE.search(attribution)
    return m.group(0) if m else ""


def check_date(claimed: str, date: str) -> DateCheck:
    """The claimed date against the passage's ISO date: every part the claim gives must agree."""
    m = _DATE.fullmatch(claimed.strip())
    if not m or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
        return DateCheck(claimed, date or "", None)
    year, month, day = date.split("-")
    given = [(g, v) for g, v in zip(m.groups(), (year, month, day)) if g]
    return DateCheck(claimed, date, all(int(g) == int(v) for g, v in given))
