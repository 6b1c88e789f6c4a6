"""Hard filters as array lookups: each passage's speaker, outlet and date held in memory as small integer
codes (indexed by passage id), loaded once per index generation.

A filter becomes a boolean mask over passage ids, computed with a few numpy operations, and the candidate
ranking runs over the postings that pass it, instead of checking ranked candidates against SQL in
batches. The conditions are those of the SQL filter (store.retrieval._filter_sql): a speaker or outlet
among the names as written (a passage with none matches no name), dates compared as strings.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from store.listing import DATE
from store.query import Filters

_FETCH = 50_000  # rows converted at a time while loading (bounds the memory of the load)


@dataclass(frozen=True)
class PassageColumns:
    """Codes by passage id. Speaker and outlet code 0: none (NULL)."""

    present: np.ndarray  # bool: a passage has this id
    speaker: np.ndarray  # int32: 1 + index in `speakers`
    outlet: np.ndarray  # int32: 1 + index in `outlets`
    date: np.ndarray  # int32: index in `dates`
    speakers: dict[str, int]  # name as written → code
    outlets: dict[str, int]
    dates: np.ndarray  # the distinct dates documents are dated by ('' for none), sorted

    def mask(self, speakers: list[str], outlets: list[str], filters: Filters) -> np.ndarray:
        """True for the passage ids that pass: speaker among `speakers` and outlet among `outlets` (names as
        written; an empty list: no condition) and the date conditions of `filters`."""
        ok = self.present.copy()
        for column, wanted, codes in ((self.speaker, speakers, self.speakers), (self.outlet, outlets, self.outlets)):
            if wanted:
                allowed = np.zeros(len(codes) + 1, bool)
                allowed[[codes[n] for n in wanted if n in codes]] = True
                ok &= allowed[column]
        if filters.date_from or filters.date_to or filters.month_day:
            ok &= self._dated(filters)[self.date]
        return ok

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


def load(conn: sqlite3.Connection) -> PassageColumns:
    """The codes of every passage in the index."""
    docs = conn.execute(f"SELECT d.id, d.outlet, {DATE} FROM documents d").fetchall()
    outlets = {name: i + 1 for i, name in enumerate(sorted({o for _, o, _ in docs if o is not None}))}
    dates = sorted({date for _, _, date in docs})
    date_code = {date: i for i, date in enumerate(dates)}
    doc_outlet = {doc: outlets.get(o, 0) for doc, o, _ in docs}
    doc_date = {doc: date_code[date] for doc, _, date in docs}
    top = conn.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]
    names = [r[0] for r in conn.execute("SELECT DISTINCT speaker FROM passages WHERE speaker IS NOT NULL")]
    speakers = {name: i + 1 for i, name in enumerate(sorted(names))}
    present = np.zeros(top + 1, bool)
    speaker, outlet, date = (np.zeros(top + 1, np.int32) for _ in range(3))
    cursor = conn.execute("SELECT id, document_id, speaker FROM passages")
    while rows := cursor.fetchmany(_FETCH):
        ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
        present[ids] = True
        speaker[ids] = [speakers.get(r[2], 0) for r in rows]
        outlet[ids] = [doc_outlet[r[1]] for r in rows]
        date[ids] = [doc_date[r[1]] for r in rows]
    return PassageColumns(present, speaker, outlet, date, speakers, outlets, np.array(dates, dtype=str))


def passing(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The ids that pass `mask` (an id beyond it, from a reindex committed since it was loaded, does not)."""
    inside = ids[ids < len(mask)] if len(ids) and ids[-1] >= len(mask) else ids
    return inside[mask[inside]]
