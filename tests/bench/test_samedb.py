"""`python -m bench.samedb`: two indexes of the same corpus are the same, whatever their passage ids;
an index of a changed corpus is told apart, table by table."""
from __future__ import annotations

from pathlib import Path

from bench import samedb
from store import reindex

FILES = {
    "a.txt": "王毅：推动气候变化多边进程\n\n外交部长王毅10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n",
    "b.txt": "毛宁：全球发展倡议\n\n外交部发言人毛宁表示，全球发展倡议已得到一百多个国家和国际组织的支持。𠀋字也在。\n",
}


def write_files(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_indexes_of_the_same_corpus_are_the_same_even_with_other_ids(tmp_path, capsys):
    corpus = write_files(tmp_path / "corpus", FILES)
    reindex(corpus, tmp_path / "one.db")
    (corpus / "b.txt").unlink()
    reindex(corpus, tmp_path / "two.db")
    write_files(corpus, {"b.txt": FILES["b.txt"]})
    reindex(corpus, tmp_path / "two.db")  # b.txt's passages come after a.txt's: other ids, same content
    assert samedb.main([str(tmp_path / "one.db"), str(tmp_path / "two.db")]) == 0
    assert capsys.readouterr().out.count(", same") == len(samedb.TABLES)


def test_a_changed_passage_is_shown_with_its_table(tmp_path, capsys):
    corpus = write_files(tmp_path / "corpus", FILES)
    reindex(corpus, tmp_path / "one.db")
    write_files(corpus, {"a.txt": FILES["a.txt"].replace("王毅10日", "王毅11日")})
    reindex(corpus, tmp_path / "two.db")
    assert samedb.main([str(tmp_path / "one.db"), str(tmp_path / "two.db")]) == 1
    out = capsys.readouterr().out
    assert "documents: 2 / 2 rows, DIFFERENT" in out and "passages: 2 / 2 rows, DIFFERENT" in out
    assert "only in B: ('a.txt', 0, 0, '外交部长王毅11日表示" in out
    assert "postings: 71 / 71 rows, DIFFERENT" in out and "speakers: 2 / 2 rows, same" in out
