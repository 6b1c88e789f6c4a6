"""Asking like a journalist (issue #14), on a small corpus written for the test: dates in words,
newest first, exact and excluded words, answers before questions, small talk, short queries,
highlights, citations and `quotebot ask --json`."""
from __future__ import annotations

import datetime as dt

import pytest
from journalist import FILES, TODAY
from storetest import build, json_lines, run_cli

from store import search
from store.chitchat import is_chitchat
from store.cite import citation, sentences
from store.query import parse
from store.ranking import level
from store.when import find_when


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    return build(tmp_path_factory.mktemp("journalist"), FILES)


def ask(press, question: str, **kw):
    return search(press.index, question, today=TODAY, **kw)


@pytest.mark.parametrize("words, expected", [
    ("2023年2月", ("2023-02-01", "2023-02-28", "")),
    ("2023年2月3日", ("2023-02-03", "2023-02-03", "")),
    ("二〇二三年", ("", "", "")),
    ("2月3日", ("", "", "02-03")),
    ("去年", ("2023-01-01", "2023-12-31", "")),
    ("今年", ("2024-01-01", "2024-12-31", "")),
    ("去年12月", ("2023-12-01", "2023-12-31", "")),
    ("上个月", ("2023-12-01", "2023-12-31", "")),
    ("本周", ("2024-01-15", "2024-01-21", "")),
    ("昨天", ("2024-01-19", "2024-01-19", "")),
    ("2023年十二月", ("2023-12-01", "2023-12-31", "")),
])
def test_dates_in_words_become_ranges(words, expected):
    w = find_when(f"毛宁{words}说了什么", TODAY)
    assert (w.date_from, w.date_to, w.month_day) == expected


def test_a_dated_topic_finds_that_month_not_the_literal_year(press):
    """`2023年` in the December closing remarks must not outweigh the topic and the month."""
    hits = ask(press, "毛宁 2023年2月 飞艇")
    assert hits and hits[0].date == "2023-02-03" and "飞艇" in hits[0].quote
    assert all(h.date.startswith("2023-02") for h in hits)


@pytest.mark.parametrize("question", ["2023年2月毛宁就飞艇说了什么？", "毛宁2023年2月3日谈飞艇", "2023年2月关于飞艇的表态", "去年2月 飞艇"])
def test_dated_topics_in_other_words(press, question):
    hits = ask(press, question)
    assert hits and hits[0].date == "2023-02-03" and "飞艇" in hits[0].quote and hits[0].level == "high"


def test_a_day_without_a_year_and_a_relative_month(press):
    assert [h.date for h in ask(press, "2月3日 飞艇")] == ["2023-02-03", "2022-02-03"]  # the latest such day first
    december = ask(press, "去年12月 毛宁说了什么")
    assert december and {h.date for h in december} == {"2023-12-29"}
    assert ask(press, "本周 毛宁 南非")[0].date == "2024-01-15"
    assert ask(press, "上周 汪文斌 也门")[0].date == "2024-01-12"
    assert not ask(press, "本周 飞艇")  # nothing this week: no answer rather than another week's


def test_a_year_in_a_remembered_quote_stays_text(press):
    q = parse("2023年，中国外交攻坚克难", today=TODAY)
    assert not q.filters.date_from and "2023" in q.content
    q = parse("2015年以来冰雪运动怎么发展的？", today=TODAY)
    assert not q.filters.date_from
    assert not parse("去年中国经济增长5.2%", today=TODAY).filters.date_from


def test_a_speaker_alone_lists_their_latest_statements_newest_first(press):
    for question in ("毛宁", "speaker:毛宁", "毛宁最新表态", "latest 毛宁"):
        hits = ask(press, question, limit=10)
        assert hits and all(h.mode == "latest" and h.kind != "question" for h in hits), question
        assert all(h.speaker in ("毛宁", "毛寧") for h in hits), question
        dates = [h.date for h in hits]
        assert dates == sorted(dates, reverse=True) and dates[0] == "2024-01-15", question
    assert len(ask(press, "毛宁", limit=2)) == 2  # paged: a page at a time


def test_an_outlet_alone_lists_its_latest_passages(press):
    hits = ask(press, "新華網")
    assert hits and all(h.mode == "latest" and h.outlet == "新華網" for h in hits)
    assert [h.quote[:4] for h in hits] == ["中方對颱"]  # a salutation says nothing to list
    assert [h.date for h in ask(press, "outlet:外交部", limit=3)] == ["2024-01-15", "2024-01-12", "2024-01-12"]


def test_newest_first_on_request(press):
    hits = ask(press, "政治解决 sort:new")
    assert [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)
    assert parse("王毅最新表态").newest and parse("sort:new 气候").newest and not parse("王毅 气候").newest


def test_exact_phrase_and_excluded_word_in_either_script(press):
    for question in ('"政治解决" -乌克兰', "「政治解決」 -烏克蘭"):
        hits = ask(press, question)
        assert hits, question
        assert all("政治解决" in h.quote and "乌克兰" not in h.quote for h in hits), question
    assert not ask(press, '"政治解决办法"')  # a phrase no passage holds: nothing


def test_the_answer_comes_before_the_question(press):
    hits = ask(press, "中方对菲律宾仁爱礁问题的立场是什么？")
    assert hits[0].kind == "answer" and hits[0].speaker == "毛宁"
    assert "仁爱礁是中国南沙群岛的一部分" in hits[0].quote
    assert hits[0].asked.startswith("法新社记者：中方对菲律宾在仁爱礁的行动")
    for question in ("中方", "飞艇"):  # passages holding a word: questions after the answers
        kinds = [h.kind for h in ask(press, question)]
        assert kinds[0] == "answer" and kinds == sorted(kinds, key=lambda k: k == "question"), question


def test_small_talk_gets_no_quote(press):
    for message in ("谢谢", "谢谢大家！", "你好呀", "Hi there!", "thanks a lot", "再见～", "怎么用？", "help", "你好，请问你能做什么？", "好的谢谢"):
        assert is_chitchat(message) and not ask(press, message), message
    for message in ("谢谢大家 中国外交", "中方", "毛宁", "请问毛宁说了什么"):
        assert not is_chitchat(message), message


def test_short_queries_list_passages_containing_them(press):
    hits = ask(press, "中方")
    assert hits and all(h.mode == "contains" and "中方" in h.quote for h in hits)


def test_highlight_covers_whole_matched_words(press):
    hit = ask(press, "民用无人飞艇 气象科研")[0]
    s, e = hit.span
    assert hit.quote[s:e] == "民用无人飞艇，用于气象等科研"


def test_citation_is_the_matched_sentence_without_labels_in_the_chosen_script(press):
    hit = ask(press, "民用无人飞艇 气象科研")[0]
    assert sentences(hit) == "这是一只民用无人飞艇，用于气象等科研，受西风带影响偏离预定航线。"
    zh = citation(hit, "zh", "t")
    assert zh.startswith("外交部發言人毛寧（2023年2月3日，外交部）：“這是一隻民用無人飛艇")
    assert zh.endswith("》 https://example.org/press/2023-02-03") and "毛宁：" not in zh
    assert "外交部發言人毛寧主持例行記者會" in zh
    en = citation(hit, "en", "s")
    assert en.startswith("“这是一只民用无人飞艇") and "” — 毛宁 (外交部发言人), 2023-02-03, 外交部. 2023年2月3日" in en
    statement = ask(press, "毛寧 颱風")[0]
    assert citation(statement, "zh", "s").startswith("毛宁（2023年9月5日，新华网）：“中方对台风")


def test_relayed_words_name_both():
    from store.evidence import Attribution
    from store.retrieval import Hit

    hit = Hit(1, 1, "李强总理指出，中方愿同各方一道努力。", "李强", "2024-01-02", "", "外交部", "", "", "x.md", 0.9, (0, 0),
              attribution=Attribution("李强", "汪文斌", "statement", "verb", "李强总理指出", "strong"))
    assert citation(hit, "zh").startswith("李强（汪文斌转述）（2024年1月2日，外交部）：“李强总理指出")
    assert "— 李强, relayed by 汪文斌, 2024-01-02" in citation(hit, "en")


def test_ask_json_carries_kind_date_and_reads_the_bot_syntax(press):
    out = run_cli("ask", "--db", str(press.db), "--json", input='"政治解决" -乌克兰\n谢谢\n毛宁最新表态\n毛宁 2023年2月 飞艇\n')
    exact, thanks, latest, dated = json_lines(out.output)
    assert exact["parsed"]["required"] == ["政治解决"] and exact["parsed"]["excluded"] == ["乌克兰"]
    assert all("乌克兰" not in r["quote"] for r in exact["results"])
    assert thanks["results"] == [] and thanks["reply"] == "chitchat"
    assert latest["parsed"]["sort"] == "new" and all(r["mode"] == "latest" for r in latest["results"])
    top = dated["results"][0]
    assert top["kind"] == "answer" and top["date_used"] == "2023-02-03" and top["level"] in ("high", "medium", "low")
    assert dated["parsed"]["date_from"] == "2023-02-01" and top["asked"].startswith("法新社记者")
    assert top["citation"]["zh"].startswith("外交部发言人毛宁（2023年2月3日")


def test_terminal_output_strips_turn_labels_and_checks_quotes(press):
    out = run_cli("ask", "--db", str(press.db), input="/check 中方正在了解核实情况\n仁爱礁 菲律宾 立场\n").output
    assert out.startswith("VERBATIM")
    assert "«仁爱礁是中国南沙群岛的一部分" in out and "in answer to: 法新社记者" in out and "confidence " in out


def test_confidence_levels():
    assert [level(s) for s in (0.95, 0.7, 0.5, 0.31)] == ["high", "high", "medium", "low"]


def test_today_defaults_to_the_real_day():
    assert find_when("今年").date_from == f"{dt.date.today().year}-01-01"


def test_a_remembered_quote_that_opens_with_a_name_is_found_in_anothers_words(tmp_path):
    """`王毅国务委员兼外长将同…` quoted from the ministry's announcement: the name is part of the words
    (the passage holds them all), not a speaker the answer must be by."""
    files = {
        "mofcom.txt": "商务部发布会\n\n商务部指出，王毅国务委员兼外长将同阿卜杜拉希扬外长举行会谈，双方将就双边关系深入交换意见。\n",
        "wangyi.txt": "王毅会见伊朗外长\n\n王毅表示，将同阿卜杜拉希扬外长举行会谈，双方将就双边关系深入交换意见。\n",
    }
    built = build(tmp_path, files)
    [hit, *_] = search(built.index, "王毅国务委员兼外长将同阿卜杜拉希扬外长举行会谈")
    assert hit.path == "mofcom.txt" and hit.speaker == "商务部"
