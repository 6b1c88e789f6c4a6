"""The evaluation contracts (issues "Ingestion" and "Search"): the shared scripts, run exactly as the
README says, against `quotebot ask --json` on the sample corpus and on the CMRC 2018 paragraphs."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from storetest import CMRC_DEV, DEV_QUERIES, EVAL_DIR, QUOTEBOT, dev_queries, run_quotebot, shared_missing


def run_script(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args[0]} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


# ---------------------------------------------------------------- dev queries on the sample corpus

def answerable() -> int:
    return sum(not c.get("abstain") for c in dev_queries()["cases"])


def abstain_cases() -> int:
    return len(dev_queries()["cases"]) - answerable()


@pytest.fixture(scope="module")
def dev_eval(sample_db):
    if reason := shared_missing(EVAL_DIR / "run_eval.py", DEV_QUERIES):
        pytest.skip(reason)
    proc = run_script(str(EVAL_DIR / "run_eval.py"), str(DEV_QUERIES), "--", str(QUOTEBOT), "ask", "--db", str(sample_db), "--json")
    out = proc.stdout
    attribution = re.search(r"speaker (\d+)/(\d+) date (\d+)/(\d+) outlet (\d+)/(\d+)", out)
    totals = re.search(r"hit@1 (\d+)/(\d+) hit@3 (\d+)/(\d+) abstain (\d+)/(\d+) traps (\d+)", out)
    assert attribution and totals, f"unexpected run_eval output:\n{out}"
    speaker, hits1, date, _, outlet, _ = map(int, attribution.groups())
    hit1, answerable, hit3, _, abstained, abstain_n, traps = map(int, totals.groups())
    return dict(
        out=out, speaker=speaker, date=date, outlet=outlet, attributed=hits1, hit1=hit1, hit3=hit3,
        answerable=answerable, abstained=abstained, abstain_n=abstain_n, traps=traps,
    )


def test_dev_eval_scores_every_question(dev_eval):
    assert (dev_eval["answerable"], dev_eval["abstain_n"]) == (answerable(), abstain_cases())


def test_dev_eval_hit_at_1(dev_eval):
    assert dev_eval["hit1"] >= 14 * answerable() / 15, dev_eval["out"]


def test_dev_eval_top_hits_are_attributed_correctly(dev_eval):
    n = dev_eval["attributed"]
    assert (dev_eval["speaker"], dev_eval["date"], dev_eval["outlet"]) == (n, n, n), dev_eval["out"]


def test_dev_eval_abstains_on_every_abstain_case(dev_eval):
    assert dev_eval["abstained"] == abstain_cases(), dev_eval["out"]


def test_dev_eval_springs_no_trap(dev_eval):
    assert dev_eval["traps"] == 0, dev_eval["out"]


# ---------------------------------------------------------------- CMRC 2018: real questions, real paragraphs


@pytest.fixture(scope="module")
def cmrc(tmp_path_factory):
    if reason := shared_missing(EVAL_DIR / "external_qa.py", CMRC_DEV):
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("cmrc")
    run_script(str(EVAL_DIR / "external_qa.py"), "prepare", str(CMRC_DEV), str(out))
    proc = run_quotebot("reindex", "--corpus", str(out / "corpus"), "--db", str(out / "q.db"), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    score = run_script(str(EVAL_DIR / "external_qa.py"), "score", str(out), "--", str(QUOTEBOT), "ask", "--db", str(out / "q.db"), "--json")
    m = re.search(r"answered ([\d.]+)% precision ([\d.]+)% hit@1 ([\d.]+)% \(n=(\d+)\)", score.stdout)
    assert m, f"unexpected external_qa output:\n{score.stdout}"
    answered, precision, hit1, n = float(m[1]), float(m[2]), float(m[3]), int(m[4])
    return dict(out=score.stdout, reindex=proc.stdout, answered=answered, precision=precision, hit1=hit1, n=n)


def test_cmrc_corpus_is_fully_indexed(cmrc):
    assert "files seen 848, indexed 848" in cmrc["reindex"] and "skipped 0" in cmrc["reindex"]


def test_cmrc_every_question_is_scored(cmrc):
    assert cmrc["n"] == 3219


def test_cmrc_hit_at_1(cmrc):
    assert cmrc["hit1"] >= 96.0, cmrc["out"]


def test_cmrc_precision(cmrc):
    assert cmrc["precision"] >= 97.0, cmrc["out"]
