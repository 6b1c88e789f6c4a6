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
    """The distinct bigrams of each normalised passage (a one-character passage: that character), all
    passages' at once: codes keyed by passage in one array, made distinct in one sort."""
    lengths = np.fromiter(map(len, norms), np.int64, len(norms))
    chars = np.frombuffer("".join(norms).encode("utf-32-le"), np.uint32)
    owner = np.repeat(np.arange(len(norms), dtype=np.uint64), lengths)
    last = np.cumsum(lengths) - 1  # each passage's last character (a bigram starts anywhere else)
    pair = np.ones(len(chars), bool)
    pair[last[lengths > 0]] = False
    single = np.zeros(len(chars), bool)
    single[last[lengths == 1]] = True
    second = np.zeros_like(chars)  # each character's successor; 0 after a one-character passage's only one
    second[:-1] = chars[1:]
    second[single] = 0
    wide = (chars > 0xFFFF) | (second > 0xFFFF)  # bigrams with a non-BMP character
    take = (pair | single) & ~wide
    codes = (chars[take] << np.uint32(16)) | second[take]
    keys = np.sort((owner[take] << np.uint64(32)) | codes.astype(np.uint64))
    distinct = np.ones(len(keys), bool)  # a sort and a comparison: np.unique, which hashes, is slower here
    distinct[1:] = keys[1:] != keys[:-1]
    keys = keys[distinct]
    counts = np.bincount((keys >> np.uint64(32)).astype(np.intp), minlength=len(norms)).tolist()
    others: list[list[str]] = [[] for _ in norms]
    starts = last + 1 - lengths
    for i in np.flatnonzero((pair | single) & wide).tolist():
        n = int(owner[i])
        others[n].append(norms[n][i - starts[n] : i - starts[n] + 2])
    others = [sorted(set(grams)) for grams in others]
    return Encoded((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), counts, others)


def terms(codes: np.ndarray) -> list[str]:
    """The bigram (or single character) each code stands for."""
    pairs = np.empty((len(codes), 2), np.uint32)
    pairs[:, 0], pairs[:, 1] = codes >> 16, codes & 0xFFFF
    text = pairs.tobytes().decode("utf-32-le")
    out = [text[i : i + 2] for i in range(0, len(text), 2)]
    for i in np.flatnonzero(pairs[:, 1] == 0).tolist():  # one character
        out[i] = out[i][0]
    return out


@dataclass
class _Group:
    """Bigrams (sorted) and their sorted passage ids, one list after another: bigram i's are
    `pids[bounds[i]:bounds[i + 1]]`."""

    terms: list[str]
    bounds: np.ndarray
    pids: np.ndarray

    def lists(self) -> dict[str, np.ndarray]:
        return {gram: self.pids[s:e] for gram, s, e in zip(self.terms, self.bounds[:-1].tolist(), self.bounds[1:].tolist())}

    def rows(self) -> Iterator[tuple[str, memoryview]]:
        """(bigram, ids as stored) without a copy of each list."""
        view = memoryview(self.pids.astype(DTYPE, copy=False).tobytes())
        width = DTYPE.itemsize
        for gram, s, e in zip(self.terms, self.bounds[:-1].tolist(), self.bounds[1:].tolist()):
            yield gram, view[s * width : e * width]


_EMPTY = _Group([], np.zeros(1, np.int64), np.empty(0, DTYPE))


def _buckets_of_characters(first: np.ndarray) -> np.ndarray:
    """A bucket for each BMP character, as the first character of a bigram: ranges of characters in code
    order, each starting about as many of the bigrams `first` (the first keys seen) as the next, so that a
    first build writes the postings table in the order of its key (cheaper for SQLite than scattered rows)."""
    edges = np.quantile(first, np.linspace(0, 1, BUCKETS + 1)[1:-1], method="lower") if len(first) else np.zeros(0)
    return np.searchsorted(np.unique(edges), np.arange(0x10000), side="right").astype(np.uint8)


class _Keys:
    """(code, passage id) postings as 64-bit keys, collected in buckets of codes that wait in temporary
    files (a full build holds about 100 keys a passage: they stay out of memory until grouped)."""

    def __init__(self) -> None:
        self._stage: list[np.ndarray] = []
        self._staged = 0
        self._buckets: list[IO[bytes] | None] = [None] * BUCKETS
        self._bucket_of: np.ndarray | None = None  # each BMP character's bucket, as a bigram's first character
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
        first = (keys >> np.uint64(48)).astype(np.intp)  # a bigram's first character
        if self._bucket_of is None:
            self._bucket_of = _buckets_of_characters(first)
        bucket = self._bucket_of[first]  # small integers: a radix sort
        bounds = np.concatenate([[0], np.cumsum(np.bincount(bucket, minlength=BUCKETS))])
        keys = keys[np.argsort(bucket, kind="stable")]
        for b in range(BUCKETS):
            if bounds[b] < bounds[b + 1]:
                spill = self._buckets[b] = self._buckets[b] or tempfile.TemporaryFile()
                spill.write(keys[bounds[b] : bounds[b + 1]].tobytes())

    def __bool__(self) -> bool:
        return bool(self._stage or self.others or any(self._buckets))

    def groups(self, bucket: int) -> _Group:
        """One bucket of codes, grouped (its temporary file is removed)."""
        self._split()
        spill, self._buckets[bucket] = self._buckets[bucket], None
        if spill is None:
            return _EMPTY
        with spill:
            spill.seek(0)
            keys = np.sort(np.frombuffer(spill.read(), np.uint64))
        codes = (keys >> np.uint64(32)).astype(np.uint32)
        pids = (keys & np.uint64(0xFFFFFFFF)).astype(DTYPE)
        starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1])
        return _Group(terms(codes[starts]), np.append(starts, len(codes)), pids)

    def other_groups(self) -> _Group:
        grams = sorted(self.others)
        lists = [np.unique(np.frombuffer(self.others[gram], np.uint32)).astype(DTYPE) for gram in grams]
        self.others.clear()
        bounds = np.concatenate([[0], np.cumsum([len(ids) for ids in lists], dtype=np.int64)])
        return _Group(grams, bounds, np.concatenate(lists) if lists else np.empty(0, DTYPE))


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
        if self._removed or conn.execute("SELECT 1 FROM postings LIMIT 1").fetchone() is not None:
            for added, removed in self._by_bucket():
                _merge(conn, added.lists(), removed.lists())
            return
        for added, _ in self._by_bucket():  # a first build: nothing to merge with
            conn.executemany("INSERT INTO postings(term, ids) VALUES (?, ?)", added.rows())
        conn.execute(f"INSERT INTO grams(term, df) SELECT term, length(ids) / {DTYPE.itemsize} FROM postings")

    def _by_bucket(self) -> Iterator[tuple[_Group, _Group]]:
        for bucket in range(BUCKETS):
            yield self._added.groups(bucket), self._removed.groups(bucket)
        yield self._added.other_groups(), self._removed.other_groups()


def _merge(conn: sqlite3.Connection, added: dict[str, np.ndarray], removed: dict[str, np.ndarray]) -> None:
    """Merge some bigrams' added and removed ids into their stored lists."""
    grams = sorted(set(added) | set(removed))
    for i in range(0, len(grams), _BATCH):
        batch = grams[i : i + _BATCH]
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


FILL_MIN_DF = 1_000  # the shortest list a warm-up reads (shorter ones are quick to read when asked for)


class ListCache:
    """The id lists read last, up to `budget` bytes (the least recently used are dropped first), for one
    index generation: the common bigrams most questions share are read from SQLite once."""

    def __init__(self, budget: int = 64 * 2**20) -> None:
        self.budget = budget
        self._lists: OrderedDict[str, np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._filled = False

    def fill(self, conn: sqlite3.Connection, share: float = 0.5) -> None:
        """Once: read the lists of the commonest bigrams (most questions hold some, and theirs are the
        longest reads) until `share` of the budget is used."""
        if self._filled:
            return
        self._filled = True
        room, terms = int(self.budget * share), []
        for term, df in conn.execute("SELECT term, df FROM grams WHERE df >= ? ORDER BY df DESC", [FILL_MIN_DF]):
            size = df * DTYPE.itemsize
            if size > self.budget // 8:
                continue  # never kept (`read`)
            if size > room:
                break
            terms.append(term)
            room -= size
        self.read(conn, terms)

    def cached(self, terms: list[str]) -> dict[str, np.ndarray]:
        """The id lists of those of `terms` held in memory (nothing is read)."""
        with self._lock:
            found = {t: self._lists[t] for t in terms if t in self._lists}
            for t in found:
                self._lists.move_to_end(t)
        return found

    def read(self, conn: sqlite3.Connection, terms: list[str]) -> dict[str, np.ndarray]:
        """As `read`: the full, sorted id list of each known term."""
        found = self.cached(terms)
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
