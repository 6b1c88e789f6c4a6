"""Bounds on the work one input may cost: a corpus file, a front-matter block, a query.

One typed object; `LIMITS` is the default every entry point uses unless given another. A file over a
bound is skipped with the reason in the reindex summary; a query over its time is refused.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    file_seconds: float = 60.0  # wall time to read, clean, attribute and chunk one corpus file
    file_memory_mb: int = 1024  # memory one file may take in its worker, above the worker's own
    front_matter_chars: int = 20_000  # a Markdown file's YAML block; longer ones are refused
    query_seconds: float = 10.0  # any one SQLite statement of a search or a check


LIMITS = Limits()
