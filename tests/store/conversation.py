"""A journalist's conversation derived from reference pages (speaker, date, paragraphs, which are
questions): dated topics, the latest of a speaker, questions whose answers exist, small talk and exact
or excluded phrases, each with the rule that says whether the bot's reply is right."""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from storetest import eval_norm

GREETINGS = ["谢谢", "谢谢大家！", "你好", "您好呀", "早上好", "再见", "好的", "hi", "Hello!", "thanks a lot", "你是谁？", "哈哈哈"]
_LABEL = re.compile(r"^[^：:]{1,24}[：:]")
MIN_QUESTION = 12  # shorter questions (`是的。`, `能否具体介绍？`) are follow-ups, not questions to ask alone


@dataclass
class Page:
    path: str
    speaker: str
    date: str
    paragraphs: list[str]
    questions: set[int]


@dataclass
class Case:
    kind: str  # "dated", "latest", "question", "chitchat", "exact"
    q: str
    right: Callable[[list[dict]], bool]
    question_on_top: Callable[[list[dict]], bool] = lambda results: False


def _window(text: str, rng: random.Random, size: int) -> str:
    """`size` consecutive Chinese characters of a paragraph's search form (its label left out)."""
    runs = [r for r in re.findall(r"[\u4e00-\u9fff]+", eval_norm(_LABEL.sub("", text))) if len(r) >= size + 4]
    if not runs:
        return ""
    run = rng.choice(runs)
    start = rng.randrange(2, len(run) - size - 1)
    return run[start : start + size]


def _answers(page: Page) -> list[int]:
    return [i for i in range(len(page.paragraphs)) if i not in page.questions and _LABEL.sub("", page.paragraphs[i]).strip()]


def conversation(pages: list[Page], seed: int, per_kind: int) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    dated = [p for p in pages if p.speaker and p.date and _answers(p)]
    for page in rng.sample(dated, min(per_kind, len(dated))):
        topic = _window(page.paragraphs[rng.choice(_answers(page))], rng, 6)
        if topic:
            y, m = int(page.date[:4]), int(page.date[5:7])

            def right(results, page=page, topic=topic):
                top = results[0] if results else None
                return bool(top) and top["date_used"][:7] == page.date[:7] and topic in eval_norm(top["quote"]) and top["speaker"] == page.speaker

            cases.append(Case("dated", f"{page.speaker} {y}年{m}月 {topic}", right))
    newest: dict[str, str] = {}
    for page in dated:
        newest[page.speaker] = max(newest.get(page.speaker, ""), page.date)
    for speaker, date in sorted(newest.items()):
        for q in (f"{speaker}最新表态", f"speaker:{speaker}"):
            cases.append(Case("latest", q, lambda results, s=speaker, d=date: bool(results) and all(
                r["speaker"] == s and r["kind"] != "question" for r in results) and results[0]["date_used"] == d))
    asked = [(p, i) for p in pages for i in sorted(p.questions)
             if i + 1 < len(p.paragraphs) and i + 1 not in p.questions and len(p.paragraphs[i]) >= MIN_QUESTION]
    for page, i in rng.sample(asked, min(per_kind, len(asked))):
        question = _LABEL.sub("", page.paragraphs[i]).strip()
        answer = eval_norm(page.paragraphs[i + 1])
        cases.append(Case(
            "question", question,
            lambda results, a=answer: bool(results) and results[0]["kind"] == "answer" and eval_norm(results[0]["quote"]) in a,
            lambda results: bool(results) and results[0]["kind"] == "question",
        ))
    for greeting in GREETINGS:
        cases.append(Case("chitchat", greeting, lambda results: not results))
    for page in rng.sample(dated, min(per_kind, len(dated))):
        phrase = _window(page.paragraphs[rng.choice(_answers(page))], rng, 5)
        if phrase:
            cases.append(Case("exact", f'"{phrase}"', lambda results, p=phrase: bool(results) and all(p in eval_norm(r["quote"]) for r in results)))
            word = phrase[1:3]
            cases.append(Case("exact", f'"{phrase[2:]}" -{word}', lambda results, p=phrase[2:], w=word: all(
                p in eval_norm(r["quote"]) and w not in eval_norm(r["quote"]) for r in results)))
    return cases


def score(cases: list[Case], replies: list[dict]) -> dict[str, object]:
    """Right share, questions on top, small talk quoted, and the failures to show."""
    wrong = [(c.kind, c.q) for c, r in zip(cases, replies) if not c.right(r["results"])]
    return {
        "right": 1 - len(wrong) / len(cases),
        "questions_on_top": sum(c.question_on_top(r["results"]) for c, r in zip(cases, replies)),
        "chitchat_quoted": sum(bool(r["results"]) for c, r in zip(cases, replies) if c.kind == "chitchat"),
        "wrong": wrong,
    }
