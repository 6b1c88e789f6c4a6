"""Hard filters as array lookups: each passage's speaker, outlet and date held in memory as small integer
codes (indexed by passage id), loaded once per index generation.

A filter becomes a boolean mask over passage ids, computed with a few numpy operations, and the candidate
ranking runs over the postings that pass it, instead of checking ranked candidates against SQL in
batches. The conditions are those of the SQL filter (store.retrieval._filter_sql): a speaker or outlet
among the names as written (a passage with none matches no name), dates compared as strings.
"""
from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

import numpy as np

from store.listing import DATE
from store.query import Filters


@dataclass(frozen=True)
class Column:
    """One code per passage id, and the passage ids grouped by code (so that the ids of a few codes are
    slices, not a scan of every passage)."""

    codes: np.ndarray  # int32 by passage id (0 for an id with no passage)
    grouped: np.ndarray  # int32: the passage ids, ordered by code (ids ascending within a code)
    starts: np.ndarray  # grouped[starts[c] : starts[c + 1]] have code c

    @classmethod
    def of(cls, codes: np.ndarray, present: np.ndarray, n_codes: int) -> Column:
        ids = np.flatnonzero(present)
        grouped = ids[np.argsort(codes[ids], kind="stable")]
        return cls(codes, grouped.astype(np.int32), np.searchsorted(codes[grouped], np.arange(n_codes + 1)))

    def count(self, allowed: np.ndarray) -> int:
        """How many passages have an allowed code (`allowed`: a bool per code)."""
        return int(np.diff(self.starts)[allowed].sum())

    def ids(self, allowed: np.ndarray) -> np.ndarray:
        """The passage ids with an allowed code (a run of consecutive codes, as a date range is, is one slice)."""
        codes = np.flatnonzero(allowed)
        if not len(codes):
            return self.grouped[:0]
        breaks = np.flatnonzero(np.diff(codes) != 1)
        firsts, lasts = np.r_[codes[0], codes[breaks + 1]], np.r_[codes[breaks], codes[-1]]
        return np.concatenate([self.grouped[self.starts[a] : self.starts[b + 1]] for a, b in zip(firsts, lasts)])


@dataclass(frozen=True)
class PassageColumns:
    """Each passage's speaker, outlet and date as codes. Speaker and outlet code 0: none (NULL)."""

    size: int  # the highest passage id + 1
    document: np.ndarray  # int32 by passage id: its document's id
    speaker: Column  # code: 1 + index in the sorted `speakers`
    outlet: Column  # code: 1 + index in the sorted `outlets`
    date: Column  # code: index in `dates`
    speakers: dict[str, int]  # name as written → code
    outlets: dict[str, int]
    dates: np.ndarray  # the distinct dates documents are dated by ('' for none), sorted

    def mask(self, speakers: list[str], outlets: list[str], filters: Filters) -> np.ndarray:
        """True for the passage ids that pass: speaker among `speakers` and outlet among `outlets` (names as
        written; an empty list: no condition) and the date conditions of `filters`. The passages of the
        most selective condition are checked against the others."""
        conditions = [
            (column, _allowed(codes, wanted))
            for column, wanted, codes in ((self.speaker, speakers, self.speakers), (self.outlet, outlets, self.outlets))
            if wanted
        ]
        if filters.date_from or filters.date_to or filters.month_day:
            conditions.append((self.date, self._dated(filters)))
        if not conditions:
            conditions.append((self.date, np.ones(len(self.dates), bool)))
        first = min(conditions, key=lambda c: c[0].count(c[1]))
        ids = first[0].ids(first[1])
        for column, allowed in conditions:
            if column is not first[0]:
                ids = ids[allowed[column.codes[ids]]]
        ok = np.zeros(self.size, bool)
        ok[ids] = True
        return ok

    def newest_first(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ids `mask` passes, the newest document's first (by date, then by document id, both descending),
        and each one's document."""
        ids = np.flatnonzero(mask)
        ids = ids[np.lexsort((-self.document[ids], -self.date.codes[ids]))]
        return ids, self.document[ids]

    def _dated(self, filters: Filters) -> np.ndarray:
        """For each distinct date: whether it meets the date conditions."""
        dates = self.dates
        ok = np.ones(len(dates), bool)
        if filters.date_from:
            ok &= dates >= filters.date_from
        if filters.date_to:
            ok &= dates <= filters.date_to
        if filters.month_day:
            ok &= np.array([d[5:10] == filters.month_day for d in dates.tolist()], bool)
        if filters.undated_ok:
            ok |= dates == ""
        return ok


def _allowed(codes: dict[str, int], names: list[str]) -> np.ndarray:
    allowed = np.zeros(len(codes) + 1, bool)
    allowed[[codes[n] for n in names if n in codes]] = True
    return allowed


def load(conn: sqlite3.Connection) -> PassageColumns:
    """The codes of every passage in the index (the passage ids of each document and each speaker are read
    as SQLite lists, parsed by numpy: no Python object per passage)."""
    docs = conn.execute(f"SELECT d.id, d.outlet, {DATE} FROM documents d").fetchall()
    outlets = {name: i + 1 for i, name in enumerate(sorted({o for _, o, _ in docs if o is not None}))}
    dates = sorted({date for _, _, date in docs})
    date_code = {date: i for i, date in enumerate(dates)}
    doc_outlet = {doc: outlets.get(o, 0) for doc, o, _ in docs}
    doc_date = {doc: date_code[date] for doc, _, date in docs}
    top = conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]
    document, speaker, outlet, date = (np.zeros(top + 1, np.int32) for _ in range(4))
    groups = conn.execute("SELECT document_id, count(*), group_concat(id) FROM passages GROUP BY document_id").fetchall()
    ids = _ids(g[2] for g in groups)
    counts = [g[1] for g in groups]
    document[ids] = np.repeat([g[0] for g in groups], counts)
    outlet[ids] = np.repeat([doc_outlet[g[0]] for g in groups], counts)
    date[ids] = np.repeat([doc_date[g[0]] for g in groups], counts)
    present = np.zeros(top + 1, bool)
    present[ids] = True
    groups = conn.execute(
        "SELECT speaker, count(*), group_concat(id) FROM passages WHERE speaker IS NOT NULL GROUP BY speaker"
    ).fetchall()
    speakers = {name: i + 1 for i, name in enumerate(sorted(g[0] for g in groups))}
    speaker[_ids(g[2] for g in groups)] = np.repeat([speakers[g[0]] for g in groups], [g[1] for g in groups])
    return PassageColumns(
        top + 1, document, Column.of(speaker, present, len(speakers) + 1), Column.of(outlet, present, len(outlets) + 1),
        Column.of(date, present, len(dates)), speakers, outlets, np.array(dates, dtype=str),
    )


def _ids(lists: Iterator[str]) -> np.ndarray:
    """Comma-separated id lists, in a row, as one array."""
    text = ",".join(lists)
    return np.fromstring(text, np.int64, sep=",") if text else np.empty(0, np.int64)


def passing(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The ids that pass `mask` (an id beyond it, from a reindex committed since it was loaded, does not)."""
    inside = ids[ids < len(mask)] if len(ids) and ids[-1] >= len(mask) else ids
    return np.compress(np.take(mask, inside), inside)  # four times faster than inside[mask[inside]] on long lists


class MaskCache:
    """The filter masks made last, for one index generation (at most `size`, the least recently used dropped
    first): the passes of one question and the questions of a conversation share their filters, and a mask
    over a million passages costs a millisecond or more to make. The masks are read-only."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._masks: OrderedDict[Hashable, np.ndarray | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], np.ndarray | None]) -> np.ndarray | None:
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        mask = make()
        if mask is not None:
            mask.flags.writeable = False
        with self._lock:
            self._masks[key] = mask
            while len(self._masks) > self.size:
                self._masks.popitem(last=False)
        return mask
