"""The worker pool reindex parses files in (store.workerpool): results in job order, and a job that
crashes its worker or hangs where the time limit cannot interrupt it costs only itself."""
from __future__ import annotations

import os
import signal
import time

from store.limits import Limits
from store.workerpool import run_limited


def square_or_misbehave(job: int) -> int:
    if job == 3:
        os._exit(7)  # as a segfault or the kernel's OOM killer would end it
    if job == 5:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # as C code that never returns to Python would
        time.sleep(600)
    return job * job


def failed(job: int, reason: str) -> str:
    return f"{job}: {reason}"


def test_results_come_back_in_job_order_from_several_workers():
    jobs = [j for j in range(40) if j not in (3, 5)]
    assert list(run_limited(square_or_misbehave, jobs, 3, Limits(), failed)) == [j * j for j in jobs]


def test_a_crashing_job_is_reported_and_the_others_still_run():
    results = list(run_limited(square_or_misbehave, [1, 2, 3, 4], 2, Limits(), failed))
    assert results == [1, 4, "3: its worker process crashed while processing it", 16]


def test_a_job_the_time_limit_cannot_interrupt_is_killed_from_outside():
    results = list(run_limited(square_or_misbehave, [4, 5, 6], 1, Limits(file_seconds=0.1), failed))
    assert results == [16, "5: took longer than 0.1 s to process", 36]
