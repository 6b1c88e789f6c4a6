"""Keeping an index file in the operating system's page cache, as PostgreSQL's pg_prewarm and vmtouch do.

A search reads a hundred or so passages at random places in the file. Read from the page cache that
costs microseconds; read from disk, a millisecond or more each, which is most of a slow answer. Kernels
drop file pages that nobody read for a while (memory pressure, or proactive reclaim such as DAMON's
`pageout` of idle file pages), so a bot that sat idle answers its next questions from disk. `prewarm`
reads the files once, sequentially, through one small buffer: the pages land in the shared cache, not in
this process's memory. A reindex meets the same with its corpus: `ReadAhead` has the kernel read the next
files while the workers parse the current ones.
"""
from __future__ import annotations

import os
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


class ReadAhead:
    """Has the kernel read `paths` (in the order they will be read) into the page cache ahead of their
    readers, `window` files beyond the last one `advance` counted (posix_fadvise WILLNEED: the kernel reads
    them in the background): a corpus whose pages were dropped is not read from disk by each worker waiting
    on its file in turn (a 100k-passage corpus read cold took 0.9 s, cached 0.1 s). No thread (the worker
    pool forks); nothing where the system has no posix_fadvise."""

    def __init__(self, paths: list[Path], window: int = 256) -> None:
        self._paths, self._window = (paths if hasattr(os, "posix_fadvise") else []), window
        self._done = self._advised = 0
        self._advise_to(window)

    def advance(self) -> None:
        """One more file has been read."""
        self._done += 1
        self._advise_to(self._done + self._window)

    def _advise_to(self, end: int) -> None:
        while self._advised < min(end, len(self._paths)):
            _will_need(self._paths[self._advised])
            self._advised += 1


def _will_need(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # gone meanwhile: its worker says so
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(fd)
