"""What a confidence means: the share of top answers that are right, by confidence, on a labelled set.

The set is built from the shared test data (never shipped): CMRC 2018 dev questions over their
paragraphs, a tenth of the paragraphs held out of the index (their questions must get no answer); the
development questions over the sample corpus (run_eval's rules); journalists' questions from real press
pages (the top answer must be the spokesperson's answer that follows the question).

    .venv/bin/python -m bench.calibrate [--out /tmp/calibrate]

Prints precision per confidence level with the current thresholds (store.ranking.SETTINGS), and of
all answers at or above each threshold.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from store import open_index, reindex, search
from store.ranking import SETTINGS, level
from store.textnorm import normalize

SHARED = Path(__file__).resolve().parents[2] / "shared"
HELD_OUT = 10  # one paragraph in ten is left out of the CMRC index
PRESS_PAGES = 120
PRESS_QUESTIONS = 400
SEED = 14


@dataclass
class Label:
    source: str
    score: float  # the top answer's confidence; -1 when there was no answer
    right: bool  # the top answer is right (or, for a question with no answer in the index, never)


def _norm(text: str) -> str:
    return normalize(text)


def cmrc(work: Path) -> list[Label]:
    data = json.loads((SHARED / "corpora/cmrc2018/cmrc2018_dev.json").read_text(encoding="utf-8"))["data"]
    corpus, cases = work / "cmrc", []
    corpus.mkdir(parents=True, exist_ok=True)
    n = 0
    for art in data:
        for para in art["paragraphs"]:
            n += 1
            held = n % HELD_OUT == 0
            if not held:
                (corpus / f"{n}.txt").write_text(f"{art['title']}\n\n{para['context']}\n", encoding="utf-8")
            cases += [(qa["question"], None if held else _norm(para["context"])) for qa in para["qas"]]
    reindex(corpus, work / "cmrc.db")
    index = open_index(work / "cmrc.db")
    out = []
    for question, context in cases:
        hits = search(index, question, limit=1)
        right = bool(hits) and context is not None and _norm(hits[0].quote) in context
        out.append(Label("cmrc", hits[0].score if hits else -1, right))
    return out


def dev(work: Path) -> list[Label]:
    data = json.loads((SHARED / "eval/dev_queries.json").read_text(encoding="utf-8"))
    reindex(Path(__file__).resolve().parents[1] / "corpus", work / "dev.db")
    index = open_index(work / "dev.db")
    out = []
    for case in data["cases"]:
        hits = search(index, case["q"], limit=1)
        right = bool(hits) and not case.get("abstain") and any(_norm(k) in _norm(hits[0].quote) for k in case["keys"])
        out.append(Label("dev", hits[0].score if hits else -1, right))
    return out


def press(work: Path) -> list[Label]:
    """Journalists' questions from real press pages: the answer after the question must come back."""
    with gzip.open(SHARED / "corpora/mfa_press/mfa_press.jsonl.gz", "rt", encoding="utf-8") as f:
        pages = random.Random(SEED).sample([json.loads(line) for line in f], PRESS_PAGES)
    corpus = work / "press"
    corpus.mkdir(parents=True, exist_ok=True)
    cases = []
    for page in pages:
        (corpus / f"{page['id']}.html").write_text(page["html"], encoding="utf-8")
        paragraphs = page["text"].split("\n")
        for i in page["question_paragraphs"]:
            if i + 1 < len(paragraphs) and i + 1 not in page["question_paragraphs"]:
                question = re.sub(r"^[^：:]{1,20}[：:]", "", paragraphs[i])  # `路透社记者：` is not the question
                cases.append((question, _norm(paragraphs[i + 1])))
    reindex(corpus, work / "press.db")
    index = open_index(work / "press.db")
    out = []
    for question, answer in random.Random(SEED).sample(cases, min(PRESS_QUESTIONS, len(cases))):
        hits = search(index, question, limit=1)
        right = bool(hits) and _norm(hits[0].quote) in answer
        out.append(Label("press", hits[0].score if hits else -1, right))
    return out


def sweep(labels: list[Label], low: float = 0.3, high: float = 0.95, step: float = 0.05) -> list[tuple[float, int, float]]:
    """For each threshold t: answers scoring at least t, and the share of them that is right."""
    out, t = [], low
    while t <= high + 1e-9:
        chosen = [l for l in labels if l.score >= t]
        out.append((round(t, 2), len(chosen), sum(l.right for l in chosen) / len(chosen) if chosen else 1.0))
        t += step
    return out


def report(labels: list[Label]) -> str:
    lines = ["| set | level | answers | right | precision |", "| --- | --- | ---: | ---: | ---: |"]
    for source in sorted({l.source for l in labels}) + ["all"]:
        chosen = [l for l in labels if source in ("all", l.source) and l.score >= 0]
        for name in ("high", "medium", "low"):
            band = [l for l in chosen if level(l.score) == name]
            if band:
                right = sum(l.right for l in band)
                lines.append(f"| {source} | {name} | {len(band)} | {right} | {right / len(band):.1%} |")
    lines.append(f"\ncurrent thresholds: high ≥ {SETTINGS.high}, medium ≥ {SETTINGS.medium}")
    lines.append("answers at or above a threshold, and their precision:")
    lines += [f"  ≥ {t:.2f}: {n} answers, {p:.1%} right" for t, n, p in sweep(labels)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="Work folder (default: a temporary one).")
    args = parser.parse_args()
    if not (SHARED / "corpora").is_dir():
        sys.exit(f"needs the shared test data at {SHARED}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.out or Path(tmp)
        labels = cmrc(work) + dev(work) + press(work)
    print(report(labels))


if __name__ == "__main__":
    main()
