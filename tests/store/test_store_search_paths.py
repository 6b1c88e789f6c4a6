"""The faster ways search computes its evidence give what the plain ways give: which query bigrams a
passage holds (from the postings, store.holding), a remembered quote's edits against many passages at
once (store.align.quote_edits_many), the top k of a single list, filter masks made once per index
generation (store.columns.MaskCache), and one index generation throughout a search (IndexReader.pinned)."""
from __future__ import annotations

import numpy as np
import pytest

from storetest import all_passages, write_files
from store import open_index, reindex, search
from store.align import quote_edits, quote_edits_many
from store.fragment import as_written, as_written_many
from store.holding import held
from store.textnorm import bigrams, normalize
from store.topk import _best, top_k


def test_held_bigrams_are_the_texts_own(sample_index):
    passages = all_passages(sample_index)
    query = normalize("中方愿同各方加强沟通，维护地区和平稳定与发展")
    grams = bigrams(query) + ["中"]  # a one-character term is looked up in the text
    conn = sample_index.conn()
    lists = sample_index.snapshot().lists.read(conn, grams)
    out = held(grams, [p.id for p in passages], [p.norm for p in passages], lists)
    assert out.tolist() == [[g in p.norm for g in grams] for p in passages]
    assert out.any()


def test_edits_of_many_texts_are_each_texts_edits():
    query = "对话和平解决争端"
    texts = ["通过对话协商和平解决争端", "和平", "对话和平解决争端", "各方应通过对话和谈解决分歧与争端问题", "", "争端解决和平对话"]
    assert quote_edits_many(query, texts, 0.25, 2.0) == [quote_edits(query, t, 0.25, 2.0) for t in texts]
    windows = [(t, 0, len(t)) for t in texts]
    assert as_written_many(query, windows) == [as_written(query, t, 0, len(t)) for t in texts]
    assert quote_edits_many(query, [], 0.25) == []


def test_top_k_of_one_list_is_its_newest_ids():
    ids = np.array([3, 8, 21, 40, 55], np.uint32)
    assert top_k([ids], [1.5], 3).tolist() == [55, 40, 21]
    assert top_k([ids], [1.5], 9).tolist() == _best(ids.astype(np.int64), np.full(5, 1.5), 9).tolist()


def test_filter_masks_are_made_once_and_read_only(sample_index):
    hits = search(sample_index, "毛宁 2023年 气球")
    masks = sample_index.snapshot().masks
    assert masks._masks, "a dated question keeps its filter mask"
    mask = next(m for m in masks._masks.values() if m is not None)
    with pytest.raises(ValueError):
        mask[0] = True
    assert [h.passage_id for h in search(sample_index, "毛宁 2023年 气球")] == [h.passage_id for h in hits]


def test_a_search_reads_one_index_generation(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.txt": "标题甲\n\n发布时间：2024-05-01\n\n双方同意进一步深化务实合作，共同维护地区和平稳定。\n"})
    db = tmp_path / "q.db"
    reindex(corpus, db)
    index = open_index(db)
    with index.pinned():
        before = index.snapshot()
        write_files(corpus, {"b.txt": "标题乙\n\n发布时间：2024-06-01\n\n我们欢迎国际社会发挥建设性作用，推动政治解决。\n"})
        reindex(corpus, db)
        assert index.snapshot() is before  # the block keeps the generation it started with
        assert not search(index, "我们欢迎国际社会发挥建设性作用")
    assert search(index, "我们欢迎国际社会发挥建设性作用"), "the next search sees the reindex"


def test_warm_up_reads_the_commonest_lists(tmp_path, monkeypatch):
    import store.postings as postings

    monkeypatch.setattr(postings, "FILL_MIN_DF", 2)
    corpus = write_files(tmp_path / "corpus", {
        f"{i}.txt": f"标题{i}\n\n发布时间：2024-05-0{i + 1}\n\n中方愿同各方加强沟通，第{i}次会谈取得成果。\n" for i in range(4)
    })
    reindex(corpus, tmp_path / "q.db")
    index = open_index(tmp_path / "q.db")
    index.warm()
    cached = index.snapshot().lists.cached(["中方", "第0"])
    assert "中方" in cached and len(cached["中方"]) == 4  # in every document
    assert "第0" not in cached  # in one: left to be read when asked for
