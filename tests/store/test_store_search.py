"""Search (issue "Search"): what a user typing into the bot expects, on the sample corpus and on small
corpora written for the test."""
from __future__ import annotations

import pytest

from storetest import build, contains_any, eval_norm, hit_paths, json_lines, run_cli
from store import Filters, check_quote, search

WY21 = {"000_4b8698010285b6ff.txt", "001_0808e8ae3d0b782c.txt"}
WY21_FENG = "000_4b8698010285b6ff.txt"
WY23 = "002_6c1c55cab420afd9.txt"
ZJ20 = "003_30a5ee0b9cd9a4ee.txt"
MSS24 = "004_56c83ed7d12524c2.txt"


def top(index, question, **kw):
    hits = search(index, question, **kw)
    assert hits, f"no answer for {question!r}"
    return hits[0]


def has(hit, fragment: str) -> bool:
    return eval_norm(fragment) in eval_norm(hit.quote)


# ---------------------------------------------------------------- finding the quote

FRAGMENTS = [
    ("世纪疫情延宕给国际反恐斗争带来复杂影响", WY21),
    ("全球46个国家和地区共发生7000余起恐袭事件", {MSS24}),
    ("国际社会要有新工具和新技术", {ZJ20}),
    ("对肯尼亚、科威特两个论坛新成员表示欢迎", {WY23}),
    ("单纯依靠军事手段难以彻底消灭恐怖主义", WY21),
]
FRAGMENT_IDS = ["wy21-pandemic", "mss24-46-countries", "zj20-new-tools", "wy23-kenya-leading-dui", "wy21-military"]


@pytest.mark.parametrize("fragment, paths", FRAGMENTS, ids=FRAGMENT_IDS)
def test_exact_fragment_is_the_top_hit(sample_index, fragment, paths):
    hit = top(sample_index, fragment)
    assert has(hit, fragment) and hit.path in paths


@pytest.mark.parametrize("fragment, paths", FRAGMENTS, ids=FRAGMENT_IDS)
def test_span_points_at_the_matched_fragment(sample_index, fragment, paths):
    hit = top(sample_index, fragment)
    start, end = hit.span
    assert 0 <= start < end <= len(hit.quote)
    assert eval_norm(hit.quote[start:end]) == eval_norm(fragment)


@pytest.mark.parametrize(
    "question, key",
    [("王毅是怎么谈联合国中心作用的？", "联合国中心作用"), ("张军如何看待疫情与恐怖活动之间的联系", "疫情与恐怖活动之间的联系")],
    ids=["wangyi-how-did-he-talk-about-un", "zhangjun-how-does-he-see-pandemic-terror-link"],
)
def test_span_of_a_question_covers_only_what_matched(sample_index, question, key):
    """The highlighted part is the words the question shares with the quote, not a window padded with
    neighbouring characters."""
    hit = top(sample_index, question)
    matched = eval_norm(hit.quote[hit.span[0] : hit.span[1]])
    assert eval_norm(key) in matched
    assert set(matched) <= set(eval_norm(question)), matched


def test_span_of_a_typo_query_covers_the_corrected_words(sample_index):
    hit = top(sample_index, "恐怖网络仍在漫延")
    assert eval_norm(hit.quote[hit.span[0] : hit.span[1]]) == "恐怖网络仍在蔓延"


def test_quote_is_the_verbatim_passage(sample_index):
    hit = top(sample_index, "加强与联合国、上海合作组织、金砖国家的沟通协作")
    assert hit.quote == sample_index.row(hit.passage_id).text
    assert "加強與聯合國、上海合作組織、金磚國家" in hit.quote  # shown as written, not converted


def test_hit_carries_attribution_and_source(sample_index):
    hit = top(sample_index, "全球46个国家和地区")
    assert (hit.path, hit.date) == (MSS24, "2024-10-09")
    assert contains_any(hit.speaker, ["国家安全部", "国安部"]) and hit.title
    assert 0 < hit.score <= 1


def test_results_are_ordered_by_confidence_and_limited(sample_index):
    hits = search(sample_index, "恐怖主义", limit=3)
    assert 1 <= len(hits) <= 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    "question, fragment, paths",
    [
        ("恐怖組織利用社交網絡、加密通信、虛擬貨幣", "加密通信", WY21),  # traditional query, simplified text
        ("國際社會要有新工具和新技術", "新工具和新技术", {ZJ20}),  # traditional query, traditional text
        ("加强与联合国、上海合作组织、金砖国家的沟通协作", "金砖国家", {WY23}),  # simplified query, traditional text
        ("打击恐怖主义是国际社会的共同责任", "共同责任", {MSS24}),
    ],
    ids=["trad-query-simp-text", "trad-query-trad-text", "simp-query-trad-text", "simp-query-trad-text-2"],
)
def test_cross_script_queries(sample_index, question, fragment, paths):
    hit = top(sample_index, question)
    assert has(hit, fragment) and hit.path in paths


def test_cross_script_span_is_in_the_original_script(sample_index):
    hit = top(sample_index, "新任共同主席埃及、欧盟卓有成效的工作表示赞赏")
    assert hit.quote[hit.span[0] : hit.span[1]] == "新任共同主席埃及、歐盟卓有成效的工作表示贊賞"


@pytest.mark.parametrize(
    "question, fragment, paths",
    [
        ("恐怖网络仍在漫延", "恐怖网络仍在蔓延", WY21),
        ("堅持打防結合、整体防空", "打防结合", {MSS24}),
        ("國際社會要有新工具和新枝術", "新工具和新技术", {ZJ20}),
        ("为国际反恐进程提供中国放案", "中国方案", WY21),
    ],
    ids=["man-yan", "fang-kong", "zhi-shu", "fang-an"],
)
def test_one_wrong_character_still_finds_the_quote(sample_index, question, fragment, paths):
    hit = top(sample_index, question)
    assert has(hit, fragment) and hit.path in paths


@pytest.mark.parametrize(
    "question, fragment, paths",
    [
        ("王毅是怎么谈联合国中心作用的？", "应发挥联合国中心作用", WY21),
        ("中国-联合国和平与发展基金资助了哪些项目？", "和平与发展基金资助", {ZJ20}),
        ("请问国家安全部对卡拉奇机场恐怖袭击说了什么？", "卡拉奇", {MSS24}),
        ("张军如何看待疫情与恐怖活动之间的联系", "疫情与恐怖活动之间的联系", {ZJ20}),
        ("王毅对全球反恐论坛未来发展有哪些建议？", "三点建议", {WY21_FENG}),
    ],
    ids=["how-did-wangyi-talk", "which-projects", "what-did-mss-say", "how-does-zhangjun-see", "which-proposals"],
)
def test_question_forms_and_filler_words(sample_index, question, fragment, paths):
    hit = top(sample_index, question)
    assert has(hit, fragment) and hit.path in paths


@pytest.mark.parametrize(
    "question, fragment, paths",
    [
        ("张军 新工具和新技术", "新工具和新技术", {ZJ20}),
        ("国家安全机关 打防结合 整体防控", "打防结合", {MSS24}),
        ("巴基斯坦 卡拉奇 恐怖袭击", "卡拉奇", {MSS24}),
    ],
    ids=["speaker-and-phrase", "three-keywords", "place-names"],
)
def test_keyword_queries(sample_index, question, fragment, paths):
    hit = top(sample_index, question)
    assert has(hit, fragment) and hit.path in paths


# ---------------------------------------------------------------- short queries


def test_two_character_query_returns_passages_containing_it(sample_index):
    hits = search(sample_index, "恐袭")
    assert hits and all(has(h, "恐袭") for h in hits)


def test_two_character_query_in_other_script(sample_index):
    hits = search(sample_index, "恐襲")
    assert hits and all(has(h, "恐袭") for h in hits)


def test_two_character_common_word_results_all_contain_it(sample_index):
    hits = search(sample_index, "中方", limit=10)
    assert hits and all(has(h, "中方") for h in hits)


@pytest.mark.parametrize("char, paths", [("戕", {MSS24}), ("噬", WY21)], ids=["qiang", "shi"])
def test_one_character_query_finds_the_passages_that_contain_it(sample_index, char, paths):
    hits = search(sample_index, char)
    assert hits, f"nothing for {char!r}"
    assert all(char in h.quote for h in hits) and hits[0].path in paths


def test_short_word_inside_longer_query_counts(sample_index):
    """A 2-character word next to a longer one must still steer the match (安保 only in 003)."""
    hit = top(sample_index, "大型体育赛事 安保")
    assert has(hit, "大型体育赛事安保") and hit.path == ZJ20


# ---------------------------------------------------------------- cues and filters


def test_speaker_and_year_cues_pick_the_right_statement(sample_index):
    hit = top(sample_index, "王毅2023年 发展中国家 反恐资源")
    assert has(hit, "反恐资源进一步向发展中国家倾斜")
    assert hit.date.startswith("2023") and contains_any(hit.speaker, ["王毅"])


@pytest.mark.parametrize("year", ["2021", "2023"])
def test_year_cue_prefers_that_years_statement(sample_index, year):
    hit = top(sample_index, f"王毅{year}年 双重标准")
    assert has(hit, "双重标准") and hit.date.startswith(year)


def test_speaker_cue_prefers_that_speakers_passage(sample_index):
    hit = top(sample_index, "张军 双重标准")
    assert has(hit, "双重标准") and contains_any(hit.speaker, ["张军"])


FILTERS = [
    ("双重标准 speaker:张军", lambda h: contains_any(h.speaker, ["张军"])),
    ("双重标准 speaker:張軍", lambda h: contains_any(h.speaker, ["张军"])),
    ("双重标准 speaker:王毅", lambda h: contains_any(h.speaker, ["王毅"])),
    ("双重标准 from:2023", lambda h: h.date >= "2023"),
    ("双重标准 from:2021-10-08", lambda h: h.date >= "2021-10-08"),
    ("双重标准 to:2021", lambda h: "" < h.date <= "2021-12-31"),
    ("双重标准 from:2021-01-01 to:2021-12-31", lambda h: h.date.startswith("2021")),
    ("双重标准 outlet:新华", lambda h: contains_any(h.outlet, ["新华"])),
    ("双重标准 outlet:新華網", lambda h: contains_any(h.outlet, ["新华网"])),
    ("双重标准 outlet:联合早报", lambda h: contains_any(h.outlet, ["联合早报"])),
]


FILTER_IDS = [
    "speaker-simplified", "speaker-traditional", "speaker-wangyi", "from-year", "from-day", "to-year", "from-to",
    "outlet-simplified", "outlet-traditional", "outlet-zaobao",
]


@pytest.mark.parametrize("question, keep", FILTERS, ids=FILTER_IDS)
def test_explicit_filter_restricts_results(sample_index, question, keep):
    hits = search(sample_index, question, limit=10)
    assert hits, f"no results for {question!r}"
    assert all(keep(h) for h in hits), [(h.speaker, h.date, h.outlet) for h in hits]
    assert has(hits[0], "双重标准")


def test_filter_with_no_match_gives_no_results(sample_index):
    assert search(sample_index, "双重标准 speaker:汪文斌") == []
    assert search(sample_index, "双重标准 from:2030") == []


def test_filters_argument_restricts_results(sample_index):
    hits = search(sample_index, "双重标准", limit=10, filters=Filters(speakers=["王毅"], date_from="2023"))
    assert hits and all(h.date.startswith("2023") and contains_any(h.speaker, ["王毅"]) for h in hits)


# ---------------------------------------------------------------- abstention


@pytest.mark.parametrize(
    "question",
    ["欧盟碳边境调节机制", "美国总统大选结果如何", "2022年卡塔尔世界杯冠军是哪支球队？", "如何制作红烧肉", "the quick brown fox jumps"],
    ids=["eu-cbam", "us-election", "world-cup", "recipe", "english"],
)
def test_out_of_corpus_question_gets_no_answer(sample_index, question):
    assert search(sample_index, question) == []


@pytest.mark.parametrize(
    "question",
    [
        "责任编辑 马俊卿", "朝鲜进行240毫米可控火箭炮弹验收试射", "日本欧美亚洲精品在线观看", "subscribe sph promotions paywall",
        "关注新华网 微博 Qzone", "版权归高原(北京)文化传播有限公司", "菲船执意侵闯中国黄岩岛附近海域", "责编：陈濛濛",
    ],
    ids=["editor-credit", "related-headline", "spam-title", "paywall", "share-widget", "copyright", "related-headline-2", "editor-credit-2"],
)
def test_boilerplate_strings_get_no_answer(sample_index, question):
    assert search(sample_index, question) == []


# ---------------------------------------------------------------- the same quote in several outlets


def test_same_quote_in_two_outlets_comes_back_once(sample_index):
    hits = search(sample_index, "恐怖组织利用社交网络、加密通信、虚拟货币", limit=10)
    from_wy21 = [h for h in hits if h.path in WY21 and has(h, "加密通信")]
    assert len(from_wy21) == 1
    assert hit_paths(sample_index, from_wy21[0]) == WY21


def test_also_reported_by_names_the_other_outlet(sample_index):
    hit = top(sample_index, "恐怖组织利用社交网络、加密通信、虚拟货币")
    outlets = {hit.outlet} | {s.outlet for s in hit.also_reported_by}
    assert contains_any(" ".join(sorted(outlets)), ["凤凰"]) and contains_any(" ".join(sorted(outlets)), ["联合早报"])
    assert all(s.date and s.title for s in hit.also_reported_by)


QUOTE = "中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。"
OTHER = "发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。"


def outlet_doc(title: str, source: str, date: str, lead: str, quote: str) -> str:
    return f"{title}\n\n发布时间：{date} 来源：{source}\n\n{lead}\n\n{quote}\n"


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory):
    files = {
        "xinhua.txt": outlet_doc("李明谈气候合作", "新华网", "2023-05-12", "外交部发言人李明12日在例行记者会上回答了有关气候变化的提问。", f"李明表示，{QUOTE}"),
        "people.txt": outlet_doc("外交部：推动气候变化多边进程", "人民网", "2023-05-13", "外交部发言人李明在记者会上就气候变化问题阐述了中方立场。", f"李明说，{QUOTE}"),
        "other.txt": outlet_doc("李明谈资金承诺", "中新网", "2023-05-14", "外交部发言人李明14日就气候资金问题回答了记者的提问。", f"李明指出，{OTHER}"),
    }
    return build(tmp_path_factory.mktemp("outlets"), files)


def test_written_corpus_same_quote_is_grouped(two_outlets):
    hits = search(two_outlets.index, "推动气候变化多边进程不断取得新的积极进展", limit=10)
    quoting = [h for h in hits if has(h, "多边进程不断取得新的积极进展")]
    assert len(quoting) == 1
    assert hit_paths(two_outlets.index, quoting[0]) == {"xinhua.txt", "people.txt"}
    assert {quoting[0].outlet} | {s.outlet for s in quoting[0].also_reported_by} == {"新华网", "人民网"}


def test_different_quotes_are_not_grouped(two_outlets):
    hit = top(two_outlets.index, "发达国家应当切实履行资金承诺")
    assert hit.path == "other.txt" and hit.also_reported_by == []


# ---------------------------------------------------------------- quote check


@pytest.mark.parametrize(
    "claim",
    ["恐怖组织利用社交网络、加密通信、虚拟货币", "恐怖組織利用社交網絡、加密通信、虛擬貨幣", "对肯尼亚科威特两个论坛新成员表示欢迎"],
    ids=["simplified", "traditional", "without-punctuation"],
)
def test_check_verbatim_quote(sample_index, claim):
    result = check_quote(sample_index, claim)
    assert result.verdict == "verbatim"
    assert eval_norm(result.matched) == eval_norm(claim)
    assert result.hit is not None and result.differences == []


def test_check_reworded_quote_lists_the_differences(sample_index):
    result = check_quote(sample_index, "恐怖组织利用社交媒体、加密通信、虚拟货币、人工智能等新兴技术从事恐怖活动")
    assert result.verdict == "reworded"
    assert [(eval_norm(d.claimed), eval_norm(d.corpus)) for d in result.differences] == [("媒体", "网络")]
    assert result.hit.path in WY21


def test_check_reworded_quote_with_a_dropped_word(sample_index):
    result = check_quote(sample_index, "国际反恐合作只能加强，不能削弱，更不能放弃")
    assert result.verdict == "reworded"
    assert any(eval_norm(d.claimed) == "更不能放弃" and d.corpus == "" for d in result.differences)


def test_check_reworded_quote_shows_corpus_text_as_written(sample_index):
    result = check_quote(sample_index, "国际社会要有新工具和新方法")
    assert result.verdict == "reworded"
    assert result.matched.startswith("國際社會要有新工具和新")
    assert any(eval_norm(d.corpus) == "技术" for d in result.differences)


@pytest.mark.parametrize(
    "claim", ["中国将全面退出全球反恐论坛并停止一切合作", "欧盟碳边境调节机制将于明年全面实施"], ids=["invented-claim", "out-of-corpus"]
)
def test_check_quote_not_in_corpus(sample_index, claim):
    assert check_quote(sample_index, claim).verdict == "not_found"


def test_check_quote_too_short(sample_index):
    assert check_quote(sample_index, "恐怖").verdict == "too_short"


def test_check_verbatim_quote_names_other_outlets(sample_index):
    result = check_quote(sample_index, "世纪疫情延宕给国际反恐斗争带来复杂影响")
    assert result.verdict == "verbatim"
    assert {result.hit.path} | {sample_index.row(s.passage_id).path for s in result.also_reported_by} == WY21


# ---------------------------------------------------------------- context


def test_context_returns_neighbours_in_reading_order(sample_index):
    hit = top(sample_index, "第三，应摒弃任何“双重标准”")
    rows = sample_index.context(hit.passage_id, before=2, after=2)
    target = sample_index.row(hit.passage_id)
    assert [r.ord for r in rows] == list(range(target.ord - 2, target.ord + 3))
    assert {r.document_id for r in rows} == {hit.document_id}
    assert rows[2].id == hit.passage_id


def test_context_neighbours_are_the_surrounding_paragraphs(sample_index):
    hit = top(sample_index, "第三，应摒弃任何“双重标准”")
    texts = [r.text for r in sample_index.context(hit.passage_id, before=1, after=1)]
    assert texts[0].startswith("第二，应坚持标本兼治原则") and texts[2].startswith("“东伊运”是联合国安理会")


def test_context_stops_at_the_start_of_the_document(sample_index):
    hit = top(sample_index, "各位同事，女士们、先生们： 今年正值全球反恐论坛成立10周年")
    first = sample_index.context(hit.passage_id, before=3, after=1)
    assert first[0].ord == 0 and len(first) <= 5


def test_context_of_unknown_passage_is_empty(sample_index):
    assert sample_index.context(10**9) == []


# ---------------------------------------------------------------- the same through the CLI


def test_cli_ask_prints_quote_and_attribution(sample_db):
    result = run_cli("ask", "--db", str(sample_db), "全球46个国家和地区")
    assert result.exit_code == 0
    assert "46個國家和地區" in result.output and "2024-10-09" in result.output


def test_cli_ask_json_gives_the_hit_fields(sample_db):
    result = run_cli("ask", "--db", str(sample_db), "--json", "--limit", "2", "全球46个国家和地区")
    (answer,) = json_lines(result.output)
    assert 1 <= len(answer["results"]) <= 2
    top_hit = answer["results"][0]
    assert "46個國家和地區" in top_hit["quote"] and top_hit["date"] == "2024-10-09"
    assert {"speaker", "outlet", "title", "span", "also_reported_by"} <= set(top_hit)


def test_cli_ask_says_when_nothing_is_found(sample_db):
    result = run_cli("ask", "--db", str(sample_db), "欧盟碳边境调节机制")
    assert result.exit_code == 0 and "nothing found" in result.output.lower()


@pytest.mark.parametrize(
    "claim, verdict",
    [
        ("恐怖组织利用社交网络、加密通信、虚拟货币", "VERBATIM"),
        ("恐怖组织利用社交媒体、加密通信、虚拟货币、人工智能等新兴技术", "REWORDED"),
        ("中国将全面退出全球反恐论坛并停止一切合作", "NOT FOUND"),
    ],
    ids=["verbatim", "reworded", "not-found"],
)
def test_cli_check_gives_the_verdict(sample_db, claim, verdict):
    result = run_cli("check", "--db", str(sample_db), claim)
    assert result.exit_code == 0 and result.output.startswith(verdict)


# A remembered quote must be found nearly as written: similar wording elsewhere is not the quote.
REMEMBERED = {
    "press.txt": (
        "外交部发言人答记者问\n\n"
        "汪文斌：中方始终认为，各国应当通过对话协商和平解决争端，共同维护地区和平稳定。\n\n"
        "我们敦促有关国家停止干涉中国内政，为地区和平稳定发挥建设性作用。\n"
    ),
}


@pytest.mark.parametrize(
    "question",
    ["各国应当通过对话协商和平解决争端", "各国应当通过对话和平解决争端", "各国应当通过对话协商和平解绝争端"],
    ids=["exact", "words-left-out", "typo"],
)
def test_remembered_quote_is_found_with_words_left_out_or_a_typo(tmp_path, question):
    index = build(tmp_path, REMEMBERED).index
    hits = search(index, question)
    assert hits and "通过对话协商和平解决争端" in hits[0].quote and hits[0].speaker == "汪文斌"


@pytest.mark.parametrize(
    "question",
    ["各方应当维护地区和平稳定的大局", "我们敦促有关国家停止在南海挑衅"],
    ids=["similar-words", "half-a-sentence-then-elsewhere"],
)
def test_similar_wording_is_not_taken_for_the_quote(tmp_path, question):
    """Every word of these occurs in the corpus, but nobody said them: no answer."""
    index = build(tmp_path, REMEMBERED).index
    assert search(index, question) == []
