"""Bad input (issue "Search"): nothing a user can type crashes `search()`, `check_quote()` or
`quotebot ask --json`; the answer is empty or valid, and a real quote wrapped in noise is still found."""
from __future__ import annotations

import json
import time

import pytest

from storetest import eval_norm, json_lines, run_cli, run_quotebot
from store import check_quote, search

BAD = {
    "empty": "",
    "spaces": "   ",
    "whitespace mix": " \t\u3000\u00a0 ",
    "10,000 characters": "恐怖主义" * 2500,
    "10,000 mixed characters": ("联合国a1，" * 2000)[:10000],
    "emoji only": "😀🙏🔥🇨🇳",
    "double quote": '"',
    "star": "*",
    "NEAR(": "NEAR(",
    "NEAR( with words": "NEAR(恐怖组织 社交网络)",
    "OR": "OR",
    "minus": "-",
    "AND": "AND",
    "unbalanced paren": "中(国",
    "trailing quote": '王毅"',
    "column syntax": "norm:恐怖 text:*",
    "SQL injection": "'; DROP TABLE passages; --",
    "SQL comment": "1 OR 1=1 /* */",
    "control characters": "\x00\x01\x07\x1b[31m\x7f",
    "zero-width only": "\u200b\u200c\u200d\u2060\ufeff",
    "bidi controls": "\u202e\u202d\u2066",
    "empty filters": "speaker: from: to: outlet:",
    "bad filter values": "from:abc to:9999-99-99 反恐",
    "percent and underscore": "%_%_ speaker:% outlet:_",
    "private use and noncharacters": "\ue000\uffff\U0010ffff",
    "lone surrogate (JSON can deliver one)": "恐怖\ud800组织",
}


def valid(hits, index) -> bool:
    return isinstance(hits, list) and all(h.quote and index.row(h.passage_id).text == h.quote for h in hits)


@pytest.mark.parametrize("name", list(BAD))
def test_search_never_crashes(sample_index, name):
    started = time.monotonic()
    hits = search(sample_index, BAD[name])
    assert valid(hits, sample_index)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("name", ["empty", "spaces", "whitespace mix", "emoji only", "control characters", "zero-width only", "double quote", "star", "minus", "OR", "AND"])
def test_contentless_input_gets_no_results(sample_index, name):
    assert search(sample_index, BAD[name]) == []


@pytest.mark.parametrize("name", list(BAD))
def test_check_quote_never_crashes(sample_index, name):
    result = check_quote(sample_index, BAD[name])
    assert result.verdict in {"verbatim", "reworded", "not_found", "too_short"}


def test_sql_injection_leaves_the_index_intact(sample_index):
    before = sample_index.stats().passages
    search(sample_index, BAD["SQL injection"])
    check_quote(sample_index, BAD["SQL injection"])
    assert sample_index.stats().passages == before
    assert search(sample_index, "全球46个国家和地区")


WRAPPED = [
    '"恐怖组织利用社交网络"',
    "「恐怖组织利用社交网络」",
    "“恐怖组织利用社交网络”",
    "恐怖组织利用社交网络*",
    "-恐怖组织利用社交网络",
    "😀恐怖组织利用社交网络😀",
    "恐怖\u200b组织利用\u200d社交网络",
    "恐怖组织\x00利用社交网络",
    "ＫＰ恐怖组织利用社交网络",
    "  恐怖组织利用社交网络\t\n",
]


@pytest.mark.parametrize("question", WRAPPED, ids=[
    "ascii-quotes", "corner-brackets", "curly-quotes", "trailing-star", "leading-minus", "emoji", "zero-width", "nul",
    "fullwidth-latin", "surrounding-whitespace",
])
def test_quote_wrapped_in_noise_is_still_found(sample_index, question):
    hits = search(sample_index, question)
    assert hits and "恐怖组织利用社交网络" in eval_norm(hits[0].quote)


# ---------------------------------------------------------------- the CLI

CLI_INPUTS = [q for name, q in BAD.items() if "\n" not in q and "\r" not in q and "surrogate" not in name]


@pytest.fixture(scope="module")
def cli_answers(sample_db):
    stdin = "".join(q + "\n" for q in CLI_INPUTS + ["恐怖组织利用社交网络"])
    proc = run_quotebot("ask", "--db", str(sample_db), "--json", input=stdin)
    return proc


def test_cli_ask_json_survives_bad_input(cli_answers):
    assert cli_answers.returncode == 0, cli_answers.stderr[-2000:]
    assert "Traceback" not in cli_answers.stderr


def test_cli_ask_json_prints_one_line_per_input_line(cli_answers):
    lines = json_lines(cli_answers.stdout)
    assert len(lines) == len(CLI_INPUTS) + 1


def test_cli_ask_json_lines_are_valid_answers(cli_answers):
    for answer in json_lines(cli_answers.stdout):
        assert set(answer) >= {"query", "results"} and isinstance(answer["results"], list)
        for r in answer["results"]:
            assert r["quote"] and {"speaker", "date", "outlet"} <= set(r)


def test_cli_ask_json_still_answers_after_bad_input(cli_answers):
    last = json_lines(cli_answers.stdout)[-1]
    assert last["results"] and "恐怖组织利用社交网络" in eval_norm(last["results"][0]["quote"])


@pytest.mark.parametrize("question", ["", "   "], ids=["empty", "spaces"])
def test_cli_ask_empty_question_says_so(sample_db, question):
    result = run_cli("ask", "--db", str(sample_db), question)
    assert result.exit_code == 0
    assert "empty" in result.output.lower()


def test_cli_ask_without_index_is_a_clear_error(tmp_path):
    proc = run_quotebot("ask", "--db", str(tmp_path / "missing.db"), "王毅")
    assert proc.returncode != 0
    assert "reindex" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_check_with_sql_quote_is_answered(sample_db):
    proc = run_quotebot("check", "--db", str(sample_db), "--json", BAD["SQL injection"])
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["verdict"] in {"not_found", "too_short"}
