"""Whether a corpus file may have changed since the last reindex, from its status alone.

A document's stamp (the pipeline version; size, modification and status-change times and inode of the
file and of its sidecar) is stored with it. A file whose stamp is unchanged was not written since and is
not read again; a changed stamp only means that the file is read and hashed, and its content hash decides.
The status-change time moves on every write, rename or copy into place, even one that sets the
modification time back (`cp -p`, `rsync -a`).

File times are coarse (a few milliseconds on Linux, two seconds on FAT): a file written again in the same
tick could keep its stamp. So a file written within `RACY_SECONDS` of the reindex gets no stamp, and is
hashed on every reindex until it has been left alone for longer.
"""
from __future__ import annotations

import os
from pathlib import Path

from store.ingest import PIPELINE_VERSION, SourceFile

RACY_SECONDS = 2.0


def stamp(source: SourceFile, now_ns: int) -> str:
    """The stamp of a file and its sidecar at `now_ns` (time.time_ns()); "" when there is none to trust:
    the file was written within RACY_SECONDS, or cannot be examined."""
    parts = [PIPELINE_VERSION]
    for path in (source.path, source.sidecar):
        status = _status(path, now_ns - int(RACY_SECONDS * 1e9)) if path else "-"
        if not status:
            return ""
        parts.append(status)
    return " ".join(parts)


def _status(path: Path, settled_ns: int) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return ""
    if max(st.st_mtime_ns, st.st_ctime_ns) >= settled_ns:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
