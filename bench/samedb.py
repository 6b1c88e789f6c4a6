"""`python -m bench.samedb A.db B.db`: do two indexes hold the same content? (For indexer changes that
must not change what is indexed.)

Compares every document's metadata, every passage (path, ordinal, text, search form, attribution, offsets),
the postings (as (path, ordinal) lists, so that ids may differ), the bigram frequencies, the speakers and
the skipped files; prints the first differences of each table and exits 1 if there are any.
"""
from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from collections.abc import Iterator

import numpy as np

_DOCUMENT = "path, content_hash, title, title_norm, speaker, date, published, outlet, url, kind, format, encoding, n_passages"
_PASSAGE = (
    "d.path, p.ord, p.paragraph, p.text, p.norm, p.speaker, p.relayed_by, p.kind, p.speaker_cue, p.speaker_evidence, "
    "p.speaker_strength, p.char_start, p.char_end"
)


def _rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple]:
    if table == "documents":
        yield from conn.execute(f"SELECT {_DOCUMENT} FROM documents ORDER BY path")
    elif table == "passages":
        yield from conn.execute(f"SELECT {_PASSAGE} FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY d.path, p.ord")
    elif table == "postings":
        where = dict(conn.execute("SELECT p.id, d.path || '#' || p.ord FROM passages p JOIN documents d ON d.id = p.document_id"))
        for term, blob in conn.execute("SELECT term, ids FROM postings ORDER BY term"):
            ids = np.frombuffer(blob, "<u4").tolist()
            yield term, ids == sorted(ids), hashlib.blake2b("\n".join(sorted(where[i] for i in ids)).encode()).hexdigest()
    elif table == "grams":
        yield from conn.execute("SELECT term, df FROM grams ORDER BY term")
    elif table == "speakers":
        yield from conn.execute("SELECT name, passages FROM speakers ORDER BY name")
    elif table == "skipped":
        yield from conn.execute("SELECT path, content_hash, reason FROM skipped ORDER BY path")


TABLES = ("documents", "passages", "postings", "grams", "speakers", "skipped")


def differences(a: sqlite3.Connection, b: sqlite3.Connection, table: str, shown: int = 5) -> tuple[int, int, list[str]]:
    """(rows in a, rows in b, the first `shown` differing rows as text)."""
    left, right = list(_rows(a, table)), list(_rows(b, table))
    only_a = sorted(set(left) - set(right))
    only_b = sorted(set(right) - set(left))
    lines = [f"  only in A: {row!r}"[:400] for row in only_a[:shown]] + [f"  only in B: {row!r}"[:400] for row in only_b[:shown]]
    if not lines and left != right:
        lines = ["  same rows in another order"]
    return len(left), len(right), lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.samedb", description=__doc__.split("\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    args = parser.parse_args(argv)
    a, b = (sqlite3.connect(f"file:{path}?mode=ro", uri=True) for path in (args.a, args.b))
    same = True
    for table in TABLES:
        n_a, n_b, lines = differences(a, b, table)
        print(f"{table}: {n_a} / {n_b} rows, {'same' if not lines else 'DIFFERENT'}")
        for line in lines:
            print(line)
        same = same and not lines
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
