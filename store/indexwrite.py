"""New documents and passages written by a reindex: rows of many files in one statement per table.

Ids are given here, in the order files are applied, as SQLite's AUTOINCREMENT would give them: above the
largest ever given (`sqlite_sequence`, read once per reindex), so that a passage id is never reused and
every reindex's new passages have larger ids than those before (store.postings relies on both).
Rows wait in memory until `flush`, which must come before anything reads the tables they go to.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

_PASSAGE_COLUMNS = (
    "id, document_id, ord, paragraph, text, norm, speaker, relayed_by, kind, speaker_cue, speaker_evidence, "
    "speaker_strength, char_start, char_end"
)


@dataclass(frozen=True)
class WriteSettings:
    batch_passages: int = 20_000  # passages held before their rows (and their documents') are written


WRITE = WriteSettings()


def _last_id(conn: sqlite3.Connection, table: str) -> int:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    return row[0] if row else 0


@dataclass
class NewRows:
    """Documents and passages to insert, with their ids."""

    conn: sqlite3.Connection
    settings: WriteSettings = field(default_factory=lambda: WRITE)
    last_document: int = -1
    last_passage: int = -1
    columns: tuple[str, ...] = ()
    documents: list[tuple] = field(default_factory=list)
    passages: list[tuple] = field(default_factory=list)

    def add(self, document: dict, passages: list[tuple]) -> list[int]:
        """Queue one document (a column → value dict, the same columns for every document) and its passage
        rows (without id and document id); returns the passages' ids."""
        if self.last_document < 0:
            self.last_document, self.last_passage = _last_id(self.conn, "documents"), _last_id(self.conn, "passages")
        if not self.columns:
            self.columns = tuple(document)
        self.last_document += 1
        self.documents.append((self.last_document, *(document[c] for c in self.columns)))
        first = self.last_passage + 1
        self.passages += [(first + i, self.last_document, *row) for i, row in enumerate(passages)]
        self.last_passage += len(passages)
        if len(self.passages) >= self.settings.batch_passages:
            self.flush()
        return list(range(first, self.last_passage + 1))

    def flush(self) -> None:
        """Write the queued rows."""
        if self.documents:
            self.conn.executemany(
                f"INSERT INTO documents(id, {', '.join(self.columns)}) VALUES ({', '.join('?' * (len(self.columns) + 1))})",
                self.documents,
            )
        if self.passages:
            self.conn.executemany(f"INSERT INTO passages({_PASSAGE_COLUMNS}) VALUES ({', '.join('?' * 14)})", self.passages)
        self.documents, self.passages = [], []
