"""One search system answering the benchmark's queries, in a process of its own (so that its memory
is its own): `python -m bench.searchproc SYSTEM DB QUERIES_JSON OUT_JSON`.

SYSTEM is "quotebot" (store.search), "bruteforce" (rapidfuzz.process.extract over every passage)
or "fts5" (SQLite FTS5 trigram alone, bm25-ranked). Writes, per query, the latency in ms and the top
result's text ("" for no answer), plus the process's peak RSS.
"""
from __future__ import annotations

import json
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from store import open_index, search
from store.query import parse
from store.textnorm import normalize

BRUTE_CUTOFF = 70  # partial_ratio below which the brute-force baseline answers nothing
FTS_TABLE = "baseline_trigram"


def quotebot(db: Path) -> Callable[[str], str]:
    index = open_index(db)
    search(index, "预热")  # open the connection and load the statistics before timing

    def answer(question: str) -> str:
        hits = search(index, question, limit=1)
        return hits[0].quote if hits else ""

    return answer


def bruteforce(db: Path) -> Callable[[str], str]:
    """Every passage's search form in memory, scored against the query with partial_ratio."""
    rows = sqlite3.connect(db).execute("SELECT text, norm FROM passages").fetchall()
    texts, norms = [r[0] for r in rows], [r[1] for r in rows]

    def answer(question: str) -> str:
        q = parse(question).content
        if not q:
            return ""
        best = process.extract(q, norms, scorer=fuzz.partial_ratio, limit=1, score_cutoff=BRUTE_CUTOFF)
        return texts[best[0][2]] if best else ""

    return answer


def build_fts(db: Path) -> None:
    """The FTS5 baseline's own index: a trigram table over the passages' search forms."""
    conn = sqlite3.connect(db)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone():
        return
    conn.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(norm, content='', tokenize='trigram')")
    conn.execute(f"INSERT INTO {FTS_TABLE}(rowid, norm) SELECT id, norm FROM passages")
    conn.commit()


def fts5(db: Path) -> Callable[[str], str]:
    """The query's trigrams OR-ed, ranked by bm25 (an exact substring ranks first by itself)."""
    conn = sqlite3.connect(db)

    def answer(question: str) -> str:
        q = normalize(question)
        grams = list(dict.fromkeys(q[i : i + 3] for i in range(len(q) - 2)))
        if not grams:
            return ""  # FTS5 trigram cannot match one or two characters
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        row = conn.execute(
            f"SELECT p.text FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rank LIMIT 1) f "
            "JOIN passages p ON p.id = f.rowid",
            [match],
        ).fetchone()
        return row[0] if row else ""

    return answer


SYSTEMS = {"quotebot": quotebot, "bruteforce": bruteforce, "fts5": fts5}


def main(system: str, db: Path, queries: Path, out: Path) -> None:
    questions = json.loads(queries.read_text(encoding="utf-8"))
    answer = SYSTEMS[system](db)
    results = []
    for question in questions:
        started = time.perf_counter()
        top = answer(question)
        results.append({"ms": (time.perf_counter() - started) * 1000, "top": top})
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.write_text(json.dumps({"results": results, "peak_rss_mb": peak_kb / 1024}, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
