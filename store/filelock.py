"""An exclusive lock file: one reindex, or one intake round, at a time across processes."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def exclusive(path: str, busy: type[Exception], message: str) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (created if need be), or raise `busy(message)` at once."""
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise busy(message) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
