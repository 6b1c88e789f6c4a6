"""Read access to an index: connections that follow reindexes, passages with their attribution,
context around a passage, and what the index holds (sources, stats)."""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from store import columns as colmod
from store import db as dbmod
from store import heap, pagecache, postings, resident
from store.evidence import Attributed, Attribution
from store.textnorm import normalize


@dataclass(frozen=True)
class ReadSettings:
    """How readers hold the index: SQLite's cache per connection, the OS page cache for the file."""

    cache_kib: int = 8192  # SQLite's page cache per reading connection: the B-tree's inner pages stay in it (~14% less per random read at 1M passages)
    prewarm_share: float = 0.25  # warm-ups read the index file into the OS page cache when it takes at most this share of available memory
    prewarm_every: float = 45.0  # seconds: warm-ups read the file again this often (a new generation at once), as idle file pages get dropped
    resident_mib: int = 96  # warm-ups hold the documents' columns, the passages' search forms and their rows in memory as far as they fit (store.resident)
    heap_keep_mib: int = 32  # warm-ups ask malloc to keep this much freed memory in each thread's arena for the next search (store.heap); 0: leave malloc as it is


READ = ReadSettings()


class IndexMissing(FileNotFoundError):
    """No index at the given path yet."""


class IndexUnreadable(IndexMissing):
    """A file is at the index path but cannot be used: damaged, not an index, or of another schema."""


@dataclass
class PassageRow(Attributed):
    """A passage with its document's attribution. (Not frozen: a search builds a hundred or more, and a frozen
    dataclass's constructor takes four times as long; nothing changes a row once read.)"""

    id: int
    document_id: int
    ord: int
    text: str
    norm: str
    attribution: Attribution
    date: str
    published: str
    outlet: str
    title: str
    title_norm: str
    url: str
    path: str
    doc_kind: str  # the document's kind: "article", "statement" or "transcript"

    @property
    def speaker(self) -> str:
        return self.attribution.speaker



_PASSAGE_SQL = f"SELECT {resident.passage_columns()} FROM passages p"  # a row without its document's columns (held in memory)
_BARE_SQL = f"SELECT {resident.passage_columns(norm=False)} FROM passages p"  # … nor its search form (held too): 6.4 → 4.1 µs a row read
_ROW_SQL = f"SELECT {resident.passage_columns()}, {resident.document_columns('d')} FROM passages p JOIN documents d ON d.id = p.document_id"


def _row(r: tuple) -> PassageRow:
    return PassageRow(*r[:5], Attribution(*r[5:11]), *r[11:])


@dataclass
class IndexStats:
    documents: int
    passages: int
    speakers: int
    outlets: int
    first_date: str
    last_date: str
    indexed_at: str
    size_bytes: int


@dataclass
class SourceSummary:
    """Indexed documents of one outlet."""

    outlet: str
    documents: int
    first_date: str
    last_date: str
    titles: list[tuple[str, str]] = field(default_factory=list)  # (date, title), newest first


@dataclass
class _Snapshot:
    """Facts cached per index generation."""

    key: tuple
    passages: int
    speakers: dict[str, list[str]]  # normalised name → the names as written, most quoted first
    outlets: dict[str, list[str]]  # normalised outlet → the outlets as written
    columns: colmod.PassageColumns | None = None  # loaded on first use (a filtered search)
    lists: postings.ListCache = field(default_factory=postings.ListCache)  # postings read last
    resident: resident.Resident | None = None  # loaded by a warm-up (None: not yet)
    masks: colmod.MaskCache = field(default_factory=colmod.MaskCache)  # filter masks made last


def _by_norm(names) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in names:
        out.setdefault(normalize(name), []).append(name)
    return out


def _by_ids(conn: sqlite3.Connection, select: str, ids: list[int]) -> Iterator[tuple]:
    """The rows of `select` (ending in `IN`) for `ids`, asked 500 at a time (SQLite bounds a statement's
    parameters)."""
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        yield from conn.execute(f"{select} ({','.join('?' * len(chunk))})", chunk)


class _Pin(NamedTuple):
    """What one thread's `pinned` block reads with."""

    conn: sqlite3.Connection
    snapshot: _Snapshot
    norms: dict[int, str]  # the search forms read in the block, by id
    memo: dict  # what the block's readers work out once and use again (store.retrieval: filtered postings)


class IndexReader:
    """Read-only access to the index at `path`, safe to share between threads.

    Each thread has its own connection; a connection is reopened when the file is replaced (a fresh
    build) and cached facts are refreshed when another process commits a reindex.
    """

    def __init__(self, path: Path | str, settings: ReadSettings = READ):
        self.path = Path(path)
        self.settings = settings
        self._prewarmed: tuple[tuple, float] | None = None  # (generation key, monotonic time) of the last prewarm
        self._local = threading.local()
        self._lock = threading.Lock()
        self._columns_lock = threading.Lock()  # one filter-column load at a time, apart from `_lock`
        self._resident_lock = threading.Lock()  # one load of what is held in memory at a time
        self._snapshot: _Snapshot | None = None

    def conn(self) -> sqlite3.Connection:
        if pin := getattr(self._local, "pin", None):
            return pin.conn
        try:
            st = os.stat(self.path)
        except FileNotFoundError as exc:
            raise IndexMissing(f"no index at {self.path}: run `quotebot reindex` first") from exc
        current = getattr(self._local, "conn", None)
        if current is None or self._local.inode != st.st_ino:
            if current is not None:
                current.close()
            db = dbmod.connect(self.path, readonly=True)
            try:
                usable = dbmod.has_schema(db)
            except sqlite3.DatabaseError as exc:
                db.conn.close()
                raise IndexUnreadable(f"{self.path} cannot be read ({exc}): move or delete it, then run `quotebot reindex`") from exc
            if not usable:
                db.conn.close()
                raise IndexUnreadable(f"{self.path} is not a quotebot index of schema {dbmod.SCHEMA_VERSION}: run `quotebot reindex` to rebuild it")
            db.conn.execute(f"PRAGMA cache_size = -{self.settings.cache_kib}")
            self._local.conn, self._local.inode = db.conn, st.st_ino
        return self._local.conn

    @contextmanager
    def time_limit(self, seconds: float) -> Iterator[None]:
        """Within the block, this thread's queries stop with QueryTimeout after `seconds` in all."""
        with dbmod.time_limit(self.conn(), seconds):
            yield

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Within the block, this thread reads one index generation: one read transaction on one connection,
        with the cached facts of that generation, checked once (a search reads many times; a reindex
        committed meanwhile is seen by the next block)."""
        if getattr(self._local, "pin", None):
            yield
            return
        conn = self.conn()
        began = not conn.in_transaction
        if began:
            conn.execute("BEGIN")  # its first read fixes what the block sees
        try:
            self._local.pin = _Pin(conn, self._snapshot_on(conn), {}, {})
            yield
        finally:
            self._local.pin = None
            if began and conn.in_transaction:
                conn.execute("COMMIT")

    def memo(self) -> dict:
        """Within a `pinned` block, one dict for the block to keep what it works out; outside, a new one."""
        pin = getattr(self._local, "pin", None)
        return pin.memo if pin else {}

    def snapshot(self) -> _Snapshot:
        if pin := getattr(self._local, "pin", None):
            return pin.snapshot
        return self._snapshot_on(self.conn())

    def _snapshot_on(self, conn: sqlite3.Connection) -> _Snapshot:
        generation = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        key = (self._local.inode, generation[0] if generation else "")
        with self._lock:
            if self._snapshot is None or self._snapshot.key != key:
                self._snapshot = _Snapshot(
                    key,
                    conn.execute("SELECT count(*) FROM passages").fetchone()[0],
                    _by_norm(r[0] for r in conn.execute("SELECT name FROM speakers ORDER BY passages DESC")),
                    _by_norm(r[0] for r in conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet != ''")),
                )
            return self._snapshot

    def columns(self) -> colmod.PassageColumns:
        """Every passage's speaker, outlet and date codes for hard filters (store.columns), per generation.
        Loaded under a lock of their own: searches that need no filter go on meanwhile."""
        snap = self.snapshot()
        with self._columns_lock:
            if snap.columns is None:  # on a connection of its own: the load is no statement of a time-limited search
                db = dbmod.connect(self.path, readonly=True)
                try:
                    snap.columns = colmod.load(db.conn)
                finally:
                    db.conn.close()
            return snap.columns

    def warm(self) -> None:
        """Load what the first searches of an index generation would otherwise load (statistics, filter
        columns, the commonest bigrams' postings), and keep the file in the OS page cache (store.pagecache),
        so that no user's question waits for it; and malloc keeps the memory searches free (store.heap);
        nothing when there is no usable index."""
        try:
            self.columns()
            snap = self.snapshot()
            snap.lists.fill(self.conn())
            self._hold()
        except IndexMissing:
            return
        if self.settings.heap_keep_mib:
            heap.keep_freed(self.settings.heap_keep_mib)
        now = time.monotonic()
        with self._lock:  # one warm-up reads the file; another at the same time does not read it again
            last = self._prewarmed
            due = last is None or last[0] != snap.key or now - last[1] >= self.settings.prewarm_every
            if due:
                self._prewarmed = (snap.key, now)
        if due:
            pagecache.prewarm([self.path, Path(f"{self.path}-wal")], self.settings.prewarm_share)

    def _hold(self) -> None:
        """Load what this generation holds in memory (store.resident), once; in one read of the file, so
        that the ids held are the generation's."""
        with self.pinned():
            snap = self.snapshot()
            with self._resident_lock:
                if snap.resident is None:
                    snap.resident = resident.load(self.conn(), self.settings.resident_mib * 2**20)

    def rows(self, ids: list[int]) -> dict[int, PassageRow]:
        """Passages by id (ascending), with attribution; missing ids are absent from the result. The documents'
        columns, the search forms and the passages' rows come from memory as far as they are held."""
        held = self.snapshot().resident
        if not held or not held.documents:
            return {r[0]: _row(r) for r in _by_ids(self.conn(), f"{_ROW_SQL} WHERE p.id IN", ids)}
        out, later = {}, []
        for r in self._bare_rows(held, ids):
            if held.norms is not None:
                r = (*r[:4], held.norm(r[0]), *r[4:])
            document = held.documents.get(r[1])
            if document is None or r[4] is None:
                later.append(r[0])  # a passage or document indexed since the load
            else:
                out[r[0]] = _row(r + document)
        out |= {r[0]: _row(r) for r in _by_ids(self.conn(), f"{_ROW_SQL} WHERE p.id IN", later)}
        return dict(sorted(out.items()))

    def _bare_rows(self, held: resident.Resident, ids: list[int]) -> Iterator[tuple]:
        """The passage columns of `ids`' rows (without the search form when the forms are held): from memory
        when the rows are held, else (and for ids indexed since the load) from SQLite."""
        if held.passages is not None:
            found = {i: r for i in ids if (r := held.passage(i)) is not None}
            yield from found.values()
            ids = [i for i in ids if i not in found]
        yield from _by_ids(self.conn(), f"{_BARE_SQL if held.norms is not None else _PASSAGE_SQL} WHERE p.id IN", ids)

    def cues_before(self, document_id: int, ord: int, speaker: str, limit: int = 60) -> list[str]:
        """The speaker cues (evidence) of `speaker`'s passages in a document, from passage `ord` back,
        nearest first, at most `limit`."""
        sql = ("SELECT coalesce(speaker_evidence, '') FROM passages WHERE document_id = ? AND ord <= ? AND speaker = ? "
               "ORDER BY ord DESC LIMIT ?")
        return [r[0] for r in self.conn().execute(sql, [document_id, ord, speaker, limit])]

    def position(self) -> tuple[str, int]:
        """(index_id, the highest passage id ever given): passages indexed later have higher ids."""
        conn = self.conn()
        index_id = conn.execute("SELECT value FROM meta WHERE key = 'index_id'").fetchone()
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'passages'").fetchone()
        return (index_id[0] if index_id else ""), (seq[0] if seq else 0)

    def rows_after(self, after_id: int, limit: int = 1000) -> list[PassageRow]:
        """Passages with ids above `after_id`, lowest first, at most `limit`."""
        sql = f"{_ROW_SQL} WHERE p.id > ? ORDER BY p.id LIMIT ?"
        return [_row(r) for r in self.conn().execute(sql, [after_id, limit])]
    def norms(self, ids: list[int]) -> dict[int, str]:
        """The search form of each passage, by id (no attribution: cheaper than `rows`); within a `pinned`
        block each is read once."""
        pin = getattr(self._local, "pin", None)
        read: dict[int, str] = pin.norms if pin else {}
        held = self.snapshot().resident
        if held and held.norms is not None:
            read.update((i, norm) for i in ids if i not in read and (norm := held.norm(i)) is not None)
        read.update(_by_ids(self.conn(), "SELECT id, norm FROM passages WHERE id IN", [i for i in ids if i not in read]))
        return {i: read[i] for i in ids if i in read}

    def row(self, passage_id: int) -> PassageRow | None:
        return self.rows([passage_id]).get(passage_id)

    def context(self, passage_id: int, before: int = 2, after: int = 2) -> list[PassageRow]:
        """The passage and up to `before`/`after` neighbours in its document, in reading order."""
        target = self.row(passage_id)
        if target is None:
            return []
        sql = f"{_ROW_SQL} WHERE p.document_id = ? AND p.ord BETWEEN ? AND ? ORDER BY p.ord"
        return [_row(r) for r in self.conn().execute(sql, [target.document_id, target.ord - before, target.ord + after])]

    def sources(self, titles_per_outlet: int = 3) -> list[SourceSummary]:
        """Indexed documents grouped by outlet, most documents first."""
        conn = self.conn()
        groups = conn.execute(
            "SELECT coalesce(nullif(outlet, ''), '?'), count(*), min(nullif(date, '')), max(nullif(date, '')) "
            "FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        out = []
        for outlet, n, first, last in groups:
            titles = conn.execute(
                "SELECT coalesce(date, ''), coalesce(nullif(title, ''), path) FROM documents "
                "WHERE coalesce(nullif(outlet, ''), '?') = ? ORDER BY date DESC, id DESC LIMIT ?",
                [outlet, titles_per_outlet],
            ).fetchall()
            out.append(SourceSummary(outlet, n, first or "", last or "", [tuple(t) for t in titles]))
        return out

    def stats(self) -> IndexStats:
        conn = self.conn()
        docs, outlets, first, last = conn.execute(
            "SELECT count(*), count(DISTINCT nullif(outlet, '')), min(nullif(date, '')), max(nullif(date, '')) FROM documents"
        ).fetchone()
        snap = self.snapshot()
        indexed_at = conn.execute("SELECT value FROM meta WHERE key = 'indexed_at'").fetchone()
        return IndexStats(
            docs, snap.passages, len(snap.speakers), outlets, first or "", last or "",
            indexed_at[0] if indexed_at else "", self.path.stat().st_size,
        )
