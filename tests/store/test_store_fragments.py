"""A remembered quote (issue 11, fragments): found when typed nearly as written — a character wrong, missing
or extra, a word left out, the other script — and no answer for look-alike formulaic wording that nobody
said, through `quotebot ask --json` and the store API, on a small corpus written for the test."""
from __future__ import annotations

import random

import pytest

from storetest import build, json_lines, run_cli
from store import retrieval, search
from store.align import held, locate, locate_bound, quote_edits
from store.fragment import as_written, written_bound
from store.textnorm import normalize

PRESS = {
    "press.txt": (
        "外交部发言人答记者问\n\n"
        "毛宁：中方已经提出了关于乌克兰人道主义局势的六点倡议，愿向乌克兰和受影响的其他国家进一步提供人道主义援助。\n\n"
        "毛宁：这四个国家都是中国在欧洲的重要合作伙伴，同中国长期保持友好关系。\n\n"
        "毛宁：美国还是唯一没有完成库存化学武器销毁的《禁止化学武器公约》的缔约国。\n"
    ),
}

FOUND = [  # (query, words of the passage it must find)
    ("中方已经提出了关于乌克兰人道主意局势的六点倡议", "六点倡议"),  # a homophone
    ("中方已经提出关于乌克兰人道主义局势", "六点倡议"),  # a character missing
    ("这四个国家都是中国在欧州的重要伙伴", "重要合作伙伴"),  # a homophone and a word left out
    ("美國還是唯一沒有完成庫存化學武器銷毀的", "化学武器销毁"),  # the other script
    ("美國還是唯一沒有完成庫存化學武氣銷毀", "化学武器销毁"),  # the other script with a typo
    ("同中国长期保持了友好关系", "重要合作伙伴"),  # a character extra
    ("毛宁中方已经提出关于乌克兰人道主义局势的六点倡议", "六点倡议"),  # one run of words with a speaker's name
    ("毛宁乌克兰人道主义", "六点倡议"),  # a name and a few keywords stay a question
]
NEAR_MISSES = [  # formulaic wording that shares most words, in order, with several of them changed
    "中方还提出关于乌克兰人",
    "中国都是欧盟的重要合作伙伴",
    "美國是唯一仍保有庫存",
    "中方已经提出了关于叙利亚人道主义局势的五点主张",
    "毛宁中方还提出关于乌克兰人道主义局势",  # a speaker's name does not make a look-alike a question
    "中方还提出关于乌克兰人道主义局势毛宁",
    "对欧洲重要合作伙伴发挥了积极作用",  # a pasted headline opening with 对 is a quote, not a question
    "关于乌克兰人道主义局势的五点主张",
    "美国是唯一仍保有化学武器库存的言论",
]


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    return build(tmp_path_factory.mktemp("fragments"), PRESS)


@pytest.mark.parametrize("query, words", FOUND, ids=[q for q, _ in FOUND])
def test_a_quote_typed_nearly_as_written_is_found(press, query, words):
    result = run_cli("ask", "--db", str(press.db), "--json", query)
    (answer,) = json_lines(result.output)
    top = answer["results"][0]
    assert words in top["quote"] and top["speaker"] == "毛宁"


@pytest.mark.parametrize("query", NEAR_MISSES)
def test_look_alike_wording_gets_no_answer(press, query):
    result = run_cli("ask", "--db", str(press.db), "--json", query)
    (answer,) = json_lines(result.output)
    assert answer["results"] == []
    assert search(press.index, query) == []


@pytest.mark.parametrize("query, fragment", [
    ("对欧洲重要合作伙伴发挥了积极作用", True), ("关于此次日本主办的七国集团外长会涉华消极动向", True),
    ("美国官员出于政治目的发表与事实不符的言论", True), ("关于南海问题", False), ("关于南海问题的立场", False),
    ("关于化学武器公约是什么立场", False),
])
def test_an_opening_or_closing_word_of_a_long_run_does_not_make_a_question(press, query, fragment):
    """关于/对/就/称… opening, or 的言论/的表态 closing, one long run of words (12 characters besides them):
    a pasted sentence; short topics and real question words stay questions."""
    from store.retrieval import parse_query

    assert parse_query(press.index, query).fragment is fragment


def test_edits_count_a_word_left_out_as_one_slip():
    assert quote_edits("对话和平解决", "通过对话协商和平解决争端", 0.2) == pytest.approx(1.2)  # 协商 left out
    assert quote_edits("对话和平解决", "通过对话协商和平解决争端", 1.0) == 2  # Levenshtein
    assert quote_edits("中方还提出关于", "中方已经提出了关于", 0.2) == 3  # changed, and two words added
    assert quote_edits("和平解决", "通过对话协商和平解决争端", 0.2) == 0
    clause = "加强与联合国上海合作组织金砖国家等国际和地区多边组织的沟通协作"  # a clause left out: two slips at most
    assert quote_edits("加强与联合国上海合作组织金砖国家的沟通协作", clause, 0.25, 2.0) == 2


def test_share_held_as_written_is_one_minus_edits_over_length():
    text = "中方已经提出了关于乌克兰人道主义局势的六点倡议"
    assert as_written("乌克兰人道主意局势", text, 9, 17) == pytest.approx(1 - 1 / 9)
    assert as_written("叙利亚的五点主张", text, 0, 8) < 0.8  # the in-order bound already rules it out



def _variants(text: str, rng: random.Random) -> list[str]:
    """Queries made from `text`: windows of it with characters changed, dropped or added (from the text's
    own alphabet and from outside it), windows shuffled with a foreign character or two, words that
    appear nowhere in it, and the empty query."""
    alphabet = sorted(set(text)) + list("沒賴鬥龍湖")
    out = []
    for _ in range(60):
        start = rng.randrange(len(text))
        q = list(text[start : start + rng.randrange(2, 40)])
        for _ in range(rng.randrange(0, 6)):
            at = rng.randrange(len(q) + 1)
            op = rng.randrange(3)
            if op == 0 and at < len(q):
                q[at] = rng.choice(alphabet)
            elif op == 1 and at < len(q) and len(q) > 1:
                del q[at]
            else:
                q.insert(at, rng.choice(alphabet))
        if rng.random() < 0.2:
            rng.shuffle(q)
            q.insert(rng.randrange(len(q) + 1), rng.choice("沒賴鬥龍湖"))
        out.append("".join(q))
    return out + ["龍湖賴鬥", "龍龍龍龍", ""]


def test_the_bounds_of_alignment_and_as_written_hold_for_any_query():
    """The search skips aligning a candidate whose confidence could not reach the threshold even at these
    bounds: they must never be below what aligning gives."""
    rng = random.Random(11)
    texts = [normalize(t) for t in PRESS["press.txt"].split("\n\n")[1:]] + ["短", "中方中方中方坚决反对"]
    checked = 0
    for text in texts:
        for query in _variants(text, rng) + _variants(texts[0], rng):
            in_text = held(query, text)
            similarity, start, end = locate(query, text)
            assert similarity <= locate_bound(query, text, in_text), (query, text)
            assert as_written(query, text, start, end) <= written_bound(query, in_text), (query, text)
            checked += 1
    assert checked > 500


def test_a_candidate_left_unaligned_by_the_bounds_could_not_have_been_trusted(sample_index, sample_passages, monkeypatch):
    """Through the search, on the sample corpus: each candidate's features with the threshold as the floor
    (unaligned where the bounds say it cannot reach it) against the same with no floor (every candidate
    aligned): the same confidence and window for every candidate that reaches the threshold, and none
    that the floor's shortcut lifts above it."""
    scored = retrieval.features
    compared = []

    def both(q, terms, rows, voices=None, lists=None, floor=0.0):
        out = scored(q, terms, rows, voices, lists, floor)
        for (row, f, window), (_, full, full_window) in zip(out, scored(q, terms, rows, voices, lists, 0.0)):
            with_floor, without = retrieval.confidence(f, q.fragment), retrieval.confidence(full, q.fragment)
            compared.append((q.norm, row.id, without >= floor, with_floor >= floor))
            if without >= floor:
                assert (with_floor, window) == (without, full_window), (q.norm, row.id)
        return out

    monkeypatch.setattr(retrieval, "features", both)
    rng = random.Random(5)
    texts = [p.norm for p in sample_passages if len(p.norm) >= 20]
    questions = [query for text in rng.sample(texts, 12) for query in _variants(text, rng)[:15]]
    for question in questions + ["外交部发言人 台湾问题", "2023年 台湾问题", "什么是一个中国原则", "中方坚决反对"]:
        search(sample_index, question)
    assert all(trusted_with == trusted for _, _, trusted, trusted_with in compared)
    assert sum(trusted for _, _, trusted, _ in compared) >= 50 and len(compared) >= 1000  # not vacuous
