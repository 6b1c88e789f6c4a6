"""Issue #9 on real news (the labelled set): per-passage speakers of 23 multi-speaker articles, scored by
the shared scorer (../shared/eval/attribution.py) on an index built through `reindex()`: few wrong
speakers, narration without a speaker, relayed words carrying the original speaker, every labelled
fragment still indexed."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from storetest import EVAL_DIR, SHARED, build

NEWS = SHARED / "corpora" / "news_quotes"
pytestmark = pytest.mark.skipif(
    not (NEWS / "articles").is_dir() or not (EVAL_DIR / "attribution.py").is_file(),
    reason="needs ../shared/corpora/news_quotes and ../shared/eval/attribution.py (test data, not shipped)",
)
_FIGURES = re.compile(r"n=(\d+) right ([\d.]+)% unknown ([\d.]+)% misattributed ([\d.]+)%")


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> dict[str, tuple[int, float, float, float]]:
    """The scorer's figures by kind ("all", "quote", "narration", "relayed", …) and "not indexed"."""
    files = {p.name: p.read_bytes() for p in (NEWS / "articles").iterdir() if p.is_file()}
    built = build(tmp_path_factory.mktemp("news"), files)
    out = subprocess.run(
        [sys.executable, str(EVAL_DIR / "attribution.py"), str(built.db), str(NEWS / "labels.json"), "--quiet"],
        capture_output=True, text=True, check=True,
    ).stdout
    figures: dict[str, tuple[int, float, float, float]] = {}
    for line in out.splitlines():
        m = _FIGURES.search(line)
        if m:
            kind = line.split(":")[0].strip() if ":" in line else "all"
            figures[kind] = (int(m.group(1)), *map(float, m.groups()[1:]))
    figures["not indexed"] = (int(re.search(r"not indexed (\d+)", out).group(1)), 0.0, 0.0, 0.0)
    return figures


def test_few_passages_are_put_in_the_wrong_mouth(scored):
    n, right, unknown, wrong = scored["all"]
    assert n == 213 and wrong <= 5.0 and right >= 70.0, scored["all"]


def test_narration_has_no_speaker(scored):
    assert scored["narration"][3] <= 5.0, scored["narration"]


def test_relayed_words_carry_the_original_speaker(scored):
    assert scored["relayed"][1] >= 75.0, scored["relayed"]


def test_every_labelled_fragment_is_still_indexed(scored):
    assert scored["not indexed"][0] == 0
