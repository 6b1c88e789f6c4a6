"""The benchmark's attribution check: what counts as an answer naming the wrong speaker, date or outlet."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.queries import Query
from bench.run import Truth

TEXT = "汪文斌：习近平主席指出，中方愿同各方一道推动全球治理体系改革。"


@pytest.fixture()
def truth(tmp_path: Path) -> Truth:
    record = {"file": "mfa/a.txt", "text": TEXT, "group": "", "speaker": "汪文斌", "date": "2023-03-07",
              "published": "2023-03-08", "outlet": "外交部"}
    (tmp_path / "gt.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return Truth(SimpleNamespace(ground_truth=tmp_path / "gt.jsonl"))


QUERY = Query("推动全球治理体系改革", "exact", TEXT, "mfa/a.txt")


def answer(**given: str) -> dict:
    return {"text": TEXT, "path": "mfa/a.txt", "speaker": "", "relayed_by": "", "date": "2023-03-07", "outlet": "外交部", **given}


@pytest.mark.parametrize("given, wrong", [
    ({"speaker": "汪文斌"}, False),
    ({"speaker": ""}, False),  # "not stated" is not wrong
    ({"speaker": "习近平", "relayed_by": "汪文斌"}, False),  # the leader's words, relayed by the truth's speaker
    ({"speaker": "习近平"}, True),
    ({"speaker": "习近平", "relayed_by": "华春莹"}, True),
    ({"speaker": "汪文斌", "date": "2023-03-08"}, True),
    ({"speaker": "汪文斌", "outlet": "新华网"}, True),
], ids=["same", "not-stated", "relayed-by-truth", "other-speaker", "relayed-by-other", "other-date", "other-outlet"])
def test_wrong_attribution(truth: Truth, given: dict, wrong: bool) -> None:
    assert truth.wrong_attribution(QUERY, answer(**given)) is wrong


def test_an_answer_to_a_query_that_must_abstain_is_always_wrong(truth: Truth) -> None:
    assert truth.wrong_attribution(Query("无中生有的一句话", "miss", None, None), answer(speaker="汪文斌")) is True
