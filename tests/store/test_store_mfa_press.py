"""Real saved pages (issue "Ingestion", issue #9): a fixed sample of the foreign ministry's press-conference
pages, as raw HTML, indexed through `reindex()`. Answers must carry the page's spokesperson and date —
as the speaker, or as `relayed_by` where an answer quotes a leader's words; the journalists' questions
must never be quoted as the spokesperson's words; the outlet is the ministry, never an asking agency."""
from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass

import re

import pytest

from storetest import MFA_PRESS, build, eval_norm, needs_shared

pytestmark = needs_shared(MFA_PRESS)

pytestmark = pytest.mark.skipif(not MFA_PRESS.is_file(), reason="needs ../shared/corpora/mfa_press (test data, not shipped)")

SAMPLE_SIZE = 150
SEED = 20240601


@dataclass
class Classified:
    page: dict
    passage: object
    role: str  # "question", "answer", "both" or "unmapped"


def _role(norm: str, paragraphs: list[str], questions: set[int]) -> str:
    """Where a passage comes from: a question paragraph (or a join that includes one), an answer
    paragraph, both (the same words in each), or neither (text the reference does not have)."""
    question = any(norm in paragraphs[i] or (len(paragraphs[i]) >= 8 and paragraphs[i] in norm) for i in questions if i < len(paragraphs))
    answer = any(norm in para for i, para in enumerate(paragraphs) if i not in questions)
    if question and answer:
        return "both"  # an answer repeating the question's words: either role fits
    return "question" if question else "answer" if answer else "unmapped"


@pytest.fixture(scope="module")
def mfa(tmp_path_factory):
    with gzip.open(MFA_PRESS, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    sample = random.Random(SEED).sample(pages, SAMPLE_SIZE)
    by_path = {f"{page['id']}.html": page for page in sample}
    built = build(tmp_path_factory.mktemp("mfa"), {path: page["html"] for path, page in by_path.items()})
    paragraphs = {path: [eval_norm(t) for t in page["text"].split("\n")] for path, page in by_path.items()}
    classified = []
    for p in built.passages():
        page = by_path[p.path]
        role = _role(eval_norm(p.text), paragraphs[p.path], set(page["question_paragraphs"]))
        classified.append(Classified(page, p, role))
    return built.report, sample, classified


def test_every_sampled_page_is_indexed(mfa):
    report, sample, classified = mfa
    assert report.skipped == [] and report.indexed == len(sample)
    assert {c.passage.path for c in classified} == {f"{page['id']}.html" for page in sample}


def test_passages_come_from_the_page_text(mfa):
    """Menus, footers and widgets stay out: nearly every passage is text of the reference paragraphs."""
    _, _, classified = mfa
    unmapped = [c.passage.text[:40] for c in classified if c.role == "unmapped"]
    assert len(unmapped) <= 0.02 * len(classified), unmapped[:10]


def _voiced_by(c: Classified) -> str:
    """Who speaks the passage's words on the page: the speaker, or the spokesperson relaying someone."""
    return c.passage.relayed_by or c.passage.speaker


def test_answers_carry_the_spokesperson_and_date(mfa):
    _, _, classified = mfa
    answers = [c for c in classified if c.role == "answer" and c.page["speaker"]]
    wrong = [
        (c.passage.path, c.passage.speaker, c.passage.relayed_by, c.passage.date, c.passage.text[:30])
        for c in answers
        if not (eval_norm(c.page["speaker"]) in eval_norm(_voiced_by(c)) and c.passage.date == c.page["date"])
    ]
    assert len(answers) >= 1000
    assert len(wrong) <= 0.01 * len(answers), wrong[:10]


def test_question_passages_are_never_the_spokespersons(mfa):
    _, _, classified = mfa
    questions = [c for c in classified if c.role == "question" and c.page["speaker"]]
    assert len(questions) >= 300
    wrong = [
        (c.passage.path, c.passage.speaker, c.passage.relayed_by, c.passage.text[:40])
        for c in questions
        if eval_norm(c.page["speaker"]) in eval_norm(c.passage.speaker + c.passage.relayed_by) or c.passage.kind != "question"
    ]
    assert wrong == []


LEADER_CUE = re.compile(r"^(习近平主席|李强总理|王毅国务委员|王毅外长)(?:指出|强调|表示)[，,]")


def test_leaders_words_in_answers_are_relayed_by_the_spokesperson(mfa):
    """`习近平主席强调，…` inside an answer: the leader's words, relayed by the spokesperson."""
    _, _, classified = mfa
    relayed = [(c, LEADER_CUE.match(c.passage.text)) for c in classified if c.role == "answer" and c.page["speaker"]]
    relayed = [(c, m) for c, m in relayed if m]
    assert len(relayed) >= 10
    wrong = [
        (c.passage.path, c.passage.speaker, c.passage.relayed_by, c.passage.text[:30])
        for c, m in relayed
        if not (c.passage.speaker and c.passage.speaker in m.group(1) and eval_norm(c.page["speaker"]) in eval_norm(c.passage.relayed_by))
    ]
    assert wrong == []


def test_outlet_is_the_ministry_never_an_agency(mfa):
    _, sample, classified = mfa
    outlets = {c.passage.path: c.passage.outlet for c in classified}
    assert len(outlets) == len(sample)
    assert [(path, o) for path, o in outlets.items() if "外交部" not in o or re.search(r"社|记者|电视|新闻", o)] == []


def test_every_page_has_its_date(mfa):
    _, sample, classified = mfa
    dates = {c.passage.path: c.passage.date for c in classified}
    assert [path for path, date in dates.items() if not date] == []
    wrong = [(f"{page['id']}.html", page["date"]) for page in sample if dates[f"{page['id']}.html"] != page["date"]]
    assert len(wrong) <= 0.02 * len(sample), wrong
