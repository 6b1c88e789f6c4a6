"""Figures the Linux kernel gives in /proc files (`VmData:`, `MemAvailable:`), where there are any."""
from __future__ import annotations


def kib_field(path: str, key: str) -> int | None:
    """The `key:` line's figure in kB of the /proc file at `path`, in bytes; None where it is not given."""
    try:
        with open(path, encoding="ascii") as lines:
            for line in lines:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
