"""The benchmark's code, end to end at a tiny size (timings are reported, never asserted)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.generate import resolve_shared
from bench.run import main


@pytest.mark.skipif(
    resolve_shared(None) is None,
    reason="needs ../shared/corpora (test data, not shipped): the sample corpus alone repeats its sentences, so 300 generated paragraphs make fewer passages than the table is checked for",
)
def test_benchmark_runs_end_to_end_and_writes_its_table(tmp_path: Path, capsys):
    out = tmp_path / "RESULTS.md"
    main(["--sizes", "300", "--queries", "60", "--bot-users", "3", "--bot-questions", "2", "--bot-rate", "6", "--bot-seconds", "1", "--out", str(out)])
    printed = capsys.readouterr().out
    written = out.read_text(encoding="utf-8")
    assert printed.strip() in written
    index_row = re.search(r"^\| (\d[\d,]*) \| (\d+) \| ([\d.]+) s \| ([\d,]+) \|", written, re.M)
    assert index_row and int(index_row.group(1).replace(",", "")) >= 250
    search_row = re.search(r"^\| [\d,]+ \| ([\d.]+) / ([\d.]+) / ([\d.]+) \| ([\d.]+)% \|", written, re.M)
    assert search_row and float(search_row.group(4)) > 50  # the mix is mostly answerable: a broken search scores near 0
    bot_row = re.search(r"^\| capacity \| none \| \d+ \| ([\d.]+) \| (\d+) / (\d+) ms \| (\d+) \| (\d+) \|", written, re.M)
    assert bot_row and bot_row.group(4) == "0" and bot_row.group(5) == "0"  # nothing lost, nothing duplicated
