"""Reindex a corpus folder into the SQLite index: incremental, atomic, with progress and a summary.

- Incremental: a file whose stamp (its status: store.stamps) is unchanged is not read again, and one
  whose content hash (file + sidecar + pipeline version) is unchanged is not processed again; files
  gone from the folder are removed from the index.
- Atomic: a new index is built in a temporary file and renamed into place; an existing one is changed
  in a single write transaction. Readers (WAL mode) see the old index until the new one is complete,
  and a reindex that fails half-way leaves the old index serving.
- One reindex at a time (a lock file beside the database).
- Bounded: files are parsed in worker processes under per-file time and memory limits (store.workerpool);
  a corpus that cannot be fully seen, or a file at the index path that is not a quotebot index, is
  refused with nothing changed (store.indexfile).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from store import db as dbmod
from store import indexfile
from store.attribute import attribute
from store.chunk import chunk
from store.clean import clean
from store.evidence import Attribution
from store.filelock import exclusive
from store.indexwrite import NewRows
from store.ingest import SkipFile, SourceFile, content_hash, read_document, read_sidecar
from store.limits import LIMITS, Limits
from store.pagecache import ReadAhead
from store.postings import Encoded, PostingsChanges, encode
from store.stamps import stamp
from store.textnorm import normalize
from store.workerpool import run_limited


class ReindexBusy(RuntimeError):
    """Another reindex of the same database is running."""


@dataclass
class Progress:
    """Reported while reindexing: `done` of `total` files examined."""

    done: int
    total: int
    indexed: int
    skipped: int


@dataclass
class ReindexReport:
    corpus: str
    database: str
    files_seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    unread: int = 0  # of the unchanged files, those not even read: their stamp (store.stamps) was unchanged
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    passages_added: int = 0
    passages_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for a person: what was read, indexed, skipped and why."""
        lines = [
            f"files seen {self.files_seen}, indexed {self.indexed}, unchanged {self.unchanged} ({self.unread} not read again), "
            f"removed {self.removed}, skipped {len(self.skipped)}",
            f"passages added {self.passages_added}; index now holds {self.documents_total} documents, "
            f"{self.passages_total} passages ({self.seconds:.1f} s)",
        ]
        lines += [f"skipped {path}: {reason}" for path, reason in self.skipped]
        lines += [f"warning {path}: {reason}" for path, reason in self.warnings]
        return "\n".join(lines)


@dataclass
class _Outcome:
    rel: str
    digest: str = ""
    unchanged: bool = False
    skip: str = ""
    warning: str = ""
    unreadable: bool = False  # the file could not be read (gone or no permission): not a verdict on its content
    document: dict | None = None
    passages: list[tuple] = field(default_factory=list)
    grams: Encoded | None = None  # the passages' bigrams for the postings, made in the worker


def process_file(source: SourceFile, known_hash: str | None) -> _Outcome:
    """Read and hash one file and, if it changed, run it through clean → attribute → chunk."""
    try:
        data = source.path.read_bytes()
        digest = content_hash(source, data)
    except OSError as exc:
        return _Outcome(source.rel, skip=f"unreadable: {exc.strerror or exc}", unreadable=True)
    if digest == known_hash:
        return _Outcome(source.rel, digest, unchanged=True)
    warning = ""
    try:
        sidecar = read_sidecar(source.sidecar)
    except ValueError as exc:
        sidecar, warning = None, str(exc)
    try:
        raw = read_document(source, digest, data)
        doc = attribute(clean(raw), sidecar)
        passages = chunk(doc)
    except SkipFile as exc:
        return _Outcome(source.rel, digest, skip=str(exc), warning=warning, unreadable=isinstance(exc.__cause__, OSError))
    except MemoryError:
        raise  # the worker pool reports the limit
    except Exception as exc:  # a malformed file must never stop the reindex
        return _Outcome(source.rel, digest, skip=f"could not be processed: {type(exc).__name__}: {exc}", warning=warning)
    if not passages:
        return _Outcome(source.rel, digest, skip="no text left after cleaning", warning=warning)
    m = doc.meta
    document = {
        "path": raw.path, "content_hash": digest, "title": m.title, "title_norm": normalize(m.title),
        "speaker": m.speaker, "date": m.date,
        "published": m.published, "outlet": m.outlet, "url": m.url, "kind": m.kind, "format": raw.fmt,
        "encoding": raw.encoding, "n_passages": len(passages),
    }
    rows = [(p.ord, p.paragraph, p.text, p.norm, *_attribution_columns(p.attribution), p.char_start, p.char_end) for p in passages]
    grams = encode([p.norm for p in passages])
    return _Outcome(source.rel, digest, warning=warning, document=document, passages=rows, grams=grams)


def _attribution_columns(a: Attribution) -> tuple[str, str, str, str, str, str]:
    """speaker, relayed_by, kind, cue, evidence, strength: a speaker too weakly evidenced is not stored as
    one; its name stays in the evidence (`王毅? 他表示`) for whoever audits the attribution."""
    evidence = a.evidence if a.shown or not a.speaker else f"{a.speaker}? {a.evidence}".strip()
    return a.stated_speaker, a.relayed_by if a.shown else "", a.kind, a.cue, evidence, a.strength


def _process_job(job: tuple[SourceFile, str | None]) -> _Outcome:
    return process_file(*job)


def _over_limit(job: tuple[SourceFile, str | None], reason: str) -> _Outcome:
    """A file that exceeded a limit: skipped with the reason, and remembered by hash so that an unchanged
    copy is not tried again."""
    try:
        digest = content_hash(job[0])
    except OSError:
        digest = ""
    return _Outcome(job[0].rel, digest, skip=reason)


def _outcomes(jobs: list[tuple[SourceFile, str | None]], workers: int, limits: Limits) -> Iterator[_Outcome]:
    """Every file processed in worker processes under the per-file limits, in job order; the files are read
    into the page cache ahead of the workers (store.pagecache.ReadAhead)."""
    ahead = ReadAhead([source.path for source, _ in jobs])
    for outcome in run_limited(_process_job, jobs, workers, limits, _over_limit):
        ahead.advance()
        yield outcome


def _lock(db_path: Path) -> AbstractContextManager[None]:
    return exclusive(f"{db_path}.lock", ReindexBusy, f"another reindex of {db_path} is running")


def _delete_document(db: sqlite_utils.Database, doc_id: int, changes: PostingsChanges) -> None:
    rows = db.execute("SELECT id, norm FROM passages WHERE document_id = ?", [doc_id]).fetchall()
    changes.remove([pid for pid, _ in rows], [norm for _, norm in rows])
    db.execute("DELETE FROM passages WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def _insert_document(rows: NewRows, outcome: _Outcome, now: str, changes: PostingsChanges, stamped: str) -> None:
    ids = rows.add(dict(outcome.document or {}, indexed_at=now, stamp=stamped), outcome.passages)
    changes.add(ids, outcome.grams)


def _refresh_statistics(db: sqlite_utils.Database, changes: PostingsChanges) -> None:
    """Bring what search reads besides the passages up to date: the bigram postings and the speaker list."""
    changes.apply(db.conn)
    db.execute("DELETE FROM speakers")
    db.execute(
        "INSERT INTO speakers(name, passages) SELECT speaker, count(*) FROM passages "
        "WHERE speaker IS NOT NULL AND speaker != '' GROUP BY speaker"
    )
    dbmod.set_meta(db, "generation", str(int(dbmod.get_meta(db, "generation", "0")) + 1))


def reindex(
    corpus: Path | str,
    db_path: Path | str,
    *,
    progress: Callable[[Progress], None] | None = None,
    workers: int | None = None,
    limits: Limits = LIMITS,
) -> ReindexReport:
    """Bring the index at `db_path` up to date with the files under `corpus`.

    Refuses (CorpusUnavailable, nothing changed) a corpus it cannot fully see; rebuilds aside and swaps
    in an index of another schema; refuses (IndexUnusable) a file that is not a readable quotebot index;
    reports a full disk as IndexWriteFailed.
    """
    corpus, db_path = Path(corpus), Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report = ReindexReport(str(corpus), str(db_path))
    with _lock(db_path), indexfile.write_errors(db_path):
        indexfile.remove_stale_builds(db_path)
        current = indexfile.state(db_path) is indexfile.State.CURRENT
        target = db_path if current else indexfile.building_path(db_path, os.getpid())
        try:
            db = dbmod.connect(target)
            if current:
                db.execute("PRAGMA journal_mode = WAL")
            else:
                db.execute("PRAGMA journal_mode = OFF")
                db.execute("PRAGMA synchronous = OFF")
                dbmod.create_schema(db)
            try:
                _update(db, corpus, report, progress, workers or os.cpu_count() or 1, limits)
                if not current:
                    dbmod.create_indexes(db)
                    db.execute("PRAGMA journal_mode = WAL")
            finally:
                db.conn.close()
            if not current:
                indexfile.remove_side_files(db_path)  # the old file's, if it had any: never applied to the new one
                os.replace(target, db_path)
        except BaseException:
            if not current:
                indexfile.remove_with_side_files(target)
            raise
    report.seconds = time.monotonic() - started
    return report


@dataclass(frozen=True)
class _Known:
    """An indexed document, as the reindex needs it."""

    id: int
    digest: str
    stamp: str


def _update(
    db: sqlite_utils.Database,
    corpus: Path,
    report: ReindexReport,
    progress: Callable[[Progress], None] | None,
    workers: int,
    limits: Limits,
) -> None:
    now_ns = time.time_ns()
    known = {path: _Known(*row) for path, *row in db.execute("SELECT path, id, content_hash, stamp FROM documents")}
    sources = indexfile.survey(corpus, len(known))
    report.files_seen = len(sources)
    stamps = {s.rel: stamp(s, now_ns) for s in sources}
    fresh = [s for s in sources if not (s.rel in known and stamps[s.rel] and stamps[s.rel] == known[s.rel].stamp)]
    report.unchanged = report.unread = len(sources) - len(fresh)
    known_skips = {path: (digest, reason) for path, digest, reason in db.execute("SELECT path, content_hash, reason FROM skipped")}
    seen = {s.rel for s in sources}
    jobs = [(s, known[s.rel].digest if s.rel in known else known_skips.get(s.rel, (None, ""))[0]) for s in fresh]
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    changes = PostingsChanges()
    db.execute("BEGIN IMMEDIATE")
    try:
        for path in sorted(set(known) - seen):
            _delete_document(db, known[path].id, changes)
            report.removed += 1
        db.execute("DELETE FROM skipped")
        if progress and report.unchanged:
            progress(Progress(report.unchanged, len(sources), 0, 0))
        rows = NewRows(db.conn)
        for done, outcome in enumerate(_outcomes(jobs, workers, limits), report.unchanged + 1):
            _apply(db, rows, outcome, known, known_skips, report, now, changes, stamps[outcome.rel])
            if progress and (done == len(sources) or done % 50 == 0):
                progress(Progress(done, len(sources), report.indexed, len(report.skipped)))
        rows.flush()
        if report.indexed or report.removed or report.unchanged < len(known):
            _refresh_statistics(db, changes)
        dbmod.set_meta(db, "indexed_at", now)
        indexfile.check_still_there(corpus)
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    report.documents_total = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    report.passages_total = db.execute("SELECT count(*) FROM passages").fetchone()[0]


def _apply(
    db: sqlite_utils.Database,
    rows: NewRows,
    outcome: _Outcome,
    known: dict[str, _Known],
    known_skips: dict[str, tuple[str, str]],
    report: ReindexReport,
    now: str,
    changes: PostingsChanges,
    stamped: str,
) -> None:
    """Bring the index up to date with one file's outcome (new rows go to `rows`, written later); `stamped`:
    its stamp, taken before it was read."""
    if outcome.warning:
        report.warnings.append((outcome.rel, outcome.warning))
    if outcome.unchanged:
        if outcome.rel in known:
            report.unchanged += 1
            if stamped != known[outcome.rel].stamp:  # written again with the same content, or not settled before
                db.execute("UPDATE documents SET stamp = ? WHERE id = ?", [stamped, known[outcome.rel].id])
        else:  # a file skipped before and not changed since
            reason = known_skips[outcome.rel][1]
            db.execute("INSERT INTO skipped(path, content_hash, reason) VALUES (?, ?, ?)", [outcome.rel, outcome.digest, reason])
            report.skipped.append((outcome.rel, reason))
        return
    if outcome.unreadable and outcome.rel in known:  # seen a moment ago: keep what was indexed
        report.warnings.append((outcome.rel, f"{outcome.skip}; the indexed copy is kept"))
        report.unchanged += 1
        return
    if outcome.rel in known:
        _delete_document(db, known[outcome.rel].id, changes)
    if outcome.skip:
        db.execute("INSERT INTO skipped(path, content_hash, reason) VALUES (?, ?, ?)", [outcome.rel, outcome.digest, outcome.skip])
        report.skipped.append((outcome.rel, outcome.skip))
        return
    _insert_document(rows, outcome, now, changes, stamped)
    report.indexed += 1
    report.passages_added += len(outcome.passages)
