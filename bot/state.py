"""Result sets the bot has answered with, kept on disk so that buttons work across restarts."""
from __future__ import annotations

import dataclasses
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from store import Hit, Source
from store.evidence import Attribution

KEEP_SECONDS = 90 * 24 * 3600


@dataclass
class Stored:
    question: str
    hits: list[Hit]


def _hit(data: dict) -> Hit:
    data = dict(data, span=tuple(data["span"]), also_reported_by=[Source(**s) for s in data["also_reported_by"]],
                attribution=Attribution(**data.get("attribution", {})))
    return Hit(**data)


class ResultStore:
    """A small SQLite file of {key: (question, hits)}; keys are 8 url-safe characters."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, created REAL NOT NULL, question TEXT, hits TEXT)"
        )
        self._lock = threading.Lock()

    def save(self, question: str, hits: list[Hit]) -> str:
        key = secrets.token_urlsafe(6)
        payload = json.dumps([dataclasses.asdict(h) for h in hits], ensure_ascii=False)
        with self._lock:
            self._conn.execute("INSERT INTO results VALUES (?, ?, ?, ?)", [key, time.time(), question, payload])
        return key

    def load(self, key: str) -> Stored | None:
        with self._lock:
            row = self._conn.execute("SELECT question, hits FROM results WHERE key = ?", [key]).fetchone()
        if row is None:
            return None
        return Stored(row[0], [_hit(h) for h in json.loads(row[1])])

    def prune(self, keep_seconds: float = KEEP_SECONDS) -> int:
        with self._lock:
            return self._conn.execute("DELETE FROM results WHERE created < ?", [time.time() - keep_seconds]).rowcount

    def close(self) -> None:
        self._conn.close()
