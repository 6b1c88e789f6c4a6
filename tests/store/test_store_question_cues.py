"""Keyword questions with a speaker or a date (`商务部 广阔合作空间`, `关于今年 人权状况，毛宁说了什么？`): how
the named speaker and the date words weigh, on small corpora written for the test, through `quotebot ask
--json` and the store API."""
from __future__ import annotations

import datetime as dt

from storetest import build, json_lines, run_cli
from store import Filters, search
from store.query import parse

SPEECH = "商务部谈中加经贸关系\n\n商务部强调，中加两国建交以来，在双方共同努力下，经贸关系取得长足发展，贸易额连年增长。\n\n"
GOES_ON = "双方在维护多边主义、促进自由贸易等领域拥有广阔合作空间。只有坚持平等相待原则，两国关系才能行稳致远。\n"
OTHER = "外交部发言人答记者问\n\n耿爽表示，中方愿同各方拓展广阔合作空间，推动世界经济复苏。\n"
HUMAN_RIGHTS = """---
title: 毛宁就人权问题答问
speaker: 毛宁
date: 2021-09-11
outlet: 外交部
---

今年7月在联合国人权理事会上，许多国家作共同发言，肯定中国人权状况的进步，支持中国政府的有关政策。
"""
THIS_YEAR = """---
title: 毛宁谈亚洲合作
speaker: 毛宁
date: 2026-03-02
outlet: 外交部
---

中方愿同亚洲国家深化互利合作，共同维护地区和平稳定。
"""
TODAY = dt.date(2026, 6, 1)


def ask(db, question: str) -> list[dict]:
    result = run_cli("ask", "--db", str(db), "--json", question)
    assert result.exit_code == 0, result.output
    return json_lines(result.output)[0]["results"]


def test_a_paragraph_going_on_from_the_named_speaker_is_found_unattributed(tmp_path):
    """The paragraph after `商务部强调，…` has no speaker of its own: asked with 商务部, it is the answer
    (speaker not stated, never guessed), above a passage of another speaker sharing fewer words."""
    built = build(tmp_path, {"a.txt": SPEECH + GOES_ON, "b.txt": OTHER})
    results = ask(built.db, "商务部 广阔合作空间 平等相待原则")
    assert results and "平等相待原则" in results[0]["quote"]
    assert results[0]["speaker"] == ""


def test_an_unattributed_passage_where_the_speaker_never_speaks_is_discounted(tmp_path):
    """The same paragraph in a document where 商务部 says nothing is evidence against the cue: it scores
    lower than where the document gives 商务部 the floor."""
    silent = build(tmp_path, {"a.txt": SPEECH + GOES_ON}, name="silent")
    other = build(tmp_path, {"a.txt": "中加经贸关系\n\n" + GOES_ON, "s.txt": SPEECH}, name="other")
    question = "商务部 广阔合作空间 平等相待原则"
    in_silent = [h for h in search(silent.index, question) if "平等相待原则" in h.quote]
    in_other = [h for h in search(other.index, question) if "平等相待原则" in h.quote]
    assert in_silent and (not in_other or in_other[0].score < in_silent[0].score)


def test_date_words_the_passage_says_match_as_its_text(tmp_path):
    """`今年` read against today (2026) filters the dates, but a passage that itself says 今年 (in 2021)
    still matches it as text; a listing of this year's statements leaves it out."""
    built = build(tmp_path, {"c.md": HUMAN_RIGHTS, "d.md": THIS_YEAR})
    hits = search(built.index, "关于今年 人权状况，毛宁说了什么？", today=TODAY)
    assert hits and "人权状况" in hits[0].quote and hits[0].date == "2021-09-11"
    listing = search(built.index, "毛宁今年", today=TODAY)
    assert listing and all(h.date.startswith("2026") for h in listing)
    given = search(built.index, "关于今年 人权状况，毛宁说了什么？", filters=Filters(date_from="2026-01-01"), today=TODAY)
    assert not any(h.date == "2021-09-11" for h in given)  # dates given as a filter are no text


def test_who_said_it_is_question_filler():
    assert parse("2024年 末日疯狂 是谁说的？").content.endswith("末日疯狂")
    assert parse("末日疯狂 谁说过").content == "末日疯狂"


WANG = (
    "王处直\n\n王处直，字允明，京兆万年人，晚唐、五代初期的义武节度使，是为割据一方的藩镇。\n\n"
    "张存敬派兵攻城，王处直登城呼曰：“敝邑于朝廷未尝不忠，于藩邻未尝失礼，何也？”\n"
)
LOOKALIKE = "邵伯温\n\n邵伯温，字子文，洛阳人，少与司马光交游，著有《邵氏闻见录》。\n"


def test_a_named_person_is_matched_where_a_passage_names_them(tmp_path):
    """王处直 speaks in the corpus, so the question's name is a speaker cue; the passage that answers it
    names him and is nobody's quote: there the name is its text, and it wins over a look-alike."""
    built = build(tmp_path, {"wang.txt": WANG, "shao.txt": LOOKALIKE})
    assert any(p.speaker == "王处直" for p in built.passages())
    results = ask(built.db, "王处直的字是什么？")
    assert results and "字允明" in results[0]["quote"]
    assert results[0]["speaker"] == ""


def test_the_document_whose_title_the_question_names_comes_first(tmp_path):
    """Two articles say nearly the same; the question names what one of them is about, its title. The
    other's passage is shorter, which would otherwise put it first, with the named one as "also reported"."""
    built = build(tmp_path, {
        "a.txt": "鳗鱼图鉴\n\n前肛鳗体长为体高的15倍，分布于全球各大洋。\n",
        "b.txt": "前肛鳗\n\n前肛鳗体长为体高的15.6倍，分布于全球各大洋。\n",
    })
    results = ask(built.db, "前肛鳗的体长是多少？")
    assert results and results[0]["title"] == "前肛鳗"


def test_a_name_with_a_function_character_is_still_matched(tmp_path):
    """都 is a function character, yet 成都道 is a street: the question's words are not reduced to 地方."""
    built = build(tmp_path, {
        "a.txt": "成都道\n\n成都道是香港一条街道，位于香港岛香港仔市中心，与东胜道大致平行。\n",
        "b.txt": "谢尔吉耶夫镇\n\n这里是来莫斯科旅行的人必去的地方，从莫斯科出发当天就可以返回。\n",
        "c.txt": "米泽车站\n\n米泽车站是一个位于日本山形县米泽市的铁路车站，是当地人出行的地方。\n",
    })
    results = ask(built.db, "成都道在什么地方？")
    assert results and "成都道" in results[0]["quote"]


def test_pasted_text_with_a_name_keeps_the_plain_speaker_rule(tmp_path):
    """A headline pasted whole (`王处直，京兆万年人`) is text, not a question about 王处直: the passage that
    names him, by nobody, is discounted as not his words; asked as keywords, it is not."""
    built = build(tmp_path, {"wang.txt": WANG, "shao.txt": LOOKALIKE})
    asked = [h for h in search(built.index, "王处直 京兆万年人") if "字允明" in h.quote]
    pasted = [h for h in search(built.index, "王处直，京兆万年人，晚唐节度使") if "字允明" in h.quote]
    assert asked and (not pasted or pasted[0].score < asked[0].score)
