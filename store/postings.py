"""Character-bigram postings in the SQLite index: one row per bigram with its document frequency and the
sorted ids of every passage that holds it (a little-endian uint32 array).

The index side collects the bigrams of passages added and removed during a reindex and merges them into
the table inside the reindex's transaction (so postings change atomically with the passages). The search
side reads whole lists: nothing is capped, so an old passage stays reachable however many newer passages
share its words.
"""
from __future__ import annotations

import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

DTYPE = np.dtype("<u4")  # passage ids as stored
_MERGE_BATCH = 500  # postings rows read per query while merging changes


class PostingsChanges:
    """Passages added to and removed from the index during one reindex, by bigram."""

    def __init__(self) -> None:
        self.added: dict[str, array] = defaultdict(lambda: array("I"))
        self.removed: dict[str, list[int]] = defaultdict(list)

    def add(self, passage_id: int, grams: Iterable[str]) -> None:
        """A new passage; ids must grow from one call to the next (AUTOINCREMENT ids do)."""
        for gram in grams:
            self.added[gram].append(passage_id)

    def remove(self, passage_id: int, grams: Iterable[str]) -> None:
        for gram in grams:
            self.removed[gram].append(passage_id)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def apply(self, conn: sqlite3.Connection) -> None:
        """Merge the changes into the `postings` table (in the caller's transaction)."""
        terms = sorted(set(self.added) | set(self.removed))
        for i in range(0, len(terms), _MERGE_BATCH):
            batch = terms[i : i + _MERGE_BATCH]
            old = dict(conn.execute(f"SELECT term, ids FROM postings WHERE term IN ({','.join('?' * len(batch))})", batch))
            upserts, deletes = [], []
            for term in batch:
                ids = np.frombuffer(old[term], DTYPE) if term in old else np.empty(0, DTYPE)
                if term in self.removed:
                    ids = ids[~np.isin(ids, np.array(self.removed[term], DTYPE))]
                if term in self.added:
                    ids = np.concatenate([ids, np.frombuffer(self.added[term], np.uint32).astype(DTYPE, copy=False)])
                if len(ids):
                    upserts.append((term, len(ids), ids.tobytes()))
                elif term in old:
                    deletes.append((term,))
            conn.executemany("INSERT OR REPLACE INTO postings(term, df, ids) VALUES (?, ?, ?)", upserts)
            conn.executemany("DELETE FROM postings WHERE term = ?", deletes)
        self.added.clear()
        self.removed.clear()


def frequencies(conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """Document frequency of each known term (the id lists themselves are not read)."""
    if not terms:
        return {}
    return dict(conn.execute(f"SELECT term, df FROM postings WHERE term IN ({','.join('?' * len(terms))})", terms))


def read(conn: sqlite3.Connection, terms: list[str]) -> dict[str, np.ndarray]:
    """The full, sorted id list of each known term."""
    if not terms:
        return {}
    rows = conn.execute(f"SELECT term, ids FROM postings WHERE term IN ({','.join('?' * len(terms))})", terms)
    return {term: np.frombuffer(blob, DTYPE) for term, blob in rows}


def starting_with(conn: sqlite3.Connection, char: str) -> np.ndarray:
    """Sorted ids of the passages holding a bigram that starts with `char` (a one-character query)."""
    rows = conn.execute("SELECT ids FROM postings WHERE term >= ? AND term < ?", [char, char + "\U0010ffff"])
    lists = [np.frombuffer(blob, DTYPE) for (blob,) in rows]
    return np.unique(np.concatenate(lists)) if lists else np.empty(0, DTYPE)
