"""Reindex without reading unchanged files (issue #11): a file whose stamp (size, times, inode, of the
file and its sidecar) is unchanged since it was indexed is not read again; any write, even one that sets
the modification time back or keeps the size, makes the file read, hashed and, if changed, reindexed;
a file written too recently to trust its times is always read."""
from __future__ import annotations

import os
import time

import pytest

from storetest import documents, run_cli, write_files
from store import open_index, reindex, search
from store.stamps import RACY_SECONDS

FILES = {
    "a.txt": "王毅：推动气候变化多边进程\n\n外交部长王毅10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n",
    "b.md": "---\ntitle: 发展中国家的能力建设\nspeaker: 李明\n---\n\n发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。\n",
    "c.txt": "毛宁：全球发展倡议\n\n外交部发言人毛宁表示，全球发展倡议已得到一百多个国家和国际组织的支持。\n",
}
SAME_SIZE = ("一百多个国家", "七十多个国家")  # a change that keeps the file's size in bytes
TESTS = ("unread", "cli", "time_set_back", "touched", "sidecar", "future", "removed")


@pytest.fixture(scope="module")
def settled(tmp_path_factory):
    """A copy of FILES per test, left alone for longer than RACY_SECONDS (once for all tests)."""
    root = tmp_path_factory.mktemp("stamps")
    corpora = {name: write_files(root / name, FILES) for name in TESTS}
    time.sleep(RACY_SECONDS + 0.2)
    return corpora


def indexed(settled, name, tmp_path):
    corpus, db = settled[name], tmp_path / "q.db"
    first = reindex(corpus, db)
    assert (first.indexed, first.unread) == (len(FILES), 0)
    return corpus, db


def test_unchanged_settled_files_are_not_read_again(settled, tmp_path):
    corpus, db = indexed(settled, "unread", tmp_path)
    before = documents(db)
    again = reindex(corpus, db)
    assert (again.indexed, again.unchanged, again.unread, again.removed) == (0, 3, 3, 0)
    assert documents(db) == before


def test_cli_summary_says_how_many_files_were_not_read(settled, tmp_path):
    corpus, db = indexed(settled, "cli", tmp_path)
    result = run_cli("reindex", "--corpus", str(corpus), "--db", str(db))
    assert result.exit_code == 0
    assert "indexed 0, unchanged 3 (3 not read again)" in result.output


def test_same_size_rewrite_with_its_time_set_back_is_reindexed(settled, tmp_path):
    corpus, db = indexed(settled, "time_set_back", tmp_path)
    path = corpus / "c.txt"
    old = path.stat()
    path.write_text(FILES["c.txt"].replace(*SAME_SIZE), encoding="utf-8")
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # as `cp -p` or `rsync -a` leave it
    assert path.stat().st_size == old.st_size
    report = reindex(corpus, db)
    assert (report.indexed, report.unchanged, report.unread) == (1, 2, 2)
    assert any(h.path == "c.txt" for h in search(open_index(db), "全球发展倡议已得到七十多个国家和国际组织的支持"))


def test_touched_file_is_read_but_not_reindexed(settled, tmp_path):
    corpus, db = indexed(settled, "touched", tmp_path)
    ids = documents(db)["a.txt"]["id"]
    os.utime(corpus / "a.txt")
    report = reindex(corpus, db)
    assert (report.indexed, report.unchanged, report.unread) == (0, 3, 2)
    assert documents(db)["a.txt"]["id"] == ids


def test_adding_a_sidecar_reindexes_its_document(settled, tmp_path):
    corpus, db = indexed(settled, "sidecar", tmp_path)
    (corpus / "a.txt.meta.toml").write_text('speaker = "汪文斌"\n', encoding="utf-8")
    report = reindex(corpus, db)
    assert (report.indexed, report.unread) == (1, 2)
    assert documents(db)["a.txt"]["speaker"] == "汪文斌"


def test_file_with_an_unsettled_time_is_read_on_every_reindex(settled, tmp_path):
    corpus, db = indexed(settled, "future", tmp_path)
    future = time.time_ns() + 3600 * 10**9  # a clock set wrong, or a file written a moment ago
    os.utime(corpus / "b.md", ns=(future, future))
    for _ in range(2):
        report = reindex(corpus, db)
        assert (report.indexed, report.unchanged, report.unread) == (0, 3, 2)


def test_removed_file_is_removed_without_reading_the_others(settled, tmp_path):
    corpus, db = indexed(settled, "removed", tmp_path)
    (corpus / "b.md").unlink()
    report = reindex(corpus, db)
    assert (report.removed, report.unchanged, report.unread) == (1, 2, 2)
    assert set(documents(db)) == {"a.txt", "c.txt"}
