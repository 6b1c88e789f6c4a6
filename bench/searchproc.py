"""One search system answering the benchmark's queries, in a process of its own (so that its memory
is its own): `python -m bench.searchproc SYSTEM DB QUERIES_JSON OUT_JSON`.

SYSTEM is "quotebot" (store.search), "bruteforce" (rapidfuzz partial_ratio over every passage), "fts5"
(SQLite FTS5 trigram alone, bm25-ranked) or "tantivy" (tantivy over character bigrams, BM25 top 100,
re-ranked by partial_ratio). Writes, per query, the latency in ms and the top passage with the attribution
the index holds for it ({} for no answer), plus the process's peak RSS. The baselines answer with a
passage id; its attribution is read from the same index, so they differ from quotebot only in which
passage they pick.
"""
from __future__ import annotations

import json
import resource
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from store import open_index, search
from store.query import parse
from store.reader import IndexReader
from store.textnorm import bigrams, normalize

BRUTE_CUTOFF = 70  # partial_ratio below which the brute-force and tantivy baselines answer nothing
FTS_TABLE = "baseline_trigram"
TANTIVY_TOP = 100  # BM25 hits re-ranked by partial_ratio

Answer = Callable[[str], dict]


def _passage(reader: IndexReader, passage_id: int | None) -> dict:
    """The answer record of a passage: its text and the attribution the index holds."""
    row = reader.row(passage_id) if passage_id is not None else None
    if row is None:
        return {}
    return {"text": row.text, "speaker": row.speaker, "relayed_by": row.relayed_by, "date": row.date or row.published,
            "outlet": row.outlet, "path": row.path}


def quotebot(db: Path) -> Answer:
    index = open_index(db)
    index.warm()  # open the connection and load the statistics and filter columns before timing, as the bot does
    search(index, "预热")

    def answer(question: str) -> dict:
        hits = search(index, question, limit=1)
        if not hits:
            return {}
        h = hits[0]
        return {"text": h.quote, "speaker": h.speaker, "relayed_by": h.relayed_by, "date": h.date or h.published,
                "outlet": h.outlet, "path": h.path, "asked": h.asked}

    return answer


def bruteforce(db: Path) -> Answer:
    """Every passage's search form in memory, scored against the query with partial_ratio."""
    reader = IndexReader(db)
    rows = reader.conn().execute("SELECT id, norm FROM passages").fetchall()
    ids, norms = [r[0] for r in rows], [r[1] for r in rows]

    def answer(question: str) -> dict:
        q = parse(question).content
        if not q:
            return {}
        best = process.extract(q, norms, scorer=fuzz.partial_ratio, limit=1, score_cutoff=BRUTE_CUTOFF)
        return _passage(reader, ids[best[0][2]]) if best else {}

    return answer


def build_fts(db: Path) -> None:
    """The FTS5 baseline's own index: a trigram table over the passages' search forms. The connection is
    closed (its WAL checkpointed) before any system is measured on the file."""
    conn = sqlite3.connect(db)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [FTS_TABLE]).fetchone():
            return
        conn.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(norm, content='', tokenize='trigram')")
        conn.execute(f"INSERT INTO {FTS_TABLE}(rowid, norm) SELECT id, norm FROM passages")
        conn.commit()
    finally:
        conn.close()


def fts5(db: Path) -> Answer:
    """The query's trigrams OR-ed, ranked by bm25 (an exact substring ranks first by itself)."""
    reader = IndexReader(db)
    conn = sqlite3.connect(db)

    def answer(question: str) -> dict:
        q = normalize(question)
        grams = list(dict.fromkeys(q[i : i + 3] for i in range(len(q) - 2)))
        if not grams:
            return {}  # FTS5 trigram cannot match one or two characters
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        row = conn.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? ORDER BY rank LIMIT 1", [match]).fetchone()
        return _passage(reader, row[0] if row else None)

    return answer


def tantivy_dir(db: Path) -> Path:
    return db.with_name(db.name + ".tantivy")


def build_tantivy(db: Path) -> tuple[float, float]:
    """The tantivy baseline's own index beside the database: each passage's distinct bigrams as
    whitespace-separated terms. Returns (seconds, size in MB)."""
    import tantivy

    started = time.perf_counter()
    folder = tantivy_dir(db)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("grams", stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_integer_field("pid", stored=True, indexed=False, fast=True)
    index = tantivy.Index(builder.build(), path=str(folder))
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for pid, norm in sqlite3.connect(db).execute("SELECT id, norm FROM passages"):
        writer.add_document(tantivy.Document(grams=" ".join(bigrams(norm)), pid=pid))
    writer.commit()
    writer.wait_merging_threads()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
    return time.perf_counter() - started, size


def tantivy_search(db: Path) -> Answer:
    """BM25 over the query's bigrams (OR), the top 100 re-ranked by partial_ratio of the query in the passage."""
    import tantivy

    reader = IndexReader(db)
    index = tantivy.Index.open(str(tantivy_dir(db)))
    schema = index.schema
    searcher = index.searcher()

    def answer(question: str) -> dict:
        q = parse(question).content
        grams = bigrams(q)
        if not grams:
            return {}
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "grams", g)) for g in grams]
        )
        pids = [searcher.doc(address)["pid"][0] for _, address in searcher.search(query, TANTIVY_TOP).hits]
        rows = reader.rows(pids)
        best = max(((fuzz.partial_ratio(q, rows[p].norm), p) for p in pids if p in rows), default=(0, None), key=lambda s: s[0])
        return _passage(reader, best[1]) if best[0] >= BRUTE_CUTOFF else {}

    return answer


SYSTEMS = {"quotebot": quotebot, "bruteforce": bruteforce, "fts5": fts5, "tantivy": tantivy_search}


def main(system: str, db: Path, queries: Path, out: Path) -> None:
    questions = json.loads(queries.read_text(encoding="utf-8"))
    answer = SYSTEMS[system](db)
    results = []
    for question in questions:
        started = time.perf_counter()
        top = answer(question)
        results.append({"ms": (time.perf_counter() - started) * 1000, "top": top})
    out.write_text(json.dumps({"results": results, "peak_rss_mb": peak_rss_mb()}, ensure_ascii=False), encoding="utf-8")


def peak_rss_mb() -> float:
    """This process's own peak RSS: VmHWM (ru_maxrss would also count the parent's peak before exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
