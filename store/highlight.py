"""Which characters of a passage a query matched: the aligned window widened to whole shared runs, so
that the bold part neither starts nor ends in the middle of matched words (`20**15年…冰雪运**动`)."""
from __future__ import annotations

from rapidfuzz.distance import Indel

MIN_RUN = 2  # shorter shared runs are coincidences (a 的, a 国)
REACH = 3  # characters beyond the aligned window in which a shared run may continue


def exact_span(query: str, text: str, start: int, end: int) -> tuple[int, int]:
    """`start`…`end` (search forms) widened to the runs of at least two characters the query shares
    with `text` that overlap it or lie within a few characters of it."""
    if not query or end <= start:
        return start, end
    lo, hi = max(0, start - REACH), min(len(text), end + REACH)
    for op in Indel.opcodes(query, text[lo:hi]):
        if op.tag == "equal" and op.dest_end - op.dest_start >= min(MIN_RUN, len(query)):
            start, end = min(start, lo + op.dest_start), max(end, lo + op.dest_end)
    return start, end
