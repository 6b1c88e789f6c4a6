"""Freed memory kept in the process heap for the next search.

A search holds several arrays of 0.1–10 MB at once (postings read, their concatenation, the tally of every
passage, filter masks) and frees them together. glibc's malloc gives a heap's free top back to the kernel
once it exceeds the trim threshold (by default twice the largest block it has mapped and freed), so the
next search faulted the same pages in again, zeroed: on the 600 bench queries at 100k passages about 40
faults a search (hundreds on a mix of long fragments), and 5–15% of its time. With the mmap and trim
thresholds set, those pages stay in the heap. The threshold holds for each of malloc's arenas, and each
thread that searches has its own: the bot's search threads may each keep up to that much (a single
thread at 100k passages: no larger RSS).
"""
from __future__ import annotations

import ctypes
import functools

_M_TRIM_THRESHOLD = -1  # mallopt parameters (glibc's malloc.h)
_M_MMAP_THRESHOLD = -3
_MMAP_MAX = 32 * 2**20  # glibc refuses a higher mmap threshold on 64-bit (HEAP_MAX_SIZE / 2)
_INT_MAX = 2**31 - 1  # mallopt takes a C int


@functools.cache
def keep_freed(trim_mib: int) -> bool:
    """Ask malloc to serve blocks of up to 32 MiB from its heaps and to keep up to `trim_mib` MiB (32 at
    least) of freed memory in each; process-wide, once per value. False where the C library has no glibc
    `mallopt` (macOS has none; musl's ignores it) or refuses the values: searches work the same, paying
    the page faults."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    trim = min(max(trim_mib * 2**20, _MMAP_MAX), _INT_MAX)
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_MAX)) & bool(mallopt(_M_TRIM_THRESHOLD, trim))
