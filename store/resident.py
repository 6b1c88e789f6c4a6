"""What a reader holds in memory for an index small enough: every document's attribution columns, every
passage's search form, and the rest of every passage's row, loaded once per index generation, each as far
as the budget goes, in that order.

A search then reads only its candidates' own passage rows from SQLite (no join with documents), the
search forms it re-ranks by rapidfuzz not at all, and with the rows held, no candidate's row (postings,
bigram frequencies and speaker evidence are still read). Ids are never reused (store.db), so what is held
for an id stays true in later generations of the same file; ids indexed since are read from SQLite.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

_DOCUMENT_COLUMNS = ("date", "published", "outlet", "title", "title_norm", "url", "path", "kind")  # as a passage row carries them
_PASSAGE_HEAD = ("p.id", "p.document_id", "p.ord", "p.text")  # a row's passage columns: these, its search form, its attribution
_ATTRIBUTION = ("coalesce(p.speaker, '')", "coalesce(p.relayed_by, '')", "p.kind", "coalesce(p.speaker_cue, '')",
                "coalesce(p.speaker_evidence, '')", "p.speaker_strength")


def passage_columns(norm: bool = True) -> str:
    """The SQL of a row's passage columns, of `passages p` (without the search form when not `norm`)."""
    return ", ".join(_PASSAGE_HEAD + ("p.norm",) * norm + _ATTRIBUTION)


def document_columns(table: str = "") -> str:
    """The SQL of the documents' columns a passage row carries, of `table` (an alias) if given."""
    t = f"{table}." if table else ""
    return ", ".join(f"{t}{c}" if c == "path" else f"coalesce({t}{c}, '')" for c in _DOCUMENT_COLUMNS)


# Bytes held beyond the characters counted (2 a character, as CPython holds Chinese text), by tracemalloc on
# the 100k bench index (4,421 documents, 103,968 passages):
ROW_BYTES = 580  # a document's tuple, dict entry, string headers and short columns (574 measured)
NORM_BYTES = 74  # a search form's string header (its list slot apart; 29.6 MB in all measured, as estimated)
PASSAGE_BYTES = 232  # a passage row's tuple, id and text header, its other values shared (231 measured; its list slot apart)


@dataclass(frozen=True)
class Resident:
    """The documents' columns by id (those of the row SQL, store.reader) and, as far as they fit too, the
    passages' search forms and their rows but the forms, by passage id (None: not held)."""

    documents: dict[int, tuple]
    norms: list[str | None] | None
    passages: list[tuple | None] | None = None  # by passage id, its row's passage_columns(norm=False)

    def __post_init__(self) -> None:
        if self.passages is not None and self.norms is None:
            raise ValueError("passage rows are held without their search forms (store.reader.rows reads them apart)")

    def norm(self, passage_id: int) -> str | None:
        return _at(self.norms, passage_id)

    def passage(self, passage_id: int) -> tuple | None:
        return _at(self.passages, passage_id)


def _at(held: list | None, passage_id: int):
    """What `held` (by passage id) holds for the id; None when nothing is held or the id came since."""
    return held[passage_id] if held is not None and 0 <= passage_id < len(held) else None


def documents_size(conn: sqlite3.Connection) -> int:
    """The bytes the documents' columns take in memory (2 a character, as CPython holds Chinese text)."""
    count, chars = conn.execute(
        "SELECT count(*), coalesce(sum(length(coalesce(title, '')) + length(coalesce(title_norm, '')) + length(coalesce(url, '')) "
        "+ length(path) + length(coalesce(outlet, ''))), 0) FROM documents"
    ).fetchone()
    return count * ROW_BYTES + 2 * chars


def norms_size(conn: sqlite3.Connection, at_most: int) -> int | None:
    """The bytes the passages' search forms take in memory, or None when more than `at_most`."""
    return _passages_size(conn, NORM_BYTES, "norm", at_most)


def passages_size(conn: sqlite3.Connection, at_most: int) -> int | None:
    """The bytes the passages' rows but their search forms take in memory (their values but the texts are
    held once for all, `_sharing`), or None when more than `at_most`."""
    return _passages_size(conn, PASSAGE_BYTES, "text", at_most)


def _passages_size(conn: sqlite3.Connection, per_passage: int, column: str, at_most: int) -> int | None:
    """`per_passage` bytes a passage, a list slot by id, and 2 a character of its `column`; None when more
    than `at_most` (the characters not summed when the passages' number alone tells)."""
    passages, top = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM passages").fetchone()
    fixed = passages * per_passage + 8 * top
    if fixed > at_most:
        return None
    size = fixed + 2 * conn.execute(f"SELECT coalesce(sum(length({column})), 0) FROM passages").fetchone()[0]
    return size if size <= at_most else None


def _by_id(conn: sqlite3.Connection, select: str, value: Callable[[tuple], object]) -> list:
    """`value` of each row of `select` (its id first) in a list indexed by id (None where there is none)."""
    top = conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]
    out: list = [None] * (top + 1)
    for r in conn.execute(select):
        out[r[0]] = value(r)
    return out


def _sharing(seen: dict) -> Callable[[tuple], tuple]:
    """A row with each of its values but its id and text held once for all rows (`seen`): a few thousand
    documents, names and cues recur over all passages, and a value object each would double the rows' size.
    (Keyed by type too: 1, 1.0 and True are equal keys.)"""
    def once(value: object) -> object:
        return seen.setdefault((type(value), value), value)

    def share(r: tuple) -> tuple:
        return (r[0], *map(once, r[1:3]), r[3], *map(once, r[4:]))
    return share


def load(conn: sqlite3.Connection, budget: int) -> Resident:
    """What fits in `budget` bytes: the documents first, then the search forms, then the passages' rows but
    their search forms; nothing when not even the documents fit."""
    room = budget - documents_size(conn)
    if room < 0:
        return Resident({}, None)
    documents = {r[0]: r[1:] for r in conn.execute(f"SELECT id, {document_columns()} FROM documents")}
    size = norms_size(conn, room)
    if size is None:
        return Resident(documents, None)
    norms = _by_id(conn, "SELECT id, norm FROM passages", lambda r: r[1])
    rows = f"SELECT {passage_columns(norm=False)} FROM passages p"
    held = _by_id(conn, rows, _sharing({})) if passages_size(conn, room - size) is not None else None
    return Resident(documents, norms, held)
