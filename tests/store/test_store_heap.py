"""Freed memory kept for the next search (store.heap): after a warm-up, arrays of a few MB held together and
freed, over and over, take their pages from the kernel once; without it, glibc's malloc gives the heap's
free top back each time and faults it in again the next."""
from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

from storetest import copy_sample
from store import reindex
from store.reader import READ

_FAULTS = """
import resource, sys
import numpy as np
from store.reader import IndexReader, ReadSettings

def faults():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        held = [np.ones(500_000) for _ in range(6)]  # 24 MB at once (a search's postings, tallies, masks), then freed
        del held
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

faults()
reader = IndexReader(sys.argv[1], ReadSettings(heap_keep_mib=int(sys.argv[2])))
reader.warm()
print(faults())
"""


def _faults(db, keep_mib: int) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}  # glibc's own defaults
    out = subprocess.run([sys.executable, "-c", _FAULTS, str(db), str(keep_mib)], capture_output=True, text=True, check=True, env=env)
    return int(out.stdout)


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "mallopt"), reason="the C library has no mallopt (freed memory cannot be kept)")
def test_after_a_warm_up_freed_arrays_are_reused_not_mapped_again(tmp_path):
    reindex(copy_sample(tmp_path / "corpus"), tmp_path / "q.db")
    assert _faults(tmp_path / "q.db", 0) > 10 * 6_000  # 24 MB faulted in each round: 6,000 pages
    assert _faults(tmp_path / "q.db", READ.heap_keep_mib) < 2 * 6_000  # … in the first round only
