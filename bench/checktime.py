"""CPU time of one quote check (`store.check_quote`) on an index, for claims cut from a benchmark corpus's
ground truth: `python -m bench.checktime DB GROUND_TRUTH_JSONL [N]`.

Kinds of claims: one sentence; a claimed speaker and a sentence (two candidate reads); two sentences
from different paragraphs (the parts are looked up one by one); 4,000 characters (cut at the cap, at
most `max_parts` parts). Prints the median and the maximum CPU time per kind.
"""
from __future__ import annotations

import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from store import check_quote, open_index

SEED = 3


def claims(ground_truth: Path, rng: random.Random) -> dict[str, Callable[[], str]]:
    texts = [t for t in (json.loads(line)["text"] for line in ground_truth.open(encoding="utf-8")) if len(t) > 40]

    def sentence() -> str:
        text = rng.choice(texts)
        return rng.choice([s for s in re.split(r"(?<=[。！？])", text) if len(s) > 10] or [text[:40]])

    return {
        "sentence": sentence,
        "speaker and sentence": lambda: "毛宁说：" + sentence(),
        "two sentences joined": lambda: sentence() + sentence(),
        "4,000 characters": lambda: "".join(rng.choice(texts) for _ in range(40))[:4000],
    }


def main(argv: list[str]) -> None:
    db, ground_truth, n = Path(argv[0]), Path(argv[1]), int(argv[2]) if len(argv) > 2 else 30
    index = open_index(db)
    check_quote(index, "预热一下连接")  # open the connection and load the statistics before timing
    for kind, make in claims(ground_truth, random.Random(SEED)).items():
        times = []
        for _ in range(n):
            claim = make()
            start = time.process_time()
            check_quote(index, claim)
            times.append(time.process_time() - start)
        times.sort()
        print(f"{kind}: median {times[n // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms CPU ({n} claims)")


if __name__ == "__main__":
    main(sys.argv[1:])
