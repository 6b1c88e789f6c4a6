"""Freed memory kept in the process heap for the next search.

A search holds several arrays of 0.1–10 MB at once (postings read, their concatenation, the tally of every
passage, filter masks) and frees them together. glibc's malloc gives its heap's free top back to the kernel
once it exceeds the trim threshold (by default twice the largest block it has mapped and freed), so the
next search faulted the same pages in again, zeroed: at 100k passages about 40 faults a search, and 5–15%
of its time. With the mmap and trim thresholds set, the pages stay in the heap: the resident size stays
at the searches' high-water mark (measured: no larger at 100k passages) instead of going up and down.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools

_M_TRIM_THRESHOLD = -1  # mallopt parameters (glibc's malloc.h)
_M_MMAP_THRESHOLD = -3
_MMAP_MAX = 32 * 2**20  # glibc refuses a higher mmap threshold on 64-bit (HEAP_MAX_SIZE / 2)


@functools.cache
def keep_freed(trim_mib: int) -> bool:
    """Ask malloc to serve blocks of up to 32 MiB from its heap and to keep up to `trim_mib` MiB of freed
    memory there; once per process. False where the C library has no glibc `mallopt` (musl ignores it,
    macOS has none): searches work the same, paying the page faults."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    trim = max(trim_mib * 2**20, _MMAP_MAX)
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_MAX)) and bool(mallopt(_M_TRIM_THRESHOLD, trim))
