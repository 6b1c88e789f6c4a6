"""Real saved pages (issue "Ingestion"): a fixed sample of the foreign ministry's press-conference pages,
as raw HTML, indexed through `reindex()`. Answers must carry the page's spokesperson and date; the
journalists' questions must never be quoted as the spokesperson's words."""
from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass

import pytest

from storetest import MFA_PRESS, build, eval_norm, needs_shared

pytestmark = needs_shared(MFA_PRESS)

SAMPLE_SIZE = 150
SEED = 20240601


@dataclass
class Classified:
    page: dict
    passage: object
    role: str  # "question", "answer" or "unmapped"


def _role(norm: str, paragraphs: list[str], questions: set[int]) -> str:
    """Where a passage comes from: a question paragraph (or a join that includes one), an answer
    paragraph, or neither (text the reference does not have)."""
    if any(norm in paragraphs[i] or (len(paragraphs[i]) >= 8 and paragraphs[i] in norm) for i in questions if i < len(paragraphs)):
        return "question"
    if any(norm in para for i, para in enumerate(paragraphs) if i not in questions):
        return "answer"
    return "unmapped"


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


def test_answers_carry_the_spokesperson_and_date(mfa):
    _, _, classified = mfa
    answers = [c for c in classified if c.role == "answer" and c.page["speaker"]]
    wrong = [
        (c.passage.path, c.passage.speaker, c.passage.date, c.passage.text[:30])
        for c in answers
        if not (eval_norm(c.page["speaker"]) in eval_norm(c.passage.speaker) and c.passage.date == c.page["date"])
    ]
    assert len(answers) >= 1000
    assert len(wrong) <= 0.05 * len(answers), wrong[:10]


def test_question_passages_are_never_the_spokespersons(mfa):
    _, _, classified = mfa
    questions = [c for c in classified if c.role == "question" and c.page["speaker"]]
    assert len(questions) >= 300
    wrong = [
        (c.passage.path, c.passage.speaker, c.passage.text[:40])
        for c in questions if eval_norm(c.page["speaker"]) in eval_norm(c.passage.speaker)
    ]
    assert wrong == []


def test_every_page_has_its_date(mfa):
    _, sample, classified = mfa
    dates = {c.passage.path: c.passage.date for c in classified}
    assert [path for path, date in dates.items() if not date] == []
    wrong = [(f"{page['id']}.html", page["date"]) for page in sample if dates[f"{page['id']}.html"] != page["date"]]
    assert len(wrong) <= 0.02 * len(sample), wrong
