"""The index file on bad days (issue 13): moved or removed while open, builds killed half-way, a corpus
that cannot be seen, an index of another schema, a damaged file, a full disk, a query over its time.
Each time: nothing is lost, the message says what happened and what to do, the exit status is non-zero."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import store.ingest
from storetest import PROJECT, QUOTEBOT, copy_sample, run_quotebot, write_files
from store import (
    CorpusUnavailable, IndexUnreadable, IndexUnusable, QueryTimeout, check_quote, open_index, reindex, search,
)
from store import db as dbmod
from store import indexfile

PHRASE = "恐怖网络仍在蔓延"
NEW_DOC = "外交部发言人李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n"


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def doc_paths(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT path FROM documents ORDER BY path")]
    finally:
        conn.close()


# ---------------------------------------------------------------- moved or removed while open


def leave_frames_in_the_wal(db: Path) -> None:
    """A process that wrote to the index and died before a checkpoint (kill -9) leaves its frames in -wal."""
    code = (
        "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_autocheckpoint = 0'); "
        "c.execute(\"UPDATE documents SET title = 'stale'\"); c.commit(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)


@pytest.mark.parametrize("how", ["moved", "removed"])
def test_index_moved_or_removed_with_its_side_files_left_rebuilds_clean(tmp_path, corpus, db, how):
    reader = open_index(db)
    assert search(reader, PHRASE)  # a reader (the bot) holds the file and its -shm open
    leave_frames_in_the_wal(db)
    assert Path(f"{db}-wal").stat().st_size > 0
    if how == "moved":
        db.rename(tmp_path / "moved.db")
    else:
        db.unlink()
    first = sorted(corpus.iterdir())[0]
    first.unlink()
    reindex(corpus, db)
    assert integrity(db) == "ok"
    assert doc_paths(db) == sorted(p.name for p in corpus.iterdir())
    assert "stale" not in {h.title for h in search(open_index(db), PHRASE)}
    assert search(reader, PHRASE)  # the reader follows the new file


# ---------------------------------------------------------------- builds killed half-way


def test_stale_build_files_are_removed_by_the_next_reindex(tmp_path, corpus, db):
    stale = tmp_path / ".q.db.building-999999"
    stale.write_bytes(b"half a database")
    Path(f"{stale}-journal").write_bytes(b"x")
    reindex(corpus, db)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".q.db")) == []


def test_killed_fresh_build_leaves_no_orphan_workers_and_is_cleaned_up(tmp_path):
    sample = copy_sample(tmp_path / "sample")
    for i in range(60):
        shutil.copytree(sample, tmp_path / "corpus" / f"copy{i:02d}")
    out = tmp_path / "out"
    out.mkdir()
    proc = psutil.Popen(
        [str(QUOTEBOT), "reindex", "--corpus", str(tmp_path / "corpus"),
         "--db", str(out / "q.db"), "--workers", "2"],
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (list(out.glob(".q.db.building-*")) and len(proc.children()) >= 2):
        time.sleep(0.05)
    workers = proc.children(recursive=True)
    assert workers, "the reindex never started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == []
    assert list(out.glob(".q.db.building-*"))  # what the killed build left…
    reindex(sample, out / "q.db")
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # …the next reindex removes
    assert integrity(out / "q.db") == "ok"


# ---------------------------------------------------------------- a corpus that cannot be seen


def test_empty_corpus_folder_removes_nothing(corpus, db):
    before = doc_paths(db)
    for path in corpus.iterdir():
        path.unlink()
    with pytest.raises(CorpusUnavailable, match="empty but the index holds 5 documents"):
        reindex(corpus, db)
    assert doc_paths(db) == before


def test_cli_refuses_an_empty_corpus_with_a_clear_message(corpus, db):
    for path in corpus.iterdir():
        path.unlink()
    proc = run_quotebot("reindex", "--corpus", str(corpus), "--db", str(db))
    assert proc.returncode != 0
    assert "is the folder mounted? Nothing was removed" in proc.stderr and "Traceback" not in proc.stderr
    assert len(doc_paths(db)) == 5


def test_empty_corpus_for_a_new_index_builds_an_empty_one(tmp_path):
    (tmp_path / "empty").mkdir()
    report = reindex(tmp_path / "empty", tmp_path / "q.db")
    assert report.files_seen == 0 and doc_paths(tmp_path / "q.db") == []


def many_files(root: Path, n: int) -> Path:
    return write_files(root, {f"part{i // 50}/doc{i:03d}.txt": NEW_DOC.replace("李明", f"李{i}号") for i in range(n)})


def test_corpus_deleted_during_the_reindex_changes_nothing(tmp_path):
    corpus = many_files(tmp_path / "corpus", 150)
    db = tmp_path / "q.db"
    reindex(corpus, db)
    before = doc_paths(db)
    for path in corpus.rglob("*.txt"):
        path.write_text(NEW_DOC + "又及。\n", encoding="utf-8")  # every file changed: all are read again

    def vanish(progress):
        if corpus.exists():
            shutil.rmtree(corpus)

    with pytest.raises(CorpusUnavailable, match="disappeared during the reindex"):
        reindex(corpus, db, progress=vanish)
    assert doc_paths(db) == before


def test_folder_deleted_during_the_reindex_keeps_its_documents(tmp_path, monkeypatch):
    corpus = many_files(tmp_path / "corpus", 150)
    db = tmp_path / "q.db"
    reindex(corpus, db)
    before = doc_paths(db)
    (corpus / "new.txt").write_text(NEW_DOC, encoding="utf-8")
    survey = indexfile.survey

    def listed_then_gone(*args):  # the folder vanishes after the corpus was listed, before its files are read
        sources = survey(*args)
        shutil.rmtree(corpus / "part2")
        return sources

    monkeypatch.setattr(indexfile, "survey", listed_then_gone)
    report = reindex(corpus, db)
    kept = [path for path, warning in report.warnings if "the indexed copy is kept" in warning]
    assert kept and all(path.startswith("part2/") for path in kept)
    assert set(before) <= set(doc_paths(db))
    assert report.removed == 0


def test_unreadable_folder_in_the_corpus_is_refused(tmp_path, monkeypatch):
    corpus = many_files(tmp_path / "corpus", 60)
    db = tmp_path / "q.db"
    reindex(corpus, db)
    before = doc_paths(db)
    locked = corpus / "part1"
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make listing it fail as it does for everyone else
        real = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(store.ingest.os, "scandir", scandir)
    try:
        with pytest.raises(CorpusUnavailable, match=r"cannot read .*part1.*Permission denied.*nothing was changed"):
            reindex(corpus, db)
    finally:
        locked.chmod(0o755)
    assert doc_paths(db) == before


# ---------------------------------------------------------------- another schema, damaged or foreign files


def test_index_of_another_schema_is_rebuilt_aside_and_swapped_in(corpus, db):
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = 'old' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    reader = open_index(db)
    with pytest.raises(IndexUnreadable, match="run `quotebot reindex` to rebuild"):
        search(reader, PHRASE)
    report = reindex(corpus, db)
    assert report.indexed == 5
    assert search(reader, PHRASE)  # the same reader follows the swap
    assert dbmod.get_meta(dbmod.connect(db), "schema_version") == dbmod.SCHEMA_VERSION


def test_a_file_that_is_not_a_quotebot_index_is_never_replaced(tmp_path, corpus):
    other = tmp_path / "mine.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    data = other.read_bytes()
    with pytest.raises(IndexUnusable, match="not a quotebot index"):
        reindex(corpus, other)
    assert other.read_bytes() == data


@pytest.fixture
def damaged(db):
    data = bytearray(db.read_bytes())
    data[100:4096 * 3] = b"\x5a" * (4096 * 3 - 100)  # header fields and the first pages overwritten
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize("command", [("ask", PHRASE), ("check", PHRASE), ("reindex",)])
def test_cli_on_a_damaged_index_says_so_without_a_traceback(corpus, damaged, command):
    extra = ("--corpus", str(corpus)) if command[0] == "reindex" else ()
    proc = run_quotebot(*command, "--db", str(damaged), *extra)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert str(damaged) in proc.stderr and ("move or delete it" in proc.stderr)


def test_store_raises_index_unreadable_on_a_damaged_index(damaged):
    with pytest.raises(IndexUnreadable):
        search(open_index(damaged), PHRASE)
    with pytest.raises(IndexUnreadable):
        check_quote(open_index(damaged), PHRASE)


# ---------------------------------------------------------------- disk full


def limited_file_size(nbytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return apply


def run_quotebot_with_file_limit(nbytes: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(QUOTEBOT), *args], capture_output=True, text=True, timeout=120, cwd=str(PROJECT),
        preexec_fn=limited_file_size(nbytes),
    )


def test_disk_full_during_a_fresh_build_is_a_clear_error(tmp_path, corpus):
    proc = run_quotebot_with_file_limit(64 * 1024, "reindex", "--corpus", str(corpus), "--db", str(tmp_path / "q.db"))
    assert proc.returncode != 0
    assert "is the disk full?" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "q.db").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".q.db")] == []


def test_disk_full_during_an_update_leaves_the_previous_index(tmp_path, corpus, db):
    before = doc_paths(db)
    assert db.stat().st_size > 32 * 1024  # existing pages stay readable; the update cannot be written
    write_files(corpus, {f"more{i}.txt": (NEW_DOC * 40).replace("李明", f"李{i}") for i in range(40)})
    proc = run_quotebot_with_file_limit(32 * 1024, "reindex", "--corpus", str(corpus), "--db", str(db))
    assert proc.returncode != 0
    assert "is the disk full?" in proc.stderr and "Traceback" not in proc.stderr
    assert doc_paths(db) == before and integrity(db) == "ok"


# ---------------------------------------------------------------- queries over their time


def test_query_past_its_time_limit_is_stopped(db):
    reader = open_index(db)
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    with pytest.raises(QueryTimeout), reader.time_limit(0.2):
        reader.conn().execute(slow).fetchone()
    assert search(reader, PHRASE)  # the connection works afterwards, without the limit


def test_search_within_its_time_limit_answers(db):
    reader = open_index(db)
    with reader.time_limit(30):
        assert search(reader, PHRASE)
