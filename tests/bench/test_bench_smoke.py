"""The benchmark's code, end to end at a tiny size (timings are reported, never asserted)."""
from __future__ import annotations

import re
from pathlib import Path

from bench.run import main


def test_benchmark_runs_end_to_end_and_writes_its_table(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("QUOTEBOT_SHARED", str(tmp_path / "no-shared"))  # as on a fresh clone: the sample corpus only
    out = tmp_path / "RESULTS.md"
    main(["--sizes", "300", "--queries", "60", "--bot-users", "3", "--bot-questions", "2", "--bot-rate", "6", "--bot-seconds", "1", "--out", str(out)])
    printed = capsys.readouterr().out
    written = out.read_text(encoding="utf-8")
    assert printed.strip() in written
    index_row = re.search(r"^\| (\d[\d,]*) \| (\d+) \| ([\d.]+) s \| ([\d,]+) \|", written, re.M)
    # 300 paragraphs written; from the sample corpus alone they repeat a small pool, and the chunker joins short
    # questions to their answers, so passages are fewer than paragraphs (217 of 300 when measured)
    assert index_row and int(index_row.group(1).replace(",", "")) >= 150
    search_rows = dict(re.findall(r"^\| [\d,]+ \| ([^|]+?) \| [\d.]+ / [\d.]+ / [\d.]+ \| [\d,]+ MB \| ([\d.]+)% \|", written, re.M))
    assert set(search_rows) == {"quotebot", "brute force (rapidfuzz)", "FTS5 trigram alone", "tantivy bigrams + rapidfuzz"}
    assert float(search_rows["quotebot"]) > 50  # the mix is mostly answerable: a broken search scores near 0
    classes = re.findall(r"^\| [\d,]+ \| ([^|]+?) \| (\d+) \| ([\d.]+)% \|", written, re.M)
    assert {c[0] for c in classes} >= {"exact fragment", "typo'd fragment", "keyword question", "must abstain: unseen text"}
    assert sum(int(c[1]) for c in classes) == 60  # every query in one class
    bot_row = re.search(r"^\| capacity \| none \| \d+ \| ([\d.]+) \| (\d+) / (\d+) ms \| (\d+) \| (\d+) \|", written, re.M)
    assert bot_row and bot_row.group(4) == "0" and bot_row.group(5) == "0"  # nothing lost, nothing duplicated
