"""What a reader holds in memory (store.resident): a warmed reader of a small index answers exactly as one
that holds nothing, from memory; a reindex or a rebuild at the same path is seen at once; an index too
large for the budget is read from SQLite."""
from __future__ import annotations

import os

import pytest

from storetest import all_passages, copy_sample, write_files
from store import reindex, search
from store.reader import IndexReader, ReadSettings
from store.resident import Resident, documents_size, load, norms_size, passages_size

NOTHING = ReadSettings(resident_mib=0)


def _cards(reader: IndexReader, question: str) -> list[tuple]:
    return [(h.passage_id, h.score, h.speaker, h.relayed_by, h.date, h.published, h.outlet, h.title, h.url, h.path, h.quote, h.span,
             [s.passage_id for s in h.also_reported_by]) for h in search(reader, question)]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("resident")
    reindex(copy_sample(root / "corpus"), root / "q.db")
    return root / "q.db"


def _questions(reader: IndexReader) -> list[str]:
    """A fragment of every passage, and questions by speaker and year."""
    fragments = [p.text[4:22] for p in all_passages(reader) if len(p.text) >= 30]
    speakers = [name for names in reader.snapshot().speakers.values() for name in names][:5]
    return fragments + [f"{name}怎么说" for name in speakers] + ["2023年 台湾问题", "中方坚决反对", "穩定", "什么是一个中国原则"]


@pytest.mark.parametrize("rows_held", [True, False], ids=["rows held", "search forms held, rows read"])
def test_a_warmed_reader_answers_as_one_that_holds_nothing(sample_db, rows_held):
    held, plain = IndexReader(sample_db), IndexReader(sample_db, NOTHING)
    held.warm()
    plain.warm()
    if not rows_held:  # the budget of the documents and the search forms only
        conn = held.conn()
        held.snapshot().resident = load(conn, documents_size(conn) + norms_size(conn, 2**40))
    resident = held.snapshot().resident
    assert resident is not None and resident.documents and resident.norms is not None
    assert (resident.passages is not None) == rows_held
    assert plain.snapshot().resident.documents == {} and plain.snapshot().resident.norms is None
    questions = _questions(plain)
    answered = 0
    for question in questions:
        cards = _cards(held, question)
        assert cards == _cards(plain, question), question
        answered += bool(cards)
    assert answered >= len(questions) // 2  # the comparison is not vacuous
    ids = sorted(i for i, norm in enumerate(resident.norms) if norm is not None)
    assert held.norms(ids) == plain.norms(ids)
    assert repr(held.rows(ids)) == repr(plain.rows(ids))  # the same values, of the same types (1.0 is not 1)
    assert list(held.rows(ids)) == ids  # ascending, as SQLite gives them


def _doc(speaker: str, words: str) -> str:
    return f"例行记者会\n\n发布时间：2023-05-06 来源：人民网\n\n{speaker}表示，{words}。\n"


def test_a_reindex_after_the_load_is_seen_at_once(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.txt": _doc("王毅", "中方愿同各方一道加强沟通协调")})
    reindex(corpus, tmp_path / "q.db")
    reader = IndexReader(tmp_path / "q.db")
    reader.warm()
    write_files(corpus, {"b.txt": _doc("毛宁", "共同维护地区和平稳定与发展繁荣")})
    reindex(corpus, tmp_path / "q.db")
    hits = search(reader, "共同维护地区和平稳定与发展繁荣")  # not warmed again: the new document is not held
    assert [(h.path, h.speaker, h.outlet, h.date) for h in hits][:1] == [("b.txt", "毛宁", "人民网", "2023-05-06")]
    reader.warm()
    assert len(reader.snapshot().resident.documents) == 2


def test_rows_held_before_a_reindex_and_rows_read_since_come_back_as_one(tmp_path):
    """What a generation holds stays true in later ones (ids are never reused): a reader answering from an
    earlier load for the rows it holds and from SQLite for those indexed since gives what SQLite alone
    gives, in ascending order, whatever order and repeats the ids come in."""
    corpus = write_files(tmp_path / "corpus", {"a.txt": _doc("王毅", "中方愿同各方一道加强沟通协调")})
    reindex(corpus, tmp_path / "q.db")
    reader, plain = IndexReader(tmp_path / "q.db"), IndexReader(tmp_path / "q.db", NOTHING)
    reader.warm()
    earlier = reader.snapshot().resident
    assert earlier.passages is not None
    write_files(corpus, {"b.txt": _doc("毛宁", "共同维护地区和平稳定与发展繁荣")})
    reindex(corpus, tmp_path / "q.db")
    reader.snapshot().resident = earlier  # the new generation, with what the earlier one held
    ids = [p.id for p in all_passages(plain)]
    held_ids = [i for i in ids if earlier.passage(i) is not None]
    assert held_ids and len(held_ids) < len(ids)  # some rows from memory, some from SQLite
    asked = ids[::-1] + ids[:2]
    assert repr(reader.rows(asked)) == repr(plain.rows(asked)) and list(reader.rows(asked)) == sorted(ids)


def test_a_rebuild_at_the_same_path_is_not_read_through_the_old_generations_memory(tmp_path):
    first = write_files(tmp_path / "one", {"a.txt": _doc("王毅", "中方愿同各方一道加强沟通协调")})
    second = write_files(tmp_path / "two", {"b.txt": _doc("毛宁", "中方愿同各方一道加强沟通协调，共同维护和平")})
    reindex(first, tmp_path / "one.db")
    reindex(second, tmp_path / "two.db")
    reader = IndexReader(tmp_path / "q.db")
    os.replace(tmp_path / "one.db", tmp_path / "q.db")
    reader.warm()
    assert [h.speaker for h in search(reader, "中方愿同各方一道加强沟通协调")] == ["王毅"]
    os.replace(tmp_path / "two.db", tmp_path / "q.db")  # the same ids now name other passages
    assert [(h.speaker, h.path) for h in search(reader, "中方愿同各方一道加强沟通协调")] == [("毛宁", "b.txt")]


def test_what_does_not_fit_the_budget_is_not_held(sample_db):
    conn = IndexReader(sample_db).conn()
    documents, norms, rows = documents_size(conn), norms_size(conn, 2**40), passages_size(conn, 2**40)
    assert documents > 0 and norms > 0 and rows > 0
    everything = load(conn, documents + norms + rows)
    assert everything.documents and everything.norms is not None and everything.passages is not None
    held = [r for r in everything.passages if r is not None]
    assert len(held) == len(all_passages(IndexReader(sample_db))) and all(r[0] == i for i, r in enumerate(everything.passages) if r)
    no_rows = load(conn, documents + norms + rows - 1)
    assert no_rows.norms == everything.norms and no_rows.passages is None
    with pytest.raises(ValueError):  # rows are read apart from their search forms: never held without them
        Resident(everything.documents, None, everything.passages)
    documents_only = load(conn, documents + norms - 1)
    assert documents_only.documents == everything.documents and documents_only.norms is None and documents_only.passages is None
    assert load(conn, documents - 1) == load(conn, 0) and load(conn, 0).documents == {} and load(conn, 0).norms is None
