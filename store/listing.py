"""Newest first: a known speaker's (or outlet's) latest statements, for a question that names only them.

Journalists' questions are never listed as anyone's statement; a passage is listed under a speaker only
when its attribution is strong enough to name them (the index stores no weaker speaker).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # store.reader loads the filter columns (store.columns), which read DATE from here
    from store.reader import IndexReader

_BATCH = 500  # passages read at a time (whole documents)
DATE = "coalesce(nullif(d.date, ''), nullif(d.published, ''), '')"  # SQL: the date a document `d` is dated by


def newest_ids(
    reader: IndexReader, where: str, args: list, limit: int, min_chars: int, among: np.ndarray, documents: np.ndarray,
) -> list[int]:
    """Passage ids meeting the SQL condition `where` (on passages `p`, documents `d`), newest document
    first, in reading order within a document; passages shorter than `min_chars` (a salutation, `全文如下：`)
    say nothing to list. `among` holds every such passage (and maybe others), the newest document's first
    (store.columns), with each one's document in `documents`: they are read whole documents at a time,
    until `limit` are found."""
    out: list[int] = []
    start = 0
    while start < len(among) and len(out) < limit:
        end = min(start + _BATCH, len(among))
        while end < len(among) and documents[end] == documents[end - 1]:
            end += 1
        chunk = among[start:end].tolist()
        sql = (
            "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id "
            f"WHERE p.id IN ({','.join('?' * len(chunk))}) AND p.kind != 'question' AND length(p.norm) >= ? "
            f"AND ({where or '1'}) ORDER BY {DATE} DESC, d.id DESC, p.ord LIMIT ?"
        )
        out += [r[0] for r in reader.conn().execute(sql, [*chunk, min_chars, *args, limit - len(out)])]
        start = end
    return out
