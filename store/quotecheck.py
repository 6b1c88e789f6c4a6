"""Is a claimed quote in the corpus? Verbatim, reworded (with what differs), or not at all.

"Verbatim" compares the search forms: the same words, whatever the script (simplified/traditional),
width, case or punctuation. The corpus text shown is always the original.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from store.align import fit, locate
from store.query import Filters, ParsedQuery, sanitize
from store.reader import IndexReader, PassageRow
from store.retrieval import Hit, Scored, Source, candidates, make_hit, query_terms
from store.textnorm import normalize_with_map

REWORDED_MIN = 0.7  # similarity from which a claim counts as a rewording of the closest passage
MIN_CHARS = 4
ALIGN_TOP = 12  # candidates aligned precisely


@dataclass
class Difference:
    """One edit between the claim and the corpus text, both as written."""

    kind: str  # "replace", "insert" (the corpus has more) or "delete" (the claim has more)
    claimed: str
    corpus: str


@dataclass
class QuoteCheck:
    verdict: str  # "verbatim", "reworded", "not_found" or "too_short"
    claim: str
    similarity: float = 0.0
    hit: Hit | None = None  # the closest passage
    matched: str = ""  # the part of the passage that corresponds to the claim, as written
    differences: list[Difference] = field(default_factory=list)
    also_reported_by: list[Source] = field(default_factory=list)


def _align(claim_norm: str, row: PassageRow) -> tuple[float, int, int]:
    """Similarity of the claim to the passage and the window of the passage it corresponds to."""
    score, s, e = locate(claim_norm, row.norm)
    if score == 1.0 or e <= s:
        return score, s, e
    return fit(claim_norm, row.norm, s, e)


def _differences(claim: str, corpus: str) -> list[Difference]:
    """Edits from the claim to the corpus text, computed on search forms and shown as written."""
    a, amap = normalize_with_map(claim)
    b, bmap = normalize_with_map(corpus)

    def cut(text: str, index: list[int], s: int, e: int) -> str:
        return text[index[s] : index[e - 1] + 1] if e > s else ""

    return [
        Difference(op.tag, cut(claim, amap, op.src_start, op.src_end), cut(corpus, bmap, op.dest_start, op.dest_end))
        for op in Levenshtein.opcodes(a, b)
        if op.tag != "equal"
    ]


def check_quote(index: IndexReader | Path | str, claim: str) -> QuoteCheck:
    """Look a claimed quote up in the corpus."""
    reader = index if isinstance(index, IndexReader) else IndexReader(index)
    text = sanitize(claim)
    norm, _ = normalize_with_map(text)
    if len(norm) < MIN_CHARS:
        return QuoteCheck("too_short", text)
    q = ParsedQuery(text, norm, [False] * len(norm), Filters())
    terms = query_terms(reader, q)
    rows = list(reader.rows(candidates(reader, terms, Filters())).values()) if terms else []
    rows.sort(key=lambda row: fuzz.partial_ratio(norm, row.norm), reverse=True)
    scored = []
    for row in rows[:ALIGN_TOP]:
        similarity, s, e = _align(norm, row)
        scored.append((similarity, -len(row.norm), row, s, e))
    if not scored:
        return QuoteCheck("not_found", text)
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    similarity, _, best, s, e = scored[0]
    best_scored = Scored(best, similarity, (s, e))
    same = [
        Scored(row, sim, (rs, re_))
        for sim, _, row, rs, re_ in scored[1:]
        if row.document_id != best.document_id and sim >= similarity - 0.02 and sim >= REWORDED_MIN
    ]
    hit = make_hit(best_scored, same)
    matched = best.text[hit.span[0] : hit.span[1]]
    if similarity >= 0.999:
        verdict = "verbatim"
    elif similarity >= REWORDED_MIN:
        verdict = "reworded"
    else:
        return QuoteCheck("not_found", text, round(similarity, 3), hit, matched)
    diffs = [] if verdict == "verbatim" else _differences(text, matched)
    return QuoteCheck(verdict, text, round(similarity, 3), hit, matched, diffs, hit.also_reported_by)
