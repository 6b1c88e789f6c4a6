"""How a reindex writes (store.indexwrite, store.postings): new rows of many files go in one statement per
table, and a first build writes the postings in key order. The index holds the same content whatever the
batch; passage ids keep AUTOINCREMENT's promises (file order, larger than any before, never reused)."""
from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from bench.samedb import TABLES, differences
from store import indexwrite, reindex
from store.textnorm import bigrams
from storetest import write_files

PLACES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆", "天津", "苏州"]


def _article(n: int) -> str:
    place = PLACES[n]
    return "\n".join([
        f"{place}新闻第{n}号",
        f"{place}市政府今天发布了第{n}份年度报告，介绍了全市经济的发展情况。",
        f"报告显示，{place}的进出口总额比去年增长了{n + 3}个百分点。",
        f"市长在发布会上表示：“我们将继续扩大开放，欢迎各方来{place}投资。”",
        f"有关部门还公布了{place}明年的{n + 10}项重点工程。",
    ])


FILES = {f"a{n:02d}.txt": _article(n) for n in range(len(PLACES))}


@pytest.fixture
def small_batches(monkeypatch):
    """Rows written every 3 passages: many batches for a small corpus."""
    monkeypatch.setattr(indexwrite, "WRITE", indexwrite.WriteSettings(batch_passages=3))


def _passages(db) -> list[tuple[int, str, int]]:
    conn = sqlite3.connect(db)
    return conn.execute("SELECT p.id, d.path, p.ord FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY p.id").fetchall()


def test_batches_of_any_size_build_the_same_index(tmp_path, monkeypatch):
    corpus = write_files(tmp_path / "corpus", FILES)
    reindex(corpus, tmp_path / "one.db")
    monkeypatch.setattr(indexwrite, "WRITE", indexwrite.WriteSettings(batch_passages=3))
    reindex(corpus, tmp_path / "many.db")
    one, many = sqlite3.connect(tmp_path / "one.db"), sqlite3.connect(tmp_path / "many.db")
    for table in TABLES:
        rows_one, rows_many, lines = differences(one, many, table)
        assert rows_one == rows_many and not lines, (table, lines)
    assert _passages(tmp_path / "one.db") == _passages(tmp_path / "many.db")


def test_passage_ids_follow_the_files_and_are_never_reused(tmp_path, small_batches):
    corpus = write_files(tmp_path / "corpus", FILES)
    db = tmp_path / "index.db"
    reindex(corpus, db)
    first = _passages(db)
    assert [pid for pid, _, _ in first] == list(range(1, len(first) + 1))
    assert [(path, o) for _, path, o in first] == sorted((path, o) for _, path, o in first)
    (corpus / "a03.txt").write_text(_article(3) + "\n市长最后强调，改革的步伐不会停止。", encoding="utf-8")
    (corpus / "a05.txt").unlink()
    reindex(corpus, db)
    second = _passages(db)
    kept = [row for row in first if row[1] not in ("a03.txt", "a05.txt")]
    assert [row for row in second if row[1] not in ("a03.txt", "a05.txt")] == kept
    changed = [pid for pid, path, _ in second if path == "a03.txt"]
    assert min(changed) > max(pid for pid, _, _ in first)  # new ids, above every id given before
    assert not {pid for pid, path, _ in first if path == "a05.txt"} & {pid for pid, _, _ in second}


def test_postings_hold_every_bigram_of_every_passage_in_key_order(tmp_path, small_batches):
    corpus = write_files(tmp_path / "corpus", FILES)
    db = tmp_path / "index.db"
    reindex(corpus, db)
    conn = sqlite3.connect(db)
    expected: dict[str, list[int]] = {}
    for pid, norm in conn.execute("SELECT id, norm FROM passages ORDER BY id"):
        for gram in bigrams(norm):
            expected.setdefault(gram, []).append(pid)
    stored = {term: np.frombuffer(ids, "<u4").tolist() for term, ids in conn.execute("SELECT term, ids FROM postings")}
    assert stored == expected
    assert dict(conn.execute("SELECT term, df FROM grams")) == {gram: len(ids) for gram, ids in expected.items()}
    written = [term for (term,) in conn.execute("SELECT term FROM postings ORDER BY rowid")]
    assert written == sorted(written)
