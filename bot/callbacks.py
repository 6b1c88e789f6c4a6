"""Callback data for inline buttons: short, versioned tokens that stay within Telegram's 64 bytes.

`1:<action>:<key>:<index>[:<script>]` — the key names a stored result set (bot.state), so a button
still works after the bot restarts.
"""
from __future__ import annotations

from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64
SHOW, CONTEXT, CITE, NEWEST = "r", "x", "c", "w"
OPEN = "n"  # the result as a card in a new message (from a list that stays, e.g. a follow notification)
SCRIPTS = ("o", "s", "t")  # original, simplified, traditional


@dataclass(frozen=True)
class Callback:
    action: str
    key: str
    index: int
    script: str = "o"

    def encode(self) -> str:
        data = f"{VERSION}:{self.action}:{self.key}:{self.index}:{self.script}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data


def decode(data: str | None) -> Callback | None:
    """The callback in `data`, or None if it is malformed or from another version."""
    parts = (data or "").split(":")
    if len(parts) != 5 or parts[0] != VERSION or parts[1] not in (SHOW, CONTEXT, CITE, NEWEST, OPEN):
        return None
    if not parts[3].isdigit() or parts[4] not in SCRIPTS or not parts[2]:
        return None
    return Callback(parts[1], parts[2], int(parts[3]), parts[4])
