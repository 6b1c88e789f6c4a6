"""Issue "Did X really say this?": a set of claims of every kind, scored by the JSON contract of
`quotebot check --json` the way a held-back set judges the bot: at least 85% right, and at most 2
answers that would let a journalist print something false (verbatim or plain reworded for a reversed,
changed or joined quote; agreement for words that are not the claimed speaker's).

Claims are real passages of small corpora written for the test, of the bundled sample corpus and of
the foreign ministry's press pages (that part needs ../shared), changed the way claims go wrong."""
from __future__ import annotations

import gzip
import json
import random

import pytest

from checkcorpus import CHECK_CORPUS
from storetest import MFA_PRESS, build, json_lines, run_cli
from store.textnorm import normalize

RIGHT_SHARE = 0.85
HARMFUL_MAX = 2
CONTRADICTIONS = ("negation", "number")

# (kind, claim, expected): for "verbatim" the date of the passage (or None), for "wrong_speaker" whose
# words they are; kinds: verbatim, reworded, negation, number, wrong_speaker, question, not_stated,
# spliced, fabricated.
WRITTEN = [
    ("verbatim", "毛宁说：中方欢迎有关国家恢复对华直航。", "2023-06-01"),
    ("verbatim", "据外交部发言人汪文斌表示，中方坚决反对任何国家以任何借口干涉中国内政", "2023-06-06"),
    ("verbatim", "“中國的朋友圈越來越大”，汪文斌說。", "2023-06-06"),
    ("verbatim", "今年前五个月入境外国游客达5万余人次同比增长约三倍", "2023-06-01"),
    ("verbatim", "王毅稱“發達國家應當切實履行資金承諾”", "2023-03-01"),
    ("verbatim", "国际社会应当加强团结合作，共同应对气候变化等全球性挑战", "2023-03-01"),
    ("reworded", "中方欢迎有关国家恢复直航，这有利于两国人员往来和交流合作", None),
    ("reworded", "汪文斌：中方愿同各国一道，践行多边主义，推动构建人类命运共同体", None),
    ("negation", "毛宁说：峰会已经结束，各方正在就联合宣言进行最后磋商。", None),
    ("negation", "中方对此表示严重关切和坚决支持", None),
    ("negation", "中方不支持中亚国家走符合自身国情的发展道路", None),
    ("negation", "汪文斌说：中方坚决支持任何国家以任何借口干涉中国内政", None),
    ("number", "今年前五个月，入境外国游客达8万余人次", None),
    ("number", "日方计划于本月28日启动核污染水排海", None),
    ("number", "入境外国游客达5万余人次，同比增长约两倍", None),
    ("wrong_speaker", "毛宁说：中国的朋友圈越来越大", "汪文斌"),
    ("wrong_speaker", "汪文斌表示，中方欢迎有关国家恢复对华直航", "毛宁"),
    ("wrong_speaker", "毛宁：发达国家应当切实履行资金承诺", "王毅"),
    ("question", "毛宁说：“中国－中亚峰会已经结束”", None),
    ("question", "汪文斌：日方计划于本月26日启动核污染水排海", None),
    ("question", "据毛宁表示，有关国家将于下月恢复对华直航", None),
    ("not_stated", "王毅说：数字经济将成为未来十年增长的主要动力", None),
    ("spliced", "中方欢迎有关国家恢复对华直航。中国的朋友圈越来越大。", None),
    ("spliced", "汪文斌说：中方坚决反对任何国家以任何借口干涉中国内政，中方支持中亚国家走符合自身国情的发展道路", None),
    ("spliced", "国际社会应当加强团结合作我们欢迎更多外国朋友来华旅游观光", None),
    ("fabricated", "中方将全面暂停与中亚国家的一切经贸往来", None),
    ("fabricated", "毛宁说：外国游客访华人数创历史新高，旅游业全面复苏", None),
]

SAMPLE = [
    ("verbatim", "恐怖组织利用社交网络、加密通信、虚拟货币、人工智能等新兴技术从事恐怖活动", "2021-10-07"),
    ("verbatim", "王毅說：對肯尼亞、科威特兩個論壇新成員表示歡迎", "2023-09-20"),
    ("reworded", "恐怖组织利用社交媒体、加密通信、虚拟货币等新技术从事恐怖活动", None),
    ("negation", "国际反恐合作只能削弱，不能加强", None),
    ("number", "今年正值全球反恐论坛成立20周年", None),
    ("wrong_speaker", "王毅表示，在疫情期间及疫情之后，进一步弘扬多边主义对反恐努力至关重要", "张军"),
    ("spliced", "中方对中国公民遇袭感到十分震惊。弘扬多边主义对反恐努力至关重要", None),
    ("fabricated", "中国将全面退出全球反恐论坛并停止一切合作", None),
]

MFA = [
    ("verbatim", "毛宁说：哥伦比亚是拉美重要国家。", "2023-10-23"),
    ("verbatim", "中國經濟韌性強潛力大活力足長期向好的基本面沒有改變", "2023-05-17"),
    ("verbatim", "“中东人民是中东的主人，中东不是谁家的‘后院’”，汪文斌说。", "2022-07-15"),
    ("reworded", "汪文斌：近年来，中国铁路“走出去”的步伐不断加快，足迹遍及亚洲、欧洲和非洲", None),
    ("negation", "汪文斌说，“中东人民是中东的主人，中东是谁家的‘后院’”", None),
    ("negation", "我们对有关事件受害者表示哀悼，对受伤者表示慰问。据我了解，你提到的有关人员是中国公民。", None),
    ("negation", "中国经济韧性强、潜力大、活力足、长期向好的基本面已经改变", None),
    ("negation", "毛宁：中方反对阿尔巴尼斯总理应李强总理邀请访华并出席第六届中国国际进口博览会", None),
    ("number", "通车运营5年来，蒙内铁路平均上座率超过80%", None),
    ("number", "中老铁路建设过程中就已经带动老挝当地就业15万人次", None),
    ("wrong_speaker", "赵立坚：此访是佩特罗总统就任后首次对中国进行国事访问", "毛宁"),
    ("wrong_speaker", "毛宁表示，中东人民是中东的主人，中东不是谁家的“后院”", "汪文斌"),
    ("question", "汪文斌：英国前首相特拉斯今天起“访问”台湾", None),
    ("question", "毛宁说：中方有关部门已对全球最大的苹果手机制造商富士康展开调查", None),
    ("spliced", "哥伦比亚是拉美重要国家。中东人民是中东的主人，中东不是谁家的“后院”。", None),
    ("spliced", "赵立坚：中方作为安理会轮值主席，将继续推动安理会履行职责，中国经济韧性强、潜力大、活力足", None),
    ("fabricated", "毛宁：中方将于下月起全面取消对哥伦比亚的关税", None),
]
MFA_PAGES = ("mfa-121", "mfa-467", "mfa-431", "mfa-488", "mfa-804", "mfa-266")
MFA_OTHERS = 40  # further pages, drawn with a fixed seed, so that the words compete with real others


def judge(kind: str, expected: str | None, answer: dict) -> tuple[bool, bool]:
    """(right, harmful) for one answer of `quotebot check --json`."""
    verdict, check, diffs = answer["verdict"], answer["speaker_check"], answer["differences"]
    agrees = check["agrees"] if check else None
    if kind == "verbatim":
        right = verdict == "verbatim" and agrees is not False and (expected is None or answer["hit"]["date"] == expected)
        return right and (check is None or agrees is True), False
    if kind == "reworded":
        return verdict == "reworded", False
    if kind in CONTRADICTIONS:
        right = verdict == "contradicted" and bool(diffs) and diffs[0]["kind"] == kind
        return right, verdict in ("verbatim", "reworded")
    if kind == "wrong_speaker":
        return agrees is False and normalize(expected) in normalize((check or {}).get("said_by", "")), agrees is True
    if kind == "question":
        return agrees is False and check["reason"] == "question", agrees is True
    if kind == "not_stated":
        return check is not None and agrees is None, agrees is True
    if kind == "spliced":
        plain = verdict == "verbatim" or (verdict == "reworded" and not answer["parts"])
        return len(answer["parts"]) >= 2 and verdict != "verbatim", plain
    if kind == "fabricated":
        return verdict == "not_found" and not answer["parts"], verdict in ("verbatim", "reworded")
    raise ValueError(kind)


def score(db, cases) -> tuple[float, list, list]:
    wrong, harmful = [], []
    for kind, claim, expected in cases:
        result = run_cli("check", "--db", str(db), "--json", claim)
        (answer,) = json_lines(result.output)
        right, harm = judge(kind, expected, answer)
        if not right:
            wrong.append((kind, claim, answer["verdict"], answer["speaker_check"]))
        if harm:
            harmful.append((kind, claim, answer["verdict"]))
    return 1 - len(wrong) / len(cases), wrong, harmful


def assert_bar(db, cases) -> None:
    share, wrong, harmful = score(db, cases)
    assert share >= RIGHT_SHARE, wrong
    assert len(harmful) <= HARMFUL_MAX, harmful


def test_every_kind_is_in_the_set():
    kinds = {k for k, _, _ in WRITTEN + SAMPLE + MFA}
    assert kinds == {"verbatim", "reworded", "negation", "number", "wrong_speaker", "question", "not_stated", "spliced", "fabricated"}
    assert len(WRITTEN + SAMPLE + MFA) >= 40


def test_claims_on_written_corpora_meet_the_bar(tmp_path):
    assert_bar(build(tmp_path, CHECK_CORPUS).db, WRITTEN)


def test_claims_on_the_sample_corpus_meet_the_bar(sample_db):
    assert_bar(sample_db, SAMPLE)


@pytest.mark.skipif(not MFA_PRESS.is_file(), reason="needs ../shared/corpora/mfa_press (test data, not shipped)")
def test_claims_on_press_pages_meet_the_bar(tmp_path):
    with gzip.open(MFA_PRESS, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    chosen = [p for p in pages if p["id"] in MFA_PAGES]
    others = [p for p in pages if p["id"] not in MFA_PAGES]
    chosen += random.Random(12).sample(others, MFA_OTHERS)
    assert len(chosen) == len(MFA_PAGES) + MFA_OTHERS
    built = build(tmp_path, {f"{p['id']}.html": p["html"] for p in chosen})
    assert_bar(built.db, MFA)
