"""Newest first: a known speaker's (or outlet's) latest statements, for a question that names only them.

Journalists' questions are never listed as anyone's statement; a passage is listed under a speaker only
when its attribution is strong enough to name them (the index stores no weaker speaker).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # store.reader loads the filter columns (store.columns), which read DATE from here
    from store.reader import IndexReader

DATE = "coalesce(nullif(d.date, ''), nullif(d.published, ''), '')"  # SQL: the date a document `d` is dated by


def newest_ids(reader: IndexReader, where: str, args: list, limit: int, min_chars: int = 0) -> list[int]:
    """Passage ids meeting the SQL condition `where` (on passages `p`, documents `d`), newest document
    first, in reading order within a document; passages shorter than `min_chars` (a salutation, `全文如下：`)
    say nothing to list."""
    sql = (
        "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id "
        f"WHERE p.kind != 'question' AND length(p.norm) >= ? AND ({where or '1'}) "
        f"ORDER BY {DATE} DESC, d.id DESC, p.ord LIMIT ?"
    )
    return [r[0] for r in reader.conn().execute(sql, [min_chars, *args, limit])]
