"""The intake and follow settings read from the environment (bot.config.load)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot import config as configmod


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env of the project
    for name in ("QUOTEBOT_FEEDS", "QUOTEBOT_FETCH_EVERY", "QUOTEBOT_FETCH_ALLOW_PRIVATE", "QUOTEBOT_FETCH_TIMEOUT",
                 "QUOTEBOT_FETCH_MAX_BYTES", "QUOTEBOT_FOLLOW_CHECK_EVERY", "QUOTEBOT_DB"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_fetch_nothing_and_guard_private_addresses(env):
    cfg = configmod.load()
    assert cfg.feeds == () and cfg.fetch_every == 1800 and cfg.follow_check_every == 60
    assert not cfg.fetch.allow_private and cfg.fetch.max_bytes == 5 * 1024 * 1024
    assert cfg.intake_state == cfg.db.with_name("quotebot-feeds.db")


def test_feeds_and_fetch_settings(env, tmp_path: Path):
    env.setenv("QUOTEBOT_FEEDS", " https://a.example/rss.xml, http://b.example/page.html ,https://a.example/rss.xml,")
    env.setenv("QUOTEBOT_FETCH_EVERY", "600")
    env.setenv("QUOTEBOT_FETCH_ALLOW_PRIVATE", "1")
    env.setenv("QUOTEBOT_FETCH_MAX_BYTES", "1000")
    env.setenv("QUOTEBOT_FOLLOW_CHECK_EVERY", "0")
    env.setenv("QUOTEBOT_DB", str(tmp_path / "x" / "index.db"))
    cfg = configmod.load()
    assert cfg.feeds == ("https://a.example/rss.xml", "http://b.example/page.html")
    assert cfg.fetch_every == 600 and cfg.follow_check_every == 0
    assert cfg.fetch.allow_private and cfg.fetch.max_bytes == 1000
    assert cfg.intake_state == tmp_path / "x" / "index-feeds.db"


@pytest.mark.parametrize(
    "name, value, says",
    [
        ("QUOTEBOT_FEEDS", "ftp://a.example/x", "http(s) URLs"),
        ("QUOTEBOT_FETCH_EVERY", "hourly", "must be a number"),
        ("QUOTEBOT_FETCH_EVERY", "-5", "must not be negative"),
        ("QUOTEBOT_FETCH_MAX_BYTES", "5MB", "must be a number"),
    ],
)
def test_malformed_settings_say_how_to_fix_them(env, name: str, value: str, says: str):
    env.setenv(name, value)
    with pytest.raises(configmod.ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        configmod.load()
