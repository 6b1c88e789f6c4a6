"""Issue "Did X really say this?": each verdict and flag of `store.check_quote` and `quotebot check --json`
on small corpora written for the test: the claim's attribution parsed off, contradictions (negation,
antonym, figure), the speaker check (someone else's words, a question, relayed words, weak evidence),
joined claims split into parts, quotes running over passages, and the cap on a claim's length."""
from __future__ import annotations

import pytest

from checkcorpus import CHECK_CORPUS
from storetest import build, json_lines, run_cli, run_quotebot
from store import check_quote, quotecheck
from store.claims import parse_claim
from store.evidence import Attribution
from store.quotecheck import SETTINGS
from store.speakercheck import check_speaker
from store.textnorm import normalize


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return build(tmp_path_factory.mktemp("check"), CHECK_CORPUS)


# ---------------------------------------------------------------- the claim's attribution


@pytest.mark.parametrize(
    "claim, speaker, words",
    [
        ("毛宁说：中方欢迎有关国家恢复对华直航。", "毛宁", "中方欢迎有关国家恢复对华直航。"),
        ("据外交部发言人汪文斌表示，中方坚决反对", "汪文斌", "中方坚决反对"),
        ("王毅称“发达国家应当切实履行资金承诺”", "王毅", "发达国家应当切实履行资金承诺"),
        ("“中國的朋友圈越來越大”，汪文斌說。", "汪文斌", "中國的朋友圈越來越大"),
        ("中方坚决反对干涉内政，汪文斌强调。", "汪文斌", "中方坚决反对干涉内政"),
        ("汪文斌：中方始终认为", "汪文斌", "中方始终认为"),
        ("毛宁回应称：中方欢迎有关国家", "毛宁", "中方欢迎有关国家"),
        ("毛宁答记者问时说：中方欢迎", "毛宁", "中方欢迎"),
        ("习近平主席指出，中方坚决反对", "习近平", "中方坚决反对"),
        ("据新华社报道，王毅表示：“中方坚决反对”", "王毅", "中方坚决反对"),
        ("汪文斌表示中方坚决反对干涉", "汪文斌", "中方坚决反对干涉"),
        ("应摒弃任何“双重标准”", "", "应摒弃任何“双重标准”"),
        ("中方表示，坚决反对", "", "中方表示，坚决反对"),
        ("王毅表示欢迎", "", "王毅表示欢迎"),
        ("8月2日，安理会就缅甸局势举行内部磋商", "", "8月2日，安理会就缅甸局势举行内部磋商"),
    ],
    ids=[
        "colon", "according-to", "quoted", "suffix-traditional", "trailer", "turn", "two-verbs", "name-then-act",
        "name-and-title", "source-then-speaker", "no-punctuation", "inner-quotes", "no-name", "too-little-left",
        "a-date-in-the-words",
    ],
)
def test_the_attribution_names_the_speaker_and_is_not_part_of_the_words(claim, speaker, words):
    parsed = parse_claim(claim, SETTINGS.max_chars)
    assert (parsed.speaker, parsed.words) == (speaker, words)


def test_a_speaker_the_index_knows_is_recognised():
    assert parse_claim("Smith说：中方欢迎", SETTINGS.max_chars).speaker == ""
    assert parse_claim("Smith说：中方欢迎", SETTINGS.max_chars, ["smith"]).speaker == "Smith"


# ---------------------------------------------------------------- verdicts


@pytest.mark.parametrize(
    "claim",
    ["毛宁说：中方欢迎有关国家恢复对华直航。", "中方欢迎有关国家恢复对华直航", "中方歡迎有關國家恢復對華直航", "“中方欢迎有关国家恢复对华直航”"],
    ids=["prefix", "plain", "traditional", "quote-marks"],
)
def test_verbatim_with_or_without_prefix_punctuation_and_script(written, claim):
    result = check_quote(written.index, claim)
    assert result.verdict == "verbatim" and result.differences == []
    assert result.hit.speaker == "毛宁" and result.hit.date == "2023-06-01" and result.hit.outlet == "外交部网站"


def test_reworded_lists_what_differs(written):
    result = check_quote(written.index, "中方欢迎有关国家恢复直航，这有利于两国人员往来和交流合作")
    assert result.verdict == "reworded"
    assert {normalize(d.corpus) for d in result.differences if d.kind == "insert"} == {"对华", "各领域"}


@pytest.mark.parametrize(
    "claim, claimed, corpus",
    [
        ("峰会已经结束，各方正在就联合宣言进行最后磋商", "已经", "还没有"),
        ("中方对此表示严重关切和坚决支持", "支持", "反对"),
        ("中方不支持中亚国家走符合自身国情的发展道路", "中方不支持", "中方支持"),
    ],
    ids=["negation-removed", "antonym", "negation-added"],
)
def test_a_reversed_quote_is_contradicted_with_the_negation_first(written, claim, claimed, corpus):
    result = check_quote(written.index, claim)
    assert result.verdict == "contradicted"
    first = result.differences[0]
    assert first.kind == "negation" and first.contradicts
    assert (normalize(first.claimed), normalize(first.corpus)) == (claimed, corpus)


@pytest.mark.parametrize(
    "claim, claimed, corpus",
    [
        ("今年前五个月，入境外国游客达8万余人次", "8万", "5万"), ("日方计划于本月28日启动核污染水排海", "28", "26"),
        ("同比增长约两倍", "两", "三"), ("去年前五个月，入境外国游客达5万余人次", "去年", "今年"),
    ],
    ids=["figure", "date", "chinese-numeral", "day-word"],
)
def test_a_changed_figure_or_date_is_contradicted(written, claim, claimed, corpus):
    result = check_quote(written.index, claim)
    assert result.verdict == "contradicted"
    assert (result.differences[0].kind, result.differences[0].claimed, result.differences[0].corpus) == ("number", claimed, corpus)


@pytest.mark.parametrize(
    "files, claim, kind",
    [
        ({"a.txt": "王毅：我们不能接受这种做法。\n"}, "能接受这种做法", "negation"),
        ({"a.txt": "王毅：会议将于26日在北京开幕。\n"}, "6日在北京开幕", "number"),
    ],
    ids=["negation-just-before", "figure-cut"],
)
def test_words_found_inside_a_passage_that_reverses_them_are_contradicted(tmp_path, files, claim, kind):
    result = check_quote(build(tmp_path, files).index, claim)
    assert result.verdict == "contradicted" and result.differences[0].kind == kind


def test_a_figure_changed_in_the_attribution_the_passage_carries_is_contradicted(written):
    result = check_quote(written.index, "新华社北京3月2日电 国务委员兼外长王毅1日在北京表示，国际社会应当加强团结合作")
    assert result.claimed_speaker == "王毅" and result.verdict == "contradicted"
    assert (result.differences[0].kind, result.differences[0].claimed, result.differences[0].corpus) == ("number", "2", "1")


def test_real_words_with_an_invented_rest_are_not_a_rewording(written):
    result = check_quote(written.index, "中方坚决反对任何国家以任何借口搞集团对抗和冷战思维")
    assert result.verdict == "not_found"


def test_clauses_added_are_not_negations(written):
    result = check_quote(written.index, "中方欢迎有关国家恢复对华直航，但不会放松防疫")
    assert result.verdict != "contradicted"


def test_fabricated_is_not_found(written):
    result = check_quote(written.index, "中方将全面暂停与中亚国家的一切经贸往来")
    assert result.verdict == "not_found" and result.parts == []


# ---------------------------------------------------------------- the speaker check


def test_the_claimed_speaker_agrees(written):
    check = check_quote(written.index, "汪文斌说：中国的朋友圈越来越大").speaker_check
    assert (check.claimed, check.said_by, check.agrees, check.reason) == ("汪文斌", "汪文斌", True, "same")


def test_another_spokespersons_words(written):
    result = check_quote(written.index, "毛宁说：中国的朋友圈越来越大")
    assert result.verdict == "verbatim" and result.flag == "someone_else"
    assert (result.speaker_check.said_by, result.speaker_check.agrees) == ("汪文斌", False)


def test_a_journalists_question_is_not_the_spokespersons_answer(written):
    result = check_quote(written.index, "毛宁说：“中国－中亚峰会已经结束”")
    assert result.flag == "question"
    assert (result.speaker_check.said_by, result.speaker_check.agrees) == ("路透社记者", False)


def test_words_without_a_stated_speaker_are_not_agreed(written):
    result = check_quote(written.index, "王毅说：数字经济将成为未来十年增长的主要动力")
    assert result.verdict == "verbatim" and result.flag == "not_stated"
    assert result.speaker_check.agrees is None and result.speaker_check.said_by == ""


def _press(date: str, journalist: str, spokesperson: str) -> str:
    return f"---\ntitle: 记者会\ndate: {date}\n---\n\n{journalist}：有何评论？\n\n{spokesperson}：我们注意到有关报道。\n"


REPEATED = {
    "a.md": _press("2023-01-05", "路透社记者", "汪文斌"),
    "b.md": _press("2023-02-07", "法新社记者", "毛宁"),
    "c.md": _press("2023-03-09", "彭博社记者", "汪文斌"),
}


@pytest.mark.parametrize(
    "claim, date",
    [("毛宁说：我们注意到有关报道", "2023-02-07"), ("汪文斌3月9日说：我们注意到有关报道", "2023-03-09")],
    ids=["speaker", "speaker-and-date"],
)
def test_among_equal_passages_the_claimed_speakers_and_dates_is_chosen(tmp_path, claim, date):
    result = check_quote(build(tmp_path, REPEATED).index, claim)
    assert result.speaker_check.agrees is True and result.hit.date == date and result.flag == ""


@pytest.mark.parametrize(
    "claim, agrees",
    [("毛宁6月2日说：中方欢迎有关国家恢复对华直航", False), ("2023年6月1日，毛宁说：中方欢迎有关国家恢复对华直航", True)],
    ids=["other-day", "same-day"],
)
def test_the_date_in_the_attribution_is_checked(written, claim, agrees):
    result = check_quote(written.index, claim)
    assert result.verdict == "verbatim" and result.speaker_check.agrees is True
    assert (result.date_check.corpus, result.date_check.agrees) == ("2023-06-01", agrees)
    assert result.flag == ("" if agrees else "date")


LEADER = Attribution("李强", relayed_by="毛宁", kind="answer", cue="verb", evidence="李强总理指出", strength="strong")


@pytest.mark.parametrize(
    "claimed, attribution, expected",
    [
        ("毛宁", LEADER, ("李强", "毛宁", False, "relayed")),
        ("李强总理", LEADER, ("李强", "毛宁", True, "same")),
        ("毛宁", Attribution("毛宁", kind="answer", cue="carried", evidence="毛宁：", strength="weak"), ("", "", None, "not_stated")),
        ("毛宁", Attribution("法新社记者", kind="question", cue="turn", evidence="法新社记者：", strength="strong"), ("法新社记者", "", False, "question")),
        ("外交部发言人", Attribution("毛宁", kind="answer", cue="turn", evidence="毛宁：", strength="strong"), ("毛宁", "", None, "role")),
        (
            "华春莹", Attribution("外交部发言人", kind="statement", cue="document", evidence="外交部发言人", strength="medium"),
            ("外交部发言人", "", None, "unnamed"),
        ),
        ("国家安全部", Attribution("國安部", kind="statement", cue="title", evidence="國安部:", strength="medium"), ("國安部", "", None, "role")),
        ("毛宁", None, ("", "", None, "not_found")),
    ],
    ids=[
        "relayed-by-the-claimed", "the-relayed-leader", "weak-evidence", "question", "bare-role", "role-on-record",
        "two-names-of-a-body", "no-passage",
    ],
)
def test_speaker_check_reads_the_attribution_record(claimed, attribution, expected):
    check = check_speaker(claimed, attribution)
    assert (check.said_by, check.relayed_by, check.agrees, check.reason) == expected


RELAYING = """2023年3月7日外交部发言人汪文斌主持例行记者会

法新社记者：中方如何看待当前的经济形势？

汪文斌：李强总理指出，中国经济长期向好的基本面没有改变，我们有信心实现全年发展目标。

彭博社记者：你能否进一步介绍？

汪文斌：我没有更多信息可以提供。
"""


@pytest.mark.parametrize(
    "claim, agrees, reason",
    [("汪文斌说：中国经济长期向好的基本面没有改变", False, "relayed"), ("李强说：中国经济长期向好的基本面没有改变", True, "same")],
    ids=["claimed-as-the-relayers", "claimed-as-the-leaders"],
)
def test_relayed_words_are_the_leaders_end_to_end(tmp_path, claim, agrees, reason):
    """Through the CLI on a written transcript: a leader's words the spokesperson relays are the leader's."""
    built = build(tmp_path, {"mfa.txt": RELAYING})
    proc = run_quotebot("check", "--db", str(built.db), "--json", claim)
    (answer,) = json_lines(proc.stdout)
    assert answer["verdict"] == "verbatim"
    check = answer["speaker_check"]
    assert (check["claimed"], check["said_by"], check["relayed_by"], check["agrees"]) == (claim.split("说")[0], "李强", "汪文斌", agrees)
    assert check.get("reason", reason) == reason


# ---------------------------------------------------------------- joined claims, long quotes, the cap


@pytest.mark.parametrize(
    "claim",
    [
        "中方欢迎有关国家恢复对华直航。中国的朋友圈越来越大。",
        "中方坚决反对任何国家以任何借口干涉中国内政，中方支持中亚国家走符合自身国情的发展道路",
        "国际社会应当加强团结合作我们欢迎更多外国朋友来华旅游观光",
    ],
    ids=["sentences", "clauses", "no-punctuation"],
)
def test_words_joined_from_two_places_are_shown_as_parts(written, claim):
    result = check_quote(written.index, claim)
    assert result.verdict == "not_found" and result.flag == "spliced"
    assert len(result.parts) == 2 and all(p.verdict == "verbatim" for p in result.parts)
    assert len({p.hit.path for p in result.parts}) == 2


def test_a_short_sentence_joined_to_a_long_one_is_shown_as_a_part(written):
    result = check_quote(written.index, "日方无视国际社会的强烈关切，执意推进排海计划，中方对此表示严重关切和坚决反对。中国的朋友圈越来越大。")
    assert result.flag == "spliced" and [p.verdict for p in result.parts] == ["verbatim", "verbatim"]


def test_words_left_out_with_an_ellipsis_are_a_rewording_that_shows_them(written):
    result = check_quote(written.index, "毛宁：中方欢迎有关国家恢复对华直航……有利于两国人员往来")
    assert result.verdict == "reworded" and result.parts == [] and result.speaker_check.agrees is True
    assert [(d.kind, d.corpus) for d in result.differences] == [("insert", "，这")]
    assert result.matched == "中方欢迎有关国家恢复对华直航……有利于两国人员往来"


def test_a_negation_left_out_with_an_ellipsis_contradicts(written):
    result = check_quote(written.index, "峰会还……结束，各方正在就联合宣言进行最后磋商")
    assert result.verdict == "contradicted" and result.differences[0].kind == "negation"
    assert normalize(result.differences[0].corpus) == "没有"


def test_an_ellipsis_between_words_from_two_places_is_a_join(written):
    result = check_quote(written.index, "中方欢迎有关国家恢复对华直航……中国的朋友圈越来越大")
    assert result.flag == "spliced" and result.verdict == "not_found"


def test_a_question_and_its_answer_are_two_places(written):
    result = check_quote(written.index, "据报道，中国－中亚峰会已经结束。峰会还没有结束，各方正在就联合宣言进行最后磋商")
    assert result.flag == "spliced" and [p.hit.kind for p in result.parts] == ["question", "answer"]


TOPICS = (
    "扩大农产品进口并简化检验检疫程序", "开通更多直航航线方便两国人员往来", "设立联合研究中心推动新能源技术合作",
    "增加政府奖学金名额吸引青年留学", "建设边境经济合作区带动当地就业", "完善投资保护协定保障企业合法权益",
    "举办文化旅游年增进民众相互了解", "加强卫生防疫合作共同应对突发疫情",
)
LONG = "".join(f"第{i}项措施是{topic}，这将给双方民众带来实实在在的好处。" for i, topic in enumerate(TOPICS, 1))


def test_a_quote_running_over_several_passages_is_verbatim(tmp_path):
    built = build(tmp_path, {"long.txt": f"讲话全文\n\n王毅：{LONG}\n"})
    assert len(built.passages()) > 1
    result = check_quote(built.index, LONG)
    assert result.verdict == "verbatim" and result.parts == [] and result.hit.speaker == "王毅"


def test_words_across_the_cut_between_passages_are_one_quote_and_words_skipped_are_not(tmp_path):
    built = build(tmp_path, {"long.txt": f"讲话全文\n\n王毅：{LONG}\n"})
    first, second = built.texts()[:2]
    across = check_quote(built.index, first[-30:] + second[:25])
    assert across.verdict == "verbatim" and across.parts == []
    skipped = check_quote(built.index, first[3:20] + "。" + second[-30:])
    assert skipped.verdict == "not_found" and skipped.flag == "spliced"


def test_a_long_claim_is_cut_at_the_cap_and_the_work_is_bounded(written, monkeypatch):
    reads = []
    real = quotecheck.candidates
    monkeypatch.setattr(quotecheck, "candidates", lambda *a, **k: reads.append(1) or real(*a, **k))
    claim = "中方欢迎有关国家恢复对华直航。" * 300
    result = check_quote(written.index, claim)
    assert len(result.claim) == SETTINGS.max_chars and result.cut == len(claim) - SETTINGS.max_chars
    assert len(reads) <= SETTINGS.max_parts + 1


def test_a_long_claim_joining_many_places_is_shown_as_parts(written):
    sentences = [p.text.split("：", 1)[-1] for p in written.passages() if p.kind == "answer"]
    claim = "".join(sentences * 3)
    assert len(claim) > SETTINGS.whole_max
    result = check_quote(written.index, claim)
    assert result.flag == "spliced" and 2 <= len(result.parts) <= SETTINGS.max_parts


def test_cli_json_follows_the_contract(written):
    result = run_cli("check", "--db", str(written.db), "--json", "毛宁说：中国的朋友圈越来越大。中方对此表示严重关切和坚决支持")
    (answer,) = json_lines(result.output)
    assert {"verdict", "hit", "differences", "speaker_check", "parts", "claimed_speaker", "cut"} <= set(answer)
    assert answer["verdict"] == "contradicted" and len(answer["parts"]) == 2  # one part reverses its passage
    assert {"text", "verdict", "hit"} <= set(answer["parts"][0])
    assert answer["parts"][1]["verdict"] == "contradicted" and answer["parts"][1]["differences"][0]["kind"] == "negation"
    assert {"claimed", "said_by", "relayed_by", "agrees"} <= set(answer["speaker_check"])
    hit = answer["parts"][0]["hit"]
    assert (hit["speaker"], hit["date"], hit["outlet"]) == ("汪文斌", "2023-06-06", "外交部网站")


def test_cli_checks_each_line_of_standard_input(written):
    proc = run_quotebot("check", "--db", str(written.db), "--json", input="毛宁说：中国的朋友圈越来越大\n\n中方将全面暂停与中亚国家的一切经贸往来\n")
    answers = json_lines(proc.stdout)
    assert [a["verdict"] for a in answers] == ["verbatim", "not_found"]
    assert answers[0]["speaker_check"]["said_by"] == "汪文斌"


def test_cli_text_leads_with_what_to_act_on(written):
    out = run_cli("check", "--db", str(written.db), "毛宁说：中国的朋友圈越来越大").output
    assert out.startswith("WRONG SPEAKER: these are 汪文斌's words, not 毛宁's (2023-06-06)")
    out = run_cli("check", "--db", str(written.db), "今年前五个月，入境外国游客达8万余人次").output
    assert out.startswith("CONTRADICTED: the corpus says otherwise: «8万» → «5万» (2023-06-01)")
