"""A journalist's conversation through `quotebot ask --json` (issue #14): dated topics, the latest of
a speaker, questions whose answer exists, small talk and exact or excluded phrases. Over real press
pages (../shared, skipped without it) and over a small press corpus written for the test (always).
Targets: ≥ 90% right, no question as the top answer where the answer exists, no small talk quoted."""
from __future__ import annotations

import gzip
import json
import random

import pytest
from conversation import Page, conversation, score
from journalist import CONFERENCES, FILES
from storetest import MFA_PRESS, build, json_lines, run_quotebot

PRESS_PAGES = 100
SEED = 1414


def _talk(built, pages: list[Page], per_kind: int) -> dict:
    cases = conversation(pages, SEED, per_kind)
    out = run_quotebot("ask", "--db", str(built.db), "--json", "--limit", "5", input="".join(c.q + "\n" for c in cases))
    replies = json_lines(out.stdout)
    assert len(replies) == len(cases), out.stderr[-2000:]
    result = score(cases, replies)
    assert {c.kind for c in cases} == {"dated", "latest", "question", "chitchat", "exact"}
    return result


def test_conversation_over_a_small_written_press_corpus(tmp_path):
    built = build(tmp_path, FILES)
    pages = []
    for date, speaker, turns in CONFERENCES:
        paragraphs = [text for turn in turns for text in (f"法新社记者：{turn[0]}", f"{speaker}：{turn[1]}")]
        pages.append(Page(f"{date}.md", speaker, date, paragraphs, set(range(0, len(paragraphs), 2))))
    result = _talk(built, pages, per_kind=10)
    assert result["questions_on_top"] == 0 and result["chitchat_quoted"] == 0
    assert result["right"] >= 0.9, result["wrong"]


@pytest.mark.skipif(not MFA_PRESS.is_file(), reason="needs ../shared/corpora/mfa_press (test data, not shipped)")
def test_conversation_over_real_press_pages(tmp_path):
    with gzip.open(MFA_PRESS, "rt", encoding="utf-8") as f:
        sample = random.Random(SEED).sample([json.loads(line) for line in f], PRESS_PAGES)
    built = build(tmp_path, {f"{p['id']}.html": p["html"] for p in sample})
    pages = [Page(f"{p['id']}.html", p["speaker"] or "", p["date"], p["text"].split("\n"), set(p["question_paragraphs"])) for p in sample]
    result = _talk(built, pages, per_kind=40)
    print(f"real press conversation: {result['right']:.1%} right; wrong: {result['wrong']}")
    assert result["questions_on_top"] == 0 and result["chitchat_quoted"] == 0
    assert result["right"] >= 0.9, result["wrong"]
