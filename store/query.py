"""Understand a user's question: explicit filters, speaker/date/outlet cues, and the words to match.

The content is normalised like passages; question filler (怎么说, 有哪些, ？…) stays in the string but
is masked, so it neither drives the match nor breaks the bigrams around it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from store.fragment import SETTINGS as FRAGMENT
from store.textnorm import normalize, normalize_with_map
from store.when import When, find_when

MAX_QUERY_CHARS = 300  # longer input is matched on its first 300 normalised characters
FRAGMENT_MIN = 6  # characters from which an unbroken query is read as a remembered quote
KEYWORDS_MAX = 12  # content characters up to which a question without a known speaker is keywords

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]")
_FILTER = re.compile(r"(?i)\b(speaker|from|to|outlet|since|until|sort)\s*[:：=]\s*(\"[^\"]+\"|\S+)")
_EXCLUDED = re.compile(r"(?:(?<=\s)|^)-([^\s\-\"“”「」]+)")  # `-乌克兰`: a word the passage must not hold
# a phrase the passage must hold: quoted and standing apart (`"政治解决" -乌克兰`); quotation marks inside
# a sentence (`同台“建交”向中方`) are the text's own
_EXACT = re.compile(r"(?:(?<=\s)|^)(?:\"([^\"]+)\"|“([^”]+)”|「([^」]+)」|『([^』]+)』)(?=\s|$)")
_NEWEST = re.compile(r"(?i)最新|最近|近期|latest|newest|most recent|recent")
_SINCE = re.compile(r"\s*(?:以来|以后|之后|以前|之前|前后|前|后|初|底|末|中|起|至|到|—|-|~|～)")
_RELATIVE_WORDS = re.compile(r"今|去|前|本|这|上|昨")  # relative dates (`去年`) need a question or a speaker
_SINCE_BEFORE = re.compile(r"(?:自|从|截至|截止|直到|到|至)\s*$")
# with a newest-first question, words that only say "what they said" (`毛宁最新表态`)
_STATEMENT_WORDS = re.compile(r"(?i)的?(?:表态|讲话|发言|言论|说法|动态|statements?|remarks|comments?)")
_SEPARATOR = re.compile(r"[\s，。、；：！？,.;:!?“”\"'（）()]+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?")
# filler that opens or closes a quoted sentence as often as a question (`对…发挥了重要作用`, `…不符的言论`)
_OPENING = "关于|有关|对于|对|就|称|表示|指出|强调|提到|谈到"
_CLOSING = "的?(?:表态|讲话|言论|说法)$"
_FILLER = re.compile(
    "是?什么时候|是?何时|怎么说的?|怎么讲|说了什么|说过什么|讲了什么|谈了什么|说了哪些|有哪些|有什么|是什么|如何看待|怎么看待?|怎样看待|"
    "如何评价|怎么评价|是?怎么|为什么|为何|何地|何人|何种|什么|哪[一二两三四五六七八九十几]?[个些位名种家年国条项次天月里儿]?|"
    "几[个年月次位名种项条天家岁]|多少|多大|多长|多久|多高|多远|怎么样|怎样|如何|请问|是?谁(?:说|讲)(?:过|的)?|是谁|谁|有没有|是否|原话|"
    f"吗$|呢$|吧$|啊$|呀$|{_CLOSING}|^(?:谈谈|谈|说说|讲讲|讲|说|{_OPENING})"
)


@dataclass
class Filters:
    """Restrictions on results. Speakers and outlets match after normalisation, by containment."""

    speakers: list[str] = field(default_factory=list)
    date_from: str = ""  # ISO prefix, inclusive
    date_to: str = ""  # ISO prefix, inclusive
    outlets: list[str] = field(default_factory=list)
    month_day: str = ""  # "MM-DD": that day of any year
    undated_ok: bool = False  # the dates come from the question's words: undated documents pass
    date_text: str = ""  # those words, normalised: a passage that says them (`今年7月…`) passes as text
    required: list[str] = field(default_factory=list)  # normalised phrases a passage must hold
    excluded: list[str] = field(default_factory=list)  # normalised words a passage must not hold

    def admits(self, norm: str) -> bool:
        """A passage's search form holds every required phrase and no excluded word."""
        return all(p in norm for p in self.required) and not any(w in norm for w in self.excluded)

    def __bool__(self) -> bool:
        return bool(
            self.speakers or self.date_from or self.date_to or self.outlets or self.month_day
            or self.required or self.excluded
        )


@dataclass
class ParsedQuery:
    raw: str
    norm: str  # content to match, normalised
    mask: list[bool]  # True where `norm` is question filler
    filters: Filters  # hard: given explicitly
    cue_speakers: list[str] = field(default_factory=list)  # soft: names of known speakers in the question
    cue_years: tuple[str, str] = ("", "")  # soft: a year (and month) in the question
    fragment: bool = False  # an unbroken run of words with no question form (long, after a speaker's name): a remembered quote
    newest: bool = False  # newest first: `sort:new`, 最新, 最近, latest
    date_words: str = ""  # the normalised date expression read as a date (`2023年2月`), still in `norm`
    named_norm: str = ""  # `norm` with the cue speakers' names left in (`王处直的字是什么`)
    asks: bool = False  # question words, a question mark or words apart: not one pasted run of text

    @functools.cached_property
    def content(self) -> str:
        """`norm` without the question filler (`norm` and `mask` are not changed once parsed)."""
        return "".join(c for c, m in zip(self.norm, self.mask) if not m)

    @property
    def listing(self) -> bool:
        """Nothing to match, only whose statements, which outlet's or which days' to list: newest first."""
        return not self.content and bool(self.filters or self.cue_speakers)

    def with_names(self) -> ParsedQuery:
        """The query with its speaker cues read as text: for passages that name them rather than quote them
        (a question only: in a pasted run of text a name is where the text says it)."""
        if not self.cue_speakers or not self.named_norm or not self.asks:
            return self
        norm = self.named_norm
        return dataclasses.replace(self, norm=norm, mask=_filler_mask(norm, self.date_words), cue_speakers=[])

    def without_dates(self) -> ParsedQuery:
        """The query with its date words masked, for documents that have a date (it is a filter there)."""
        i = self.norm.find(self.date_words) if self.date_words else -1
        if i < 0:
            return self
        mask = [m or i <= j < i + len(self.date_words) for j, m in enumerate(self.mask)]
        return dataclasses.replace(self, mask=mask, date_words="")


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


def _known(norm: str, known: dict[str, list[str]] | None) -> list[str]:
    """The names as written when `norm` is exactly a known name (a bare `毛宁`)."""
    return list((known or {}).get(norm, [])) if len(norm) >= 2 else []


@dataclass(frozen=True)
class _NameIndex:
    """Known names of two characters or more, longest first (ties in the mapping's order), for finding
    which of them a short text holds without scanning them all."""

    order: list[tuple[str, list[str]]]
    rank: dict[str, int]
    lengths: tuple[int, ...]


_LAST_NAMES: tuple[dict | None, _NameIndex] = (None, _NameIndex([], {}, ()))


def _name_index(known: dict[str, list[str]] | None) -> _NameIndex:
    """The index of `known`; the last mapping's is kept: every question against one index generation
    passes the same mapping."""
    global _LAST_NAMES
    if _LAST_NAMES[0] is not known:
        order = sorted(((k, v) for k, v in (known or {}).items() if len(k) >= 2), key=lambda kv: -len(kv[0]))
        _LAST_NAMES = (known, _NameIndex(order, {k: i for i, (k, _) in enumerate(order)}, tuple(sorted({len(k) for k, _ in order}))))
    return _LAST_NAMES[1]


def _held(text: str, known: dict[str, list[str]] | None) -> list[str]:
    """The known names `text` holds, longest first."""
    index = _name_index(known)
    ranks = {index.rank[w] for n in index.lengths for i in range(len(text) - n + 1) if (w := text[i : i + n]) in index.rank}
    return [index.order[r][0] for r in sorted(ranks)]


def _next_name(text: str, known: dict[str, list[str]] | None, after: int = -1) -> tuple[int, str, list[str]] | None:
    """The first known name (longest first) that `text` holds of those ranked after `after`: (rank, name,
    the names as written). Walking a text with it, changing it on the way, visits the names as a loop over
    all of them in that order would."""
    index = _name_index(known)
    rank = next((index.rank[k] for k in _held(text, known) if index.rank[k] > after), None)
    return None if rank is None else (rank, *index.order[rank])


def _about_someone(
    text: str, known_speakers: dict[str, list[str]] | None, skip: tuple[int, int] = (0, 0), strict: bool = False
) -> bool:
    """The question asks what a known speaker said, or is a few keywords (`本周 飞艇`): then date and
    recency words are about when it was said. In a long question with no known speaker (a pasted
    journalist's question, `昨天，巴基斯坦发生…中方有何评论？`) they are part of the topic. `strict`:
    only the few keywords count."""
    norm = normalize(text[: skip[0]] + " " + text[skip[1] :])
    if not strict and _held(norm, known_speakers):
        return True
    content = "".join(c for i, c in enumerate(norm) if not any(f.start() <= i < f.end() for f in _FILLER.finditer(norm)))
    return len(content) <= KEYWORDS_MAX


def _reads_as_date(text: str, when: When, known_speakers: dict[str, list[str]] | None) -> bool:
    """Date words are a date between spaces (`毛宁 2023年2月 飞艇`), next to a known speaker
    (`毛宁2023年2月3日谈飞艇`), in a question about someone (`毛宁去年说了什么`) and, when written out,
    with a few keywords (`2023年2月关于飞艇的表态`). They are text in a remembered quote (`2023年，中国外交
    攻坚克难`, `今年正值论坛成立10周年`), in a long pasted question, after 自 or before 以来 (`2015年以来`)."""
    if _SINCE.match(text, when.end) or _SINCE_BEFORE.search(text, 0, when.start):
        return False
    start = max((m.end() for m in re.finditer(r"\s+", text[: when.start])), default=0)
    end = next((m.start() + when.end for m in re.finditer(r"\s+", text[when.end :])), len(text))
    before, after = normalize(text[start : when.start]), normalize(text[when.end : end])
    rest, rank = before + after, -1
    if any(before.endswith(k) or after.startswith(k) for k in _held(rest, known_speakers)):
        return True
    while found := _next_name(rest, known_speakers, rank):  # each name, longest first, taken out in turn
        rank, key, _ = found
        rest = rest.replace(key, "")
    if not rest:
        return True
    if re.match(r"\s*[，,、。；;：:]", text[when.end :]):
        return False  # `2023年，…`: the opening of a sentence
    if re.search(r"[?？]", text) or _FILLER.search(normalize(text)):
        return _about_someone(text, known_speakers, (when.start, when.end))
    return bool(when.date_from or when.month_day) and not _RELATIVE_WORDS.match(text, when.start) and _about_someone(
        text, known_speakers, (when.start, when.end), strict=True)


def parse(
    question: str,
    known_speakers: dict[str, list[str]] | None = None,
    today: dt.date | None = None,
    known_outlets: dict[str, list[str]] | None = None,
) -> ParsedQuery:
    """Split a question into filters, cues and masked content; `known_speakers` (and `known_outlets`)
    map normalised names to the names as written; relative dates (`去年`) are read against `today`."""
    text = sanitize(question)
    filters = Filters()
    newest = False
    for key, value in _FILTER.findall(text):
        value = value.strip('"')
        key = key.lower()
        if key == "speaker":
            filters.speakers.append(value)
        elif key == "outlet":
            filters.outlets.append(value)
        elif key == "sort":
            newest = newest or value.lower() in ("new", "newest", "latest", "date")
        elif key in ("from", "since"):
            filters.date_from = _date_bound(value, end=False)
        else:
            filters.date_to = _date_bound(value, end=True)
    text = _FILTER.sub(" ", text)
    kept = _EXCLUDED.sub(" ", text)
    if normalize(kept) or filters:  # a message that is all `-word` is a quote with a stray dash
        filters.excluded = [w for w in (normalize(m) for m in _EXCLUDED.findall(text)) if w]
        text = kept
    filters.required = [w for w in (normalize("".join(m)) for m in _EXACT.findall(text)) if w]
    if (m := _NEWEST.search(text)) and _about_someone(text, known_speakers, m.span()):
        newest = True
        text = _NEWEST.sub(" ", text)
        text = _STATEMENT_WORDS.sub(" ", text)
    when = find_when(text, today)
    date_words = ""
    if when and not (filters.date_from or filters.date_to) and _reads_as_date(text, when, known_speakers):
        filters.date_from, filters.date_to, filters.month_day = when.date_from, when.date_to, when.month_day
        filters.undated_ok = True
        date_words = filters.date_text = normalize(text[when.start : when.end])
    m = _YEAR.search(text)
    years = (m.group(1), m.group(2) or "") if m else ("", "")
    norm, _ = normalize_with_map(text)
    norm = norm[:MAX_QUERY_CHARS]
    cue_speakers = []
    named_norm = norm
    segments = [normalize(part) for part in _SEPARATOR.split(text)]  # runs of words between spaces and punctuation
    rank = -1
    while found := _next_name(norm, known_speakers, rank):
        rank, key, names = found
        if len(norm) <= len(key):
            continue
        # a name inside a run of words is part of a quote (`不了解傅聪大使的…`), not a cue
        if any(seg.startswith(key) or seg.endswith(key) for seg in segments):
            cue_speakers += names
            norm = norm.replace(key, " ", 1)
    norm = norm.replace(" ", "")
    if not cue_speakers and (bare := _known(norm, known_speakers)):
        cue_speakers, norm = bare, ""
    elif outlets := _known(norm, known_outlets):
        filters.outlets += outlets
        norm = ""
    mask = _filler_mask(norm, date_words)
    asks = _asks(norm, mask) or bool(re.search(r"\S\s+\S|[?？]", text))
    # one long run of words opening or ending with a speaker's name (`夏巴兹总理多次就…`) is a quote about them
    about_speaker = len(norm) >= FRAGMENT.with_name and sum(1 for seg in segments if seg) == 1
    fragment = len(norm) >= FRAGMENT_MIN and not asks and (not cue_speakers or about_speaker)
    return ParsedQuery(
        question, norm, mask, filters, cue_speakers, years, fragment, newest, date_words if date_words in norm else "",
        named_norm if cue_speakers and norm else "", asks,
    )


_QUOTE_EDGE = re.compile(f"^(?:{_OPENING})|{_CLOSING}")


def _asks(norm: str, mask: list[bool]) -> bool:
    """Whether the question filler makes `norm` a question. Filler that is only an opening or closing word
    of one long run of words (FragmentSettings.with_name characters besides it) does not: a pasted
    headline or sentence (`对大熊猫保护发挥了重要作用`) is a remembered quote, not a question about it."""
    if not any(mask):
        return False
    edges = [False] * len(norm)
    for m in _QUOTE_EDGE.finditer(norm):
        edges[m.start() : m.end()] = [True] * (m.end() - m.start())
    inner = [f and not e for f, e in zip(mask, edges)]
    return any(inner) or len(norm) - sum(mask) < FRAGMENT.with_name


def _filler_mask(norm: str, date_words: str) -> list[bool]:
    """True where `norm` is question filler; what follows a date opens the question (`2023年2月关于飞艇`)."""
    mask = [False] * len(norm)
    after_date = norm.find(date_words) + len(date_words) if date_words and date_words in norm else 0
    for offset in dict.fromkeys((0, after_date)):
        for f in _FILLER.finditer(norm[offset:]):
            for i in range(offset + f.start(), offset + f.end()):
                mask[i] = True
    return mask
