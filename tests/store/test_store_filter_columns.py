"""Hard filters by in-memory columns (store.columns): the passages a mask passes are exactly those the SQL
filter selects, a filtered search ranks only them, and a reindex is seen by an open reader."""
from __future__ import annotations

import itertools

import pytest

from storetest import build, write_files
from store import Filters, open_index, reindex, search
from store.query import parse
from store.retrieval import _filter_names, _filter_sql, candidates, query_terms

SAYINGS = ["中方愿同各方一道加强沟通协调", "共同维护地区和平稳定与发展繁荣", "我们将继续坚定支持多边主义"]
SPEAKERS = ["王毅", "毛宁", "汪文斌"]
OUTLETS = ["新华网", "人民网", "中新网"]
DATES = ["2019-03-01", "2020-02-03", "2020-11-30", "2021-02-03", ""]


def _doc(outlet: str, date: str, paragraphs: list[str]) -> str:
    meta = f"发布时间：{date} 来源：{outlet}" if date else f"来源：{outlet}"
    return f"例行记者会\n\n{meta}\n\n" + "\n\n".join(paragraphs) + "\n"


def _files() -> dict[str, str]:
    files = {}
    for n, (outlet, date) in enumerate(itertools.product(OUTLETS, DATES)):
        paragraphs = [f"{SPEAKERS[(n + i) % 3]}表示，{SAYINGS[(n + i) % 3]}，第{n}次会议。" for i in range(3)]
        paragraphs.append("会议在友好的气氛中结束。")  # narration: no speaker
        files[f"d{n:02d}.txt"] = _doc(outlet, date, paragraphs)
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("columns"), _files())


FILTERS = [
    Filters(speakers=["王毅"]),
    Filters(speakers=["毛宁", "汪文斌"]),
    Filters(speakers=["无此人"]),  # no known speaker: nothing passes
    Filters(outlets=["人民网"]),
    Filters(outlets=["新华"]),  # by containment
    Filters(date_from="2020"),
    Filters(date_to="2020-02\uffff"),
    Filters(date_from="2020", date_to="2020\uffff"),
    Filters(date_from="2020", date_to="2020\uffff", undated_ok=True),
    Filters(month_day="02-03"),
    Filters(month_day="02-03", undated_ok=True),
    Filters(speakers=["王毅"], outlets=["中新网"], date_from="2020-06"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_mask_passes_what_the_sql_filter_selects(built, filters):
    reader = built.index
    where, args = _filter_sql(reader, filters)
    sql = f"SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE {where}"
    expected = {r[0] for r in reader.conn().execute(sql, args)}
    mask = reader.columns().mask(*_filter_names(reader, filters), filters)
    assert {int(i) for i in mask.nonzero()[0]} == expected
    assert filters.speakers == ["无此人"] or expected  # the cases are not vacuous


@pytest.mark.parametrize("filters", FILTERS + [Filters(speakers=["王毅"], required=["多边主义"]), Filters(excluded=["协调"])], ids=str)
def test_filtered_candidates_are_the_unfiltered_ranking_of_the_passing(built, filters):
    """The filtered candidates are the full ranking with every failing passage left out, in order."""
    reader = built.index
    terms = query_terms(reader, parse("中方愿同各方加强沟通，维护地区和平稳定，支持多边主义"))
    ranking = candidates(reader, terms, Filters(), limit=10_000)
    where, args = _filter_sql(reader, filters)
    sql = f"SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE {where}"
    ok = {r[0] for r in reader.conn().execute(sql, args)}
    assert candidates(reader, terms, filters, limit=7) == [i for i in ranking if i in ok][:7]


def test_an_open_reader_sees_a_reindex_through_its_filters(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"a.txt": _doc("新华网", "2020-01-05", ["王毅表示，中方愿同各方一道加强沟通协调。"])})
    reindex(corpus, tmp_path / "q.db")
    index = open_index(tmp_path / "q.db")
    assert search(index, "加强沟通协调", filters=Filters(speakers=["王毅"]))
    assert not search(index, "加强沟通协调", filters=Filters(outlets=["人民网"]))
    write_files(corpus, {"b.txt": _doc("人民网", "2023-05-06", ["毛宁表示，中方愿同各方一道加强沟通协调。"])})
    reindex(corpus, tmp_path / "q.db")
    hits = search(index, "加强沟通协调", filters=Filters(outlets=["人民网"], date_from="2023"))
    assert [(h.path, h.speaker, h.outlet) for h in hits] == [("b.txt", "毛宁", "人民网")]


def test_warming_loads_each_generations_columns_before_a_question_needs_them(tmp_path):
    """The bot warms the index every few seconds (bot.jobs): a new generation's columns are loaded then,
    not by the first filtered question; with no index yet, warming does nothing."""
    index = open_index(tmp_path / "q.db")
    index.warm()
    corpus = write_files(tmp_path / "corpus", {"a.txt": _doc("新华网", "2020-01-05", ["王毅表示，中方愿同各方一道加强沟通协调。"])})
    reindex(corpus, tmp_path / "q.db")
    index.warm()
    first = index.snapshot().columns
    assert first is not None and first.speakers.keys() == {"王毅"}
    write_files(corpus, {"b.txt": _doc("人民网", "2023-05-06", ["毛宁表示，中方愿同各方一道加强沟通协调。"])})
    reindex(corpus, tmp_path / "q.db")
    index.warm()
    assert index.snapshot().columns.speakers.keys() == {"王毅", "毛宁"}


@pytest.mark.parametrize("question", ["王毅", "毛宁 2020年", "人民网", "2月3日"])
def test_latest_statements_are_those_the_sql_listing_orders_first(built, question):
    """A question naming only a speaker, outlet or day lists what a newest-first SQL query over every
    passage lists: the newest documents first, in reading order, questions and short passages left out."""
    from dataclasses import replace

    from store.listing import DATE
    from store.ranking import SETTINGS
    from store.retrieval import parse_query

    reader = built.index
    q = parse_query(reader, question)
    where, args = _filter_sql(reader, replace(q.filters, speakers=q.filters.speakers + q.cue_speakers))
    sql = (
        "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.kind != 'question' "
        f"AND length(p.norm) >= ? AND ({where}) ORDER BY {DATE} DESC, d.id DESC, p.ord LIMIT 5"
    )
    expected = [r[0] for r in reader.conn().execute(sql, [SETTINGS.listing_min_chars, *args])]
    hits = search(reader, question)
    assert expected and [h.passage_id for h in hits] == expected and {h.mode for h in hits} == {"latest"}
