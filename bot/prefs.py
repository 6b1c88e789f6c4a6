"""What users chose and last asked, kept beside the result sets so that it survives a restart: each
user's interface language (/lang) and each chat's last result set (/export)."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class Preferences:
    """A small SQLite table per fact, mirrored in memory (lookups happen on every update)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS languages (user_id INTEGER PRIMARY KEY, lang TEXT NOT NULL)")
        self._conn.execute("CREATE TABLE IF NOT EXISTS last_results (chat_id INTEGER PRIMARY KEY, key TEXT NOT NULL)")
        self._lock = threading.Lock()
        self._langs = dict(self._conn.execute("SELECT user_id, lang FROM languages"))

    def lang(self, user_id: int) -> str:
        """The interface language the user chose, or "" if they never did."""
        return self._langs.get(user_id, "")

    def set_lang(self, user_id: int, lang: str) -> None:
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO languages VALUES (?, ?)", [user_id, lang])
            self._langs[user_id] = lang

    def last_results(self, chat_id: int) -> str:
        """The key of the chat's last result set (bot.state), or ""."""
        with self._lock:
            row = self._conn.execute("SELECT key FROM last_results WHERE chat_id = ?", [chat_id]).fetchone()
        return row[0] if row else ""

    def set_last_results(self, chat_id: int, key: str) -> None:
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO last_results VALUES (?, ?)", [chat_id, key])

    def close(self) -> None:
        self._conn.close()
