"""Files made to hurt the indexer (issue 13): a YAML alias bomb, lines that never end a sentence, files
over the per-file time or memory limit. Each costs bounded work, is skipped with its reason, and
costs nothing else: the other files of the corpus are indexed."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storetest import build, run_cli, write_files
from store import reindex, search
from store.limits import Limits

GOOD = {"good.txt": "外交部发言人李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n"}
GOOD_PHRASE = "推动气候变化多边进程不断取得新的积极进展"
RUNNING_LINE = "这是一段没有结束标点的很长的文字，它一直写下去而从来不会停在句号上因为页面把它切成了许多行"


def alias_bomb(levels: int = 9) -> str:
    """A front matter of a few hundred bytes whose aliases expand to 9**levels strings."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "---\n" + "\n".join(lines) + "\ntitle: 炸弹\n---\n\n正文第一段，说了一些话。\n"


def running_text(lines: int) -> str:
    return "\n".join(f"{RUNNING_LINE}{i}" for i in range(lines)) + "\n"


def test_yaml_alias_bomb_is_skipped_with_its_reason(tmp_path):
    assert len(alias_bomb().encode()) < 1000
    built = build(tmp_path, {"bomb.md": alias_bomb(), **GOOD})
    assert [path for path, _ in built.report.skipped] == ["bomb.md"]
    assert "alias" in built.report.skipped[0][1]
    assert search(built.index, GOOD_PHRASE)[0].path == "good.txt"


def test_yaml_alias_bomb_reason_is_in_the_cli_summary(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"bomb.md": alias_bomb(), **GOOD})
    result = run_cli("reindex", "--corpus", str(corpus), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 0
    assert any(line.startswith("skipped bomb.md:") and "alias" in line for line in result.output.splitlines())


def test_front_matter_anchors_without_aliases_are_read(tmp_path):
    md = "---\ntitle: &t 王毅谈联合国\noutlet: 新华网\n---\n\n" + GOOD["good.txt"]
    built = build(tmp_path, {"anchored.md": md})
    assert built.report.skipped == []
    assert (built.passages()[0].title, built.passages()[0].outlet) == ("王毅谈联合国", "新华网")


def test_oversized_front_matter_is_skipped(tmp_path):
    md = "---\ntitle: 标题\nnote: " + "很长" * 20_000 + "\n---\n\n" + GOOD["good.txt"]
    built = build(tmp_path, {"huge-front.md": md, **GOOD})
    assert [path for path, _ in built.report.skipped] == ["huge-front.md"]
    assert "front matter longer than" in built.report.skipped[0][1]


def test_a_megabyte_of_lines_without_sentence_ends_is_indexed_whole(tmp_path):
    """Rejoining broken paragraphs used to be quadratic (1 MB took minutes, past the per-file limit)."""
    text = running_text(20_000)
    assert len(text.encode()) > 1_000_000
    built = build(tmp_path, {"running.txt": text})
    assert built.report.skipped == [] and built.report.indexed == 1
    joined = "".join(built.texts("running.txt"))
    assert f"{RUNNING_LINE}1{RUNNING_LINE}2" in joined and joined.endswith(f"{RUNNING_LINE}19999")  # line 0 is the title


def test_file_over_the_time_limit_is_skipped_and_the_rest_indexed(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"slow.txt": running_text(60_000), **GOOD})  # seconds of work
    report = reindex(corpus, tmp_path / "q.db", limits=Limits(file_seconds=0.2))
    assert report.skipped == [("slow.txt", "took longer than 0.2 s to process")]
    assert report.indexed == 1


def test_file_over_the_memory_limit_is_skipped_and_the_rest_indexed(tmp_path):
    """In a fresh process: workers forked from this long-running one could use the free memory it holds."""
    corpus = write_files(tmp_path / "corpus", {"large.txt": running_text(30_000), **GOOD})
    code = (
        "import json, sys; from store import reindex; from store.limits import Limits; "
        "r = reindex(sys.argv[1], sys.argv[2], limits=Limits(file_memory_mb=32)); "
        "print(json.dumps({'skipped': r.skipped, 'indexed': r.indexed}))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(corpus), str(tmp_path / "q.db")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"skipped": [["large.txt", "needed more than 32 MB of memory to process"]], "indexed": 1}


def test_a_skipped_file_over_a_limit_is_not_retried_while_unchanged(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"slow.txt": running_text(60_000), **GOOD})
    limits = Limits(file_seconds=0.2)
    reindex(corpus, tmp_path / "q.db", limits=limits)
    again = reindex(corpus, tmp_path / "q.db", limits=Limits(file_seconds=0.2))
    assert again.skipped == [("slow.txt", "took longer than 0.2 s to process")]
    assert again.unchanged == 1 and again.indexed == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_limits_hold_with_several_workers(tmp_path, workers):
    files = {f"ok{i}.txt": GOOD["good.txt"].replace("李明", f"李{i}") for i in range(6)}
    corpus = write_files(tmp_path / "corpus", {**files, "bomb.md": alias_bomb()})
    report = reindex(corpus, tmp_path / "q.db", workers=workers)
    assert report.indexed == 6 and [p for p, _ in report.skipped] == ["bomb.md"]
