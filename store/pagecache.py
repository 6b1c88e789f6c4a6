"""Keeping an index file in the operating system's page cache, as PostgreSQL's pg_prewarm and vmtouch do.

A search reads a hundred or so passages at random places in the file. Read from the page cache that
costs microseconds; read from disk, a millisecond or more each, which is most of a slow answer. Kernels
drop file pages that nobody read for a while (memory pressure, or proactive reclaim such as DAMON's
`pageout` of idle file pages), so a bot that sat idle answers its next questions from disk. `prewarm`
reads the files once, sequentially, through one small buffer: the pages land in the shared cache, not in
this process's memory.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from store.procfs import kib_field

BUFFER_BYTES = 1 << 20


def available_bytes() -> int | None:
    """Memory the kernel could give without swapping (MemAvailable), or None where it does not say."""
    return kib_field("/proc/meminfo", "MemAvailable")


def prewarm(paths: Iterable[Path], share: float) -> int:
    """Read the files that exist among `paths` from start to end, when together they take at most `share`
    of the available memory (never when that is unknown); the bytes read, 0 when skipped."""
    sizes = {}
    for path in paths:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            continue
    available = available_bytes()
    if not sizes or available is None or sum(sizes.values()) > share * available:
        return 0
    buffer = bytearray(BUFFER_BYTES)
    done = 0
    for path in sizes:
        try:
            with open(path, "rb", buffering=0) as f:
                while n := f.readinto(buffer):
                    done += n
        except OSError:
            continue  # replaced or removed meanwhile: the next warm-up reads the new file
    return done
