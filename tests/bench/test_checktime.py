"""The quote-check timing script on a small corpus written for the test (timings are reported, never asserted)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from checkcorpus import CHECK_CORPUS  # noqa: E402
from storetest import build  # noqa: E402

from bench.checktime import main  # noqa: E402


def test_checktime_reports_every_kind_of_claim(tmp_path: Path, capsys):
    built = build(tmp_path, CHECK_CORPUS)
    truth = tmp_path / "ground_truth.jsonl"
    truth.write_text("".join(json.dumps({"text": p.text}, ensure_ascii=False) + "\n" for p in built.passages()), encoding="utf-8")
    main([str(built.db), str(truth), "3"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["sentence", "speaker and sentence", "two sentences joined", "4,000 characters"]
    assert all("(3 claims)" in line for line in lines)
