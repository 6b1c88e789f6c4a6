"""Small SQLite files of state beside the index (the intake's, the bot's follows): one connection
shared between threads, autocommit, WAL so that another process can read meanwhile."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def open_state(path: Path, schema: str) -> sqlite3.Connection:
    """The state file at `path` (folders created), with the tables of `schema` made if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    conn.executescript("PRAGMA journal_mode = WAL;" + schema)
    return conn
