"""Character-bigram postings in the SQLite index: one row per bigram with the sorted ids of every passage
that holds it (a little-endian uint32 array), and its document frequency in `grams`.

The index side collects the bigrams of passages added and removed during a reindex and merges them into
the table inside the reindex's transaction (so postings change atomically with the passages). Bigrams are
handled as integer codes (two BMP characters in 32 bits; the rare others as strings) and a posting as one
64-bit key (code, passage id), so that collecting and grouping millions of them is array work, not a
Python loop. The search side reads whole lists: nothing is capped, so an old passage stays reachable
however many newer passages share its words.
"""
from __future__ import annotations

import sqlite3
import tempfile
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

import numpy as np

DTYPE = np.dtype("<u4")  # passage ids as stored
BUCKETS = 64  # postings are grouped a bucket of bigram codes at a time (bounds the memory of one sort)
_STAGE = 4_000_000  # keys collected before they are split into buckets
_BATCH = 500  # postings rows read per query while merging changes


@dataclass
class Encoded:
    """The distinct bigrams of some passages: BMP bigram codes (sorted per passage) and the rest as text."""

    codes: np.ndarray  # uint32, all passages' codes in a row
    counts: list[int]  # codes per passage
    others: list[list[str]] = field(default_factory=list)  # per passage, bigrams with a non-BMP character


def encode(norms: list[str]) -> Encoded:
    """The distinct bigrams of each normalised passage (a one-character passage: that character)."""
    parts, counts, others = [], [], []
    for norm in norms:
        chars = np.frombuffer(norm.encode("utf-32-le"), np.uint32)
        if len(chars) == 1:
            wide = chars > 0xFFFF
            codes = chars[~wide] << np.uint32(16)
            other = [norm] if wide[0] else []
        else:
            wide = (chars[:-1] > 0xFFFF) | (chars[1:] > 0xFFFF)  # bigrams with a non-BMP character
            codes = np.unique(((chars[:-1] << np.uint32(16)) | chars[1:])[~wide])
            other = sorted({norm[i : i + 2] for i in np.flatnonzero(wide)})
        parts.append(codes)
        counts.append(len(codes))
        others.append(other)
    return Encoded(np.concatenate(parts) if parts else np.empty(0, np.uint32), counts, others)


def term(code: int) -> str:
    """The bigram (or single character) a code stands for."""
    second = code & 0xFFFF
    return chr(code >> 16) + (chr(second) if second else "")


class _Keys:
    """(code, passage id) postings as 64-bit keys, collected in buckets of codes that wait in temporary
    files (a full build holds about 100 keys a passage: they stay out of memory until grouped)."""

    def __init__(self) -> None:
        self._stage: list[np.ndarray] = []
        self._staged = 0
        self._buckets: list[IO[bytes] | None] = [None] * BUCKETS
        self.others: dict[str, array] = defaultdict(lambda: array("I"))

    def add(self, ids: list[int], encoded: Encoded) -> None:
        pids = np.repeat(np.asarray(ids, np.uint64), encoded.counts)
        self._stage.append((encoded.codes.astype(np.uint64) << np.uint64(32)) | pids)
        self._staged += len(pids)
        for pid, grams in zip(ids, encoded.others):
            for gram in grams:
                self.others[gram].append(pid)
        if self._staged >= _STAGE:
            self._split()

    def _split(self) -> None:
        if not self._stage:
            return
        keys = np.concatenate(self._stage)
        self._stage, self._staged = [], 0
        bucket = ((keys >> np.uint64(32)) % np.uint64(BUCKETS)).astype(np.intp)
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(BUCKETS + 1))
        keys = keys[order]
        for b in range(BUCKETS):
            if bounds[b] < bounds[b + 1]:
                spill = self._buckets[b] = self._buckets[b] or tempfile.TemporaryFile()
                spill.write(keys[bounds[b] : bounds[b + 1]].tobytes())

    def __bool__(self) -> bool:
        return bool(self._stage or self.others or any(self._buckets))

    def groups(self, bucket: int) -> dict[str, np.ndarray]:
        """Bigram → sorted passage ids, for one bucket of codes (its temporary file is removed)."""
        self._split()
        spill, self._buckets[bucket] = self._buckets[bucket], None
        if spill is None:
            return {}
        with spill:
            spill.seek(0)
            keys = np.sort(np.frombuffer(spill.read(), np.uint64))
        codes = (keys >> np.uint64(32)).astype(np.int64)
        pids = (keys & np.uint64(0xFFFFFFFF)).astype(DTYPE)
        starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1, [len(codes)]])
        return {term(int(codes[s])): pids[s:e] for s, e in zip(starts[:-1], starts[1:])}

    def other_groups(self) -> dict[str, np.ndarray]:
        out = {gram: np.unique(np.frombuffer(ids, np.uint32)).astype(DTYPE) for gram, ids in self.others.items()}
        self.others.clear()
        return out


class PostingsChanges:
    """Passages added to and removed from the index during one reindex."""

    def __init__(self) -> None:
        self._added, self._removed = _Keys(), _Keys()

    def add(self, ids: list[int], encoded: Encoded) -> None:
        """New passages; their ids are larger than any in the index (AUTOINCREMENT ids are)."""
        self._added.add(ids, encoded)

    def remove(self, ids: list[int], norms: list[str]) -> None:
        self._removed.add(ids, encode(norms))

    def __bool__(self) -> bool:
        return bool(self._added or self._removed)

    def apply(self, conn: sqlite3.Connection) -> None:
        """Merge the changes into the `postings` table (in the caller's transaction)."""
        for added, removed in self._by_bucket():
            terms = sorted(set(added) | set(removed))
            for i in range(0, len(terms), _BATCH):
                batch = terms[i : i + _BATCH]
                old = dict(conn.execute(f"SELECT term, ids FROM postings WHERE term IN ({','.join('?' * len(batch))})", batch))
                upserts, deletes = [], []
                for gram in batch:
                    ids = np.frombuffer(old[gram], DTYPE) if gram in old else np.empty(0, DTYPE)
                    if gram in removed:
                        ids = ids[~np.isin(ids, removed[gram])]
                    if gram in added:
                        ids = np.concatenate([ids, added[gram]])
                    if len(ids):
                        upserts.append((gram, len(ids), ids.tobytes()))
                    elif gram in old:
                        deletes.append((gram,))
                conn.executemany("INSERT OR REPLACE INTO postings(term, ids) VALUES (?, ?)", [(g, b) for g, _, b in upserts])
                conn.executemany("INSERT OR REPLACE INTO grams(term, df) VALUES (?, ?)", [(g, df) for g, df, _ in upserts])
                conn.executemany("DELETE FROM postings WHERE term = ?", deletes)
                conn.executemany("DELETE FROM grams WHERE term = ?", deletes)

    def _by_bucket(self) -> Iterator[tuple[dict[str, np.ndarray], dict[str, np.ndarray]]]:
        for bucket in range(BUCKETS):
            yield self._added.groups(bucket), self._removed.groups(bucket)
        yield self._added.other_groups(), self._removed.other_groups()


def frequencies(conn: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    """Document frequency of each known term (the id lists themselves are not read)."""
    if not terms:
        return {}
    return dict(conn.execute(f"SELECT term, df FROM grams WHERE term IN ({','.join('?' * len(terms))})", terms))


def read(conn: sqlite3.Connection, terms: list[str]) -> dict[str, np.ndarray]:
    """The full, sorted id list of each known term."""
    if not terms:
        return {}
    rows = conn.execute(f"SELECT term, ids FROM postings WHERE term IN ({','.join('?' * len(terms))})", terms)
    return {gram: np.frombuffer(blob, DTYPE) for gram, blob in rows}


class ListCache:
    """The id lists read last, up to `budget` bytes (the least recently used are dropped first), for one
    index generation: the common bigrams most questions share are read from SQLite once."""

    def __init__(self, budget: int = 64 * 2**20) -> None:
        self.budget = budget
        self._lists: OrderedDict[str, np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def read(self, conn: sqlite3.Connection, terms: list[str]) -> dict[str, np.ndarray]:
        """As `read`: the full, sorted id list of each known term."""
        with self._lock:
            found = {t: self._lists[t] for t in terms if t in self._lists}
            for t in found:
                self._lists.move_to_end(t)
        fresh = read(conn, [t for t in terms if t not in found])
        with self._lock:
            for t, ids in fresh.items():
                if t not in self._lists and ids.nbytes <= self.budget // 8:
                    self._lists[t] = ids
                    self._bytes += ids.nbytes
            while self._bytes > self.budget:
                self._bytes -= self._lists.popitem(last=False)[1].nbytes
        return found | fresh


def starting_with(conn: sqlite3.Connection, char: str) -> np.ndarray:
    """Sorted ids of the passages holding a bigram that starts with `char` (a one-character query)."""
    rows = conn.execute("SELECT ids FROM postings WHERE term >= ? AND term < ?", [char, char + "\U0010ffff"])
    return union([np.frombuffer(blob, DTYPE) for (blob,) in rows])


def union(lists: list[np.ndarray]) -> np.ndarray:
    """The sorted, distinct ids of sorted id lists (a stable sort merges their runs)."""
    merged = np.sort(np.concatenate(lists), kind="stable") if lists else np.empty(0, DTYPE)
    return merged[np.concatenate([[True], merged[1:] != merged[:-1]])] if len(merged) else merged
