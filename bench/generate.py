"""`python -m bench.generate`: a benchmark corpus (bench.corpus) and its queries (bench.queries)."""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from bench.corpus import cached_corpus, generate_corpus
from bench.queries import make_queries

# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """`python -m bench.generate --passages N [--seed S] [--out DIR [--shared DIR]] [--queries Q]`: prints the
    CorpusInfo and timings."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="output folder (default: the cache, bench/.cache/corpus-<n>-<seed>)")
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--shared", type=Path, help="folder with corpora/ (default ../shared; a missing one means "
                                                    "the sample corpus only); needs --out")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.shared and not args.out:
        parser.error("--shared needs --out (the cache holds corpora built from ../shared)")
    info = (generate_corpus(args.out, args.passages, seed=args.seed, shared=args.shared) if args.out
            else cached_corpus(args.passages, args.seed))
    corpus_seconds = time.perf_counter() - started
    queries = make_queries(info, args.queries, seed=args.seed)
    query_seconds = time.perf_counter() - started - corpus_seconds
    shown = {key: str(value) if isinstance(value, Path) else value for key, value in asdict(info).items()}
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    print(f"corpus: {corpus_seconds:.1f} s (generation {info.seconds:.1f} s); "
          f"{len(queries)} queries in {query_seconds:.1f} s: {dict(Counter(q.kind for q in queries))}")


if __name__ == "__main__":
    main()

