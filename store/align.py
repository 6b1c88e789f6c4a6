"""Where a query sits in a passage: how well it matches and which characters it covers.

Both work on search forms (store.textnorm.normalize); spans are indices into the passage's form.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein


def locate(query: str, text: str) -> tuple[float, int, int]:
    """Similarity (0..1) of `query` to its best window in `text`, and that window trimmed to the
    characters that match (rapidfuzz's partial alignment pads it to the query's length)."""
    i = text.find(query)
    if i >= 0:
        return 1.0, i, i + len(query)
    al = fuzz.partial_ratio_alignment(query, text)
    if al is None or al.score == 0:
        return 0.0, 0, 0
    if len(query) > len(text):  # the passage is the shorter one: it sits inside the query
        return al.score / 100, 0, len(text)
    s, e = al.dest_start, al.dest_end
    same = [op for op in Levenshtein.opcodes(query, text[s:e]) if op.tag == "equal"]
    if same:
        s, e = s + same[0].dest_start, s + same[-1].dest_end
    return al.score / 100, s, e


def held(query: str, text: str) -> int:
    """How many of the query's characters (with repeats) occur anywhere in `text`: no alignment of the query
    in `text` matches more of them."""
    return sum(map(text.__contains__, query))


BOUND_SLACK = 1e-9  # a computed similarity may exceed the exact bound by a rounding step


def locate_bound(query: str, text: str, held_chars: int) -> float:
    """An upper bound of `locate(query, text)`'s similarity, `held_chars` being `held(query, text)`: rapidfuzz's
    partial ratio is 2·LCS / (|query| + |window|) over windows of at most |query| characters (shorter ones
    at the text's edges), and LCS ≤ min(|window|, held_chars), so it is at most 2·held_chars / (|query| +
    held_chars). (1 for an empty query, which `locate` finds anywhere, and when the text is the shorter:
    the windows are then the query's.)"""
    if not query or len(query) > len(text):
        return 1.0
    return min(1.0, 2 * held_chars / (len(query) + held_chars) + BOUND_SLACK)


def quote_edits(query: str, text: str, left_out: float, clause: float = float("inf")) -> float:
    """The fewest edits that turn `query` into some substring of `text`, where a character of the query
    changed or missing costs one edit and a run of text characters the query leaves out costs one edit
    plus `left_out` for each further character, `clause` at most (a word or a clause left out is one or
    two slips, not one per character)."""
    return quote_edits_many(query, [text], left_out, clause)[0]


def quote_edits_many(query: str, texts: list[str], left_out: float, clause: float = float("inf")) -> list[float]:
    """`quote_edits` of `query` in each of `texts`, all at once: one dynamic-programming row per query
    character, computed over every text (padded to the longest) in a few numpy operations."""
    out = [0.0 if query in text else -1.0 for text in texts]
    todo = [i for i, edits in enumerate(out) if edits < 0]
    if not todo:
        return out
    width = max(len(texts[i]) for i in todo)
    chars = np.full((len(todo), width), 0xFFFFFFFF, np.uint32)  # padding matches no character
    for r, i in enumerate(todo):
        chars[r, : len(texts[i])] = np.frombuffer(texts[i].encode("utf-32-le"), dtype=np.uint32)
    extra = left_out * np.arange(width + 1)
    row = np.zeros((len(todo), width + 1))  # row[:, j]: the query so far against text ending at j (it may start anywhere)
    for c in np.frombuffer(query.encode("utf-32-le"), dtype=np.uint32):
        step = np.empty_like(row)
        step[:, 0] = row[:, 0] + 1
        np.minimum(row[:, :-1] + (chars != c), row[:, 1:] + 1, out=step[:, 1:])  # matched or changed; query char missing
        run = np.minimum.accumulate(step - extra, axis=1)  # …or a run of text left out after the best earlier cell
        step[:, 1:] = np.minimum(step[:, 1:], np.minimum(1 + extra[:-1] + run[:, :-1], clause + np.minimum.accumulate(step, axis=1)[:, :-1]))
        row = step
    for r, i in enumerate(todo):  # a cell depends only on cells to its left: the padding changes none of a text's own
        out[i] = float(row[r, : len(texts[i]) + 1].min())
    return out


FIT_PAD = 24  # at most this many characters each edge of a window moves


def fit(query: str, text: str, start: int, end: int) -> tuple[float, int, int]:
    """Move the edges of a window so that it best reads as `query` with some words changed, added or
    dropped: the Levenshtein similarity, where a changed character costs one edit, not two. Each edge
    moves at most FIT_PAD characters, one edge at a time (bounded work whatever the lengths)."""
    pad = min(max(2, len(query) // 3), FIT_PAD)

    def key(s: int, e: int) -> tuple[float, int, int, int]:
        return Levenshtein.normalized_similarity(query, text[s:e]), -abs((e - s) - len(query)), s, e

    best = key(start, end) if end > start else (-1.0, 0, start, end)
    for _ in range(2):
        s0, e0 = best[2], best[3]
        best = max([best] + [key(s, e0) for s in range(max(0, s0 - pad), min(s0 + pad, e0 - 1) + 1)])
        s0, e0 = best[2], best[3]
        best = max([best] + [key(s0, e) for e in range(max(s0 + 1, e0 - pad), min(len(text), e0 + pad) + 1)])
    return best[0], best[2], best[3]
