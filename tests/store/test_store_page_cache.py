"""The warm-up keeps the index file in the OS page cache (store.pagecache): it reads the whole file when it
fits the memory share, skips it when not, and reads it again for a new index generation or after a while,
never on every warm-up."""
from __future__ import annotations

import dataclasses

from storetest import write_files
from store import open_index, pagecache, reindex
from store.reader import IndexReader


def test_prewarm_reads_every_byte_of_what_fits(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "a.db-wal"
    a.write_bytes(b"x" * (3 * pagecache.BUFFER_BYTES + 17))
    b.write_bytes(b"y" * 100)
    assert pagecache.prewarm([a, b, tmp_path / "missing"], share=0.5) == a.stat().st_size + 100
    assert pagecache.prewarm([a], share=1e-12) == 0  # larger than the share of memory: left to the kernel
    assert pagecache.prewarm([tmp_path / "missing"], share=0.5) == 0


def test_available_memory_is_known_here():
    available = pagecache.available_bytes()
    assert available is not None and available > 0


def test_warm_up_prewarms_per_generation_and_at_most_every_so_often(tmp_path, monkeypatch):
    calls: list[list] = []
    monkeypatch.setattr(pagecache, "prewarm", lambda paths, share: calls.append(list(paths)) or 0)
    files = {f"{i}.txt": f"标题{i}\n\n发布时间：2024-05-0{i + 1}\n\n中方愿同各方加强沟通，第{i}次会谈取得成果。\n" for i in range(3)}
    corpus = write_files(tmp_path / "corpus", files)
    db = tmp_path / "q.db"
    reindex(corpus, db)
    index = open_index(db)
    index.warm()
    assert calls == [[db, tmp_path / "q.db-wal"]]
    index.warm()
    assert len(calls) == 1  # the same generation, just read
    write_files(corpus, {"3.txt": "标题3\n\n发布时间：2024-05-09\n\n外交部发言人回答了记者提问。\n"})
    reindex(corpus, db)
    index.warm()
    assert len(calls) == 2  # a new generation: read at once
    again = IndexReader(db, dataclasses.replace(index.settings, prewarm_every=0.0))
    again.warm()
    again.warm()
    assert len(calls) == 4  # past the interval: read again


def test_warm_up_of_a_missing_index_reads_nothing(tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr(pagecache, "prewarm", lambda paths, share: calls.append(paths) or 0)
    IndexReader(tmp_path / "none.db").warm()
    assert calls == []


def test_a_reindex_has_the_kernel_read_its_files_ahead_of_the_workers(tmp_path, monkeypatch):
    """Each corpus file is advised once, in the order the workers read them, a window ahead of the last
    one processed; the reindex is the same."""
    advised: list[str] = []
    real = pagecache._will_need
    monkeypatch.setattr(pagecache, "_will_need", lambda path: advised.append(path.name) or real(path))
    paths = [tmp_path / f"{i}.txt" for i in range(10)]
    for path in paths:
        path.write_text("x")
    ahead = pagecache.ReadAhead(paths + [tmp_path / "gone.txt"], window=3)
    assert advised == ["0.txt", "1.txt", "2.txt"]
    for _ in range(20):
        ahead.advance()
    assert advised == [p.name for p in paths] + ["gone.txt"]  # a file gone meanwhile is no error
    advised.clear()
    files = {f"{i:02d}.txt": f"标题{i}\n\n发布时间：2024-05-01\n\n中方愿同各方加强沟通，第{i}次会谈取得成果。\n" for i in range(12)}
    report = reindex(write_files(tmp_path / "corpus", files), tmp_path / "q.db")
    assert sorted(advised) == sorted(files) and len(advised) == len(set(advised))
    assert report.indexed == report.documents_total == 12
