"""Follows kept in the bot's state database: who follows what, which quotes each chat was already
sent, and the bot's own position in the index (the highest passage id it has looked at)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from store.statedb import open_state


@dataclass(frozen=True)
class Position:
    """The bot's place in the index: the last passage id it looked at, and how many looks it has held
    it there (a chat to retry after a network failure)."""

    index_id: str
    last_id: int
    held: int = 0


@dataclass(frozen=True)
class FollowRow:
    id: int
    chat_id: int
    lang: str
    text: str


class FollowStore:
    """Follows per chat (numbered 1… in the order they were made), sent quotes, and the index position."""

    def __init__(self, path: Path):
        self._conn = open_state(
            path,
            "CREATE TABLE IF NOT EXISTS follows (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, "
            "lang TEXT NOT NULL, text TEXT NOT NULL, created REAL NOT NULL);"
            "CREATE INDEX IF NOT EXISTS follows_chat ON follows(chat_id, id);"
            "CREATE TABLE IF NOT EXISTS follow_sent (chat_id INTEGER NOT NULL, digest TEXT NOT NULL, sent REAL NOT NULL, "
            "PRIMARY KEY (chat_id, digest)) WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS follow_position (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
        )
        self._lock = threading.Lock()

    def add(self, chat_id: int, lang: str, text: str) -> int:
        """Store a follow; its number in the chat's list."""
        with self._lock:
            self._conn.execute("INSERT INTO follows(chat_id, lang, text, created) VALUES (?, ?, ?, ?)", [chat_id, lang, text, time.time()])
            return self._conn.execute("SELECT count(*) FROM follows WHERE chat_id = ?", [chat_id]).fetchone()[0]

    def of_chat(self, chat_id: int) -> list[FollowRow]:
        with self._lock:
            rows = self._conn.execute("SELECT id, chat_id, lang, text FROM follows WHERE chat_id = ? ORDER BY id", [chat_id]).fetchall()
        return [FollowRow(*r) for r in rows]

    def remove(self, chat_id: int, number: int) -> FollowRow | None:
        """Drop the chat's follow number `number` (1-based); the follow, or None if there is none."""
        rows = self.of_chat(chat_id)
        if not 1 <= number <= len(rows):
            return None
        with self._lock:
            self._conn.execute("DELETE FROM follows WHERE id = ?", [rows[number - 1].id])
        return rows[number - 1]

    def drop_chat(self, chat_id: int) -> None:
        """Forget a chat that can no longer be written to (it blocked the bot)."""
        with self._lock:
            self._conn.execute("DELETE FROM follows WHERE chat_id = ?", [chat_id])
            self._conn.execute("DELETE FROM follow_sent WHERE chat_id = ?", [chat_id])

    def everyone(self) -> list[FollowRow]:
        with self._lock:
            rows = self._conn.execute("SELECT id, chat_id, lang, text FROM follows ORDER BY chat_id, id").fetchall()
        return [FollowRow(*r) for r in rows]

    def unsent(self, chat_id: int, digests: list[str]) -> set[str]:
        """Those of `digests` the chat was not sent yet."""
        with self._lock:
            sent = {r[0] for r in self._conn.execute(
                f"SELECT digest FROM follow_sent WHERE chat_id = ? AND digest IN ({','.join('?' * len(digests))})",
                [chat_id, *digests],
            )}
        return set(digests) - sent

    def mark_sent(self, chat_id: int, digests: list[str]) -> None:
        now = time.time()
        with self._lock:
            self._conn.executemany("INSERT OR IGNORE INTO follow_sent VALUES (?, ?, ?)", [(chat_id, d, now) for d in digests])

    def position(self) -> Position | None:
        """Where the bot is in the index, or None before its first look."""
        with self._lock:
            rows = dict(self._conn.execute("SELECT key, value FROM follow_position").fetchall())
        if "last_id" not in rows:
            return None
        return Position(rows["index_id"], int(rows["last_id"]), int(rows.get("held", 0)))

    def set_position(self, position: Position) -> None:
        values = [("index_id", position.index_id), ("last_id", str(position.last_id)), ("held", str(position.held))]
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO follow_position VALUES (?, ?)", values)

    def close(self) -> None:
        self._conn.close()
