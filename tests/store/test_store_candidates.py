"""Candidates (issue "Search that never loses the quote"): the passages handed to the re-rank are the ones a
full scan of the bigram postings ranks best, so an old quote stays reachable however many newer passages
reuse its words; postings stay exact through incremental reindexes."""
from __future__ import annotations

import random
import sqlite3

import numpy as np
import pytest

from storetest import build, write_files
from store import Filters, open_index, reindex, search
from store.query import parse
from store.retrieval import candidates, query_terms
from store.textnorm import bigrams
from store.topk import TopKSettings, top_k

POOL = [  # wire-copy sentences the newer documents reuse over and over
    "中方愿同各方一道加强沟通协调",
    "共同维护地区和平稳定与发展繁荣",
    "我们将继续坚定支持多边主义",
    "推动构建人类命运共同体",
    "双方同意进一步深化务实合作",
    "不断丰富两国关系的战略内涵",
    "为世界和平与发展作出更大贡献",
    "希望有关方面多做有利于地区稳定的事",
    "外交部发言人在例行记者会上回答提问",
    "中方高度重视同周边国家的关系",
    "各方应当通过对话协商解决分歧",
    "我们欢迎国际社会发挥建设性作用",
]
OLD_QUOTE = "我们愿同湄公河国家携手推动澜湄合作走深走实，共同维护地区和平稳定与发展繁荣。"


def _doc(title: str, outlet: str, date: str, paragraphs: list[str]) -> str:
    return f"{title}\n\n发布时间：{date} 来源：{outlet}\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    """One old statement and 1,200 newer passages recombining the same wire sentences (the newest
    documents come last, so they get the largest passage ids)."""
    rng = random.Random(11)
    files = {"2018/old.txt": _doc("澜湄合作外长会", "人民网", "2018-03-01", [f"王毅表示，{OLD_QUOTE}"])}
    for d in range(40):
        paragraphs = ["，".join(rng.sample(POOL, rng.randint(2, 4))) + f"，第{d * 30 + p}次重申。" for p in range(30)]
        files[f"2024/wire{d:02d}.txt"] = _doc(f"例行记者会{d}", "新华网", f"2024-{d % 12 + 1:02d}-{d % 28 + 1:02d}", paragraphs)
    return build(tmp_path_factory.mktemp("wire"), files)


def test_old_quote_is_found_among_newer_lookalikes_with_a_typo_in_its_rarest_words(wire):
    """A remembered fragment whose typo hits the quote's own words, the rest being words that 1,200 newer
    passages share: the old statement is still the answer."""
    assert wire.report.passages_total > 1_000
    hits = search(wire.index, "携手推动澜湄合做走深走实，共同维护地区和平稳定")
    assert hits and hits[0].path == "2018/old.txt" and hits[0].outlet == "人民网"


def _full_scan(reader, terms) -> list[float]:
    """The best candidate scores by scanning every passage: the idf of the query terms it holds."""
    rows = reader.conn().execute("SELECT norm FROM passages").fetchall()
    known = [t for t in terms if t.df > 0]
    scores = []
    for (norm,) in rows:
        grams = set(bigrams(norm))
        scores.append(sum(t.idf for t in known if t.gram in grams))
    return sorted((s for s in scores if s > 0), reverse=True)


@pytest.mark.parametrize("question", [
    "携手推动澜湄合做走深走实，共同维护地区和平稳定",
    "我们将继续坚定支持多边主义，推动构建人类命运共同体",
    "希望有关方面多做有利于地区稳定的事 发展繁荣",
    "外交部发言人在例行记者会上",
])
def test_candidates_rank_as_a_full_scan_does(wire, question):
    reader = wire.index
    terms = query_terms(reader, parse(question))
    ids = candidates(reader, terms, Filters(), limit=100)
    rows = reader.rows(ids)
    got = [sum(t.idf for t in terms if t.df > 0 and t.gram in set(bigrams(rows[i].norm))) for i in ids]
    assert np.allclose(got, _full_scan(reader, terms)[: len(ids)])
    assert len(ids) == min(100, len(_full_scan(reader, terms)))


def test_hard_filter_reaches_past_the_first_thousand_candidates(wire):
    """Only the old statement is from 人民网; 1,200 passages of 新华网 rank above it for common words."""
    hits = search(wire.index, "共同维护地区和平稳定与发展繁荣", filters=Filters(outlets=["人民网"]))
    assert [h.path for h in hits] == ["2018/old.txt"]


def _postings_by_passage(db) -> dict[str, set[tuple[str, int]]]:
    """Each bigram's passages, named by (document path, reading order): ids differ between builds."""
    conn = sqlite3.connect(db)
    where = {pid: (path, ord_) for pid, path, ord_ in conn.execute(
        "SELECT p.id, d.path, p.ord FROM passages p JOIN documents d ON d.id = p.document_id")}
    assert conn.execute("SELECT count(*) FROM grams").fetchone() == conn.execute("SELECT count(*) FROM postings").fetchone()
    out = {}
    for term, df, blob in conn.execute("SELECT term, df, ids FROM postings JOIN grams USING (term)"):
        ids = np.frombuffer(blob, "<u4")
        assert df == len(ids) and np.all(np.diff(ids.astype(np.int64)) > 0)  # sorted, no duplicates
        out[term] = {where[int(i)] for i in ids}
    return out


def test_incremental_reindex_keeps_postings_exact(tmp_path):
    files = {
        "a.txt": _doc("甲", "新华网", "2024-01-01", ["中方愿同各方一道加强沟通协调。", "双方同意进一步深化务实合作。"]),
        "b.txt": _doc("乙", "人民网", "2024-01-02", ["推动构建人类命运共同体，𠀋字也要能找到。"]),
        "c.txt": _doc("丙", "中新网", "2024-01-03", ["各方应当通过对话协商解决分歧。"]),
    }
    corpus = write_files(tmp_path / "corpus", files)
    reindex(corpus, tmp_path / "q.db")
    (corpus / "a.txt").write_text(_doc("甲", "新华网", "2024-01-01", ["中方高度重视同周边国家的关系。"]), encoding="utf-8")
    (corpus / "c.txt").unlink()
    write_files(corpus, {"d.txt": _doc("丁", "央视网", "2024-01-04", ["我们欢迎国际社会发挥建设性作用。"])})
    reindex(corpus, tmp_path / "q.db")
    fresh = write_files(tmp_path / "fresh", {p.name: p.read_text(encoding="utf-8") for p in corpus.iterdir()})
    reindex(fresh, tmp_path / "fresh.db")
    assert _postings_by_passage(tmp_path / "q.db") == _postings_by_passage(tmp_path / "fresh.db")
    assert "对话" not in _postings_by_passage(tmp_path / "q.db")  # the removed file's words are gone
    assert search(open_index(tmp_path / "q.db"), "𠀋字也要能找到")[0].path == "b.txt"  # a non-BMP character's bigrams


def _by_scan(lists, weights, k):
    scores: dict[int, float] = {}
    for ids, weight in zip(lists, weights):
        for i in ids.tolist():
            scores[i] = scores.get(i, 0.0) + weight
    return [i for i, _ in sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[:k]]


@pytest.mark.parametrize("settings", [
    TopKSettings(), TopKSettings(50, 2, 1_000), TopKSettings(10, 1, 40),
    TopKSettings(50, 2, 1_000, dense_ratio=0), TopKSettings(10, 1, 40, dense_ratio=0),  # rare lists merged by a sort
    TopKSettings(50, 2, 1_000, dense_ratio=10_000),  # … by a dense count
])
@pytest.mark.parametrize("whole", [True, False])
def test_top_k_equals_a_full_scan(settings, whole):
    """Whole weights make many ties (broken newest first); idf-like fractions make sums that differ in
    their last bits when added in another order, which the pruning's thresholds must allow for."""
    rng = np.random.default_rng(0)
    for _ in range(150):
        m = int(rng.integers(1, 12))
        lists = [np.unique(rng.integers(0, 400, int(rng.integers(0, 150)))).astype("<u4") for _ in range(m)]
        weights = [float(rng.integers(1, 6)) if whole else float(rng.random() * 10) for _ in range(m)]
        k = int(rng.integers(1, 40))
        assert top_k(lists, weights, k, settings).tolist() == _by_scan(lists, weights, k)


@pytest.mark.parametrize("question", ["我们将继续坚定支持多边主义，推动构建人类命运共同体", "外交部发言人在例行记者会上"])
def test_filtered_candidates_rank_as_a_full_scan_of_the_passing_passages_does(wire, question):
    """A date filter: the candidates are the best of the passages dated within it, as scanning them all ranks
    them, and the filtered postings a search works out once are the same on its second pass."""
    reader = wire.index
    terms = query_terms(reader, parse(question))
    filters = Filters(date_from="2024-03-01", date_to="2024-06-30")
    with reader.pinned():
        ids = candidates(reader, terms, filters, limit=60)
        assert candidates(reader, terms, filters, limit=60) == ids
    rows = reader.rows(ids)
    assert {rows[i].date[:7] for i in ids} <= {"2024-03", "2024-04", "2024-05", "2024-06"}
    passing = reader.conn().execute(
        "SELECT p.norm FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.date BETWEEN ? AND ?",
        [filters.date_from, filters.date_to]).fetchall()
    known = [t for t in terms if t.df > 0]
    scan = sorted((s for s in (sum(t.idf for t in known if t.gram in set(bigrams(n))) for (n,) in passing) if s > 0), reverse=True)
    got = [sum(t.idf for t in known if t.gram in set(bigrams(rows[i].norm))) for i in ids]
    assert len(ids) == min(60, len(scan)) and np.allclose(got, scan[: len(ids)])


def test_top_k_skips_the_common_lists_when_they_cannot_matter(monkeypatch):
    """Rare heavy lists decide the top k: the long light lists are only probed, never tallied."""
    import store.topk as topk

    monkeypatch.setattr(topk, "_tally", lambda *a: pytest.fail("tallied every posting"))
    rare = [np.array([5, 9, 700_000], "<u4"), np.array([9, 123], "<u4")]
    common = [np.arange(0, 900_000, 3, dtype="<u4"), np.arange(1, 900_000, 2, dtype="<u4")]
    got = top_k(rare + common, [9.0, 8.0, 0.3, 0.2], 2)
    assert got.tolist() == [9, 5]  # 9: 9 + 8 + 0.3 + 0.2; 5: 9 + 0.2; 700,000: 9


def test_union_of_sorted_lists_is_their_sorted_distinct_ids():
    from store.postings import DTYPE, union

    rng = np.random.default_rng(1)
    for _ in range(100):
        lists = [np.unique(rng.integers(0, 500, int(rng.integers(0, 60)))).astype(DTYPE) for _ in range(int(rng.integers(0, 6)))]
        expected = np.unique(np.concatenate(lists)) if lists else np.empty(0, DTYPE)
        got = union(lists)
        assert got.dtype == DTYPE and got.tolist() == expected.tolist()


def test_a_one_character_query_finds_every_passage_holding_it(wire):
    hits = search(wire.index, "湄")
    assert hits and all("湄" in h.quote for h in hits) and hits[0].mode == "contains"


def test_list_cache_reads_what_sqlite_holds_within_its_budget(wire):
    """Cached postings are the stored lists, whatever was dropped to stay within the budget."""
    from store.postings import ListCache, read

    conn = wire.index.conn()
    terms = [t for (t,) in conn.execute("SELECT term FROM grams ORDER BY df DESC LIMIT 40")] + ["无此"]
    stored = read(conn, terms)
    cache = ListCache(budget=8 * max(len(ids) for ids in stored.values()))
    for start in (0, 10, 0, 25, 5):
        got = cache.read(conn, terms[start : start + 20])
        assert {t: ids.tolist() for t, ids in got.items()} == {t: stored[t].tolist() for t in terms[start : start + 20] if t in stored}
        assert cache._bytes <= cache.budget


def test_an_open_reader_reads_the_postings_of_a_reindex(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.txt": _doc("甲", "新华网", "2024-01-01", ["中方愿同各方一道加强沟通协调。"])})
    reindex(corpus, tmp_path / "q.db")
    index = open_index(tmp_path / "q.db")
    assert [h.path for h in search(index, "加强沟通协调")] == ["a.txt"]
    write_files(corpus, {"a.txt": _doc("甲", "新华网", "2024-01-01", ["双方同意进一步深化务实合作。"]),
                         "b.txt": _doc("乙", "人民网", "2024-01-02", ["中方愿同各方一道加强沟通协调。"])})
    reindex(corpus, tmp_path / "q.db")
    assert [h.path for h in search(index, "加强沟通协调")] == ["b.txt"]
