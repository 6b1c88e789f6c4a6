"""The SQLite index: schema and connections (sqlite-utils over the standard sqlite3 module).

Tables:
- `documents`: one row per indexed file, with its attribution, content hash and stamp (store.stamps);
- `passages`: quotable units (verbatim `text`, search form `norm`, offsets) with their attribution
  (`store.evidence.Attribution`: speaker — only when the evidence is strong enough to show —, relayed_by,
  kind, and the cue, its text and strength);
- `postings`: for each character bigram, the sorted ids of all passages holding it (store.postings);
  `grams` holds each bigram's document frequency (a small table, quick to look up without the lists);
- `speakers`, `skipped`, `meta`: the known speakers, files that could not be indexed, and key/values
  (`index_id` names this index from its creation: a rebuilt one has another, and restarts its ids).
Ids are AUTOINCREMENT: a passage id is never reused, so a stale reference cannot point at another quote,
and passages with ids above a remembered one are the ones indexed since (follows read them so).
"""
from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = "6"

_SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT, title_norm TEXT, speaker TEXT, date TEXT, published TEXT, outlet TEXT, url TEXT,
    kind TEXT, format TEXT, encoding TEXT,
    n_passages INTEGER NOT NULL,
    indexed_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT ''
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    ord INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    text TEXT NOT NULL,
    norm TEXT NOT NULL,
    speaker TEXT,
    relayed_by TEXT,
    kind TEXT NOT NULL,
    speaker_cue TEXT,
    speaker_evidence TEXT,
    speaker_strength TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL
);
CREATE TABLE postings (term TEXT PRIMARY KEY, ids BLOB NOT NULL);
CREATE TABLE grams (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE speakers (name TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE skipped (path TEXT PRIMARY KEY, content_hash TEXT, reason TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS passages_document ON passages(document_id, ord)",
    "CREATE INDEX IF NOT EXISTS passages_speaker ON passages(speaker)",
)


def connect(path: Path | str, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the index; read-only connections never write, not even WAL recovery files they can avoid."""
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return sqlite_utils.Database(conn)


def create_schema(db: sqlite_utils.Database) -> None:
    """The tables of a new index, without their indexes: a first build fills the tables, then calls
    `create_indexes` (building an index over all the rows at once is faster than growing it row by row)."""
    db.conn.executescript(_SCHEMA)
    set_meta(db, "schema_version", SCHEMA_VERSION)
    set_meta(db, "index_id", secrets.token_hex(8))


def create_indexes(db: sqlite_utils.Database) -> None:
    for statement in _INDEXES:
        db.execute(statement)


def has_schema(db: sqlite_utils.Database) -> bool:
    return "meta" in db.table_names() and get_meta(db, "schema_version") == SCHEMA_VERSION


def get_meta(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [key, value])


class QueryTimeout(RuntimeError):
    """A statement ran past its time limit and was interrupted."""


@contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Interrupt any statement on `conn` that runs past `seconds` from now (datasette's pattern: a
    progress handler that asks SQLite to stop), raising QueryTimeout."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" not in str(exc):
            raise
        raise QueryTimeout(f"a query took longer than {seconds:g} s and was stopped") from exc
    finally:
        conn.set_progress_handler(None, 1000)
