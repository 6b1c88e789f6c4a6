"""What a reader holds in memory for an index small enough: every document's attribution columns and every
passage's search form, loaded once per index generation when they fit a budget.

A search then reads only its candidates' own passage rows from SQLite (no join with documents), and the
search forms it re-ranks by rapidfuzz not at all. Ids are never reused (store.db), so what is held for an
id stays true in later generations of the same file; ids indexed since are read from SQLite.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

_DOCUMENT_COLUMNS = ("date", "published", "outlet", "title", "title_norm", "url", "path", "kind")  # as a passage row carries them


def document_columns(table: str = "") -> str:
    """The SQL of the documents' columns a passage row carries, of `table` (an alias) if given."""
    t = f"{table}." if table else ""
    return ", ".join(f"{t}{c}" if c == "path" else f"coalesce({t}{c}, '')" for c in _DOCUMENT_COLUMNS)


ROW_BYTES = 180  # a held document's tuple and string headers, and its short columns (dates, kind), beyond its text
NORM_BYTES = 82  # a held search form's string header and list slot, beyond its characters


@dataclass(frozen=True)
class Resident:
    """The documents' columns by id (those of the row SQL, store.reader) and, when they fit too, the passages'
    search forms by passage id (None: not held)."""

    documents: dict[int, tuple]
    norms: list[str | None] | None

    def norm(self, passage_id: int) -> str | None:
        norms = self.norms
        return norms[passage_id] if norms is not None and 0 <= passage_id < len(norms) else None


def documents_size(conn: sqlite3.Connection) -> int:
    """The bytes the documents' columns take in memory (2 a character, as CPython holds Chinese text)."""
    count, chars = conn.execute(
        "SELECT count(*), coalesce(sum(length(coalesce(title, '')) + length(coalesce(title_norm, '')) + length(coalesce(url, '')) "
        "+ length(path) + length(coalesce(outlet, ''))), 0) FROM documents"
    ).fetchone()
    return count * ROW_BYTES + 2 * chars


def norms_size(conn: sqlite3.Connection, at_most: int) -> int | None:
    """The bytes the passages' search forms take in memory, or None when they take more than `at_most` (then
    their lengths are not summed when their number alone tells)."""
    passages, top = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM passages").fetchone()
    fixed = passages * NORM_BYTES + 8 * top
    if fixed > at_most:
        return None
    size = fixed + 2 * conn.execute("SELECT coalesce(sum(length(norm)), 0) FROM passages").fetchone()[0]
    return size if size <= at_most else None


def load(conn: sqlite3.Connection, budget: int) -> Resident:
    """What fits in `budget` bytes: the documents first, then the search forms; nothing when not even the
    documents fit."""
    room = budget - documents_size(conn)
    if room < 0:
        return Resident({}, None)
    documents = {r[0]: r[1:] for r in conn.execute(f"SELECT id, {document_columns()} FROM documents")}
    norms = None
    if norms_size(conn, room) is not None:
        top = conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]
        norms = [None] * (top + 1)
        for passage_id, norm in conn.execute("SELECT id, norm FROM passages"):
            norms[passage_id] = norm
    return Resident(documents, norms)
