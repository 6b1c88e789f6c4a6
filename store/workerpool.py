"""Worker processes that run a function on each job under per-job time and memory limits.

Reindexing parses every corpus file here, never in the calling process (which may be the bot): a job
that runs out of time or memory, or kills its worker, becomes a result saying so, its worker is
replaced, and every other job still runs. Results come back in job order. Workers exit by themselves
when the process that started them dies, so a killed reindex leaves no orphans.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

from store.limits import Limits
from store.procfs import kib_field

J = TypeVar("J")
R = TypeVar("R")

GRACE_SECONDS = 5.0  # beyond a job's own time limit, before its worker is killed from outside
BATCH_MAX = 32  # jobs sent to a worker at once (results still come back one by one)
LOOKAHEAD = 2_000  # results held back while an earlier job is still running, at most (memory)


class JobTimeout(BaseException):
    """Raised inside a worker when a job runs past its time (a BaseException: `except Exception` in the
    job does not swallow it)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise JobTimeout


def _exit_with_parent(parent_pid: int) -> None:
    """A thread that ends this worker as soon as the process that started it is gone."""
    first_ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != first_ppid:
                os._exit(1)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _limit_memory(extra_mb: int) -> None:
    import resource

    current = kib_field("/proc/self/status", "VmData")  # the data segment: heap and anonymous mappings
    if current is not None and extra_mb > 0:
        limit = current + extra_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _worker(conn: Connection, fn: Callable, limits: Limits, parent_pid: int) -> None:
    _exit_with_parent(parent_pid)
    _limit_memory(limits.file_memory_mb)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for i, job in batch:
            signal.setitimer(signal.ITIMER_REAL, limits.file_seconds)
            try:
                message = (i, True, fn(job))
            except JobTimeout:
                message = (i, False, f"took longer than {limits.file_seconds:g} s to process")
            except MemoryError:
                message = (i, False, f"needed more than {limits.file_memory_mb} MB of memory to process")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            conn.send(message)
            if not message[1]:
                return  # after a limit, a fresh worker takes over


@dataclass
class _Slot(Generic[J]):
    process: object
    conn: Connection
    batch: deque[tuple[int, J]] = field(default_factory=deque)
    since: float = 0.0  # when the job at the head of `batch` started, as far as the parent knows


def run_limited(
    fn: Callable[[J], R],
    jobs: list[J],
    workers: int,
    limits: Limits,
    failed: Callable[[J, str], R],
) -> Iterator[R]:
    """`fn(job)` for every job in worker processes, in job order; `failed(job, reason)` stands for a job
    that ran out of time or memory or crashed its worker."""
    if not jobs:
        return
    # fork starts at once but is unsafe in a process with threads (the bot reindexes from one)
    ctx = get_context("fork" if threading.active_count() == 1 else "forkserver")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["store.index"])
    size = max(1, min(BATCH_MAX, len(jobs) // (max(workers, 1) * 8)))
    queue = deque((i, job) for i, job in enumerate(jobs))
    done: dict[int, R] = {}
    slots: list[_Slot[J]] = []

    def start() -> _Slot[J]:
        here, there = ctx.Pipe()
        process = ctx.Process(target=_worker, args=(there, fn, limits, os.getpid()), daemon=True)
        process.start()
        there.close()
        return _Slot(process, here)

    def feed(slot: _Slot[J]) -> None:
        """Top the worker up to two batches, so that it never waits for the parent between them."""
        new = [queue.popleft() for _ in range(min(len(queue), 2 * size - len(slot.batch)))]
        if not new:
            return
        if not slot.batch:
            slot.since = time.monotonic()
        slot.batch.extend(new)
        slot.conn.send(new)

    def replace(slot: _Slot[J], reason: str) -> None:
        """The job at the head of the slot failed: record it, requeue the rest, start a new worker."""
        i, job = slot.batch.popleft()
        done[i] = failed(job, reason)
        queue.extendleft(reversed(slot.batch))
        slot.process.kill()
        slot.process.join()
        slot.conn.close()
        slots.remove(slot)
        if queue:
            new = start()
            slots.append(new)
            feed(new)

    try:
        for _ in range(min(workers, len(jobs))):
            slots.append(start())
            feed(slots[-1])
        next_out = 0
        while next_out < len(jobs):
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if next_out >= len(jobs):
                break
            for slot in slots:  # workers get more, unless many results wait behind a slow file already
                if len(slot.batch) <= size and (len(done) < LOOKAHEAD or not any(s.batch for s in slots)):
                    feed(slot)
            busy = [s for s in slots if s.batch]
            deadline = min(s.since for s in busy) + limits.file_seconds + GRACE_SECONDS
            ready = wait([s.conn for s in busy], timeout=max(0.0, deadline - time.monotonic()))
            for slot in [s for s in busy if s.conn in ready]:
                try:
                    i, ok, result = slot.conn.recv()
                except (EOFError, OSError):
                    replace(slot, "its worker process crashed while processing it")
                    continue
                if not ok:
                    replace(slot, result)
                    continue
                slot.batch.popleft()
                done[i] = result
                slot.since = time.monotonic()
            now = time.monotonic()
            for slot in [s for s in slots if s.batch and now - s.since > limits.file_seconds + GRACE_SECONDS]:
                replace(slot, f"took longer than {limits.file_seconds:g} s to process")
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)  # forked workers hold copies of every pipe end: no EOF reaches them
            except OSError:
                pass
            slot.conn.close()
            slot.process.join(timeout=2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join()
