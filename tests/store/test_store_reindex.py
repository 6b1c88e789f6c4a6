"""Reindex (issue "Ingestion"): the CLI, incremental updates, atomicity, readers following updates,
one reindex at a time, and sidecar overrides."""
from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest

import store.index
from storetest import DEV_QUERIES, VENV_BIN, all_passages, build, copy_sample, documents, dev_queries, needs_shared, run_cli, run_quotebot, write_files
from store import ReindexBusy, open_index, reindex, search

F0, F1, F2, F3, F4 = (
    "000_4b8698010285b6ff.txt", "001_0808e8ae3d0b782c.txt", "002_6c1c55cab420afd9.txt",
    "003_30a5ee0b9cd9a4ee.txt", "004_56c83ed7d12524c2.txt",
)
NEW_DOC = (
    "李明：推动气候变化多边进程\n\n"
    "外交部发言人李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n\n"
    "李明指出，发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。\n"
)
NEW_PHRASE = "推动气候变化多边进程不断取得新的积极进展"
OLD_PHRASE = "未来十年战略愿景"  # only in F0, as 《未来十年战略愿景》
CHANGED_PHRASE = "未来二十年发展蓝图"


class Boom(Exception):
    """A failure injected half-way through a reindex."""


def fail_after(monkeypatch, calls: int) -> None:
    """Make `store.index._insert_document` raise on its (calls+1)-th call."""
    real = store.index._insert_document
    count = {"n": 0}

    def insert(*args, **kwargs):
        if count["n"] >= calls:
            raise Boom("disk full (injected)")
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(store.index, "_insert_document", insert)


def snapshot(db) -> list[tuple]:
    return [(p.id, p.path, p.ord, p.text, p.speaker, p.date, p.outlet) for p in all_passages(open_index(db))]


def answers(db) -> list[list[tuple]]:
    index = open_index(db)
    return [[(h.passage_id, h.quote, h.speaker, h.score) for h in search(index, c["q"])] for c in dev_queries()["cases"]]


def change_f0(corpus) -> None:
    path = corpus / F0
    text = path.read_text(encoding="utf-8")
    assert OLD_PHRASE in text
    path.write_text(text.replace(OLD_PHRASE, CHANGED_PHRASE), encoding="utf-8")


def paths_found(db, question: str) -> set[str]:
    return {h.path for h in search(open_index(db), question, limit=10)}


# ---------------------------------------------------------------- CLI


def test_cli_reindex_prints_summary_and_exits_0(tmp_path, corpus):
    proc = run_quotebot("reindex", "--corpus", str(corpus), "--db", str(tmp_path / "q.db"))
    assert proc.returncode == 0, proc.stderr
    assert "files seen 5" in proc.stdout and "indexed 5" in proc.stdout
    assert "passages" in proc.stdout


def test_sqlite_utils_lists_the_index_tables(db):
    proc = subprocess.run([str(VENV_BIN / "sqlite-utils"), "tables", str(db)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    tables = {t["table"] for t in json.loads(proc.stdout)}
    assert {"documents", "passages"} <= tables


def test_index_tables_hold_the_corpus(db):
    docs = documents(db)
    assert sorted(docs) == [F0, F1, F2, F3, F4]
    for doc in docs.values():
        assert doc["content_hash"] and doc["n_passages"] > 0
    assert len(snapshot(db)) == sum(d["n_passages"] for d in docs.values())


def test_cli_second_reindex_reports_everything_unchanged(tmp_path, corpus):
    args = ("reindex", "--corpus", str(corpus), "--db", str(tmp_path / "q.db"))
    assert run_cli(*args).exit_code == 0
    second = run_cli(*args)
    assert second.exit_code == 0
    assert "indexed 0" in second.output and "unchanged 5" in second.output


def test_cli_reindex_of_missing_folder_is_a_clear_error(tmp_path):
    proc = run_quotebot("reindex", "--corpus", str(tmp_path / "nope"), "--db", str(tmp_path / "q.db"))
    assert proc.returncode != 0
    assert "not found" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------- incremental


def test_second_reindex_processes_nothing(corpus, db):
    before = snapshot(db)
    report = reindex(corpus, db)
    assert (report.indexed, report.unchanged, report.removed, report.passages_added) == (0, 5, 0, 0)
    assert report.skipped == []
    assert snapshot(db) == before  # same passage ids: nothing was deleted and inserted again


def test_changed_file_is_reprocessed_and_its_old_passages_are_gone(corpus, db):
    old_ids = [p.id for p in all_passages(open_index(db), F0)]
    change_f0(corpus)
    report = reindex(corpus, db)
    assert (report.indexed, report.unchanged) == (1, 4)
    index = open_index(db)
    assert all(index.row(i) is None for i in old_ids)
    assert F0 not in paths_found(db, OLD_PHRASE)
    assert F0 in paths_found(db, CHANGED_PHRASE)


def test_changed_file_keeps_other_documents_untouched(corpus, db):
    others = [row for row in snapshot(db) if row[1] != F0]
    change_f0(corpus)
    reindex(corpus, db)
    assert [row for row in snapshot(db) if row[1] != F0] == others


def test_removed_file_is_removed_from_the_index(corpus, db):
    (corpus / F4).unlink()
    report = reindex(corpus, db)
    assert report.removed == 1
    assert F4 not in documents(db)
    assert all(row[1] != F4 for row in snapshot(db))
    assert F4 not in paths_found(db, "全球46个国家和地区")


def test_file_emptied_is_reported_skipped_and_its_passages_are_gone(corpus, db):
    (corpus / F4).write_bytes(b"")
    report = reindex(corpus, db)
    assert F4 in dict(report.skipped)
    assert F4 not in documents(db)
    assert F4 not in paths_found(db, "全球46个国家和地区")


def test_new_file_is_added_to_the_index(corpus, db):
    (corpus / "005_new.txt").write_text(NEW_DOC, encoding="utf-8")
    report = reindex(corpus, db)
    assert (report.indexed, report.unchanged) == (1, 5)
    assert "005_new.txt" in paths_found(db, NEW_PHRASE)


def test_skipped_file_is_indexed_once_fixed(corpus, db):
    (corpus / "later.txt").write_bytes(b"")
    assert "later.txt" in dict(reindex(corpus, db).skipped)
    (corpus / "later.txt").write_text(NEW_DOC, encoding="utf-8")
    report = reindex(corpus, db)
    assert report.indexed == 1 and report.skipped == []
    assert "later.txt" in paths_found(db, NEW_PHRASE)


def test_unchanged_skipped_file_is_still_reported_on_the_next_run(corpus, db):
    (corpus / "empty.txt").write_bytes(b"")
    reindex(corpus, db)
    assert "empty.txt" in dict(reindex(corpus, db).skipped)


def test_hidden_files_and_sidecars_are_not_documents(corpus, db):
    (corpus / ".draft.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus / f"{F0}.meta.toml").write_text('speaker = "王毅"\n', encoding="utf-8")
    report = reindex(corpus, db)
    assert report.files_seen == 5
    assert sorted(documents(db)) == [F0, F1, F2, F3, F4]


# ---------------------------------------------------------------- atomic


def break_corpus(corpus) -> None:
    """Changes that make a reindex insert several documents: one changed, one removed, two new."""
    change_f0(corpus)
    (corpus / F4).unlink()
    (corpus / "005_new.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus / "006_new.txt").write_text(NEW_DOC.replace("李明", "王芳"), encoding="utf-8")


def test_failed_reindex_raises(corpus, db, monkeypatch):
    break_corpus(corpus)
    fail_after(monkeypatch, 1)
    with pytest.raises(Boom):
        reindex(corpus, db)


def test_failed_reindex_leaves_previous_passages_intact(corpus, db, monkeypatch):
    before = snapshot(db)
    break_corpus(corpus)
    fail_after(monkeypatch, 1)
    with pytest.raises(Boom):
        reindex(corpus, db)
    assert snapshot(db) == before


@needs_shared(DEV_QUERIES)
def test_failed_reindex_leaves_previous_answers_intact(corpus, db, monkeypatch):
    before = answers(db)
    reader = open_index(db)  # a reader open during the failed reindex
    break_corpus(corpus)
    fail_after(monkeypatch, 2)
    with pytest.raises(Boom):
        reindex(corpus, db)
    assert answers(db) == before
    assert F0 in {h.path for h in search(reader, OLD_PHRASE)}
    assert search(reader, NEW_PHRASE) == []


def test_reindex_after_a_failure_completes(corpus, db, monkeypatch):
    break_corpus(corpus)
    with monkeypatch.context() as m:
        fail_after(m, 1)
        with pytest.raises(Boom):
            reindex(corpus, db)
    report = reindex(corpus, db)
    assert (report.indexed, report.removed) == (3, 1)
    assert {"005_new.txt", "006_new.txt"} <= set(documents(db))


def test_cli_reports_a_failed_reindex(corpus, db, monkeypatch):
    break_corpus(corpus)
    fail_after(monkeypatch, 1)
    result = run_cli("reindex", "--corpus", str(corpus), "--db", str(db), catch_exceptions=True)
    assert result.exit_code != 0
    assert isinstance(result.exception, Boom) or "disk full" in result.output


def test_failed_fresh_build_leaves_no_database_file(tmp_path, corpus, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    fail_after(monkeypatch, 2)
    with pytest.raises(Boom):
        reindex(corpus, out / "q.db")
    assert not (out / "q.db").exists()
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".lock")]
    assert leftovers == []


def test_fresh_build_after_a_failed_one_succeeds(tmp_path, corpus, monkeypatch):
    with monkeypatch.context() as m:
        fail_after(m, 2)
        with pytest.raises(Boom):
            reindex(corpus, tmp_path / "q.db")
    assert reindex(corpus, tmp_path / "q.db").indexed == 5


# ---------------------------------------------------------------- readers and writers


def test_open_reader_sees_new_data_after_reindex(corpus, db):
    reader = open_index(db)
    assert search(reader, NEW_PHRASE) == []
    docs_before = reader.stats().documents
    (corpus / "005_new.txt").write_text(NEW_DOC, encoding="utf-8")
    reindex(corpus, db)
    assert reader.stats().documents == docs_before + 1
    hits = search(reader, NEW_PHRASE)
    assert hits and hits[0].path == "005_new.txt"


def test_open_reader_stops_seeing_removed_data(corpus, db):
    reader = open_index(db)
    assert F4 in {h.path for h in search(reader, "全球46个国家和地区")}
    (corpus / F4).unlink()
    reindex(corpus, db)
    assert F4 not in {h.path for h in search(reader, "全球46个国家和地区")}


def test_open_reader_follows_a_rebuilt_index(tmp_path, corpus, db):
    reader = open_index(db)
    assert search(reader, NEW_PHRASE) == []
    for path in tmp_path.glob("q.db*"):
        path.unlink()
    reindex(write_files(tmp_path / "other", {"new.txt": NEW_DOC}), db)
    assert [h.path for h in search(reader, NEW_PHRASE)][:1] == ["new.txt"]
    assert search(reader, OLD_PHRASE) == []


class HeldReindex:
    """A reindex of `db` running in a thread, held half-way (inside its progress callback, with its
    write transaction open) until `finish()`."""

    def __init__(self, corpus, db):
        self.inside, self.release = threading.Event(), threading.Event()
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, args=(corpus, db))
        self.thread.start()
        assert self.inside.wait(30), "the first reindex never started"

    def _progress(self, _):
        self.inside.set()
        self.release.wait(30)

    def _run(self, corpus, db):
        try:
            reindex(corpus, db, progress=self._progress)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            self.errors.append(exc)

    def finish(self) -> list[BaseException]:
        self.release.set()
        self.thread.join(30)
        return self.errors


@pytest.fixture
def running_reindex(corpus, db):
    (corpus / "005_new.txt").write_text(NEW_DOC, encoding="utf-8")
    held = HeldReindex(corpus, db)
    yield held
    held.finish()


def test_second_concurrent_reindex_raises_busy(corpus, db, running_reindex):
    with pytest.raises(ReindexBusy):
        reindex(corpus, db)


def test_concurrent_cli_reindex_fails_clearly(corpus, db, running_reindex):
    proc = run_quotebot("reindex", "--corpus", str(corpus), "--db", str(db))
    assert proc.returncode != 0
    assert "another reindex" in proc.stderr and "Traceback" not in proc.stderr


def test_first_reindex_completes_after_a_busy_refusal(corpus, db, running_reindex):
    with pytest.raises(ReindexBusy):
        reindex(corpus, db)
    assert running_reindex.finish() == []
    assert "005_new.txt" in paths_found(db, NEW_PHRASE)


def test_readers_see_the_old_index_during_a_reindex(corpus, db, running_reindex):
    hits = search(open_index(db), "全球46个国家和地区")
    assert hits and hits[0].path == F4
    assert search(open_index(db), NEW_PHRASE) == []  # not committed yet


# ---------------------------------------------------------------- sidecars

SIDECAR_DOC = (
    "外交部发言人就气候问题答记者问\n\n"
    "2023-05-12 10:20:31 来源：新华网\n\n"
    "外交部发言人李明10日表示，中方愿同各方一道，推动气候变化多边进程不断取得新的积极进展。\n\n"
    "李明指出，发达国家应当切实履行资金承诺，帮助发展中国家提升应对气候变化的能力和水平。\n"
)
SIDECAR = """title = "中方谈气候变化多边进程"
speaker = "汪文斌"
date = 2023-05-10
published = "2023-05-11"
outlet = "外交部"
url = "https://www.mfa.gov.cn/example.shtml"
"""


def test_sidecar_overrides_document_attribution(tmp_path):
    built = build(tmp_path, {"doc.txt": SIDECAR_DOC, "doc.txt.meta.toml": SIDECAR})
    doc = documents(built.db)["doc.txt"]
    assert (doc["title"], doc["speaker"], doc["date"], doc["published"], doc["outlet"], doc["url"]) == (
        "中方谈气候变化多边进程", "汪文斌", "2023-05-10", "2023-05-11", "外交部", "https://www.mfa.gov.cn/example.shtml"
    )


def test_sidecar_speaker_is_every_passage_speaker(tmp_path):
    built = build(tmp_path, {"doc.txt": SIDECAR_DOC, "doc.txt.meta.toml": SIDECAR})
    assert {p.speaker for p in built.passages()} == {"汪文斌"}


def test_sidecar_attribution_is_what_search_returns(tmp_path):
    built = build(tmp_path, {"doc.txt": SIDECAR_DOC, "doc.txt.meta.toml": SIDECAR})
    hit = search(built.index, "发达国家应当切实履行资金承诺")[0]
    assert (hit.speaker, hit.date, hit.outlet) == ("汪文斌", "2023-05-10", "外交部")


def test_without_sidecar_text_cues_are_used(tmp_path):
    built = build(tmp_path, {"doc.txt": SIDECAR_DOC})
    doc = documents(built.db)["doc.txt"]
    assert (doc["published"], doc["outlet"]) == ("2023-05-12", "新华网")


def test_editing_only_the_sidecar_reindexes_the_document(tmp_path):
    built = build(tmp_path, {"doc.txt": SIDECAR_DOC, "doc.txt.meta.toml": SIDECAR})
    (built.corpus / "doc.txt.meta.toml").write_text(SIDECAR.replace("汪文斌", "毛宁"), encoding="utf-8")
    report = reindex(built.corpus, built.db)
    assert report.indexed == 1
    assert documents(built.db)["doc.txt"]["speaker"] == "毛宁"


def test_invalid_sidecar_gives_a_warning_and_still_indexes(tmp_path):
    built = build(tmp_path, {"doc.txt": SIDECAR_DOC, "doc.txt.meta.toml": 'speaker = "汪文斌\ndate = \n'})
    warnings = dict(built.report.warnings)
    assert "doc.txt" in warnings and "meta.toml" in warnings["doc.txt"]
    assert built.report.indexed == 1
    assert search(built.index, "发达国家应当切实履行资金承诺")


def test_cli_prints_the_sidecar_warning(tmp_path):
    corpus = write_files(tmp_path / "corpus", {"doc.txt": SIDECAR_DOC, "doc.txt.meta.toml": "speaker = [unclosed\n"})
    result = run_cli("reindex", "--corpus", str(corpus), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 0
    assert any("warning" in line and "doc.txt" in line for line in result.output.splitlines())


# ---------------------------------------------------------------- worker processes

LARGE_FILES = 200


@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory):
    """Enough files for reindex to send its workers several files at once: copies of the sample in many folders."""
    root = tmp_path_factory.mktemp("large")
    sample = copy_sample(root / "sample")
    copies = LARGE_FILES // len(list(sample.iterdir())) + 1
    for i in range(copies):
        shutil.copytree(sample, root / "corpus" / f"copy{i:03d}")
    return root / "corpus"


def test_worker_processes_build_the_same_index_as_one_process(tmp_path, large_corpus):
    reindex(large_corpus, tmp_path / "one.db", workers=1)
    proc = run_quotebot("reindex", "--corpus", str(large_corpus), "--db", str(tmp_path / "cli.db"), "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    in_thread = threading.Thread(target=reindex, args=(large_corpus, tmp_path / "thread.db"), kwargs={"workers": 2})
    in_thread.start()  # as the bot reindexes: from a thread, where workers come from a fork server rather than a fork
    in_thread.join(120)
    expected = snapshot(tmp_path / "one.db")
    assert len({row[1] for row in expected}) >= LARGE_FILES
    assert snapshot(tmp_path / "cli.db") == expected
    assert snapshot(tmp_path / "thread.db") == expected
