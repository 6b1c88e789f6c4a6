"""Fixtures shared by the bot tests."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from bot import app as appmod


@dataclass
class HeldReindex:
    """The bot's first reindex waits, once started, until `release` is set; later ones run at once."""

    started: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    calls: int = 0


@pytest.fixture
async def held_reindex(monkeypatch) -> HeldReindex:
    held = HeldReindex()
    real = appmod.handlers.admin.reindex
    loop = asyncio.get_running_loop()

    def reindex(*args, **kwargs):
        held.calls += 1
        if held.calls == 1:
            loop.call_soon_threadsafe(held.started.set)
            asyncio.run_coroutine_threadsafe(held.release.wait(), loop).result(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(appmod.handlers.admin, "reindex", reindex)
    return held
