"""Which edits between a claim and the corpus reverse or change what was said.

An edit (on search forms) is a "negation" when it adds or removes a negation (不能 for 能, 还没有 for
已经) or puts a word for its opposite (反对 for 支持); a "number" when it changes a figure or a date
(8万 for 5万, 26日 for 28日, 去年 for 今年); a changed name (日本 for 美国) is a replace that contradicts. Word lists
are in store.wordlists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from store.wordlists import ANTONYMS, MEASURES, NEGATORS, NOT_NEGATION, NUMERALS, PLACES, TIMES

SMALL_EDIT = 3  # an added or dropped run longer than this is words left out or added, not a negation or figure
SMALL_REPLACE = 4  # … and a replaced run longer than this, words rewritten
CONTEXT = 3  # characters either side of an edit in which a word of opposite meaning is looked for
_NUMBER = re.compile(rf"\d+(?:[万亿])?|第[{NUMERALS}]+|[{NUMERALS}]+(?=[{MEASURES}])")
_SINGLE_PLACES = frozenset(p for p in PLACES if len(p) == 1)
_PLACES = tuple(p for p in PLACES if len(p) > 1)


@dataclass(frozen=True)
class Edit:
    """A run of edits: `a[a0:a1]` in the claim stands where the corpus has `b[b0:b1]`; `kind` is
    "negation", "number", "replace", "insert" (the corpus has more) or "delete" (the claim has more);
    `contradicts` is true when the edit changes what was said (a negation, a figure, a name)."""

    kind: str
    a0: int
    a1: int
    b0: int
    b1: int
    contradicts: bool = False


def _is_negator(text: str, i: int) -> bool:
    """`text[i]` negates (it is not part of a word like 不断, 非洲, 未来)."""
    if text[i] not in NEGATORS:
        return False
    return not any(
        text.startswith(word, j) for word in NOT_NEGATION for j in range(max(0, i - len(word) + 1), i + 1)
    )


def _negations(text: str, start: int, end: int) -> int:
    return sum(_is_negator(text, i) for i in range(start, end))


def reverses(left_out: str) -> bool:
    """Words a claim leaves out (search form) that reverse what it keeps: a few, with a negation (不, 没有)."""
    return len(left_out) <= SMALL_EDIT and _negations(left_out, 0, len(left_out)) > 0


@lru_cache(maxsize=2)
def _others(groups: tuple[tuple[str, ...], ...]) -> dict[str, set[str]]:
    """Each word of `groups` → the other words of its group."""
    out: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            out.setdefault(word, set()).update(w for w in group if w != word)
    return out


def _overlaps(s: int, t: int, start: int, end: int) -> bool:
    """`[s, t)` overlaps `[start, end)`, or touches it when it is empty (an insertion point)."""
    return s < max(end, start + 1) and t > start - (start == end)


def _words_at(text: str, start: int, end: int, words) -> list[tuple[str, int, int]]:
    """The `words` occurring in `text` that overlap `text[start:end]` (or touch it when it is empty)."""
    out = []
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    for word in words:
        j = text.find(word, max(0, lo - len(word) + 1), hi + len(word))
        while j >= 0 and j < hi:
            if _overlaps(j, j + len(word), start, end):
                out.append((word, j, j + len(word)))
            j = text.find(word, j + 1, hi + len(word))
    return out


def _swapped(a: str, b: str, e: Edit, groups: tuple[tuple[str, ...], ...]) -> tuple[int, int, int, int] | None:
    """The spans of two words of one group (opposites, days) that the edit puts one for the other, if any."""
    others = _others(groups)
    for word, s, t in _words_at(a, e.a0, e.a1, others):
        for other, u, v in _words_at(b, e.b0, e.b1, others[word]):
            if other not in a[max(0, s - CONTEXT) : t + CONTEXT] and word not in b[max(0, u - CONTEXT) : v + CONTEXT]:
                return min(s, e.a0), max(t, e.a1), min(u, e.b0), max(v, e.b1)
    return None


def _numbers(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _NUMBER.finditer(text) if _overlaps(m.start(), m.end(), start, end)]


def _place(a: str, b: str, e: Edit) -> bool:
    """The edit names one country, region or organisation for another."""
    if e.a1 - e.a0 == 1 and e.b1 - e.b0 == 1 and a[e.a0] in _SINGLE_PLACES and b[e.b0] in _SINGLE_PLACES:
        return True
    mine = {w for w, _, _ in _words_at(a, e.a0, e.a1, _PLACES)}
    theirs = {w for w, _, _ in _words_at(b, e.b0, e.b1, _PLACES)}
    return bool(mine and theirs and mine != theirs and not mine & theirs)


def classify(a: str, b: str, e: Edit) -> Edit:
    """The edit named for what it does to the meaning, widened to the words it changes. Only a few
    words put for others, added or dropped can reverse a statement; a clause rewritten, added or left
    out is a rewording."""
    small = max(e.a1 - e.a0, e.b1 - e.b0) <= SMALL_REPLACE if e.kind == "replace" else (e.a1 - e.a0) + (e.b1 - e.b0) <= SMALL_EDIT
    if not small:
        return e
    numbers_a, numbers_b = _numbers(a, e.a0, e.a1), _numbers(b, e.b0, e.b1)
    changed = [n for n, _, _ in numbers_a] != [n for n, _, _ in numbers_b]
    if changed and numbers_a:  # the claim states another figure (dropping one is not)
        starts_a = [s for _, s, _ in numbers_a] + [e.a0]
        ends_a = [t for _, _, t in numbers_a] + [e.a1]
        starts_b = [s for _, s, _ in numbers_b] + [e.b0]
        ends_b = [t for _, _, t in numbers_b] + [e.b1]
        return Edit("number", min(starts_a), max(ends_a), min(starts_b), max(ends_b), True)
    spans = _swapped(a, b, e, TIMES)
    if spans:
        return Edit("number", *spans, True)
    if _negations(a, e.a0, e.a1) != _negations(b, e.b0, e.b1):
        return Edit("negation", e.a0, e.a1, e.b0, e.b1, True)
    spans = _swapped(a, b, e, ANTONYMS)
    if spans:
        return Edit("negation", *spans, True)
    if e.kind == "replace" and _place(a, b, e):
        return Edit("replace", e.a0, e.a1, e.b0, e.b1, True)
    return e


def reach(claim: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The claim's window `text[start:end]` widened over what, right outside it, changes the claim: a
    negation just before it (不 before 能削弱), or the rest of a figure the claim cuts (2 before 6日)."""
    if start > 0 and _is_negator(text, start - 1) and not (claim and _is_negator(claim, 0)):
        start -= 1
    if claim[:1].isdigit():
        start = min([start] + [s for _, s, t in _numbers(text, start - 1, start) if s < start < t])
    if claim[-1:].isdigit():
        end = max([end] + [t for _, s, t in _numbers(text, end, end + 1) if s < end < t])
    return start, end
