"""Understand a user's question: explicit filters, speaker/date/outlet cues, and the words to match.

The content is normalised like passages; question filler (怎么说, 有哪些, ？…) stays in the string but
is masked, so it neither drives the match nor breaks the bigrams around it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from store.textnorm import normalize, normalize_with_map

MAX_QUERY_CHARS = 300  # longer input is matched on its first 300 normalised characters
FRAGMENT_MIN = 6  # characters from which an unbroken query is read as a remembered quote

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]")
_FILTER = re.compile(r"(?i)\b(speaker|from|to|outlet|since|until)\s*[:：=]\s*(\"[^\"]+\"|\S+)")
_SEPARATOR = re.compile(r"[\s，。、；：！？,.;:!?“”\"'（）()]+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?")
_FILLER = re.compile(
    "是?什么时候|是?何时|怎么说的?|怎么讲|说了什么|说过什么|讲了什么|谈了什么|说了哪些|有哪些|有什么|是什么|如何看待|怎么看待?|怎样看待|"
    "如何评价|怎么评价|是?怎么|为什么|为何|何地|何人|何种|什么|哪[一二两三四五六七八九十几]?[个些位名种家年国条项次天月里儿]?|"
    "几[个年月次位名种项条天家岁]|多少|多大|多长|多久|多高|多远|怎么样|怎样|如何|请问|是谁|谁说过?|谁|有没有|是否|原话|"
    "吗$|呢$|吧$|啊$|呀$|^(?:关于|有关|谈谈|谈|说说|讲讲|讲|说|称|表示|指出|强调|对于|对|就|提到|谈到)"
)


@dataclass
class Filters:
    """Restrictions on results. Speakers and outlets match after normalisation, by containment."""

    speakers: list[str] = field(default_factory=list)
    date_from: str = ""  # ISO prefix, inclusive
    date_to: str = ""  # ISO prefix, inclusive
    outlets: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.speakers or self.date_from or self.date_to or self.outlets)


@dataclass
class ParsedQuery:
    raw: str
    norm: str  # content to match, normalised
    mask: list[bool]  # True where `norm` is question filler
    filters: Filters  # hard: given explicitly
    cue_speakers: list[str] = field(default_factory=list)  # soft: names of known speakers in the question
    cue_years: tuple[str, str] = ("", "")  # soft: a year (and month) in the question
    fragment: bool = False  # an unbroken run of words with no question form: a remembered quote

    @property
    def content(self) -> str:
        return "".join(c for c, m in zip(self.norm, self.mask) if not m)


def sanitize(text: str, fold: bool = True) -> str:
    """Remove control, zero-width and lone surrogate characters; fold compatibility forms (unless not `fold`:
    text shown back to the user as typed)."""
    clean = _CONTROL.sub("", text or "")
    return (unicodedata.normalize("NFKC", clean) if fold else clean).strip()


def _date_bound(value: str, end: bool) -> str:
    digits = re.findall(r"\d+", value)
    if not digits or not re.fullmatch(r"(19|20)\d{2}", digits[0]):
        return ""
    parts = [digits[0]] + [d.zfill(2) for d in digits[1:3]]
    return "-".join(parts) + ("\uffff" if end else "")


def parse(question: str, known_speakers: dict[str, list[str]] | None = None) -> ParsedQuery:
    """Split a question into filters, cues and masked content; `known_speakers` maps normalised names
    to the names as written."""
    text = sanitize(question)
    filters = Filters()
    for key, value in _FILTER.findall(text):
        value = value.strip('"')
        key = key.lower()
        if key == "speaker":
            filters.speakers.append(value)
        elif key == "outlet":
            filters.outlets.append(value)
        elif key in ("from", "since"):
            filters.date_from = _date_bound(value, end=False)
        else:
            filters.date_to = _date_bound(value, end=True)
    text = _FILTER.sub(" ", text)
    m = _YEAR.search(text)
    years = (m.group(1), m.group(2) or "") if m else ("", "")
    norm, _ = normalize_with_map(text)
    norm = norm[:MAX_QUERY_CHARS]
    cue_speakers = []
    segments = [normalize(part) for part in _SEPARATOR.split(text)]  # runs of words between spaces and punctuation
    for key, names in sorted((known_speakers or {}).items(), key=lambda kv: -len(kv[0])):
        if len(key) < 2 or len(norm) <= len(key) or key not in norm:
            continue
        # a name inside a run of words is part of a quote (`不了解傅聪大使的…`), not a cue
        if any(seg.startswith(key) or seg.endswith(key) for seg in segments):
            cue_speakers += names
            norm = norm.replace(key, " ", 1)
    norm = norm.replace(" ", "")
    mask = [False] * len(norm)
    for f in _FILLER.finditer(norm):
        for i in range(f.start(), f.end()):
            mask[i] = True
    fragment = (
        len(norm) >= FRAGMENT_MIN
        and not any(mask)
        and not cue_speakers
        and not re.search(r"\S\s+\S|[?？]", text)
    )
    return ParsedQuery(question, norm, mask, filters, cue_speakers, years, fragment)
