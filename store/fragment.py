"""A remembered quote (a fragment query): how much of it a passage holds as written.

A journalist who remembers a quote types it nearly as written: a character wrong, missing or extra, or a
word left out. Formulaic text elsewhere shares most of its words, in order, with several of them
changed. So the measure is edits relative to the quote's length, not shared vocabulary: 1 − (the
fewest edits turning the quote into a substring of the passage, store.align.quote_edits) / its length,
and a fragment's confidence is capped by a ramp over it (store.retrieval.confidence).
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from store.align import BOUND_SLACK, quote_edits_many


@dataclass(frozen=True)
class FragmentSettings:
    """The tunable numbers of the fragment judgement (measured on the benchmark's fragment and must-abstain
    classes; README "How it works")."""

    zero: float = 0.79  # share held as written at which a remembered quote's confidence is capped at 0 …
    full: float = 0.92  # … and from which it is not capped (1 edit in 13 characters)
    left_out: float = 0.25  # each further character of a run of passage words the quote leaves out (the first: 1 edit)
    clause: float = 2.0  # the most such a run costs (a clause left out)
    with_name: int = 12  # characters besides a known speaker's name from which one run of words with it is a quote


SETTINGS = FragmentSettings()


def as_written(query: str, text: str, start: int, end: int, settings: FragmentSettings = SETTINGS) -> float:
    """The share of `query` that `text` holds as written around the window `start`–`end` (where it aligns,
    padded by the query's length each side): 1 − edits / length. When the characters found in order (the
    longest common subsequence, an upper bound) already put it at the cap's zero, that bound is returned."""
    return as_written_many(query, [(text, start, end)], settings)[0]


def written_bound(query: str, held_chars: int) -> float:
    """An upper bound of `as_written` of `query` anywhere in a text holding `held_chars` of its characters
    (store.align.held): each character found as written is one the text holds, and each other one an edit."""
    return min(1.0, held_chars / len(query) + BOUND_SLACK) if query else 0.0


def as_written_many(query: str, found: list[tuple[str, int, int]], settings: FragmentSettings = SETTINGS) -> list[float]:
    """`as_written` for each (text, start, end), the edits of all counted at once (store.align.quote_edits_many)."""
    if not query:
        return [0.0] * len(found)
    pad = len(query)
    windows = [text[max(0, start - pad) : end + pad] for text, start, end in found]
    held = [query in w for w in windows]
    out = [1.0 if h else LCSseq.similarity(query, w) / len(query) for w, h in zip(windows, held)]
    counted = [i for i, (h, bound) in enumerate(zip(held, out)) if not h and bound > settings.zero]
    edits = quote_edits_many(query, [windows[i] for i in counted], settings.left_out, settings.clause)
    for i, e in zip(counted, edits):
        out[i] = 1 - e / len(query)
    return out


def ceiling(written: float, settings: FragmentSettings = SETTINGS) -> float:
    """The highest confidence a passage holding this share of a remembered quote as written may get."""
    return (written - settings.zero) / (settings.full - settings.zero)
