"""The index file's life on disk around a reindex: what an existing file is, the corpus folder as it can
be seen, builds left by a killed reindex, side files of a file that is no longer there, write errors.

Every judgement refuses rather than guesses: a corpus that cannot be seen is not an empty corpus, and a
file that is not a quotebot index is never replaced.
"""
from __future__ import annotations

import errno
import sqlite3
from contextlib import contextmanager
from enum import Enum
from collections.abc import Iterator
from pathlib import Path

from store import db as dbmod
from store.ingest import SourceFile, discover

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class CorpusUnavailable(FileNotFoundError):
    """The corpus folder is missing, empty while the index holds documents, or partly unreadable."""


class IndexUnusable(RuntimeError):
    """The file at the index path cannot be used as this version's index and is not rebuilt."""


class IndexWriteFailed(RuntimeError):
    """Writing the index failed (disk full, I/O error); the previous index is unchanged."""


class State(Enum):
    MISSING = "missing"
    CURRENT = "current"  # a quotebot index of this schema: updated in place
    OUTDATED = "outdated"  # a quotebot index of another schema: rebuilt aside and swapped in


def building_path(db_path: Path, pid: int) -> Path:
    return db_path.with_name(f".{db_path.name}.building-{pid}")


def remove_with_side_files(path: Path) -> None:
    path.unlink(missing_ok=True)
    remove_side_files(path)


def remove_side_files(path: Path) -> None:
    """Drop `-wal`/`-shm`/`-journal` beside `path`: left by a file removed or moved while open, SQLite
    would apply them to whatever file is put there next."""
    for suffix in SIDE_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def remove_stale_builds(db_path: Path) -> list[Path]:
    """Builds of reindexes that died; call with the reindex lock held (no build can be running)."""
    stale = sorted(p for p in db_path.parent.glob(f".{db_path.name}.building-*") if not p.name.endswith(SIDE_SUFFIXES))
    for path in stale:
        remove_with_side_files(path)
    return stale


def state(db_path: Path) -> State:
    """What is at the index path; raises IndexUnusable for a file that is not a readable quotebot index."""
    if not db_path.exists():
        remove_side_files(db_path)
        return State.MISSING
    try:
        db = dbmod.connect(db_path, readonly=True)
        try:
            version = dbmod.get_meta(db, "schema_version") if "meta" in db.table_names() else None
        finally:
            db.conn.close()
    except sqlite3.DatabaseError as exc:
        raise IndexUnusable(
            f"{db_path} cannot be read as an index ({exc}); it is left untouched: "
            "move or delete it, then reindex to build a new one"
        ) from exc
    if version is None:
        raise IndexUnusable(f"{db_path} is not a quotebot index; it is left untouched: choose another --db or remove it")
    return State.CURRENT if version == dbmod.SCHEMA_VERSION else State.OUTDATED


def survey(corpus: Path, documents_indexed: int) -> list[SourceFile]:
    """The corpus files, or CorpusUnavailable when the folder cannot be fully seen: missing, with an
    unreadable folder inside, or empty while the index holds documents (an unmounted share)."""
    if not corpus.is_dir():
        raise CorpusUnavailable(f"corpus folder not found: {corpus}; nothing was changed")
    errors: list[OSError] = []
    sources = discover(corpus, errors)
    if errors:
        where = errors[0].filename or corpus
        raise CorpusUnavailable(
            f"cannot read {where} in the corpus ({errors[0].strerror or errors[0]}); nothing was changed: "
            "fix its permissions or move it out of the corpus"
        )
    if not sources and documents_indexed:
        raise CorpusUnavailable(
            f"corpus folder {corpus} is empty but the index holds {documents_indexed} documents: "
            "is the folder mounted? Nothing was removed"
        )
    return sources


def check_still_there(corpus: Path) -> None:
    """Before committing: a corpus folder that vanished during the reindex must not empty the index."""
    if not corpus.is_dir():
        raise CorpusUnavailable(f"corpus folder {corpus} disappeared during the reindex; nothing was changed")


@contextmanager
def write_errors(db_path: Path) -> Iterator[None]:
    """Turn a full disk or an I/O error while writing into IndexWriteFailed with what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "full" in text or "i/o" in text:
            raise IndexWriteFailed(f"could not write {db_path} ({exc}): is the disk full? {_UNCHANGED}") from exc
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise IndexWriteFailed(f"could not write {db_path} ({exc.strerror}): free some space. {_UNCHANGED}") from exc
        raise


_UNCHANGED = "The previous index (if any) is unchanged."
