"""Helpers shared by the store tests: build small indexes, read them back, run the CLI, and the
evaluation's own normalisation (../shared/eval/norm.py), so that tests compare the way the eval does."""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main as cli_main
from store import IndexReader, PassageRow, ReindexReport, open_index, reindex

PROJECT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("QUOTEBOT_SHARED", PROJECT.parent / "shared"))
SAMPLE_CORPUS = PROJECT / "corpus"
EVAL_DIR = SHARED / "eval"
DEV_QUERIES = EVAL_DIR / "dev_queries.json"
MFA_PRESS = SHARED / "corpora" / "mfa_press" / "mfa_press.jsonl.gz"
CMRC_DEV = SHARED / "corpora" / "cmrc2018" / "cmrc2018_dev.json"
VENV_BIN = Path(sys.executable).parent
QUOTEBOT = VENV_BIN / "quotebot"


@functools.cache
def _load_eval_norm():
    spec = importlib.util.spec_from_file_location("shared_eval_norm", EVAL_DIR / "norm.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.norm


def eval_norm(text: str) -> str:
    """../shared/eval/norm.py's norm(), loaded on first use (a clone without ../shared can still import this)."""
    return _load_eval_norm()(text)


def contains_any(value: str | None, accepted: list[str]) -> bool:
    """run_eval.py's attribution test: the normalised value contains an accepted one, or the reverse."""
    v = eval_norm(value or "")
    return bool(v) and any(eval_norm(a) in v or v in eval_norm(a) for a in accepted)


def dev_queries() -> dict:
    return json.loads(DEV_QUERIES.read_text(encoding="utf-8"))


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative name → text as UTF-8, or raw bytes) below `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def all_passages(reader: IndexReader, path: str | None = None) -> list[PassageRow]:
    """Every passage of the index (or of one document), in document and reading order."""
    sql = "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id"
    args: list = []
    if path is not None:
        sql += " WHERE d.path = ?"
        args.append(path)
    ids = [r[0] for r in reader.conn().execute(sql + " ORDER BY d.path, p.ord", args)]
    rows = reader.rows(ids)
    return [rows[i] for i in ids]


def documents(db: Path | str) -> dict[str, dict]:
    """The documents table, by path."""
    reader = open_index(db)
    cur = reader.conn().execute("SELECT * FROM documents")
    names = [c[0] for c in cur.description]
    return {row["path"]: row for row in (dict(zip(names, r)) for r in cur)}


@dataclass
class Built:
    corpus: Path
    db: Path
    report: ReindexReport
    index: IndexReader

    def passages(self, path: str | None = None) -> list[PassageRow]:
        return all_passages(self.index, path)

    def texts(self, path: str | None = None) -> list[str]:
        return [p.text for p in self.passages(path)]

    def joined(self, path: str | None = None) -> str:
        return "\n".join(self.texts(path))


def build(tmp_path: Path, files: dict[str, str | bytes], name: str = "corpus") -> Built:
    """Write a corpus written for the test and index it through `store.reindex`."""
    corpus = write_files(tmp_path / name, files)
    db = tmp_path / f"{name}.db"
    report = reindex(corpus, db)
    return Built(corpus, db, report, open_index(db))


def run_cli(*args: str, input: str | None = None, catch_exceptions: bool = False):
    """`quotebot ARGS` in-process through click's CliRunner."""
    return CliRunner().invoke(cli_main, list(args), input=input, catch_exceptions=catch_exceptions)


def run_quotebot(*args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`quotebot ARGS` as a real process (the installed console script)."""
    return subprocess.run(
        [str(QUOTEBOT), *args], input=input, capture_output=True, text=True, timeout=timeout,
        cwd=str(PROJECT), encoding="utf-8",
    )


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip().startswith("{")]


def hit_paths(index: IndexReader, hit) -> set[str]:
    """The files a hit was found in: its own and those of the outlets that also reported it."""
    return {hit.path} | {index.row(s.passage_id).path for s in hit.also_reported_by}


def copy_sample(dest: Path) -> Path:
    """A writable copy of the bundled sample corpus (the originals are never touched)."""
    import shutil

    shutil.copytree(SAMPLE_CORPUS, dest)
    for path in dest.iterdir():
        path.chmod(0o644)
    return dest
